"""The Prévention service's accounts, their API tokens and their web sessions.

An administrator runs the accounts (list, disable, new password, remove) and
the API tokens (list by an id that is not the secret, revoke). A disabled
account keeps its row, but no password, token or session of it works; the
last administrator who can log in cannot be disabled or removed.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime

import sqlite_utils
from argon2.exceptions import InvalidHashError, VerificationError

from aggregator.credentials import (
    DUMMY_HASH,
    MAX_NAME_LENGTH,
    SESSION_LIFETIME,
    TOKEN_ID_LENGTH,
    AuthError,
    Role,
    hash_secret,
    hasher,
)
from aggregator.storage import Storage

# -- accounts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    name: str
    role: Role


@dataclass(frozen=True)
class AccountInfo:
    """What ``user list`` shows: never a password or a token."""

    name: str
    role: Role
    disabled: bool
    created: str


def name_problem(name: str) -> AuthError | None:
    """Why ``name`` cannot name an account, or None."""
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        return AuthError(
            f"expected a non-empty account name of at most {MAX_NAME_LENGTH} characters",
            "name_length",
            most=str(MAX_NAME_LENGTH),
        )
    if any(not character.isprintable() for character in name):
        return AuthError("an account name cannot contain control characters", "name_control")
    return None


def _new_password() -> str:
    return secrets.token_urlsafe(18)


def create_account(storage: Storage, name: str, role: Role, today: date) -> str:
    """Create the account and return its generated password (shown once, stored hashed)."""
    problem = name_problem(name)
    if problem is not None:
        raise problem
    password = _new_password()
    with storage.transaction() as db:
        if db.execute("SELECT 1 FROM accounts WHERE name = ?", [name]).fetchone():
            raise AuthError(f"the account {name!r} already exists", "exists", name=name)
        db.table("accounts").insert(
            {
                "name": name,
                "password_hash": hasher.hash(password),
                "role": role.value,
                "created": today.isoformat(),
            }
        )
    return password


def account(storage: Storage, name: str) -> Account | None:
    """The account named ``name`` if it exists and is not disabled."""
    with storage.read() as db:
        row = db.execute(
            "SELECT name, role FROM accounts WHERE name = ? AND disabled = 0", [name]
        ).fetchone()
    return None if row is None else Account(str(row[0]), Role(row[1]))


def accounts(storage: Storage) -> list[AccountInfo]:
    with storage.read() as db:
        rows = db.execute(
            "SELECT name, role, disabled, created FROM accounts ORDER BY name"
        ).fetchall()
    return [AccountInfo(str(n), Role(r), bool(d), str(c)) for n, r, d, c in rows]


def check_password(storage: Storage, name: str, password: str) -> Account | None:
    """The account if ``password`` is its own and it is not disabled."""
    with storage.read() as db:
        row = db.execute(
            "SELECT name, role, password_hash, disabled FROM accounts WHERE name = ?", [name]
        ).fetchone()
    try:
        hasher.verify(DUMMY_HASH if row is None else str(row[2]), password)
    except (VerificationError, InvalidHashError):
        return None
    # Checked after the hash, so that a disabled account answers as slowly as any other.
    return None if row is None or row[3] else Account(str(row[0]), Role(row[1]))


def _existing(db: sqlite_utils.Database, name: str) -> tuple[Role, bool]:
    row = db.execute("SELECT role, disabled FROM accounts WHERE name = ?", [name]).fetchone()
    if row is None:
        raise AuthError(f"no account named {name!r} (see `user list`)", "no_account", name=name)
    return Role(row[0]), bool(row[1])


def _keep_one_admin(db: sqlite_utils.Database, name: str, doing: str) -> None:
    """Refuse to leave no administrator able to log in."""
    role, disabled = _existing(db, name)
    if role is not Role.ADMIN or disabled:
        return
    (others,) = db.execute(
        "SELECT count(*) FROM accounts WHERE role = ? AND disabled = 0 AND name != ?",
        [Role.ADMIN.value, name],
    ).fetchone()
    if not others:
        raise AuthError(
            f"cannot {doing} {name!r}: it is the last administrator who can log in "
            "(create another with `user add NAME --role admin` first)",
            f"last_admin_{doing}",
            name=name,
        )


def disable_account(storage: Storage, name: str) -> None:
    """No password, token or session of ``name`` works from now on; its row stays."""
    with storage.transaction() as db:
        _keep_one_admin(db, name, "disable")
        db.execute("UPDATE accounts SET disabled = 1 WHERE name = ?", [name])
        db.execute("DELETE FROM sessions WHERE account = ?", [name])


def enable_account(storage: Storage, name: str) -> None:
    with storage.transaction() as db:
        _existing(db, name)
        db.execute("UPDATE accounts SET disabled = 0 WHERE name = ?", [name])


def reset_password(storage: Storage, name: str) -> str:
    """A new generated password for ``name`` (shown once); its open sessions end."""
    password = _new_password()
    hashed = hasher.hash(password)
    with storage.transaction() as db:
        _existing(db, name)
        db.execute("UPDATE accounts SET password_hash = ? WHERE name = ?", [hashed, name])
        db.execute("DELETE FROM sessions WHERE account = ?", [name])
    return password


def remove_account(storage: Storage, name: str) -> None:
    """Remove ``name`` with its API tokens and sessions."""
    with storage.transaction() as db:
        _keep_one_admin(db, name, "remove")
        db.execute("DELETE FROM sessions WHERE account = ?", [name])
        db.execute("DELETE FROM api_tokens WHERE account = ?", [name])
        db.execute("DELETE FROM accounts WHERE name = ?", [name])


def create_api_token(storage: Storage, name: str, today: date) -> str:
    with storage.read() as db:
        _, disabled = _existing(db, name)
    if disabled:
        raise AuthError(
            f"the account {name!r} is disabled (`user enable` it first)", "disabled", name=name
        )
    token = secrets.token_urlsafe(32)
    with storage.transaction() as db:
        db.table("api_tokens").insert(
            {"token_hash": hash_secret(token), "account": name, "created": today.isoformat()}
        )
    return token


def account_for_token(storage: Storage, token: str) -> Account | None:
    with storage.read() as db:
        row = db.execute(
            "SELECT a.name, a.role FROM api_tokens t JOIN accounts a ON a.name = t.account "
            "WHERE t.token_hash = ? AND a.disabled = 0",
            [hash_secret(token)],
        ).fetchone()
    return None if row is None else Account(str(row[0]), Role(row[1]))


@dataclass(frozen=True)
class TokenInfo:
    """What ``token list`` shows: an id made of the start of the hash, never the token."""

    id: str
    account: str
    created: str


def api_tokens(storage: Storage, name: str | None = None) -> list[TokenInfo]:
    """The API tokens of ``name``, or of every account."""
    with storage.read() as db:
        if name is not None:
            _existing(db, name)
        rows = db.execute(
            "SELECT token_hash, account, created FROM api_tokens "
            "WHERE ? IS NULL OR account = ? ORDER BY account, created, token_hash",
            [name, name],
        ).fetchall()
    return [TokenInfo(str(h)[:TOKEN_ID_LENGTH], str(a), str(c)) for h, a, c in rows]


def revoke_api_token(storage: Storage, token_id: str) -> str:
    """Revoke the token with this id (``api_tokens``); the account it belonged to."""
    wanted = token_id.strip().lower()
    if len(wanted) != TOKEN_ID_LENGTH or any(c not in "0123456789abcdef" for c in wanted):
        raise AuthError(
            f"expected a token id of {TOKEN_ID_LENGTH} hex digits as `token list` shows it",
            "token_id",
            length=str(TOKEN_ID_LENGTH),
        )
    with storage.transaction() as db:
        row = db.execute(
            "SELECT token_hash, account FROM api_tokens WHERE substr(token_hash, 1, ?) = ?",
            [TOKEN_ID_LENGTH, wanted],
        ).fetchone()
        if row is None:
            raise AuthError(
                f"no API token with the id {wanted} (see `token list`)", "no_token", id=wanted
            )
        db.execute("DELETE FROM api_tokens WHERE token_hash = ?", [row[0]])
    return str(row[1])


# -- web sessions ------------------------------------------------------------------


@dataclass(frozen=True)
class Session:
    token: str
    """The cookie's value (only its hash is stored)."""
    account: Account
    csrf: str
    """Required in every state-changing form of this session."""


def open_session(storage: Storage, who: Account, now: datetime) -> Session:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    expires = int((now + SESSION_LIFETIME).timestamp())
    with storage.transaction() as db:
        db.execute("DELETE FROM sessions WHERE expires <= ?", [int(now.timestamp())])
        db.table("sessions").insert(
            {
                "token_hash": hash_secret(token),
                "account": who.name,
                "csrf": csrf,
                "expires": expires,
            }
        )
    return Session(token, who, csrf)


def session_for(storage: Storage, token: str, now: datetime) -> Session | None:
    with storage.read() as db:
        row = db.execute(
            "SELECT a.name, a.role, s.csrf FROM sessions s JOIN accounts a ON a.name = s.account "
            "WHERE s.token_hash = ? AND s.expires > ? AND a.disabled = 0",
            [hash_secret(token), int(now.timestamp())],
        ).fetchone()
    return None if row is None else Session(token, Account(str(row[0]), Role(row[1])), str(row[2]))


def close_session(storage: Storage, token: str) -> None:
    with storage.transaction() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", [hash_secret(token)])
