"""``repit-agent``: a thin command line over the agent's library.

Each command parses its options, calls one library function and turns the
library's errors into a message on stderr and exit status 2. No command prints
a traceback for a user error. Here the group, ``run`` and ``status``; the
person's choices in ``cli_choices``, their data in ``cli_data``, the policy
files in ``cli_policy``, the options they share in ``cli_shared``.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click

from agent.cli_choices import consent, enroll, forget
from agent.cli_data import encode, export, preview, report
from agent.cli_language import SpeakingGroup
from agent.cli_policy import policy, replay
from agent.cli_shared import (
    chosen_language,
    data_dir_option,
    fail_with,
    language_option,
    local_policy,
    open_store,
    policy_option,
    running_policy,
)
from agent.paths import data_dir as data_dir_of
from agent.policy_sync import effective_policy
from agent.store import StoreError


def main() -> None:
    cli(prog_name="repit-agent")


@click.group(cls=SpeakingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-agent")
@language_option
def cli(language: str | None) -> None:
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
    # The language was chosen before parsing (SpeakingGroup); each command takes it too.


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
        fail_with("store", error)


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
        fail_with("store", error)
    finally:
        store.close()
    if as_json:
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        from agent.core.localdays import local_date

        today = local_date(int(time.time()), policy.timezone)
        lines = status_lines(document, chosen_language(language, policy), today)
        click.echo("\n".join(lines))


cli.add_command(consent)
cli.add_command(enroll)
cli.add_command(forget)
cli.add_command(encode)
cli.add_command(export)
cli.add_command(preview)
cli.add_command(report)
cli.add_command(policy)
cli.add_command(replay)


if __name__ == "__main__":
    main()
