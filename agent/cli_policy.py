"""``repit-agent replay`` and ``policy check``: the policy files and the rules they set.

Both work on files alone: no data folder, no store.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from agent.cli_language import spoken_language
from agent.cli_shared import (
    USAGE_ERROR,
    display_name,
    fail,
    language_option,
    open_text,
    policy_problems_text,
)
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
@language_option
def replay(policy_path: Path, trace: Path, language: str | None) -> None:
    """Replay an activity TRACE (CSV: time,event) and print its day figures,
    week figures and reminders as one JSON document (MEASURES.md §7).

    \b
    Example:
      repit-agent replay --policy policies/dnum.toml monday.csv
    """
    from agent.core.replay import replay_events, result_document
    from agent.texts.errors import cli_text, os_error_words, trace_error_text
    from contract.policy.loader import PolicyError, load_policy

    spoken = spoken_language()
    try:
        policy = load_policy(policy_path)
        with open_text(trace) as lines:
            result = replay_events(parse_trace(lines, display_name(trace)), policy)
    except PolicyError as error:
        fail(policy_problems_text(error.problems))
    except TraceError as error:
        fail(trace_error_text(error, error.where, spoken))
    except OSError as error:
        path = error.filename or trace
        fail(cli_text("unreadable", spoken, path=path, detail=os_error_words(error, spoken)))
    except UnicodeDecodeError as error:
        fail(cli_text("not_utf8", spoken, path=trace, reason=error.reason, start=error.start))
    # Printed only once everything is computed: on error, nothing reaches stdout.
    json.dump(result_document(result, policy), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


@click.group()
@language_option
def policy(language: str | None) -> None:
    """Policy files (POLICY.md)."""


@policy.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@language_option
def policy_check(files: tuple[Path, ...], language: str | None) -> None:
    """Validate policy FILES, with the policies they extend; team ids must be
    unique across all of them. Exit 0 when all are valid, 2 otherwise.

    \b
    Example:
      repit-agent policy check policies/*.toml
    """
    from contract.policy.loader import check_policy_files

    problems = check_policy_files(list(files))
    if problems:
        click.echo(policy_problems_text(problems), err=True)
    if problems:
        sys.exit(USAGE_ERROR)
    from agent.texts.errors import cli_text

    spoken = spoken_language()
    count = "one" if len(files) == 1 else "many"
    click.echo(cli_text(f"policies_valid_{count}", spoken, count=len(files)), err=True)
