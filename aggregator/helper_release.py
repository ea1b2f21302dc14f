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
from aggregator.periods import PeriodError, parse_month
from aggregator.release import decide_month, release_date
from aggregator.releases import is_due
from aggregator.storage import Storage, devices, records, split
from aggregator.storage.records import RecordedBatch, team_recorded
from aggregator.tool_batches import TOOLS
from aggregator.tool_collection import helper_part
from contract.contribution import Kind
from contract.policy.model import Policy
from contract.split.codec import b64encode
from contract.split.instances import Vdaf, default_layout, vdaf_for


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
    if not isinstance(counts, dict) or set(counts) - {*(kind.value for kind in Kind), TOOLS}:
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


def held_back_by_headcount(db: sqlite_utils.Database, department: Policy) -> frozenset[str]:
    """Teams with more devices enrolled here than their declared headcount."""
    return frozenset(
        team.id
        for team in department.teams
        if team.headcount is not None and devices.enrolled_devices(db, team.id) > team.headcount
    )


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
    identities = split.contributors(db, teams, month)
    held_back = held_back_by_headcount(db, department)
    size = department.privacy.min_group_size
    decision = decide_month({kind: dict(identities[kind]) for kind in Kind}, teams, size, held_back)
    records.add_released_month(
        db, department.id, month, release_date(month, department.privacy.release_delay_days), size
    )
    answer: dict[str, Any] = {"department": department.id, "month": month}
    for kind in Kind:
        vdaf = vdaf_for(kind.value, default_layout(kind.value))
        chosen = decision.of(kind)
        shares: dict[str, tuple[int, list[int]]] = {}
        for team in teams:
            found = split.agg_share(db, team, kind.value, month)
            if found is not None:
                shares[team] = (found[0], vdaf.decode_agg_share(found[1]))
        devices = identities[kind]
        released = {t: _group(vdaf, devices, shares, (t,)) for t in sorted(chosen.teams)}
        whole = _group(vdaf, devices, shares, teams) if chosen.department else None
        answer[kind.value] = {"teams": released, "department": whole}
        for team in teams:
            shown = team in chosen.teams
            count = released[team]["devices"] if shown else None
            batch = RecordedBatch(department.id, kind, shown, count, None)
            records.add_release(db, month, team, False, batch)
        count = whole["devices"] if whole else None
        batch = RecordedBatch(department.id, kind, whole is not None, count, None)
        records.add_release(db, month, department.id, True, batch)
    answer[TOOLS] = helper_part(db, department, teams, month, identities, held_back)
    return answer


def _group(
    vdaf: Vdaf,
    devices: Mapping[str, set[object]],
    shares: Mapping[str, tuple[int, list[int]]],
    members: tuple[str, ...],
) -> dict[str, Any]:
    """What the helper hands out of a released group: its counts and aggregate share."""
    behind = set().union(*(devices.get(team, set()) for team in members))
    reports = sum(shares[team][0] for team in members if team in shares)
    total = vdaf.merge([shares[team][1] for team in members if team in shares])
    return {
        "devices": len(behind),
        "reports": reports,
        "agg_share": b64encode(vdaf.encode_agg_share(total)),
    }


def _summary(answer: Mapping[str, Any]) -> str:
    parts = []
    for kind in Kind:
        part = answer[kind.value]
        teams = ", ".join(part["teams"]) or "none"
        whole = "released" if part["department"] else "held"
        parts.append(f"{kind.value}: teams {teams}; department total {whole}")
    tools = answer.get(TOOLS)
    if tools:
        teams = ", ".join(tools["teams"]) or "none"
        whole = "released" if tools["department"] else "held"
        parts.append(f"{TOOLS}: teams {teams}; department total {whole}")
    return "released to the leader: " + "; ".join(parts)
