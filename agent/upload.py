"""The upload of reports (MEASURES.md §8, SPLIT.md): the outbox and its sending.

Only in ``share`` mode, only after enrolling at both servers
(``agent.enrollment``), and only the integer vectors of
``contract.contribution`` (built by ``agent.core.contribution``), split into
Prio3 shares with the helper's share encrypted (``agent.reports``): no server
alone can read them. Each completed day and week since enrollment goes into a
durable outbox as its report, built once with a random id, so that a retry
after a lost answer is the same report, never counted twice. Sending waits a
random delay (so that uploads reveal no time of day), and a failure backs off
exponentially with jitter.

Every call goes through ``agent.bounded_http`` (connect, read and total
deadlines, a cap on the answer's size), with an injectable ``httpx``
transport: tests talk to a real server over loopback or to
``httpx.MockTransport``. Sending takes the store's lock only around the
database, never while waiting for the network, so that a slow aggregator
cannot hold up the agent's ticks and reminders.
"""

from __future__ import annotations

import json
import logging
import os
import random
from collections.abc import Callable
from contextlib import AbstractContextManager, nullcontext
from datetime import UTC, date, datetime
from functools import partial
from typing import TYPE_CHECKING, Any

from agent.enrollment import (
    Enrollment,
    EnrollmentError,
    UploadError,
    enroll,
    enrollment,
    require_secure,
    retry_after_seconds,
)
from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.participation import Mode
from agent.store import Store

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

    from agent.bounded_http import Answer
    from contract.policy.model import Policy

__all__ = [  # enrollment's names, where callers of the one-server agent found them
    "Enrollment",
    "EnrollmentError",
    "UploadError",
    "enroll",
    "enrollment",
    "fill_outbox",
    "leave_share",
    "pending",
    "pending_with_values",
    "require_secure",
    "send_due",
]

log = logging.getLogger("repit.upload")

REPORTS_ROUTE = "/api/v1/reports"
MAX_LOGGED_REASON = 200

BACKOFF_FIRST_SECONDS = 60
BACKOFF_MAX_SECONDS = 6 * 3600
SEND_DELAY_MAX_SECONDS = 30 * 60  # a random delay before each round of sending


def fill_outbox(
    store: Store,
    now: int,
    rand: Callable[[int], bytes] = os.urandom,
    *,
    policy: Policy | None = None,
) -> int:
    """Queue the report of every kept day and week since enrollment not yet queued,
    and, given the ``policy`` in force, of every completed month of tool answers.

    Returns how many were queued. Each report is built once, with a new random
    id, and kept as the exact body to send: every retry sends those bytes.
    Each is queued in its own transaction, so a crash loses none already built.
    """
    from agent.reports import build_body

    joined = enrollment(store)
    if joined is None or not joined.complete:
        return 0  # enrolled at the leader only: nothing can be built for the helper
    queued_already = store.queued_periods()
    queued = 0
    for kind, period, values in store.contributions(joined.since):
        if (kind.value, period) in queued_already:
            continue
        build = partial(build_body, joined, kind, period, values, rand=rand)
        queued += _queue(store, kind.value, period, now, build)
    if policy is not None and policy.tools:
        queued += _fill_tools(store, joined, policy, now, rand, queued_already)
    return queued


def _fill_tools(
    store: Store,
    joined: Enrollment,
    policy: Policy,
    now: int,
    rand: Callable[[int], bytes],
    queued_already: set[tuple[str, str]],
) -> int:
    """One ``tools`` report per completed month answered since enrollment (TOOLS.md).

    Built with the tool list of ``policy``, the department's in force when the
    month is over; the servers verify it against the same list for that month
    and refuse it (``422``, dropped) if the department's tools changed meanwhile.
    """
    from agent.core.localdays import local_date
    from agent.reports import TOOLS_KIND, build_tools_body
    from agent.tools.outgoing import tools_contributions

    tool_ids = [tool.id for tool in policy.tools]
    first = joined.since.isoformat()[:7]  # answers before joining stay on the machine
    months = tools_contributions(store, policy, local_date(now, policy.timezone))
    queued = 0
    for month, values in months.items():
        if month < first or (TOOLS_KIND, month) in queued_already:
            continue
        build = partial(build_tools_body, joined, month, values, tool_ids, rand=rand)
        queued += _queue(store, TOOLS_KIND, month, now, build)
    return queued


def _queue(
    store: Store, kind: str, period: str, now: int, build: Callable[[], dict[str, Any]]
) -> int:
    """Build one report and queue it in its own transaction; 1 if it was queued."""
    from contract.split.errors import SplitError

    try:
        body = build()
    except SplitError as error:
        # Values that break the layout's rules would be refused by both
        # servers: kept out for good, rather than blocking every period after.
        log.warning("the %s %s was not sent: its values do not fit (%s)", kind, period, error)
        store.refuse_unbuildable(kind, period, now)
        return 0
    with store.transaction():
        return int(store.queue_contribution(str(body["id"]), kind, period, json.dumps(body), now))


