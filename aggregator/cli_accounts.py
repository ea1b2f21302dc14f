"""``repit-aggregator user``, ``token`` and ``device``: the accounts, API tokens and devices.

Passwords and tokens are printed alone on stdout, one a line, so that scripts
can read them; every message goes to stderr.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from aggregator import auth
from aggregator.cli_messages import error_text, os_reason, say
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
        fail(error_text(problem, "auth"))
    storage = open_storage(db_path)
    try:
        password = auth.create_account(storage, name, auth.Role(role), today().date())
    except auth.AuthError as error:
        fail(error_text(error, "auth"))
    click.echo(password)
    click.echo(say("account_created", name=name, role=role), err=True)


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
        state = say("state_disabled" if found.disabled else "state_active")
        click.echo(f"{found.name}\t{found.role.value}\t{state}\t{found.created}")
    if not found_accounts:
        click.echo(say("no_account_yet"), err=True)


def _account_change(db_path: Path | None, change: Callable[[Storage], object]) -> object:
    storage = open_storage(db_path)
    try:
        return change(storage)
    except auth.AuthError as error:
        fail(error_text(error, "auth"))


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
    click.echo(say("account_disabled", name=name), err=True)


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
    click.echo(say("account_enabled", name=name), err=True)


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
    click.echo(say("new_password", name=name), err=True)


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
    click.echo(say("account_removed", name=name), err=True)


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
        fail(error_text(error, "auth"))
    click.echo(value)
    click.echo(say("token_created", name=name), err=True)


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
        fail(error_text(error, "auth"))
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
    click.echo(say("token_revoked", id=token_id.strip().lower(), name=owner), err=True)


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
        fail(say("code_or_token_not_both"))
    token = None if token_file is None else read_secret(token_file)
    storage = open_storage(db_path)
    try:
        if token is not None:
            auth.revoke_by_token(storage, token)
            outcome = auth.Revoked.DEVICE
        elif code is not None:
            outcome = auth.revoke_by_code(storage, code)
        else:
            fail(say("code_or_token"))
    except auth.AuthError as error:
        fail(error_text(error, "auth"))
    if outcome is auth.Revoked.CODE:
        click.echo(say("code_cancelled"), err=True)
    else:
        click.echo(say("device_revoked"), err=True)


MAX_SECRET_BYTES = 4096
"""A token is 43 characters; anything much longer is not one, and is not read further."""


def read_secret(source: Path) -> str:
    """The secret in ``source`` (``-``: standard input), without surrounding white space."""
    where = say("standard_input") if str(source) == "-" else str(source)
    try:
        with click.open_file(str(source), "rb") as stream:
            data: bytes = stream.read(MAX_SECRET_BYTES + 1)
    except OSError as error:
        fail(say("token_unreadable", where=where, reason=os_reason(error)))
    if len(data) > MAX_SECRET_BYTES:
        fail(say("token_too_long", where=where, most=MAX_SECRET_BYTES))
    try:
        secret = data.decode("ascii").strip()
    except UnicodeDecodeError:
        fail(say("token_not_text", where=where))
    if not secret:
        fail(say("token_empty", where=where))
    return secret
