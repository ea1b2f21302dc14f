"""Enrollment and the upload of contributions (MEASURES.md §8, AGGREGATOR.md).

Only in ``share`` mode, only after enrolling in a team, and only the integer
vectors of ``agent.core.contribution``: each completed day and week since
enrollment goes into a durable outbox with a random idempotency id chosen
once, so that a retry after a lost answer is never counted twice. Sending
waits a random delay (so that uploads reveal no time of day), and a failure
backs off exponentially with jitter.

The HTTP client is ``httpx`` with an injectable transport: tests talk to a
real server over loopback or to ``httpx.MockTransport``.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agent.core.contribution import SCHEMA_VERSION
from agent.participation import Mode
from agent.store import Store

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

log = logging.getLogger("repit.upload")

TIMEOUT_SECONDS = 20
BACKOFF_FIRST_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600
SEND_DELAY_MAX_SECONDS = 30 * 60  # a random delay before each round of sending


class UploadError(Exception):
    """Enrollment or sending cannot work; the message says why."""


def require_secure(url: str) -> str:
    """The aggregator's base URL, refused unless HTTPS or a loopback address.

    Contributions carry nothing personal, but the device token does: it must
    never cross a network in clear.
    """
    parts = urlsplit(url.rstrip("/"))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UploadError(f"{url}: expected an address like https://repit.example.org")
    if parts.scheme == "http" and not _is_loopback(parts.hostname):
        raise UploadError(
            f"{url}: plain HTTP is refused for {parts.hostname}; use https:// "
            "(plain HTTP is accepted only on this computer: localhost, 127.0.0.1, ::1)"
        )
    return url.rstrip("/")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class Enrollment:
    url: str
    token: str
    team: str
    department: str
    since: date


def enrollment(store: Store) -> Enrollment | None:
    raw = store.setting("enrollment")
    if raw is None:
        return None
    data = json.loads(raw)
    return Enrollment(
        data["url"],
        data["token"],
        data["team"],
        data["department"],
        date.fromisoformat(data["since"]),
    )


def enroll(
    store: Store,
    url: str,
    code: str,
    today: date,
    transport: httpx.BaseTransport | None = None,
) -> Enrollment:
    """Join a team with a one-time code; keep the device token for uploads."""
    import httpx

    base = require_secure(url)
    # Re-enrolling sends the current token, which the aggregator revokes while
    # the device keeps its identity: it counts once per batch (rule 5). The
    # token goes only to the server that issued it.
    previous = enrollment(store)
    headers = (
        {"Authorization": f"Bearer {previous.token}"}
        if previous is not None and previous.url == base
        else {}
    )
    try:
        with httpx.Client(transport=transport, timeout=TIMEOUT_SECONDS) as client:
            response = client.post(f"{base}/api/v1/enroll", json={"code": code}, headers=headers)
    except httpx.HTTPError as error:
        raise UploadError(f"{base}: cannot reach the aggregator ({error})") from None
    if response.status_code == 403:
        raise UploadError("this enrollment code is unknown or was already used; ask for a new one")
    if response.status_code != 201:
        raise UploadError(f"{base}: enrollment refused (HTTP {response.status_code})")
    body = response.json()
    joined = Enrollment(base, body["device_token"], body["team"], body["department"], today)
    store.set_setting(
        "enrollment",
        json.dumps(
            {
                "url": joined.url,
                "token": joined.token,
                "team": joined.team,
                "department": joined.department,
                "since": today.isoformat(),
            }
        ),
    )
    store.set_setting("team", joined.team)
    return joined


def fill_outbox(store: Store, now: int) -> int:
    """Queue every kept day and week since enrollment not yet queued; return how many."""
    joined = enrollment(store)
    if joined is None:
        return 0
    queued = 0
    with store.transaction():
        for kind, period, values in store.contributions(joined.since):
            body = {
                "id": str(uuid.uuid4()),
                "schema": SCHEMA_VERSION,
                "kind": kind.value,
                "period": period,
                "values": values,
            }
            # A period already in the outbox (pending, sent or refused) keeps
            # its row and its id: a period is offered once, retried as itself.
            inserted = store.db.execute(
                "INSERT OR IGNORE INTO outbox (id, kind, period, body, created, next_attempt)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [body["id"], kind.value, period, json.dumps(body), now, now],
            ).rowcount
            queued += inserted
    return queued


def pending(store: Store) -> list[dict[str, Any]]:
    """The bodies waiting in the outbox, exactly as they will be sent."""
    rows = store.db.execute(
        "SELECT body FROM outbox WHERE status = 'pending' ORDER BY kind, period"
    ).fetchall()
    return [json.loads(row[0]) for row in rows]


def send_due(
    store: Store,
    now: int,
    transport: httpx.BaseTransport | None = None,
    rng: Callable[[], float] = random.random,
) -> int:
    """Send what is due in the outbox; return how many the aggregator acknowledged."""
    import httpx

    joined = enrollment(store)
    if joined is None:
        return 0
    rows = store.db.execute(
        "SELECT id, body, attempts FROM outbox WHERE status = 'pending' AND next_attempt <= ?"
        " ORDER BY kind, period",
        [now],
    ).fetchall()
    acknowledged = 0
    headers = {"Authorization": f"Bearer {joined.token}", "Content-Type": "application/json"}
    with httpx.Client(transport=transport, timeout=TIMEOUT_SECONDS, headers=headers) as client:
        for identifier, body, attempts in rows:
            if store.mode() is not Mode.SHARE:
                break  # leaving share stops sending at once, even mid-round
            try:
                response = client.post(f"{joined.url}/api/v1/contributions", content=body)
            except httpx.HTTPError as error:
                _retry_later(store, identifier, attempts, now, rng)
                log.info("upload postponed: %s", type(error).__name__)
                break  # the network is down: the rest waits too
            if response.status_code in (200, 202, 409):
                # 200: a retry of something already counted; 409: the period
                # was already reported under this token. Either way, done.
                _set_status(store, identifier, "sent")
                acknowledged += 1
            elif response.status_code == 422:
                log.warning("a contribution was refused and dropped: %s", response.text[:200])
                _set_status(store, identifier, "refused")
            else:
                _retry_later(store, identifier, attempts, now, rng)
                if response.status_code in (401, 403):
                    log.warning(
                        "the aggregator refused this device (HTTP %s)", response.status_code
                    )
                break
    if acknowledged:
        store.set_setting("last_upload", date.fromtimestamp(now).isoformat())
    return acknowledged


def _set_status(store: Store, identifier: str, status: str) -> None:
    with store.transaction():
        store.db.execute("UPDATE outbox SET status = ? WHERE id = ?", [status, identifier])


def _retry_later(
    store: Store, identifier: str, attempts: int, now: int, rng: Callable[[], float]
) -> None:
    delay = min(BACKOFF_FIRST_SECONDS * 2**attempts, BACKOFF_MAX_SECONDS)
    jittered = int(delay * (0.5 + rng()))  # jitter spreads the retries of many devices
    with store.transaction():
        store.db.execute(
            "UPDATE outbox SET attempts = attempts + 1, next_attempt = ? WHERE id = ?",
            [now + jittered, identifier],
        )


def random_send_delay(rng: Callable[[], float] = random.random) -> int:
    return int(rng() * SEND_DELAY_MAX_SECONDS)


def leave_share(store: Store) -> None:
    """Stop all sending at once: what waits in the outbox is dropped."""
    with store.transaction():
        store.db.execute("DELETE FROM outbox WHERE status = 'pending'")
