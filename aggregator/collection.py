"""The leader collects a due month from the helper, unshards, and records the released sums.

Once a department's month has reached its release date (rule 4) and none of
its reports waits for aggregation any more, the leader decides rules 1 and 2
from its own records (its distinct devices, its enrolled devices against
each team's ``headcount``), and asks the helper for the month with its report
counts (``aggregator.helper_release``, which decides from its own). A group
is shown only when **both** released it; holding back more teams than either
server alone keeps complementary suppression (a larger held-back set only
covers more devices). The shown groups' sums are the two aggregate shares
added (Prio3's unshard); everything is recorded in one transaction, in the
``releases`` rows every output reads (``aggregator.releases``), so the stats,
pages, CSV and PDF show the released sums as before.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlite_utils

from aggregator.groups import Groups
from aggregator.helper_client import HelperClient, HelperRefused, HelperUnavailable
from aggregator.month_shares import DueMonth, MalformedPart, MonthShares, Recorder, take_in
from aggregator.release import MonthRelease
from aggregator.releases import is_due, record_released_month
from aggregator.report_kinds import measured
from aggregator.storage import Storage, records, split
from aggregator.storage.records import RecordedBatch, is_recorded, team_recorded
from aggregator.tool_batches import TOOLS
from aggregator.tool_collection import leader_record
from contract.contribution import Kind
from contract.policy.model import Policy

log = logging.getLogger(__name__)


def collect_due(
    storage: Storage, policies: Mapping[str, Policy], client: HelperClient, now: datetime
) -> int:
    """Collect and record every due month that can be; how many were recorded.

    A month with reports still pending, or that the helper is not ready to
    release yet, is left for a later pass. Raises ``HelperUnavailable``.
    """
    recorded = 0
    with storage.read() as db:
        months = split.months_with_shares(db)
    for department in Groups(policies).departments.values():
        for month in months:
            if not is_due(month, department, now):
                continue
            try:
                if collect_month(storage, department, month, client, now):
                    recorded += 1
            except HelperRefused as error:
                log.info(
                    "the helper does not release %s of %s yet: %s", month, department.id, error
                )
    return recorded


def collect_month(
    storage: Storage, department: Policy, month: str, client: HelperClient, now: datetime
) -> bool:
    """Collect ``department``'s ``month`` if it is ready; whether it was recorded now."""
    with storage.read() as db:
        if is_recorded(db, department.id, month):
            return False
        teams = tuple(t.id for t in department.teams if not team_recorded(db, t.id, month))
        if split.pending_count(db, teams, month):
            return False  # reports wait for the helper: collecting now would miss them
        counts = split.report_counts(db, teams, month)
        due = DueMonth.read(db, department, month, teams)
    if not any(counts.values()):
        return False
    decision = due.decision()
    answer = client.collect(department.id, month, counts)
    with storage.transaction() as db:
        if is_recorded(db, department.id, month):
            return False
        try:
            shown = _record(db, due, decision, answer)
        except MalformedPart as error:
            raise HelperUnavailable(f"the helper's collection: {error}") from None
        event = "released: " + (", ".join(shown) or "nothing (every group held back)")
        split.log_event(db, now.isoformat(timespec="seconds"), department.id, month, event)
    return True


def _record(
    db: sqlite_utils.Database, due: DueMonth, decision: MonthRelease, answer: Mapping[str, Any]
) -> list[str]:
    """Record the month's groups, every kind, from the helper's answer; the groups shown."""
    record_released_month(db, due.department, due.month)
    shown: list[str] = []
    for kind in Kind:
        theirs = answer.get(kind.value)
        if not isinstance(theirs, dict):
            raise MalformedPart(f"it lacks `{kind.value}`")
        shares = MonthShares.read(db, kind.value, measured(kind).vdaf, due, due.identities[kind])
        groups = take_in(due, shares, decision.of(kind), theirs, _recorder(db, due, kind))
        shown += [f"{kind.value} {due.department.id if t is None else t}" for t in groups]
    return shown + leader_record(db, due, answer.get(TOOLS))


def _recorder(db: sqlite_utils.Database, due: DueMonth, kind: Kind) -> Recorder:
    """The leader records a day or week group: held, or released with its count and sums."""

    def record(team: str | None, devices: int | None, sums: Mapping[str, int] | None) -> None:
        released = devices is not None and sums is not None
        batch = RecordedBatch(due.department.id, kind, released, devices, sums)
        group = due.department.id if team is None else team
        records.add_release(db, due.month, group, team is None, batch)

    return record
