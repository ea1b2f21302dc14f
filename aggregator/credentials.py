"""What every credential shares: roles, the hashing of secrets, their comparison.

Every secret handed out (enrollment code, device token, API token, session
cookie) is random and stored only as its SHA-256: a copy of the database lets
no one act as a device or a reader. These secrets carry 256 bits (codes about 118),
so a plain hash is enough; passwords, which people choose or copy, are hashed
with argon2 (``aggregator.accounts``).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta
from enum import StrEnum

from argon2 import PasswordHasher

from aggregator.worded_error import WordedError

SESSION_LIFETIME = timedelta(hours=10)
MAX_NAME_LENGTH = 200
TOKEN_ID_LENGTH = 12
"""An API token is named by this many hex digits of its hash: not the secret, unique enough."""
hasher = PasswordHasher()
# Verified against when the account does not exist, so that a wrong name takes
# as long as a wrong password.
DUMMY_HASH = hasher.hash(secrets.token_urlsafe(16))


class Role(StrEnum):
    READER = "reader"
    ADMIN = "admin"


class AuthError(WordedError):
    """A request that cannot be carried out (unknown account, unknown team...).

    The message is English (the server's); ``reason`` names the case and
    ``values`` what fills it in, so that the command line says the same in the
    operator's language (``aggregator.cli_messages``) without reading the text.
    """


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))
