"""``repit-aggregator``: the server's command line (AGGREGATOR.md "Commands").

Codes, passwords and tokens are printed alone on stdout, one a line, so that
scripts can read them; every message goes to stderr. A usage problem (unknown
team or account, bad policies, unusable database) is a message and exit
status 2, never a traceback.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import NoReturn

import click
import platformdirs

from aggregator import auth
from aggregator.app import MAX_AGE_DAYS, Settings, create_app
from aggregator.groups import Groups
from aggregator.storage import Storage, StorageError, unusable_reason
from contract.policy.loader import PolicyError, bundled_policies_dir, load_policy_folder
from contract.policy.model import Policy

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
      repit-aggregator user list
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
    A code is six groups of four characters without look-alikes (no 0, O, 1,
    I, L or U), accepted in any case, with or without the dashes.

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

    Only released figures appear (as recorded on the month's release date); a group held
    back reads "pas encore publié (le …)" before that date, "pas assez de participants" after.

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
    problem = auth.name_problem(name)
    if problem is not None:
        _fail(problem)
    storage = _storage(db_path)
    try:
        password = auth.create_account(storage, name, auth.Role(role), _today().date())
    except auth.AuthError as error:
        _fail(str(error))
    click.echo(password)
    click.echo(f"Account {name!r} ({role}) created; the password is shown only now.", err=True)


@user.command("list")
@db_option
def user_list(db_path: Path | None) -> None:
    """Print the accounts: name, role, state and the day it was created, tab-separated.

    No password or token is shown (only their hashes are kept).

    \b
    Example:
      repit-aggregator user list
    """
    found_accounts = auth.accounts(_storage(db_path))
    for found in found_accounts:
        state = "disabled" if found.disabled else "active"
        click.echo(f"{found.name}\t{found.role.value}\t{state}\t{found.created}")
    if not found_accounts:
        click.echo("No account yet: create one with `user add NAME --role admin`.", err=True)


def _account_change(db_path: Path | None, change: Callable[[Storage], object]) -> object:
    storage = _storage(db_path)
    try:
        return change(storage)
    except auth.AuthError as error:
        _fail(str(error))


@user.command("disable")
@click.argument("name")
@db_option
def user_disable(name: str, db_path: Path | None) -> None:
    """Disable an account: its password, API tokens and open sessions stop working at once.

    The account stays listed; `user enable` gives it back its tokens.
    The last administrator who can log in cannot be disabled.

    \b
    Example:
      repit-aggregator user disable prevention
    """
    _account_change(db_path, lambda storage: auth.disable_account(storage, name))
    click.echo(f"Account {name!r} disabled; its sessions were closed.", err=True)


@user.command("enable")
@click.argument("name")
@db_option
def user_enable(name: str, db_path: Path | None) -> None:
    """Enable a disabled account again (its password and API tokens work again).

    \b
    Example:
      repit-aggregator user enable prevention
    """
    _account_change(db_path, lambda storage: auth.enable_account(storage, name))
    click.echo(f"Account {name!r} enabled.", err=True)


@user.command("passwd")
@click.argument("name")
@db_option
def user_passwd(name: str, db_path: Path | None) -> None:
    """Give an account a new generated password and print it, once; its sessions end.

    \b
    Example:
      repit-aggregator user passwd prevention
    """
    password = _account_change(db_path, lambda storage: auth.reset_password(storage, name))
    click.echo(str(password))
    click.echo(f"New password for {name!r}; it is shown only now.", err=True)


@user.command("remove")
@click.argument("name")
@db_option
def user_remove(name: str, db_path: Path | None) -> None:
    """Remove an account with its API tokens and sessions.

    The last administrator who can log in cannot be removed.

    \b
    Example:
      repit-aggregator user remove prevention
    """
    _account_change(db_path, lambda storage: auth.remove_account(storage, name))
    click.echo(f"Account {name!r} removed, with its API tokens and sessions.", err=True)


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


@token.command("list")
@click.argument("name", required=False)
@db_option
def token_list(name: str | None, db_path: Path | None) -> None:
    """Print the API tokens (of NAME, or of every account): id, account, day created.

    The id is the start of the token's hash, not the token: give it to `token revoke`.

    \b
    Example:
      repit-aggregator token list prevention
    """
    storage = _storage(db_path)
    try:
        found = auth.api_tokens(storage, name)
    except auth.AuthError as error:
        _fail(str(error))
    for entry in found:
        click.echo(f"{entry.id}\t{entry.account}\t{entry.created}")


@token.command("revoke")
@click.argument("token_id", metavar="ID")
@db_option
def token_revoke(token_id: str, db_path: Path | None) -> None:
    """Revoke an API token by the id `token list` shows; it stops working at once.

    \b
    Example:
      repit-aggregator token revoke 3f9a0c41d2e7
    """
    owner = _account_change(db_path, lambda storage: auth.revoke_api_token(storage, token_id))
    click.echo(f"API token {token_id.strip().lower()} of {owner!r} revoked.", err=True)


@cli.group()
def device() -> None:
    """Enrolled devices (workstations), known only by a hash of their token and code."""


@device.command("revoke")
@click.option("--code", help="The enrollment code the device enrolled with (any case or spacing).")
@click.option(
    "--token",
    "device_token",
    help="The device's own token (from the workstation's agent), instead of --code.",
)
@db_option
def device_revoke(code: str | None, device_token: str | None, db_path: Path | None) -> None:
    """Revoke a device: its token stops working at once; the sums it already added stay.

    Designate it by the enrollment code it used (a code not used yet is
    cancelled instead) or by its token. Nothing else names a device: no name,
    no address is kept.

    \b
    Examples:
      repit-aggregator device revoke --code K7QM-3XHP-9RTV-WD4N-B2CE-6FJY
      repit-aggregator device revoke --token "$(cat device-token.txt)"
    """
    if code is not None and device_token is not None:
        _fail("give either --code or --token, not both")
    storage = _storage(db_path)
    try:
        if code is not None:
            outcome = auth.revoke_by_code(storage, code)
        elif device_token is not None:
            auth.revoke_by_token(storage, device_token)
            outcome = auth.Revoked.DEVICE
        else:
            _fail("give either --code or --token")
    except auth.AuthError as error:
        _fail(str(error))
    if outcome is auth.Revoked.CODE:
        click.echo("This code had not enrolled any device: it is cancelled.", err=True)
    else:
        click.echo("Device revoked: its token no longer works; its past sums stay.", err=True)
