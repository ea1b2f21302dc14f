"""Proposals to the leader, and the readers' answers back (TOOLS.md).

A confirmed proposal waits in the store and goes to the leader only, as
``{department, tool, month, text}`` with the device's token (the leader counts
proposals per device and month to refuse floods, and keeps no link). What the
readers took into account comes back from the same leader: the released
proposals of the department that have an answer, for "ce qui a changé".
Only in ``share`` mode, like everything that leaves the machine.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING

from agent.core.tool_answers import ToolChange
from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.participation import Mode
from agent.tools.storage import pending_proposals, settle_proposal
from agent.upload import enrollment

if TYPE_CHECKING:
    import httpx

    from agent.store import Store

log = logging.getLogger("repit.tools")

PROPOSALS_ROUTE = "/api/v1/proposals"
ANSWERS_ROUTE = "/api/v1/proposals/answers"
MAX_CHANGES = 500


def send_pending_proposals(
    store: Store, transport: httpx.BaseTransport | None = None, limits: Limits = DEFAULT_LIMITS
) -> int:
    """Send the proposals waiting; return how many the leader took."""
    from agent.bounded_http import call

    joined = enrollment(store)
    if joined is None or store.mode() is not Mode.SHARE:
        return 0
    headers = {"Authorization": f"Bearer {joined.token}", "Content-Type": "application/json"}
    sent = 0
    for identifier, month, tool, text in pending_proposals(store):
        body = {"department": joined.department, "tool": tool, "month": month, "text": text}
        try:
            answer = call(
                "POST",
                joined.url + PROPOSALS_ROUTE,
                headers=headers,
                content=json.dumps(body),
                transport=transport,
                limits=limits,
            )
        except NetworkProblem as problem:
            log.info("proposal postponed: %s", problem)
            break
        if answer.status == 201:
            settle_proposal(store, identifier, "sent")
            sent += 1
        elif answer.status == 422:
            log.warning("a proposal was refused by the aggregator and dropped")
            settle_proposal(store, identifier, "refused")
        elif answer.status == 429:
            continue  # this month's share is used up: kept, another month's may go
        else:
            break  # 401, 5xx: kept for later
    return sent


def fetch_changes(
    store: Store, transport: httpx.BaseTransport | None = None, limits: Limits = DEFAULT_LIMITS
) -> list[ToolChange]:
    """The department's answered proposals, or [] when the leader cannot say."""
    from agent.bounded_http import call

    joined = enrollment(store)
    if joined is None or store.mode() is not Mode.SHARE:
        return []
    try:
        answer = call(
            "GET",
            joined.url + ANSWERS_ROUTE,
            headers={"Authorization": f"Bearer {joined.token}"},
            transport=transport,
            limits=limits,
        )
        if answer.status != 200:
            return []
        rows = answer.json()["answers"]
        return [
            ToolChange(str(row["tool"]), str(row["text"]), str(row["answer"]))
            for row in rows[:MAX_CHANGES]
        ]
    except (NetworkProblem, ValueError, TypeError, KeyError):
        return []
