"""``repit-agent``: a thin command line over the agent's library.

Each command parses its options, calls one library function and turns the
library's errors into a message on stderr and exit status 2. No command prints
a traceback for a user error.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import NoReturn, TextIO

import click

from agent.core.trace import TraceError, parse_trace
from agent.policy.loader import PolicyError, check_policy_files, load_policy

USAGE_ERROR = 2


def main() -> None:
    cli(prog_name="repit-agent")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-agent")
def cli() -> None:
    """Répit: reminders that protect breaks and evenings, and team statistics
    that show no one's figures.

    \b
    Examples:
      repit-agent policy check policies/*.toml
      repit-agent replay --policy policies/default.toml trace.csv
    """


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

    try:
        policy = load_policy(policy_path)
        with _open_text(trace) as lines:
            result = replay_events(parse_trace(lines, _display_name(trace)), policy)
    except (PolicyError, TraceError) as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{error.filename or trace}: {error.strerror or error}")
    except UnicodeDecodeError as error:
        _fail(f"{trace}: not UTF-8 text ({error.reason} at byte {error.start})")
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
    problems = check_policy_files(list(files))
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        sys.exit(USAGE_ERROR)
    click.echo(f"{len(files)} policy file(s) valid.", err=True)


def _open_text(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    if str(path) == "-":
        return contextlib.nullcontext(sys.stdin)
    return path.open(encoding="utf-8", newline="")


def _display_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def _fail(message: str) -> NoReturn:
    click.echo(f"repit-agent: {message}", err=True)
    sys.exit(USAGE_ERROR)
