"""``repit-agent replay`` and ``policy check``: the policy files and the rules they set.

Both work on files alone: no data folder, no store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from agent.cli_shared import USAGE_ERROR, display_name, fail, open_text
from agent.core.trace import TraceError, parse_trace


@click.command()
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


@click.group()
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
