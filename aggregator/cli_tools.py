"""``repit-aggregator tool``: the tool deployment register (TOOLS.md)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from aggregator.cli_language import current_language
from aggregator.cli_messages import say
from aggregator.cli_options import db_option, fail, load_policies, open_storage, policies_option
from aggregator.deployments import NOTE_MAX, deployment_problem
from aggregator.groups import Groups
from aggregator.storage import tools as stored
from aggregator.tools_text import TEXT


@click.group()
def tool() -> None:
    """The register of digital tool deployments, for the impact studies."""


@tool.command("deploy")
@click.option("--tool", "tool_id", required=True, help="The tool's id, as in the policy.")
@click.option("--group", "group_id", required=True, help="A department or team id.")
@click.option("--date", "day", required=True, help="The deployment date, YYYY-MM-DD.")
@click.option("--note", default="", help="What is deployed or changed (at most 500 characters).")
@db_option
@policies_option
def tool_deploy(
    tool_id: str,
    group_id: str,
    day: str,
    note: str,
    db_path: Path | None,
    policies_dir: Path | None,
) -> None:
    """Register a tool's deployment (or change) for a group; print its number.

    Its impact study is at /tools/deployments/NUMBER: before the date, the
    baseline; after it, the first, third and sixth months beside it.

    \b
    Example:
      repit-aggregator tool deploy --tool parapheur --group rh --date 2027-03-01
    """
    if len(note) > NOTE_MAX:
        fail(say("note_too_long", most=NOTE_MAX, found=len(note)))
    groups = Groups(load_policies(policies_dir))
    problem = deployment_problem(groups, tool_id, group_id, day, TEXT[current_language()])
    if problem is not None:
        fail(problem)
    storage = open_storage(db_path)
    try:
        with storage.transaction() as db:
            number = stored.add_deployment(db, tool_id, group_id, date.fromisoformat(day), note)
    finally:
        storage.close()
    click.echo(number)
