"""Who may do what: enrollment codes and device tokens here; accounts, API tokens
and web sessions in ``aggregator.accounts``, roles and hashing in
``aggregator.credentials`` (all three read as ``auth.…``).

Every secret handed out (enrollment code, device token, API token, session
cookie) is random and stored only as its SHA-256: a copy of the database lets
no one act as a device or a reader. These secrets carry 256 bits (codes about 118),
so a plain hash is enough; passwords, which people choose or copy, are hashed
with argon2.

An administrator revokes a device here, by the code it enrolled with or by
its token; the accounts and API tokens are run in ``aggregator.accounts``.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from aggregator import codes
from aggregator.accounts import (
    Account,
    AccountInfo,
    Session,
    TokenInfo,
    account,
    account_for_token,
    accounts,
    api_tokens,
    check_password,
    close_session,
    create_account,
    create_api_token,
    disable_account,
    enable_account,
    name_problem,
    open_session,
    remove_account,
    reset_password,
    revoke_api_token,
    session_for,
)
from aggregator.credentials import (
    MAX_NAME_LENGTH,
    SESSION_LIFETIME,
    TOKEN_ID_LENGTH,
    AuthError,
    Role,
    hash_secret,
    same,
)
from aggregator.storage import Storage, devices

__all__ = [
    "MAX_NAME_LENGTH",
    "SESSION_LIFETIME",
    "TOKEN_ID_LENGTH",
    "Account",
    "AccountInfo",
    "AuthError",
    "Device",
    "Revoked",
    "Role",
    "Session",
    "TokenInfo",
    "account",
    "account_for_token",
    "accounts",
    "api_tokens",
    "check_password",
    "close_session",
    "code_hash",
    "create_account",
    "create_api_token",
    "device_for",
    "disable_account",
    "enable_account",
    "enroll",
    "hash_secret",
    "name_problem",
    "new_enrollment_codes",
    "open_session",
    "remove_account",
    "reset_password",
    "revoke_api_token",
    "revoke_by_code",
    "revoke_by_token",
    "same",
    "session_for",
]


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
        devices.add_codes(db, team, (code_hash(code) for code in fresh), today.isoformat())
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
        team = devices.spend_code(db, spent_hash)
        if team is None:
            return None
        identity = new_hash
        old = devices.identity_of(db, hash_secret(previous_token)) if previous_token else None
        if old is not None:
            # The old token dies in the transaction that gives its identity to
            # the new one: at no moment can both count.
            identity = old
            devices.forget_identity(db, identity)
        devices.add_device(db, new_hash, team, today.isoformat(), spent_hash, identity)
    return token, team


def device_for(storage: Storage, token: str) -> Device | None:
    with storage.read() as db:
        row = devices.device_row(db, hash_secret(token))
    return None if row is None else Device(*row)


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
        if devices.remove_by_code(db, typed_hash):
            return Revoked.DEVICE
        if devices.cancel_code(db, typed_hash):
            return Revoked.CODE
        if devices.code_known(db, typed_hash):
            raise AuthError(
                "the device that enrolled with this code was already revoked", "code_revoked"
            )
    raise AuthError(
        "no enrollment code like this one (check it, or revoke by --token-file)", "no_code"
    )


def revoke_by_token(storage: Storage, token: str) -> None:
    """Revoke the device whose token this is (read from the workstation's agent)."""
    with storage.transaction() as db:
        removed = devices.remove_by_token(db, hash_secret(token))
    if not removed:
        raise AuthError("no enrolled device has this token", "no_device")
