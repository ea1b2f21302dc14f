"""A half-done enrollment: at the leader, not yet at the helper (SPLIT.md).

What ``status``, the tray and ``consent share`` say of it. Its own module, so
that the running agent's tray asks it without importing ``agent.commands``
(``tests/run/test_running_imports.py``).
"""

from __future__ import annotations

from typing import Any

from agent.participation import PendingTeam
from agent.store import Store


def pending_team(store: Store) -> PendingTeam | None:
    """A half-done enrollment's team and how it resumes, for the person (tray, ``consent``)."""
    pending = pending_enrollment(store)
    return None if pending is None else PendingTeam(pending["team"], pending["resumes"])


def pending_enrollment(store: Store) -> dict[str, Any] | None:
    """A half-done enrollment: at the leader, not yet at the helper; None otherwise.

    ``resumes`` says how it goes on without a new leader code: ``at_start``
    when the machine's configuration holds the codes (the agent tries again at
    each start), ``enroll_again`` when the person runs the same command again.
    """
    from agent.enrollment import enrollment, pending_leader
    from agent.machine_config import MachineConfigError, load_machine_config

    joined = enrollment(store)
    if joined is not None and joined.complete:
        return None
    leader = pending_leader(store)
    if leader is None:
        return None
    try:
        configured = load_machine_config()
    except MachineConfigError:
        configured = None
    from_config = (
        configured is not None
        and configured.enrollment_code != ""
        and configured.aggregator_url.rstrip("/") == leader.url
    )
    return {
        "team": leader.team,
        "department": leader.department,
        "leader_url": leader.url,
        "helper_url": leader.helper_url,
        "resumes": "at_start" if from_config else "enroll_again",
    }
