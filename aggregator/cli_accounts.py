"""``repit-aggregator user``, ``token`` and ``device``: the accounts, API tokens and devices.

Passwords and tokens are printed alone on stdout, one a line, so that scripts
can read them; every message goes to stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from aggregator import auth
from aggregator.cli_options import db_option, fail, open_storage, today
from aggregator.storage import Storage


@click.group()
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
        fail(problem)
    storage = open_storage(db_path)
    try:
        password = auth.create_account(storage, name, auth.Role(role), today().date())
    except auth.AuthError as error:
        fail(str(error))
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
    found_accounts = auth.accounts(open_storage(db_path))
    for found in found_accounts:
        state = "disabled" if found.disabled else "active"
        click.echo(f"{found.name}\t{found.role.value}\t{state}\t{found.created}")
    if not found_accounts:
        click.echo("No account yet: create one with `user add NAME --role admin`.", err=True)


def _account_change(db_path: Path | None, change: Callable[[Storage], object]) -> object:
    storage = open_storage(db_path)
    try:
        return change(storage)
    except auth.AuthError as error:
        fail(str(error))


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


@click.group()
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
    storage = open_storage(db_path)
    try:
        value = auth.create_api_token(storage, name, today().date())
    except auth.AuthError as error:
        fail(str(error))
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
    storage = open_storage(db_path)
    try:
        found = auth.api_tokens(storage, name)
    except auth.AuthError as error:
        fail(str(error))
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


@click.group()
def device() -> None:
    """Enrolled devices (workstations), known only by a hash of their token and code."""


@device.command("revoke")
@click.option("--code", help="The enrollment code the device enrolled with (any case or spacing).")
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, allow_dash=True, path_type=Path),
    help="A file holding the device's own token (from the workstation's agent), "
    "or - to read it from standard input; instead of --code.",
)
@db_option
def device_revoke(code: str | None, token_file: Path | None, db_path: Path | None) -> None:
    """Revoke a device: its token stops working at once; the sums it already added stay.

    Designate it by the enrollment code it used (a code not used yet is
    cancelled instead) or by its token, read from a file or standard input:
    never from the command line, where other users and the shell's history
    would see it. Nothing else names a device: no name, no address is kept.

    \b
    Examples:
      repit-aggregator device revoke --code K7QM-3XHP-9RTV-WD4N-B2CE-6FJY
      repit-aggregator device revoke --token-file device-token.txt
      repit-aggregator device revoke --token-file - < device-token.txt
    """
    if code is not None and token_file is not None:
        fail("give either --code or --token-file, not both")
    token = None if token_file is None else read_secret(token_file)
    storage = open_storage(db_path)
    try:
        if token is not None:
            auth.revoke_by_token(storage, token)
            outcome = auth.Revoked.DEVICE
        elif code is not None:
            outcome = auth.revoke_by_code(storage, code)
        else:
            fail("give either --code or --token-file")
    except auth.AuthError as error:
        fail(str(error))
    if outcome is auth.Revoked.CODE:
        click.echo("This code had not enrolled any device: it is cancelled.", err=True)
    else:
        click.echo("Device revoked: its token no longer works; its past sums stay.", err=True)


MAX_SECRET_BYTES = 4096
"""A token is 43 characters; anything much longer is not one, and is not read further."""


def read_secret(source: Path) -> str:
    """The secret in ``source`` (``-``: standard input), without surrounding white space."""
    where = "standard input" if str(source) == "-" else str(source)
    try:
        with click.open_file(str(source), "rb") as stream:
            data: bytes = stream.read(MAX_SECRET_BYTES + 1)
    except OSError as error:
        fail(f"cannot read the token from {where}: {error.strerror or error}")
    if len(data) > MAX_SECRET_BYTES:
        fail(f"{where} holds more than {MAX_SECRET_BYTES} bytes: not a device token")
    try:
        secret = data.decode("ascii").strip()
    except UnicodeDecodeError:
        fail(f"{where} does not hold a device token (it is not plain text)")
    if not secret:
        fail(f"{where} is empty: no device token to revoke")
    return secret
