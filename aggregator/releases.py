"""Final releases (AGGREGATOR.md rule 4): a month's decision, recorded once, read ever after.

The first time a department's month reaches its release date (by the policy
of the day), ``finalise`` reads the batch sums of the department's teams,
has ``aggregator.release.decide_month`` judge them, and records in one
transaction, for the department and each of its teams and each kind, whether
the batch is shown and, if so, its device count and sums, with the team ->
department mapping used. From then on every read of that month reads the
record (``released_stats``): a later policy edit (a team moved, renamed or
removed, ``min_group_size`` or ``release_delay_days`` changed) cannot make a
second, different release of the same month for a reader to subtract from
the first. The new policy applies to the months not yet recorded.

A team's month is recorded under one department only: a team that moved
after its month was recorded under its old department is left out of its
new department's record of that month.

The finalisation runs at server start, on a timer, and before any read or
ingest that concerns a month, so no figure is ever shown from unrecorded data
after the release date, and no contribution reaches a recorded month.
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlite_utils

from aggregator.groups import Groups
from aggregator.periods import local_today, parse_month
from aggregator.release import decide_month, release_date
from aggregator.storage import Storage, records, split
from aggregator.storage.records import RecordedBatch, is_recorded, team_recorded
from contract.contribution import FIELDS, Kind
from contract.policy.model import Policy


def is_due(month: str, department: Policy, now: datetime) -> bool:
    """Whether ``month`` of ``department`` has reached its release date (by its policy)."""
    today = local_today(now, department.timezone)
    return today >= release_date(month, department.privacy.release_delay_days)


def record_released_month(db: sqlite_utils.Database, department: Policy, month: str) -> None:
    """Record that ``department``'s ``month`` is released, with the date and threshold applied."""
    records.add_released_month(
        db,
        department.id,
        month,
        release_date(month, department.privacy.release_delay_days),
        department.privacy.min_group_size,
    )


def record(db: sqlite_utils.Database, department: Policy, month: str) -> None:
    """Record the release of ``department``'s ``month`` (inside the caller's transaction)."""
    if is_recorded(db, department.id, month):
        return
    teams = tuple(team.id for team in department.teams if not team_recorded(db, team.id, month))
    batches = {kind: records.team_batches(db, kind, teams, month) for kind in Kind}
    identities = _identities(db, teams, month, batches)
    devices: dict[Kind, Mapping[str, int | Set[object]]] = {
        kind: dict(identities[kind]) for kind in Kind
    }
    decision = decide_month(devices, teams, department.privacy.min_group_size)
    record_released_month(db, department, month)

    def write(group: str, kind: Kind, shown: bool, members: tuple[str, ...]) -> None:
        names = [f.name for f in FIELDS[kind]]
        # Distinct devices: one that re-enrolled into a sibling team counts once.
        count = len(set().union(*(identities[kind].get(team, set()) for team in members)))
        sums = {name: sum(batches[kind].get(t, {}).get(name, 0) for t in members) for name in names}
        batch = RecordedBatch(department.id, kind, shown, count, sums)
        records.add_release(db, month, group, group == department.id, batch)

    for kind in Kind:
        chosen = decision.of(kind)
        write(department.id, kind, chosen.department, teams)
        for team in teams:
            write(team, kind, team in chosen.teams, (team,))


def _identities(
    db: sqlite_utils.Database,
    teams: tuple[str, ...],
    month: str,
    batches: Mapping[Kind, Mapping[str, Mapping[str, int]]],
) -> dict[Kind, dict[str, set[object]]]:
    """The distinct devices behind each team's batch of each kind (read, never stored).

    From the reports; a batch without any report row (sums written directly,
    as the benchmarks do) counts its ``devices`` as its own distinct ones.
    """
    found: dict[Kind, dict[str, set[object]]] = {kind: {} for kind in Kind}
    for kind, team, device in records.reporting_devices(db, teams, month):
        found[kind].setdefault(team, set()).add(device)
    for kind in Kind:
        for team, batch in batches[kind].items():
            if team not in found[kind]:
                found[kind][team] = {(team, n) for n in range(batch["devices"])}
    return found


