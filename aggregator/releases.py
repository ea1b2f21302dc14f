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

import json
from collections.abc import Iterator, Mapping, Set
from datetime import date, datetime
from typing import Any

import sqlite_utils

from aggregator.groups import Groups
from aggregator.periods import local_today, parse_month
from aggregator.release import decide_month, release_date
from aggregator.storage import Storage, sums_table
from contract.contribution import FIELDS, Kind
from contract.policy.model import Policy


def is_due(month: str, department: Policy, now: datetime) -> bool:
    """Whether ``month`` of ``department`` has reached its release date (by its policy)."""
    today = local_today(now, department.timezone)
    return today >= release_date(month, department.privacy.release_delay_days)


def is_recorded(db: sqlite_utils.Database, department: str, month: str) -> bool:
    return (
        db.execute(
            "SELECT 1 FROM released_months WHERE department = ? AND month = ?", [department, month]
        ).fetchone()
        is not None
    )


def team_recorded(db: sqlite_utils.Database, team: str, month: str) -> bool:
    """Whether ``team``'s month is in a record (under whichever department)."""
    return (
        db.execute(
            "SELECT 1 FROM releases WHERE month = ? AND grp = ? AND is_department = 0 LIMIT 1",
            [month, team],
        ).fetchone()
        is not None
    )


def _batches(
    db: sqlite_utils.Database, kind: Kind, teams: tuple[str, ...], month: str
) -> dict[str, dict[str, int]]:
    """Each team's batch of ``kind``: ``devices`` and one sum per field."""
    if not teams:
        return {}
    marks = ", ".join("?" for _ in teams)
    rows = db.execute(
        f"SELECT * FROM {sums_table(kind)} WHERE month = ? AND team IN ({marks})",
        [month, *teams],
    )
    columns = [column[0] for column in rows.description]
    found: dict[str, dict[str, int]] = {}
    for row in rows.fetchall():
        record = dict(zip(columns, row, strict=True))
        found[str(record["team"])] = {
            "devices": int(record["devices"]),
            **{f.name: int(record[f.name]) for f in FIELDS[kind]},
        }
    return found


def record(db: sqlite_utils.Database, department: Policy, month: str) -> None:
    """Record the release of ``department``'s ``month`` (inside the caller's transaction)."""
    if is_recorded(db, department.id, month):
        return
    teams = tuple(team.id for team in department.teams if not team_recorded(db, team.id, month))
    batches = {kind: _batches(db, kind, teams, month) for kind in Kind}
    identities = _identities(db, teams, month, batches)
    devices: dict[Kind, Mapping[str, int | Set[object]]] = {
        kind: dict(identities[kind]) for kind in Kind
    }
    decision = decide_month(devices, teams, department.privacy.min_group_size)
    db.execute(
        "INSERT INTO released_months (department, month, release_date, min_group_size)"
        " VALUES (?, ?, ?, ?)",
        [
            department.id,
            month,
            release_date(month, department.privacy.release_delay_days).isoformat(),
            department.privacy.min_group_size,
        ],
    )

    def write(group: str, kind: Kind, shown: bool, members: tuple[str, ...]) -> None:
        names = [f.name for f in FIELDS[kind]]
        # Distinct devices: one that re-enrolled into a sibling team counts once.
        count = len(set().union(*(identities[kind].get(team, set()) for team in members)))
        sums = {name: sum(batches[kind].get(t, {}).get(name, 0) for t in members) for name in names}
        db.execute(
            "INSERT INTO releases (department, month, grp, kind, is_department, released,"
            " devices, sums) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                department.id,
                month,
                group,
                kind.value,
                int(group == department.id),
                int(shown),
                count if shown else None,
                json.dumps(sums) if shown else None,
            ],
        )

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
    if teams:
        marks = ", ".join("?" for _ in teams)
        rows = db.execute(
            "SELECT DISTINCT kind, team, device FROM reports"
            f" WHERE month = ? AND team IN ({marks})",
            [month, *teams],
        )
        for kind, team, device in rows.fetchall():
            found[Kind(kind)].setdefault(str(team), set()).add(str(device))
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
    with storage.transaction() as db:
        record(db, department, month)


def _months_with_batches(db: sqlite_utils.Database) -> list[str]:
    found: set[str] = set()
    for kind in Kind:
        found.update(
            str(row[0]) for row in db.execute(f"SELECT DISTINCT month FROM {sums_table(kind)}")
        )
    return sorted(found)


def finalise_due(storage: Storage, policies: Mapping[str, Policy], now: datetime) -> int:
    """Record every due month of every department that holds a batch; how many were recorded."""
    recorded = 0
    with storage.read() as db:
        months = _months_with_batches(db)
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


def _held() -> dict[str, Any]:
    return {"released": False}


def _batch_view(row: tuple[Any, ...]) -> dict[str, Any]:
    released, devices, sums = row
    if not released:
        return _held()
    return {"released": True, "devices": int(devices), "sums": json.loads(sums)}


def _recorded_rows(
    db: sqlite_utils.Database, group_id: str, month: str
) -> Iterator[tuple[str, str, tuple[Any, ...]]]:
    rows = db.execute(
        "SELECT department, kind, released, devices, sums FROM releases"
        " WHERE month = ? AND grp = ? ORDER BY is_department DESC, department",
        [month, group_id],
    ).fetchall()
    for department, kind, *rest in rows:
        yield str(department), str(kind), tuple(rest)


def released_stats(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> dict[str, Any]:
    """The statistics of a department or team for ``month``, as ``GET /api/v1/stats`` shows them.

    ``{"group", "month", "release_date", "day": B, "week": B}``, each ``B``
    ``{"released": True, "devices", "sums"}`` or ``{"released": False}``.
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
        rows = list(_recorded_rows(db, group_id, month))
        if rows:
            department = rows[0][0]
            by_kind = {kind: values for owner, kind, values in rows if owner == department}
            (date_text,) = db.execute(
                "SELECT release_date FROM released_months WHERE department = ? AND month = ?",
                [department, month],
            ).fetchone()
            return {
                "group": group_id,
                "month": month,
                "release_date": str(date_text),
                **{kind.value: _batch_view(by_kind[kind.value]) for kind in Kind},
            }
        if group is None:
            raise KeyError(group_id)
        # Not in any record: the month is not released yet, or the team joined
        # its department after the month was recorded (its batch is never shown).
        recorded = db.execute(
            "SELECT release_date FROM released_months WHERE department = ? AND month = ?",
            [group.department.id, month],
        ).fetchone()
    when: date = (
        date.fromisoformat(str(recorded[0]))
        if recorded
        else release_date(month, group.department.privacy.release_delay_days)
    )
    return {
        "group": group_id,
        "month": month,
        "release_date": when.isoformat(),
        "day": _held(),
        "week": _held(),
    }


def refuses_contributions(
    db: sqlite_utils.Database, team: str, department: Policy | None, month: str
) -> bool:
    """Whether ``team``'s ``month`` is closed by a record (its own, or its department's)."""
    if team_recorded(db, team, month):
        return True
    return department is not None and is_recorded(db, department.id, month)
