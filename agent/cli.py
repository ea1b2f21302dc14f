"""``repit-agent``: a thin command line over the agent's library.

Each command parses its options, calls one library function and turns the
library's errors into a message on stderr and exit status 2. No command prints
a traceback for a user error.
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date
from pathlib import Path

import click

from agent.cli_shared import (
    USAGE_ERROR,
    chosen_language,
    data_dir_option,
    display_name,
    fail,
    language_option,
    local_policy,
    open_store,
    open_text,
    policy_option,
    running_policy,
)
from agent.core.trace import TraceError, parse_trace
from agent.participation import Mode
from agent.paths import data_dir as data_dir_of
from agent.paths import database_path
from agent.policy_sync import effective_policy
from agent.private import write_private
from agent.store import StoreError


def main() -> None:
    cli(prog_name="repit-agent")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-agent")
def cli() -> None:
    """Répit: reminders that protect breaks and evenings, and team statistics
    that show no one's figures.

    \b
    Examples:
      repit-agent consent reminders
      repit-agent run
      repit-agent status
      repit-agent policy check policies/*.toml
      repit-agent replay --policy policies/default.toml trace.csv
    """


@cli.command()
@click.option("--headless", is_flag=True, help="Run without the tray icon.")
@data_dir_option
@policy_option
@language_option
def run(
    headless: bool, data_dir: Path | None, policy_path: Path | None, language: str | None
) -> None:
    """Run the agent: tray icon, reminders, recording (only once a mode is chosen).

    \b
    Examples:
      repit-agent run
      repit-agent run --headless --data-dir /tmp/repit-demo
    """
    from agent.logs import configure_logging
    from agent.process import run_agent

    folder = data_dir_of(data_dir)
    policy = running_policy(policy_path, folder)
    configure_logging()  # a log holds no time finer than the day (AGENT.md)
    try:
        sys.exit(
            run_agent(
                folder,
                policy,
                headless=headless,
                language=chosen_language(language, policy),
            )
        )
    except StoreError as error:
        fail(str(error))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print one JSON document.")
@data_dir_option
@policy_option
@language_option
def status(
    as_json: bool, data_dir: Path | None, policy_path: Path | None, language: str | None
) -> None:
    """Show the participation mode, today's figures, the time since the last break,
    the next reminder, the team and the last upload.

    \b
    Examples:
      repit-agent status
      repit-agent status --json
    """
    from agent.commands import status as status_of
    from agent.texts import status_lines

    folder = data_dir_of(data_dir)
    store = open_store(folder)
    policy = effective_policy(store, local_policy(policy_path))
    try:
        document = status_of(store, policy, folder, time.time())
    except StoreError as error:
        fail(str(error))
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from agent.core.localdays import local_date

        today = local_date(int(time.time()), policy.timezone)
        lines = status_lines(document, chosen_language(language, policy), today)
        click.echo("\n".join(lines))


def ask(question: str, language: str) -> bool:
    """A yes/no question on the terminal, in ``language``; no answer (end of input, Ctrl+C) is no.

    Not ``click.confirm``: its "[y/N]" and "Aborted!" are English.
    """
    from agent.texts import texts

    words = texts(language)
    try:
        answer = click.prompt(
            f"{question} {words.answer_hint}",
            default="",
            show_default=False,
            err=True,
            prompt_suffix=" ",
        )
    except click.Abort:
        click.echo("", err=True)
        return False
    return str(answer).strip().lower() in words.answer_yes.split()


@cli.command()
@click.argument("mode", type=click.Choice([m.value for m in Mode]))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation when choosing share.")
@data_dir_option
@policy_option
@language_option
def consent(
    mode: str, yes: bool, data_dir: Path | None, policy_path: Path | None, language: str | None
) -> None:
    """Choose your participation: off (nothing recorded), reminders (recorded on
    this computer only, reminders shown) or share (as reminders, and anonymous
    team sums sent). Choosing share says what is sent and to whom, and asks
    first. A running agent follows at its next tick.

    \b
    Examples:
      repit-agent consent reminders
      repit-agent consent share --yes
    """

    from agent.commands import set_participation
    from agent.enrollment import share_destination
    from agent.texts import mode_name, mode_with_detail, share_explanation, texts

    chosen = Mode(mode)
    store = open_store(data_dir_of(data_dir))
    try:
        words_language = chosen_language(
            language, effective_policy(store, local_policy(policy_path))
        )
        words = texts(words_language)
        if chosen is Mode.SHARE and store.mode() is not Mode.SHARE:
            question, *explanation = share_explanation(share_destination(store), words_language)
            click.echo("\n".join(explanation), err=True)
            if not yes and not ask(question, words_language):
                click.echo(
                    words.cli_unchanged.format(mode=mode_name(store.mode(), words_language)),
                    err=True,
                )
                sys.exit(USAGE_ERROR)
        set_participation(store, chosen, time.time())
    finally:
        store.close()
    click.echo(
        words.cli_participation.format(mode=mode_with_detail(chosen, words_language)), err=True
    )


@cli.command()
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


@cli.command()
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


@cli.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@data_dir_option
@language_option
def forget(yes: bool, data_dir: Path | None, language: str | None) -> None:
    """Delete all your local data and this device's enrollment.

    \b
    Example:
      repit-agent forget --yes
    """
    from agent.commands import forget_everything
    from agent.instance import running_pid
    from agent.texts import format_count, is_singular, texts

    words_language = chosen_language(language, local_policy(None))
    words = texts(words_language)
    folder = data_dir_of(data_dir)
    pid = running_pid(folder)
    if pid is not None:
        fail(words.cli_running.format(pid=pid))
    if not yes:
        click.echo(f"{words.erase_what} {words.erase_what_then}", err=True)
        if not ask(words.cli_forget_question.format(folder=folder), words_language):
            click.echo(words.cli_forget_nothing, err=True)
            sys.exit(USAGE_ERROR)
    removed = forget_everything(folder, database_path(folder))
    done = (
        words.cli_forgot_one if is_singular(len(removed), words_language) else words.cli_forgot_many
    )
    click.echo(
        done.format(count=format_count(len(removed), words_language), folder=folder), err=True
    )


@cli.command()
@data_dir_option
def preview(data_dir: Path | None) -> None:
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


@cli.command()
@click.argument("url")
@click.argument("code")
@click.argument("helper_code", required=False)
@data_dir_option
@language_option
def enroll(
    url: str, code: str, helper_code: str | None, data_dir: Path | None, language: str | None
) -> None:
    """Join your team with two one-time codes, one from each server: CODE from
    the leader server at URL (your Prévention service's), HELPER_CODE from the
    helper server the leader names (run by another party). Both codes can be
    given as one word, CODE.HELPER_CODE. Neither server alone can read what
    this device sends. Sending still needs your choice: repit-agent consent share.

    If the helper server cannot be reached, run the same command again later:
    the leader's code is not needed anew. Enrolling again with new codes revokes
    this device's previous tokens: the device keeps one identity on each server.

    \b
    Examples:
      repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV P4LD-8XWC-2NJB
      repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV.P4LD-8XWC-2NJB
    """
    from agent.enrollment import EnrollmentError, Problem, UploadError
    from agent.enrollment import enroll as enroll_in
    from agent.texts.enrollment import enrollment_text

    chosen = chosen_language(language, local_policy(None))

    def say(problem: Problem) -> None:
        click.echo(problem.message(chosen), err=True)

    store = open_store(data_dir_of(data_dir))
    try:
        joined = enroll_in(store, url, code, date.today(), helper_code=helper_code, say=say)
    except EnrollmentError as error:
        fail(error.message(chosen))
    except UploadError as error:
        fail(str(error))
    finally:
        store.close()
    text = enrollment_text("enrolled", chosen, team=joined.team, department=joined.department)
    click.echo(text, err=True)


@cli.command()
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
def encode(kind: str, period: str, values_json: str, data_dir: Path | None) -> None:
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
        fail("not enrolled at both servers: repit-agent enroll URL LEADER_CODE HELPER_CODE first")
    try:
        body = encode_values(joined, kind, period, values_json)
    except EncodeError as error:
        fail(str(error))
    click.echo(json.dumps(body))


@cli.command()
@click.option(
    "--policy",
    "policy_path",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The policy file whose rules apply (POLICY.md).",
)
@click.argument("trace", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
def replay(policy_path: Path, trace: Path) -> None:
    """Replay an activity TRACE (CSV: time,event) and print its day figures,
    week figures and reminders as one JSON document (MEASURES.md §7).

    \b
    Example:
      repit-agent replay --policy policies/dnum.toml monday.csv
    """
    from agent.core.replay import replay_events, result_document
    from contract.policy.loader import PolicyError, load_policy

    try:
        policy = load_policy(policy_path)
        with open_text(trace) as lines:
            result = replay_events(parse_trace(lines, display_name(trace)), policy)
    except (PolicyError, TraceError) as error:
        fail(str(error))
    except OSError as error:
        fail(f"{error.filename or trace}: {error.strerror or error}")
    except UnicodeDecodeError as error:
        fail(f"{trace}: not UTF-8 text ({error.reason} at byte {error.start})")
    # Printed only once everything is computed: on error, nothing reaches stdout.
    json.dump(result_document(result, policy), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


@cli.group()
def policy() -> None:
    """Policy files (POLICY.md)."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def policy_check(files: tuple[Path, ...]) -> None:
    """Validate policy FILES, with the policies they extend; team ids must be
    unique across all of them. Exit 0 when all are valid, 2 otherwise.

    \b
    Example:
      repit-agent policy check policies/*.toml
    """
    from contract.policy.loader import check_policy_files

    problems = check_policy_files(list(files))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(USAGE_ERROR)
    click.echo(f"{len(files)} policy file(s) valid.", err=True)


if __name__ == "__main__":
    main()
