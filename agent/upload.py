"""Enrollment and the upload of contributions (MEASURES.md §8, AGGREGATOR.md).

Only in ``share`` mode, only after enrolling in a team, and only the integer
vectors of ``contract.contribution`` (built by ``agent.core.contribution``):
each completed day and week since enrollment goes into a durable outbox with
a random idempotency id chosen once, so that a retry after a lost answer is never
counted twice. Sending waits a random delay (so that uploads reveal no time of
day), and a failure backs off exponentially with jitter.

Every call goes through ``agent.bounded_http`` (connect, read and total
deadlines, a cap on the answer's size), with an injectable ``httpx``
transport: tests talk to a real server over loopback or to
``httpx.MockTransport``. Sending takes the store's lock only around the
database, never while waiting for the network, so that a slow aggregator
cannot hold up the agent's ticks and reminders.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import random
import uuid
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.participation import Mode
from agent.store import Store
from contract.contribution import SCHEMA_VERSION

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

log = logging.getLogger("repit.upload")

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
    limits: Limits = DEFAULT_LIMITS,
) -> Enrollment:
    """Join a team with a one-time code; keep the device token for uploads."""
    from agent.bounded_http import call

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
        answer = call(
            "POST",
            f"{base}/api/v1/enroll",
            headers={"Content-Type": "application/json", **headers},
            content=json.dumps({"code": code}),
            transport=transport,
            limits=limits,
        )
    except NetworkProblem as problem:
        raise UploadError(f"{base}: {problem}") from None
    if answer.status == 403:
        raise UploadError("this enrollment code is unknown or was already used; ask for a new one")
    if answer.status != 201:
        raise UploadError(f"{base}: enrollment refused (HTTP {answer.status})")
    try:
        body = answer.json()
        joined = Enrollment(
            base, str(body["device_token"]), str(body["team"]), str(body["department"]), today
        )
    except (ValueError, TypeError, KeyError):
        raise UploadError(f"{base}: the aggregator's answer is not an enrollment") from None
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
            if store.queue_contribution(str(body["id"]), kind.value, period, json.dumps(body), now):
                queued += 1
    return queued


def pending(store: Store) -> list[dict[str, Any]]:
    """The bodies waiting in the outbox, exactly as they will be sent."""
    return [json.loads(body) for body in store.pending_bodies()]


def send_due(
    store: Store,
    now: int,
    transport: httpx.BaseTransport | None = None,
    rng: Callable[[], float] = random.random,
    *,
    lock: AbstractContextManager[object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Send what is due in the outbox; return how many the aggregator acknowledged.

    ``lock`` is held around each use of the store and released while a
    request is under way (the running agent passes its own).
    """
    from agent.bounded_http import call

    store_access = lock if lock is not None else nullcontext()
    with store_access:
        joined = enrollment(store)
        if joined is None:
            return 0
        rows = store.due_contributions(now)
    acknowledged = 0
    headers = {"Authorization": f"Bearer {joined.token}", "Content-Type": "application/json"}
    for identifier, body, attempts in rows:
        with store_access:
            if store.mode() is not Mode.SHARE:
                break  # leaving share stops sending at once, even mid-round
        try:
            answer = call(
                "POST",
                f"{joined.url}/api/v1/contributions",
                headers=headers,
                content=body,
                transport=transport,
                limits=limits,
            )
        except NetworkProblem as problem:
            with store_access:
                _retry_later(store, identifier, attempts, now, rng)
            log.info("upload postponed: %s", problem)
            break  # the network is down: the rest waits too
        with store_access:
            if answer.status in (200, 202, 409):
                # 200: a retry of something already counted; 409: the period
                # was already reported under this token. Either way, done.
                store.settle_contribution(identifier, "sent")
                acknowledged += 1
            elif answer.status == 422:
                # The answer's text is not logged: it is the server's, not ours.
                log.warning("a contribution was refused by the aggregator and dropped")
                store.settle_contribution(identifier, "refused")
            else:
                _retry_later(store, identifier, attempts, now, rng)
                if answer.status in (401, 403):
                    log.warning("the aggregator refused this device (HTTP %s)", answer.status)
                break
    if acknowledged:
        with store_access:
            store.set_setting("last_upload", date.fromtimestamp(now).isoformat())
    return acknowledged


def _retry_later(
    store: Store, identifier: str, attempts: int, now: int, rng: Callable[[], float]
) -> None:
    delay = min(BACKOFF_FIRST_SECONDS * 2**attempts, BACKOFF_MAX_SECONDS)
    jittered = int(delay * (0.5 + rng()))  # jitter spreads the retries of many devices
    store.postpone_contribution(identifier, now + jittered)


def leave_share(store: Store) -> None:
    """Stop all sending at once: what waits in the outbox is dropped."""
    store.drop_pending_contributions()
