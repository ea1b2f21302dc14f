"""``repit-agent report``, ``export``, ``preview`` and ``encode``: the person's data, shown.

What this computer keeps (the report, the export) and what it would send
(the preview, an upload body for the servers' tests). None of them sends
anything.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from agent.cli_shared import (
    chosen_language,
    data_dir_option,
    fail,
    language_option,
    local_policy,
    open_store,
    policy_option,
)
from agent.paths import data_dir as data_dir_of
from agent.policy_sync import effective_policy
from agent.private import write_private


@click.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the page (default: report.html in the data folder).",
)
@click.option("--open", "open_it", is_flag=True, help="Open the page in the web browser.")
@data_dir_option
@policy_option
@language_option
def report(
    output: Path | None,
    open_it: bool,
    data_dir: Path | None,
    policy_path: Path | None,
    language: str | None,
) -> None:
    """Write your own report (last 30 days and 12 weeks, with charts) as an HTML
    page. It stays on this computer.

    \b
    Examples:
      repit-agent report --open
      repit-agent report -o ~/mon-rapport.html --language en
    """
    from agent.commands import write_report

    folder = data_dir_of(data_dir)
    store = open_store(folder)
    policy = effective_policy(store, local_policy(policy_path))
    try:
        path = write_report(
            store,
            policy,
            chosen_language(language, policy),
            output or folder / "report.html",
            time.time(),
        )
    finally:
        store.close()
    click.echo(str(path))
    if open_it:
        import webbrowser

        webbrowser.open(path.resolve().as_uri())


@click.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "html"]),
    default="json",
    show_default=True,
    help="Output format: json or csv for programs, html for a page to read.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@data_dir_option
@policy_option
@language_option
def export(
    output_format: str,
    output: Path | None,
    data_dir: Path | None,
    policy_path: Path | None,
    language: str | None,
) -> None:
    """Export all your local data: settings, spans, reminders, day and week
    figures, the outbox. The html page has one table per kind, local times and
    headers in your language.

    \b
    Examples:
      repit-agent export --format csv -o mes-donnees.csv
      repit-agent export --format html -o mes-donnees.html
      repit-agent export | less
    """
    from agent.commands import export as export_of
    from agent.texts import texts

    store = open_store(data_dir_of(data_dir))
    try:
        policy = effective_policy(store, local_policy(policy_path))
        words_language = chosen_language(language, policy)
        text = export_of(store, output_format, words_language, policy.timezone, time.time())
    finally:
        store.close()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_private(output, text)  # all the person's data: theirs alone to read
        click.echo(texts(words_language).cli_exported.format(path=output), err=True)


@click.command()
@data_dir_option
@language_option
def preview(data_dir: Path | None, language: str | None) -> None:
    """Print exactly what the next upload will send. Once enrolled: for each
    completed day and week (MEASURES.md §8) and each completed month of
    your answers about your tools (TOOLS.md), its values in clear beside the
    exact encrypted body the leader server will receive, in which neither
    server alone can read them. Before enrolling: the values only. Nothing is
    sent unless you chose share.

    \b
    Example:
      repit-agent preview
    """
    from agent.commands import preview as preview_of
    from agent.upload import enrollment, fill_outbox, pending_with_values

    store = open_store(data_dir_of(data_dir))
    try:
        joined = enrollment(store)
        if joined is not None and joined.complete:
            policy = effective_policy(store, local_policy(None))
            fill_outbox(store, int(time.time()), policy=policy)
            shown = pending_with_values(store, policy)
        else:
            shown = preview_of(store)
        click.echo(json.dumps(shown, indent=2))
    finally:
        store.close()


@click.command()
@click.option(
    "--kind", required=True, type=click.Choice(["day", "week"]), help="The report's kind."
)
@click.option("--period", required=True, help="The day (YYYY-MM-DD) or ISO week (YYYY-Www).")
@click.option(
    "--values",
    "values_json",
    required=True,
    help="The contribution's values as a JSON object, every field of MEASURES.md §8.",
)
@data_dir_option
@language_option
def encode(
    kind: str, period: str, values_json: str, data_dir: Path | None, language: str | None
) -> None:
    """Print the exact upload body (SPLIT.md, schema 2) that this enrolled agent
    would send for the given values, encrypted for its helper server. Nothing
    is sent or stored: for tests of the servers outside the project.

    \b
    Example:
      repit-agent encode --kind week --period 2026-W10 --values '{"reports": 1,
        "active_week": 1, "active_minutes": 2400, "over_48h": 0,
        "rest_under_35h": 0, "avg_12w_over_44h": 0}'
    """
    from agent.reports import EncodeError
    from agent.reports import encode as encode_values
    from agent.upload import enrollment

    store = open_store(data_dir_of(data_dir))
    try:
        joined = enrollment(store)
    finally:
        store.close()
    if joined is None or not joined.complete:
        from agent.cli_language import spoken_language
        from agent.texts.errors import cli_text

        fail(cli_text("not_enrolled", spoken_language()))
    try:
        body = encode_values(joined, kind, period, values_json)
    except EncodeError as error:
        from agent.cli_language import spoken_language
        from agent.texts.errors import encode_error_text

        fail(encode_error_text(str(error), spoken_language()))
    click.echo(json.dumps(body))
