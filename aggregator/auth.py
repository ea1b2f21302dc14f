"""Who may do what: enrollment codes, device tokens, accounts, API tokens, web sessions.

Every secret handed out (enrollment code, device token, API token, session
cookie) is random and stored only as its SHA-256: a copy of the database lets
no one act as a device or a reader. These secrets carry 256 bits (codes 128),
so a plain hash is enough; passwords, which people choose or copy, are hashed
with argon2.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from aggregator.storage import Storage

SESSION_LIFETIME = timedelta(hours=10)
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


def new_enrollment_codes(storage: Storage, team: str, count: int, today: date) -> list[str]:
    """``count`` one-time codes for ``team``; only their hashes are kept."""
    codes = [secrets.token_urlsafe(16) for _ in range(count)]
    with storage.transaction() as db:
        db.table("enrollment_codes").insert_all(
            {"code_hash": hash_secret(code), "team": team, "used": 0, "created": today.isoformat()}
            for code in codes
        )
    return codes


def enroll(
    storage: Storage, code: str, today: date, previous_token: str | None = None
) -> tuple[str, str] | None:
    """Spend ``code``: a new device token and its team, or None for a used or unknown code.

    ``previous_token`` is the token the device enrolled with before, if any:
    it is revoked and the device keeps its identity under the new token, so
    that it still counts once per batch (AGGREGATOR.md rule 5).
    """
    code_hash = hash_secret(code)
    token = secrets.token_urlsafe(32)
    new_hash = hash_secret(token)
    with storage.transaction() as db:
        # The UPDATE both checks and spends the code, so two devices racing with
        # one code cannot both enroll.
        spent = db.execute(
            "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0", [code_hash]
        )
        if spent.rowcount != 1:
            return None
        (team,) = db.execute(
            "SELECT team FROM enrollment_codes WHERE code_hash = ?", [code_hash]
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


# -- accounts ----------------------------------------------------------------------


@dataclass(frozen=True)
class Account:
    name: str
    role: Role


def create_account(storage: Storage, name: str, role: Role, today: date) -> str:
    """Create the account and return its generated password (shown once, stored hashed)."""
    password = secrets.token_urlsafe(18)
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
    with storage.read() as db:
        row = db.execute("SELECT name, role FROM accounts WHERE name = ?", [name]).fetchone()
    return None if row is None else Account(str(row[0]), Role(row[1]))


def check_password(storage: Storage, name: str, password: str) -> Account | None:
    with storage.read() as db:
        row = db.execute(
            "SELECT name, role, password_hash FROM accounts WHERE name = ?", [name]
        ).fetchone()
    try:
        _hasher.verify(_DUMMY_HASH if row is None else str(row[2]), password)
    except (VerificationError, InvalidHashError):
        return None
    return None if row is None else Account(str(row[0]), Role(row[1]))


def create_api_token(storage: Storage, name: str, today: date) -> str:
    if account(storage, name) is None:
        raise AuthError(f"no account named {name!r} (create it with `user add`)")
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
            "WHERE t.token_hash = ?",
            [hash_secret(token)],
        ).fetchone()
    return None if row is None else Account(str(row[0]), Role(row[1]))


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
            "WHERE s.token_hash = ? AND s.expires > ?",
            [hash_secret(token), int(now.timestamp())],
        ).fetchone()
    return None if row is None else Session(token, Account(str(row[0]), Role(row[1])), str(row[2]))


def close_session(storage: Storage, token: str) -> None:
    with storage.transaction() as db:
        db.execute("DELETE FROM sessions WHERE token_hash = ?", [hash_secret(token)])
