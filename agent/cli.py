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
        click.echo("\n".join(status_lines(document, chosen_language(language, policy))))


@cli.command()
@click.argument("mode", type=click.Choice([m.value for m in Mode]))
@data_dir_option
def consent(mode: str, data_dir: Path | None) -> None:
    """Choose your participation: off (nothing recorded), reminders (recorded on
    this computer only, reminders shown) or share (as reminders, and anonymous
    team sums sent). A running agent follows at its next tick.

    \b
    Example:
      repit-agent consent reminders
    """

    from agent.commands import set_participation

    store = open_store(data_dir_of(data_dir))
    try:
        set_participation(store, Mode(mode), time.time())
    finally:
        store.close()
    click.echo(f"Participation: {mode}", err=True)


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
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help="Output format.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@data_dir_option
def export(output_format: str, output: Path | None, data_dir: Path | None) -> None:
    """Export all your local data: settings, spans, reminders, day and week
    figures, the outbox.

    \b
    Examples:
      repit-agent export --format csv -o mes-donnees.csv
      repit-agent export | less
    """
    from agent.commands import export as export_of

    store = open_store(data_dir_of(data_dir))
    try:
        text = export_of(store, output_format)
    finally:
        store.close()
    if output is None:
        click.echo(text, nl=False)
    else:
        write_private(output, text)  # all the person's data: theirs alone to read


@cli.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@data_dir_option
def forget(yes: bool, data_dir: Path | None) -> None:
    """Delete all your local data and this device's enrollment.

    \b
    Example:
      repit-agent forget --yes
    """
    from agent.commands import forget_everything
    from agent.instance import running_pid

    folder = data_dir_of(data_dir)
    pid = running_pid(folder)
    if pid is not None:
        fail(f"the agent is running (pid {pid}); quit it from the tray or stop it first")
    if not yes and not click.confirm(f"Delete all Répit data in {folder}?", err=True):
        fail("nothing deleted")
    removed = forget_everything(folder, database_path(folder))
    click.echo(f"Deleted {len(removed)} file(s) in {folder}.", err=True)


@cli.command()
@data_dir_option
def preview(data_dir: Path | None) -> None:
    """Print exactly what the next upload will send: one JSON body per completed
    day and week (MEASURES.md §8), with its idempotency id once enrolled.
    Nothing is sent unless you chose share.

    \b
    Example:
      repit-agent preview
    """
    from agent.commands import preview as preview_of
    from agent.upload import enrollment, fill_outbox, pending

    store = open_store(data_dir_of(data_dir))
    try:
        if enrollment(store) is not None:
            fill_outbox(store, int(time.time()))
            bodies = pending(store)
        else:
            bodies = preview_of(store)
        click.echo(json.dumps(bodies, indent=2))
    finally:
        store.close()


@cli.command()
@click.argument("url")
@click.argument("code")
@data_dir_option
def enroll(url: str, code: str, data_dir: Path | None) -> None:
    """Join your team on the aggregator at URL with a one-time CODE given by
    your administrator. Sending still needs your choice: repit-agent consent share.
    Enrolling again with a new code revokes this device's previous token on that
    aggregator: the device keeps one identity there and counts once.

    \b
    Example:
      repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV-WD4N-B2CE-6FJY
    """
    from agent.upload import UploadError
    from agent.upload import enroll as enroll_in

    store = open_store(data_dir_of(data_dir))
    try:
        joined = enroll_in(store, url, code, date.today())
    except UploadError as error:
        fail(str(error))
    finally:
        store.close()
    click.echo(f"Enrolled in team {joined.team} ({joined.department}).", err=True)


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
