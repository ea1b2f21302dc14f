"""Who is reading: the one place a reader's or admin's credentials are checked.

A reader or an admin shows an API token (``Authorization: Bearer``) or the
cookie of a logged-in session; a device token never reads. Each surface
words the refusal its own way (JSON for the API, a redirection to the login
page for the web pages), from the same ``Refusal``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from aggregator import auth
from aggregator.storage import Storage

SESSION_COOKIE = "repit_session"


class Refusal(Enum):
    DEVICE = "a device cannot read statistics"
    UNKNOWN_TOKEN = "unknown API token"
    NOTHING = "an API token or a logged-in session is required"


@dataclass(frozen=True)
class Reader:
    account: auth.Account
    csrf: str | None
    """The session's CSRF token; None for an API token (which posts no form)."""


def reader_of(
    storage: Storage, token: str | None, session_token: str | None, now: datetime
) -> Reader | Refusal:
    """The reader an API ``token`` (first) or a session cookie stands for, or why not."""
    if token is not None:
        if auth.device_for(storage, token) is not None:
            return Refusal.DEVICE
        account = auth.account_for_token(storage, token)
        return Reader(account, None) if account is not None else Refusal.UNKNOWN_TOKEN
    session = auth.session_for(storage, session_token, now) if session_token else None
    return Reader(session.account, session.csrf) if session is not None else Refusal.NOTHING