def finalise(storage: Storage, department: Policy, month: str, now: datetime) -> None:
    """Record ``department``'s ``month`` if its release date has passed and it is not yet."""
    if not is_due(month, department, now):
        return
    with storage.read() as db:
        if is_recorded(db, department.id, month):
            return  # the common case of a read: no write transaction
        if split.role_of(db) is not None:
            return  # split aggregation: the leader's collection records (aggregator.collection)
    with storage.transaction() as db:
        record(db, department, month)


def finalise_due(storage: Storage, policies: Mapping[str, Policy], now: datetime) -> int:
    """Record every due month of every department that holds a batch; how many were recorded."""
    recorded = 0
    with storage.read() as db:
        if split.role_of(db) is not None:
            return 0  # split aggregation: the leader's collection records
        months = records.months_with_batches(db)
    for department in Groups(policies).departments.values():
        for month in months:
            if not is_due(month, department, now):
                continue
            with storage.transaction() as db:
                if not is_recorded(db, department.id, month):
                    record(db, department, month)
                    recorded += 1
    return recorded


# -- reading ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Batch:
    """One kind of a group's month as a reader sees it: held, or shown with its figures."""

    released: bool
    devices: int = 0
    """Distinct devices behind the figures (0 when held)."""
    sums: Mapping[str, int] | None = None
    """One sum per field, layout order (None when held)."""

    def as_json(self) -> dict[str, Any]:
        if not self.released:
            return {"released": False}
        return {"released": True, "devices": self.devices, "sums": dict(self.sums or {})}


HELD_BATCH = Batch(released=False)


@dataclass(frozen=True)
class GroupStats:
    """A department's or team's released statistics for a month (what every output reads)."""

    group: str
    month: str
    release_date: date
    day: Batch
    week: Batch

    def of(self, kind: Kind) -> Batch:
        return self.day if kind is Kind.DAY else self.week

    @property
    def shown(self) -> bool:
        """Whether it goes into the reports: both its batches released."""
        return self.day.released and self.week.released

    def as_json(self) -> dict[str, Any]:
        """As ``GET /api/v1/stats`` shows it."""
        return {
            "group": self.group,
            "month": self.month,
            "release_date": self.release_date.isoformat(),
            "day": self.day.as_json(),
            "week": self.week.as_json(),
        }


def _batch_view(recorded: RecordedBatch) -> Batch:
    if not recorded.released or recorded.devices is None or recorded.sums is None:
        return HELD_BATCH
    return Batch(released=True, devices=recorded.devices, sums=recorded.sums)


def group_stats(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> GroupStats:
    """The statistics of a department or team for ``month``, read from the record.

    A recorded month is read from its record, whatever the policies say now
    (a team removed since keeps its released months). Raises ``KeyError`` for
    a group neither in the policies nor in a record, ``PeriodError`` for a
    bad month. ``now`` is aware; the release date is the department's local one.
    """
    parse_month(month)
    group = Groups(policies).group(group_id)
    if group is not None:
        finalise(storage, group.department, month, now)
    with storage.read() as db:
        rows = records.recorded_batches(db, group_id, month)
        if rows:
            department = rows[0].department
            by_kind = {row.kind: row for row in rows if row.department == department}
            when = records.release_date_of(db, department, month)
            assert when is not None, "a recorded release has its month recorded"
            return GroupStats(
                group_id,
                month,
                when,
                _batch_view(by_kind[Kind.DAY]),
                _batch_view(by_kind[Kind.WEEK]),
            )
        if group is None:
            raise KeyError(group_id)
        # Not in any record: the month is not released yet, or the team joined
        # its department after the month was recorded (its batch is never shown).
        recorded = records.release_date_of(db, group.department.id, month)
    when = recorded or release_date(month, group.department.privacy.release_delay_days)
    return GroupStats(group_id, month, when, HELD_BATCH, HELD_BATCH)


def released_stats(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> dict[str, Any]:
    """``group_stats`` as ``GET /api/v1/stats`` shows it.

    ``{"group", "month", "release_date", "day": B, "week": B}``, each ``B``
    ``{"released": True, "devices", "sums"}`` or ``{"released": False}``.
    """
    return group_stats(storage, policies, group_id, month, now).as_json()


def refuses_contributions(
    db: sqlite_utils.Database, team: str, department: Policy | None, month: str
) -> bool:
    """Whether ``team``'s ``month`` is closed by a record (its own, or its department's)."""
    if team_recorded(db, team, month):
        return True
    return department is not None and is_recorded(db, department.id, month)
