"""``repit-simulate``: a fleet of simulated agents feeding an aggregator.

A command of its own, beside ``repit-agent`` and ``repit-aggregator``: the
simulator drives the agent's real measuring core and upload path against the
real server, so it needs both sides, and the server's package carries neither
the simulator nor the agent.
"""

from __future__ import annotations

import sqlite3
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn

import click

from agent.upload import UploadError
from aggregator.app import MAX_AGE_DAYS
from aggregator.cli import db_option, default_db, policies_option
from aggregator.periods import PeriodError, parse_month
from aggregator.storage import StorageError, unusable_reason
from contract.policy.loader import PolicyError, bundled_policies_dir, load_policy_folder
from simulation.command import simulate_history, simulate_live

USAGE_ERROR = 2


def main() -> None:
    try:
        simulate(prog_name="repit-simulate")
    except sqlite3.OperationalError as error:
        # As ``repit-aggregator``: a full or locked database is a message, not a traceback.
        reason = unusable_reason(error)
        _fail(f"the database cannot be used now ({reason.value if reason else error}); retry")


def _fail(message: str) -> NoReturn:
    click.echo(f"repit-simulate: {message}", err=True)
    sys.exit(USAGE_ERROR)


@click.command(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-simulate")
@click.option("--url", help="A running server to feed at its real time (default: own server).")
@click.option(
    "--devices",
    default=300,
    show_default=True,
    type=click.IntRange(1, 100000),
    help="Devices, spread unevenly over the policies' teams.",
)
@click.option(
    "--months",
    default=6,
    show_default=True,
    type=click.IntRange(1, 24),
    help="Months of history.",
)
@click.option("--seed", default=0, show_default=True, help="The same seed gives the same fleet.")
@db_option
@policies_option
@click.option("--deploy-month", help='A tool raises a department\'s workload from "YYYY-MM".')
@click.option("--until", help='The history ends the day before "YYYY-MM-DD" (default: today).')
@click.option(
    "--max-age-days",
    default=MAX_AGE_DAYS,
    show_default=True,
    type=click.IntRange(1),
    help="As the server's: periods older than this are refused.",
)
@click.option(
    "--helper-db",
    "helper_db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="With --url: the helper's database, for its codes (default: beside --db, "
    "as the simulator's own pair).",
)
def simulate(
    url: str | None,
    devices: int,
    months: int,
    seed: int,
    db_path: Path | None,
    policies_dir: Path | None,
    deploy_month: str | None,
    until: str | None,
    max_age_days: int,
    helper_db: Path | None,
) -> None:
    """Simulate a fleet of agents: realistic activity through the real measuring
    core and the agent's real upload path, over HTTP.

    Without --url, runs its own leader and helper on loopback at a simulated
    time and fills --db (required; the helper's database beside it) with M
    months of history. With --url, enrolls the devices in that running leader
    and its helper (codes created in --db and --helper-db) and sends what they
    still accept today. See simulation/run.py.

    \b
    Examples:
      repit-simulate --db demo.db --devices 300 --months 6 --deploy-month 2026-09
      repit-simulate --url http://127.0.0.1:8470 --helper-db helper.db --devices 50
    """
    policies_dir = policies_dir or bundled_policies_dir()
    try:
        load_policy_folder(policies_dir)  # a clear message for unusable policies
    except PolicyError as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        _fail(f"the policies cannot be used:\n{problems}")
    try:
        deploy = parse_month(deploy_month) if deploy_month else None
        end = date.fromisoformat(until) if until else datetime.now(UTC).date()
    except (PeriodError, ValueError) as error:
        _fail(str(error))
    if url is not None and until is not None:
        _fail("--until is for a history: a running server takes only what ends by today")
    try:
        if url is not None:
            database = db_path or default_db()
            summary = simulate_live(
                url,
                database,
                policies_dir,
                devices,
                months,
                seed,
                deploy,
                max_age_days,
                helper_db_path=helper_db,
            )
        elif db_path is None:
            _fail("--db is required: the simulation writes invented data into that database")
        else:
            summary = simulate_history(
                db_path, policies_dir, devices, months, end, seed, deploy, max_age_days
            )
    except (ValueError, UploadError, StorageError) as error:
        _fail(str(error))
    for line in summary.lines():
        click.echo(f"simulate: {line}", err=True)