def pending(store: Store) -> list[dict[str, Any]]:
    """The bodies waiting in the outbox, exactly as they will be sent."""
    return [json.loads(body) for body in store.pending_bodies()]


def pending_with_values(store: Store, policy: Policy | None = None) -> list[dict[str, Any]]:
    """Each waiting report beside the clear values it carries (``preview``).

    The values are the ones kept at roll-over, which the report was built
    from, and a month's tool answers laid out by ``policy``'s tools; the body
    is the exact one the leader will receive.
    """
    clear: dict[tuple[str, str], Any] = {
        (kind.value, period): values for kind, period, values in store.contributions()
    }
    if policy is not None and policy.tools:
        from agent.reports import TOOLS_KIND
        from agent.tools.contribution import completed_month_values
        from agent.tools.storage import answers

        tool_ids = [tool.id for tool in policy.tools]
        for month, values in completed_month_values(answers(store), tool_ids, date.max).items():
            clear[(TOOLS_KIND, month)] = values
    return [
        {"kind": kind, "period": period, "values": clear.get((kind, period)), "body": body}
        for kind, period, body in ((k, p, json.loads(b)) for k, p, b in store.pending_reports())
    ]


def send_due(
    store: Store,
    now: int,
    transport: httpx.BaseTransport | None = None,
    rng: Callable[[], float] = random.random,
    *,
    lock: AbstractContextManager[object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> int:
    """Send what is due in the outbox to the leader; return how many it acknowledged.

    ``lock`` is held around each use of the store and released while a
    request is under way (the running agent passes its own).
    """
    from agent.bounded_http import call

    store_access = lock if lock is not None else nullcontext()
    with store_access:
        joined = enrollment(store)
        if joined is None or not joined.complete:
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
                f"{joined.url}{REPORTS_ROUTE}",
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
            if _settle(store, identifier, body, answer):
                acknowledged += 1
                continue
            if answer.status == 422:
                continue  # dropped: the next one may be fine
            _retry_later(store, identifier, attempts, now, rng, answer.retry_after)
            break
    if acknowledged:
        with store_access:
            store.set_setting("last_upload", date.fromtimestamp(now).isoformat())
    return acknowledged


def _settle(store: Store, identifier: str, body: str, answer: Answer) -> bool:
    """Mark a report done after the leader's answer (SPLIT.md); whether it was acknowledged.

    A report not settled here stays pending, to be retried: a ``410``, a
    ``5xx``, a ``401`` (the device must enroll again; the report waits for it).
    """
    status = answer.status
    if status in (200, 202):  # 200: a retry of a report already received
        store.settle_contribution(identifier, "sent")
        return True
    period = _period_of(body)
    if status == 409:
        log.info("the leader already holds a report of this device for %s: done", period)
        store.settle_contribution(identifier, "sent")
        return True
    if status == 422:
        log.warning("the leader refused the report for %s and it was dropped: %s",
                    period, _reason(answer))  # fmt: skip
        store.settle_contribution(identifier, "refused")
    elif status == 401:
        log.warning("the leader no longer knows this device: enroll again (repit-agent enroll)")
    else:
        log.info("upload postponed: the leader answered HTTP %s", status)
    return False


def _period_of(body: str) -> str:
    document = json.loads(body)
    return f"{document.get('kind')} {document.get('period')}"


def _reason(answer: Answer) -> str:
    """The server's ``detail``, cut short and stripped of control characters, for the log."""
    try:
        detail = answer.json().get("detail", "")
    except (ValueError, AttributeError):
        detail = ""
    text = detail if isinstance(detail, str) else json.dumps(detail, ensure_ascii=True)
    printable = "".join(c if c.isprintable() else " " for c in text)
    return printable[:MAX_LOGGED_REASON] or "no reason given"


def _retry_later(
    store: Store,
    identifier: str,
    attempts: int,
    now: int,
    rng: Callable[[], float],
    retry_after: str | None = None,
) -> None:
    delay = min(BACKOFF_FIRST_SECONDS * 2**attempts, BACKOFF_MAX_SECONDS)
    jittered = int(delay * (0.5 + rng()))  # jitter spreads the retries of many devices
    asked = retry_after_seconds(retry_after, datetime.fromtimestamp(now, UTC))
    if asked is not None:  # a busy leader's Retry-After, within the longest backoff
        jittered = max(jittered, int(min(asked, BACKOFF_MAX_SECONDS)))
    store.postpone_contribution(identifier, now + jittered)


def leave_share(store: Store) -> None:
    """Stop all sending at once: what waits in the outbox is dropped."""
    store.drop_pending_contributions()
