"""Who may do what: enrollment codes, device tokens, accounts, API tokens, web sessions.

Every secret handed out (enrollment code, device token, API token, session
cookie) is random and stored only as its SHA-256: a copy of the database lets
no one act as a device or a reader. These secrets carry 256 bits (codes about 118),
so a plain hash is enough; passwords, which people choose or copy, are hashed
with argon2.

An administrator runs the accounts here (list, disable, new password, remove),
the API tokens (list by an id that is not the secret, revoke) and the devices
(revoke by the code they enrolled with, or by their token). A disabled
account keeps its row, but no password, token or session of it works; the
last administrator who can log in cannot be disabled or removed.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

import sqlite_utils
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from aggregator import codes
from aggregator.storage import Storage

SESSION_LIFETIME = timedelta(hours=10)
MAX_NAME_LENGTH = 200
TOKEN_ID_LENGTH = 12
"""An API token is named by this many hex digits of its hash: not the secret, unique enough."""
_hasher = PasswordHasher()
# Verified against when the account does not exist, so that a wrong name takes
# as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class Role(StrEnum):
    READER = "reader"
    ADMIN = "admin"


class AuthError(Exception):
    """A request that cannot be carried out (unknown account, unknown team...)."""


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


# -- devices ---------------------------------------------------------------------


@dataclass(frozen=True)
class Device:
    token_hash: str
    team: str
    identity: str
    """The device across re-enrolments: what its reports are recorded under (rule 5)."""


def code_hash(typed: str) -> str:
    """The stored hash of an enrollment code, however it was typed (``codes.normalise``)."""
    return hash_secret(codes.normalise(typed))


def new_enrollment_codes(storage: Storage, team: str, count: int, today: date) -> list[str]:
    """``count`` one-time codes for ``team``, as they are shown; only their hashes are kept."""
    fresh = [codes.new_code() for _ in range(count)]
    with storage.transaction() as db:
        db.table("enrollment_codes").insert_all(
            {"code_hash": code_hash(code), "team": team, "used": 0, "created": today.isoformat()}
            for code in fresh
        )
    return fresh


def enroll(
    storage: Storage, code: str, today: date, previous_token: str | None = None
) -> tuple[str, str] | None:
    """Spend ``code``: a new device token and its team, or None for a used or unknown code.

    ``previous_token`` is the token the device enrolled with before, if any:
    it is revoked and the device keeps its identity under the new token, so
    that it still counts once per batch (AGGREGATOR.md rule 5).
    """
    spent_hash = code_hash(code)
    token = secrets.token_urlsafe(32)
    new_hash = hash_secret(token)
    with storage.transaction() as db:
        # The UPDATE both checks and spends the code, so two devices racing with
        # one code cannot both enroll.
        spent = db.execute(
            "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0", [spent_hash]
        )
        if spent.rowcount != 1:
            return None
        (team,) = db.execute(
            "SELECT team FROM enrollment_codes WHERE code_hash = ?", [spent_hash]
        ).fetchone()
        identity = new_hash
        if previous_token:
            old = db.execute(
                "SELECT identity FROM devices WHERE token_hash = ?", [hash_secret(previous_token)]
            ).fetchone()
            if old is not None:
                # The old token dies in the transaction that gives its identity
                # to the new one: at no moment can both count.
                identity = str(old[0])
                db.execute("DELETE FROM devices WHERE identity = ?", [identity])
        db.table("devices").insert(
            {
                "token_hash": new_hash,
                "team": team,
                "enrolled": today.isoformat(),
                "code_hash": spent_hash,
                "identity": identity,
            }
        )
    return token, str(team)


def device_for(storage: Storage, token: str) -> Device | None:
    with storage.read() as db:
        row = db.execute(
            "SELECT token_hash, team, identity FROM devices WHERE token_hash = ?",
            [hash_secret(token)],
        ).fetchone()
    return None if row is None else Device(str(row[0]), str(row[1]), str(row[2]))


class Revoked(StrEnum):
    DEVICE = "device"
    """A device had enrolled with it: its token no longer works."""
    CODE = "code"
    """The code was not used yet: it can no longer enroll anything."""


def revoke_by_code(storage: Storage, code: str) -> Revoked:
    """Revoke the device that enrolled with ``code``, or cancel the code if still unused.

    The sums the device already added stay: its values were never kept apart.
    """
    typed_hash = code_hash(code)
    with storage.transaction() as db:
        removed = db.execute("DELETE FROM devices WHERE code_hash = ?", [typed_hash])
        if removed.rowcount:
            return Revoked.DEVICE
        cancelled = db.execute(
            "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0", [typed_hash]
        )
        if cancelled.rowcount:
            return Revoked.CODE
        known = db.execute("SELECT 1 FROM enrollment_codes WHERE code_hash = ?", [typed_hash])
        if known.fetchone():
            raise AuthError("the device that enrolled with this code was already revoked")
    raise AuthError("no enrollment code like this one (check it, or revoke by --token)")


def revoke_by_token(storage: Storage, token: str) -> None:
    """Revoke the device whose token this is (read from the workstation's agent)."""
    with storage.transaction() as db:
        removed = db.execute("DELETE FROM devices WHERE token_hash = ?", [hash_secret(token)])
    if not removed.rowcount:
        raise AuthError("no enrolled device has this token")


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


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an account, or None."""
    if not name.strip() or len(name) > MAX_NAME_LENGTH:
        return f"expected a non-empty account name of at most {MAX_NAME_LENGTH} characters"
    if any(not character.isprintable() for character in name):
        return "an account name cannot contain control characters"
    return None


def _new_password() -> str:
    return secrets.token_urlsafe(18)


def create_account(storage: Storage, name: str, role: Role, today: date) -> str:
    """Create the account and return its generated password (shown once, stored hashed)."""
    problem = name_problem(name)
    if problem is not None:
        raise AuthError(problem)
    password = _new_password()
    with storage.transaction() as db:
        if db.execute("SELECT 1 FROM accounts WHERE name = ?", [name]).fetchone():
            raise AuthError(f"the account {name!r} already exists")
        db.table("accounts").insert(
            {
                "name": name,
                "password_hash": _hasher.hash(password),
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
        _hasher.verify(_DUMMY_HASH if row is None else str(row[2]), password)
    except (VerificationError, InvalidHashError):
        return None
    # Checked after the hash, so that a disabled account answers as slowly as any other.
    return None if row is None or row[3] else Account(str(row[0]), Role(row[1]))


def _existing(db: sqlite_utils.Database, name: str) -> tuple[Role, bool]:
    row = db.execute("SELECT role, disabled FROM accounts WHERE name = ?", [name]).fetchone()
    if row is None:
        raise AuthError(f"no account named {name!r} (see `user list`)")
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
            "(create another with `user add NAME --role admin` first)"
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
    hashed = _hasher.hash(password)
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
        raise AuthError(f"the account {name!r} is disabled (`user enable` it first)")
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
            f"expected a token id of {TOKEN_ID_LENGTH} hex digits as `token list` shows it"
        )
    with storage.transaction() as db:
        row = db.execute(
            "SELECT token_hash, account FROM api_tokens WHERE substr(token_hash, 1, ?) = ?",
            [TOKEN_ID_LENGTH, wanted],
        ).fetchone()
        if row is None:
            raise AuthError(f"no API token with the id {wanted} (see `token list`)")
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
