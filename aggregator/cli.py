"""``repit-aggregator``: the server's command line (AGGREGATOR.md "Commands").

Codes, passwords and tokens are printed alone on stdout, one a line, so that
scripts can read them; every message goes to stderr. A usage problem (unknown
team or account, bad policies, unusable database) is a message and exit
status 2, never a traceback.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
import platformdirs

from agent.policy.loader import PolicyError, bundled_policies_dir, load_policy_folder
from agent.policy.model import Policy
from aggregator import auth
from aggregator.app import MAX_AGE_DAYS, Settings, create_app
from aggregator.groups import Groups
from aggregator.storage import Storage, StorageError

USAGE_ERROR = 2
DEFAULT_PORT = 8470


def main() -> None:
    cli(prog_name="repit-aggregator")


def default_db() -> Path:
    return Path(platformdirs.user_data_dir("repit-aggregator", appauthor=False)) / "aggregator.db"


def _fail(message: str) -> NoReturn:
    click.echo(f"repit-aggregator: {message}", err=True)
    sys.exit(USAGE_ERROR)


def _today() -> datetime:
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


def _storage(db_path: Path | None) -> Storage:
    try:
        return Storage.open(db_path or default_db())
    except StorageError as error:
        _fail(str(error))


def _policies(policies_dir: Path | None) -> dict[str, Policy]:
    try:
        return load_policy_folder(policies_dir or bundled_policies_dir())
    except PolicyError as error:
        problems = "\n".join(str(problem) for problem in error.problems)
        _fail(f"the policies cannot be used:\n{problems}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-aggregator")
def cli() -> None:
    """Répit's aggregator: receives team contributions and shows the Prévention
    service statistics of groups large enough that no one can be singled out.

    \b
    Examples:
      repit-aggregator enroll-code --team dnum-infra --count 20
      repit-aggregator user add prevention --role reader
      repit-aggregator token create prevention
      repit-aggregator serve --port 8470
    """


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@db_option
@policies_option
@click.option(
    "--max-age-days",
    default=MAX_AGE_DAYS,
    show_default=True,
    type=click.IntRange(1, 3660),
    help="Refuse contributions for periods that ended more than this many days ago.",
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=None,
    help="Mark cookies Secure (default: when the request came over HTTPS). "
    "Use --secure-cookies behind a TLS proxy.",
)
@click.option(
    "--ssl-certfile",
    type=click.Path(exists=True, dir_okay=False),
    help="Serve HTTPS with this certificate (PEM).",
)
@click.option(
    "--ssl-keyfile",
    type=click.Path(exists=True, dir_okay=False),
    help="The private key of --ssl-certfile (PEM).",
)
def serve(
    host: str,
    port: int,
    db_path: Path | None,
    policies_dir: Path | None,
    max_age_days: int,
    secure_cookies: bool | None,
    ssl_certfile: str | None,
    ssl_keyfile: str | None,
) -> None:
    """Run the server until interrupted.

    The access log is off: no client address is written anywhere.

    \b
    Example:
      repit-aggregator serve --host 127.0.0.1 --port 8470 --db /srv/repit/aggregator.db
    """
    import uvicorn

    policies = _policies(policies_dir)
    storage = _storage(db_path)
    settings = Settings(storage, policies, max_age_days, secure_cookies)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


@cli.command("enroll-code")
@click.option("--team", required=True, help="The team the devices will join (a team id).")
@click.option(
    "--count", default=1, show_default=True, type=click.IntRange(1, 10000), help="How many codes."
)
@db_option
@policies_option
def enroll_code(team: str, count: int, db_path: Path | None, policies_dir: Path | None) -> None:
    """Print one-time enrollment codes for a team, one a line.

    Each code enrolls one device, once; only its hash is kept, so print them now.

    \b
    Example:
      repit-aggregator enroll-code --team dnum-infra --count 20 > codes.txt
    """
    if Groups(_policies(policies_dir)).department_of(team) is None:
        _fail(f"no team {team!r} in the policies")
    storage = _storage(db_path)
    for code in auth.new_enrollment_codes(storage, team, count, _today().date()):
        click.echo(code)
    click.echo(f"{count} enrollment code(s) for {team}.", err=True)


@cli.group()
def user() -> None:
    """Accounts of the Prévention service (readers) and administrators."""


@user.command("add")
@click.argument("name")
@click.option(
    "--role",
    type=click.Choice([role.value for role in auth.Role]),
    default=auth.Role.READER.value,
    show_default=True,
    help="reader: reads the statistics; admin: the same, and administers.",
)
@db_option
def user_add(name: str, role: str, db_path: Path | None) -> None:
    """Create an account and print its generated password, once.

    \b
    Example:
      repit-aggregator user add prevention --role reader
    """
    if not name.strip() or len(name) > 200:
        _fail("expected a non-empty account name of at most 200 characters")
    storage = _storage(db_path)
    try:
        password = auth.create_account(storage, name, auth.Role(role), _today().date())
    except auth.AuthError as error:
        _fail(str(error))
    click.echo(password)
    click.echo(f"Account {name!r} ({role}) created; the password is shown only now.", err=True)


@cli.group()
def token() -> None:
    """API tokens, for scripts that read the statistics."""


@token.command("create")
@click.argument("name")
@db_option
def token_create(name: str, db_path: Path | None) -> None:
    """Print a new API token for an account.

    Send it as "Authorization: Bearer <token>"; it is shown only now.

    \b
    Example:
      repit-aggregator token create prevention
    """
    storage = _storage(db_path)
    try:
        value = auth.create_api_token(storage, name, _today().date())
    except auth.AuthError as error:
        _fail(str(error))
    click.echo(value)
    click.echo(f"API token created for {name!r}; it is shown only now.", err=True)
