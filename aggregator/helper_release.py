"""The helper's side of a release: it judges a department's month itself, once, and logs it.

When the leader asks for a department's month (``POST /api/v1/helper/collect``),
the helper decides from **its own** records and policies, never from what the
leader says: the month must have reached its release date by the helper's
policy and clock; the leader's report counts must equal the helper's, batch
by batch (else the two have not aggregated the same reports yet, and the
leader asks again later); then rules 1 and 2 of AGGREGATOR.md run on the
helper's own distinct devices, with the teams whose enrolled devices exceed
their declared ``headcount`` held back. The answer holds the helper's
aggregate share of each released team and, when released, of the
department's total, nothing of a held-back team on its own.

The decision is final (rule 4): recorded with the answer in the same
transaction, and the same answer is given to any later request; each request
is logged in the audit log. Nothing here trusts the leader beyond its report counts,
which can only delay a release.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import sqlite_utils

from aggregator.groups import Groups
from aggregator.month_shares import DueMonth, MonthShares, Recorder, hand_out
from aggregator.periods import PeriodError, parse_month
from aggregator.releases import is_due, record_released_month
from aggregator.report_kinds import KINDS, measured
from aggregator.storage import Storage, records, split
from aggregator.storage.records import RecordedBatch, team_recorded
from aggregator.tool_batches import TOOLS
from aggregator.tool_collection import helper_part
from contract.contribution import Kind
from contract.policy.model import Policy


class NotReleasable(Exception):
    """The request cannot be answered now or ever; ``status`` is the HTTP answer."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def parse_request(body: object) -> tuple[str, str, dict[str, dict[str, int]]]:
    if not isinstance(body, dict) or set(body) != {"department", "month", "reports"}:
        raise NotReleasable(422, 'expected {"department", "month", "reports"}')
    department, month, counts = body["department"], body["month"], body["reports"]
    if not isinstance(department, str) or not isinstance(month, str) or len(department) > 40:
        raise NotReleasable(422, "`department` and `month` must be strings")
    try:
        parse_month(month)
    except PeriodError as error:
        raise NotReleasable(422, f"`month`: {error}") from None
    if not isinstance(counts, dict) or set(counts) - set(KINDS):
        raise NotReleasable(422, "`reports`: expected {kind: {team: count}}")
    clean: dict[str, dict[str, int]] = {}
    for kind, teams in counts.items():
        if not isinstance(teams, dict) or len(teams) > 1000:
            raise NotReleasable(422, "`reports`: expected {kind: {team: count}}")
        for count in teams.values():
            if isinstance(count, bool) or not isinstance(count, int) or count < 0:
                raise NotReleasable(422, "`reports`: counts must be integers")
        clean[kind] = {str(team): int(count) for team, count in teams.items() if count}
    return department, month, clean


def collect(
    storage: Storage,
    policies: Mapping[str, Policy],
    department_id: str,
    month: str,
    leader_counts: Mapping[str, Mapping[str, int]],
    now: datetime,
) -> dict[str, Any]:
    """The helper's final answer for ``department_id``'s ``month`` (see the module's docstring)."""
    department = Groups(policies).departments.get(department_id)
    at = now.isoformat(timespec="seconds")
    with storage.transaction() as db:
        known = split.collection(db, department_id, month)
        if known is not None:
            split.log_event(db, at, department_id, month, "asked again: the same final answer")
            answer: dict[str, Any] = json.loads(known)
            return answer
        if department is None:
            raise NotReleasable(404, f"no department {department_id!r} in the helper's policies")
        if not is_due(month, department, now):
            raise NotReleasable(409, f"{month} is not due for release by the helper's policy")
        teams = tuple(t.id for t in department.teams if not team_recorded(db, t.id, month))
        mine = split.report_counts(db, teams, month)
        theirs = {kind: dict(leader_counts.get(kind, {})) for kind in mine}
        if mine == theirs:
            answer = _decide_and_record(db, department, teams, month)
            split.add_collection(db, department_id, month, json.dumps(answer, sort_keys=True), at)
            split.log_event(db, at, department_id, month, _summary(answer))
            return answer
    # Logged in a transaction of its own: the refusal must stay in the audit log.
    with storage.transaction() as db:
        split.log_event(db, at, department_id, month, "refused: report counts differ")
    raise NotReleasable(
        409, "the two servers have not aggregated the same reports yet; ask again later"
    )


def _decide_and_record(
    db: sqlite_utils.Database,
    department: Policy,
    teams: tuple[str, ...],
    month: str,
) -> dict[str, Any]:
    due = DueMonth.read(db, department, month, teams)
    decision = due.decision()
    record_released_month(db, department, month)
    answer: dict[str, Any] = {"department": department.id, "month": month}
    for kind in Kind:
        shares = MonthShares.read(db, kind.value, measured(kind).vdaf, due, due.identities[kind])
        answer[kind.value] = hand_out(due, shares, decision.of(kind), _recorder(db, due, kind))
    answer[TOOLS] = helper_part(db, due)
    return answer


def _recorder(db: sqlite_utils.Database, due: DueMonth, kind: Kind) -> Recorder:
    """The helper records a day or week group as released with its device count, no sums."""

    def record(team: str | None, devices: int | None, sums: Mapping[str, int] | None) -> None:
        batch = RecordedBatch(due.department.id, kind, devices is not None, devices, None)
        group = due.department.id if team is None else team
        records.add_release(db, due.month, group, team is None, batch)

    return record


def _summary(answer: Mapping[str, Any]) -> str:
    parts = []
    for kind in KINDS:
        part = answer.get(kind)
        if part:  # a day's and a week's always; the tools' when the month has any
            teams = ", ".join(part["teams"]) or "none"
            whole = "released" if part["department"] else "held"
            parts.append(f"{kind}: teams {teams}; department total {whole}")
    return "released to the leader: " + "; ".join(parts)
