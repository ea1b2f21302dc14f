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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from aggregator.groups import Groups
from aggregator.helper_client import HelperClient, HelperRefused, HelperUnavailable
from aggregator.helper_release import held_back_by_headcount
from aggregator.release import MonthRelease, decide_month, release_date
from aggregator.releases import is_due
from aggregator.storage import Storage, records, split
from aggregator.storage.records import RecordedBatch, is_recorded, team_recorded
from aggregator.tool_batches import TOOLS
from aggregator.tool_collection import MalformedPart, leader_record
from contract.contribution import Kind
from contract.policy.model import Policy
from contract.split.codec import b64decode
from contract.split.errors import SplitError
from contract.split.instances import Vdaf, default_layout, vdaf_for
from contract.split.prep import unshard

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
        identities = split.contributors(db, teams, month)
        held_back = held_back_by_headcount(db, department)
    if not any(counts.values()):
        return False
    size = department.privacy.min_group_size
    decision = decide_month({k: dict(identities[k]) for k in Kind}, teams, size, held_back)
    answer = client.collect(department.id, month, counts)
    with storage.transaction() as db:
        if is_recorded(db, department.id, month):
            return False
        _record(db, department, month, teams, decision, identities, answer, now, held_back)
    return True


def _helper_group(
    answer: Mapping[str, Any], kind: Kind, team: str | None
) -> tuple[int, bytes] | None:
    """(reports, aggregate share) the helper released for a team (None: the department)."""
    part = answer.get(kind.value)
    if not isinstance(part, dict):
        raise HelperUnavailable(f"the helper's collection lacks `{kind.value}`")
    group = part.get("department") if team is None else (part.get("teams") or {}).get(team)
    if group is None:
        return None
    if not isinstance(group, dict) or not isinstance(group.get("reports"), int):
        raise HelperUnavailable("the helper's collection is malformed")
    try:
        return int(group["reports"]), b64decode(group.get("agg_share"), "agg_share", 100_000)
    except SplitError as error:
        raise HelperUnavailable(f"the helper's collection: {error}") from None


@dataclass(frozen=True)
class _Shares:
    """The leader's aggregate shares of one kind of a department's month."""

    department: str
    kind: Kind
    vdaf: Vdaf
    mine: Mapping[str, tuple[int, list[int]]]
    devices: Mapping[str, set[object]]

    def figures(self, members: tuple[str, ...], theirs: tuple[int, bytes] | None) -> RecordedBatch:
        """The group's record: its unsharded sums when the helper released it in step."""
        devices = len(set().union(*(self.devices.get(t, set()) for t in members)))
        reports = sum(self.mine[t][0] for t in members if t in self.mine)
        if theirs is None or theirs[0] != reports:
            return RecordedBatch(self.department, self.kind, False, None, None)
        merged = self.vdaf.merge([self.mine[t][1] for t in members if t in self.mine])
        sums = unshard(self.vdaf, self.vdaf.encode_agg_share(merged), theirs[1], reports)
        return RecordedBatch(self.department, self.kind, True, devices, sums)


def _record(
    db: sqlite_utils.Database,
    department: Policy,
    month: str,
    teams: tuple[str, ...],
    decision: MonthRelease,
    identities: Mapping[Kind, Mapping[str, set[object]]],
    answer: Mapping[str, Any],
    now: datetime,
    held_back: frozenset[str] = frozenset(),
) -> None:
    records.add_released_month(
        db,
        department.id,
        month,
        release_date(month, department.privacy.release_delay_days),
        department.privacy.min_group_size,
    )
    shown_groups: list[str] = []
    for kind in Kind:
        vdaf = vdaf_for(kind.value, default_layout(kind.value))
        chosen = decision.of(kind)
        mine: dict[str, tuple[int, list[int]]] = {}
        for team in teams:
            found = split.agg_share(db, team, kind.value, month)
            if found is not None:
                mine[team] = (found[0], vdaf.decode_agg_share(found[1]))

        shares = _Shares(department.id, kind, vdaf, mine, identities[kind])
        for team in teams:
            theirs = _helper_group(answer, kind, team) if team in chosen.teams else None
            batch = shares.figures((team,), theirs)
            records.add_release(db, month, team, False, batch)
            if batch.released:
                shown_groups.append(f"{kind.value} {team}")
        theirs = _helper_group(answer, kind, None) if chosen.department else None
        batch = shares.figures(teams, theirs)
        records.add_release(db, month, department.id, True, batch)
        if batch.released:
            shown_groups.append(f"{kind.value} {department.id}")
    try:
        shown_groups += leader_record(
            db, department, teams, month, identities, held_back, answer.get(TOOLS)
        )
    except MalformedPart as error:
        raise HelperUnavailable(str(error)) from None
    event = "released: " + (", ".join(shown_groups) or "nothing (every group held back)")
    split.log_event(db, now.isoformat(timespec="seconds"), department.id, month, event)
