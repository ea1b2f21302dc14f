"""What every ``repit-aggregator`` command shares: the database and policies options, failing.

A usage problem (unknown team or account, bad policies, unusable database) is
a message on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
import platformdirs

from aggregator.cli_language import current_language
from aggregator.cli_messages import MESSAGES, say
from aggregator.storage import Storage, StorageError
from aggregator.storage.database import UnusableDatabase
from aggregator.storage.split import ClearSumsDatabase, OtherRoleDatabase
from contract.policy.french import problem_in_french
from contract.policy.loader import PolicyError, bundled_policies_dir, load_policy_folder
from contract.policy.model import Policy

USAGE_ERROR = 2


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("repit-aggregator", appauthor=False)) / "aggregator.db"


def fail(message: str) -> NoReturn:
    click.echo(f"repit-aggregator: {message}", err=True)
    sys.exit(USAGE_ERROR)


def today() -> datetime:
    return datetime.now(UTC)


db_option = click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REPIT_DB",
    help="The database file (default: aggregator.db in the user data folder; env REPIT_DB).",
)
policies_option = click.option(
    "--policies",
    "policies_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REPIT_POLICIES",
    help="The folder of policy files (default: the bundled policies; env REPIT_POLICIES).",
)


def open_storage(db_path: Path | None) -> Storage:
    try:
        return Storage.open(db_path or default_db())
    except StorageError as error:
        fail(storage_error_text(error))


def storage_error_text(error: StorageError) -> str:
    """A storage error in the command line's language, by its type and what it carries."""
    if isinstance(error, UnusableDatabase) and error.unusable is not None:
        reason = say(f"unusable.{error.unusable.name}")
        return say("file_unusable", path=error.path, reason=reason)
    if isinstance(error, ClearSumsDatabase):
        return say("clear_sums", path=error.path or say("this_database"))
    if isinstance(error, OtherRoleDatabase):
        path = error.path or say("this_database")
        return say("other_role", path=path, found=error.found, role=error.role)
    french = MESSAGES["fr"].get(f"database.{error.problem}")
    if current_language() == "fr" and french is not None:
        return french.format(**error.values)  # the file's problem and values (contract)
    return str(error)


def load_policies(policies_dir: Path | None) -> dict[str, Policy]:
    try:
        return load_policy_folder(policies_dir or bundled_policies_dir())
    except PolicyError as error:
        french = current_language() == "fr"
        problems = "\n".join(
            problem_in_french(problem) if french else str(problem) for problem in error.problems
        )
        fail(say("policies_unusable", problems=problems))
