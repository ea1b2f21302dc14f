"""``repit-aggregator``: the server's command line (AGGREGATOR.md "Commands").

Codes, passwords and tokens are printed alone on stdout, one a line, so that
scripts can read them; every message goes to stderr. A usage problem (unknown
team or account, bad policies, unusable database) is a message and exit
status 2, never a traceback.
"""

from __future__ import annotations

import sqlite3
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
from aggregator.storage import Storage, StorageError, unusable_reason

USAGE_ERROR = 2
DEFAULT_PORT = 8470


def main() -> None:
    try:
        cli(prog_name="repit-aggregator")
    except sqlite3.OperationalError as error:
        # Full disk, read-only file, or a lock held past the storage's patience:
        # a message, not a traceback; nothing was half-written (one transaction).
        reason = unusable_reason(error)
        _fail(f"the database cannot be used now ({reason.value if reason else error}); retry")


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


@cli.command()
@click.option("--group", "group_id", required=True, help="A department or team id.")
@click.option("--month", required=True, help='The month, "YYYY-MM".')
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "csv", "pdf"]),
    default="html",
    show_default=True,
    help="html: the web page; csv: its figures; pdf: printed for a committee meeting.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True, help="Language."
)
@db_option
@policies_option
def report(
    group_id: str,
    month: str,
    output_format: str,
    output: Path,
    lang: str,
    db_path: Path | None,
    policies_dir: Path | None,
) -> None:
    """Write the report of a department or team for a month, as the web page shows it.

    Only released figures appear; a group held back reads "pas assez de participants".

    \b
    Example:
      repit-aggregator report --group dnum --month 2026-02 --format pdf -o dnum-2026-02.pdf
    """
    from aggregator.periods import PeriodError
    from aggregator.reports import build_report, language, render_csv, render_html, render_pdf

    policies = _policies(policies_dir)
    storage = _storage(db_path)
    chosen = language(lang)
    try:
        content = build_report(storage, policies, group_id, month, _today())
    except KeyError:
        _fail(f"no department or team {group_id!r} in the policies")
    except PeriodError as error:
        _fail(str(error))
    try:
        if output_format == "pdf":
            output.write_bytes(render_pdf(content, chosen))
        elif output_format == "csv":
            output.write_text(render_csv(content, chosen), encoding="utf-8", newline="")
        else:
            output.write_text(render_html(content, chosen), encoding="utf-8")
    except OSError as error:
        _fail(f"cannot write {output}: {error.strerror or error}")
    click.echo(f"Report of {group_id} for {month} written to {output}.", err=True)


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


@cli.command()
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
) -> None:
    """Simulate a fleet of agents: realistic activity through the real measuring
    core and the agent's real upload path, over HTTP.

    Without --url, runs its own server on loopback at a simulated time and
    fills --db (required) with M months of history. With --url, enrolls the
    devices in that running server (codes created in its database --db) and
    sends what it still accepts today. See aggregator/simulation/run.py.

    \b
    Examples:
      repit-aggregator simulate --db demo.db --devices 300 --months 6 --deploy-month 2026-09
      repit-aggregator simulate --url http://127.0.0.1:8470 --devices 50
    """
    from datetime import date

    from agent.upload import UploadError
    from aggregator.periods import PeriodError, parse_month
    from aggregator.simulation.command import simulate_history, simulate_live

    policies_dir = policies_dir or bundled_policies_dir()
    _policies(policies_dir)  # a clear message for unusable policies
    try:
        deploy = parse_month(deploy_month) if deploy_month else None
        end = date.fromisoformat(until) if until else _today().date()
    except (PeriodError, ValueError) as error:
        _fail(str(error))
    if url is not None and until is not None:
        _fail("--until is for a history: a running server takes only what ends by today")
    try:
        if url is not None:
            database = db_path or default_db()
            summary = simulate_live(
                url, database, policies_dir, devices, months, seed, deploy, max_age_days
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
