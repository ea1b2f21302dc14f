"""The final releases of rule 4 (AGGREGATOR.md), and the batches they are decided on.

``released_months`` says which months of which department are recorded;
``releases`` holds each group's decision and, when shown, its figures.
``aggregator.releases`` decides what to record and when; this reads and
writes, inside the caller's transaction or read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date

import sqlite_utils

from aggregator.storage.schema import sums_table
from contract.contribution import FIELDS, Kind


@dataclass(frozen=True)
class RecordedBatch:
    """One group's recorded decision for one kind: shown (with its figures) or held."""

    department: str
    """The department the group's month was recorded under."""
    kind: Kind
    released: bool
    devices: int | None
    """Distinct devices behind the figures; None when held."""
    sums: Mapping[str, int] | None
    """One sum per field, layout order; None when held."""


def is_recorded(db: sqlite_utils.Database, department: str, month: str) -> bool:
    return release_date_of(db, department, month) is not None


def release_date_of(db: sqlite_utils.Database, department: str, month: str) -> date | None:
    """The release date ``department``'s ``month`` was recorded with, or None if not recorded."""
    found = db.execute(
        "SELECT release_date FROM released_months WHERE department = ? AND month = ?",
        [department, month],
    ).fetchone()
    return None if found is None else date.fromisoformat(str(found[0]))


def team_recorded(db: sqlite_utils.Database, team: str, month: str) -> bool:
    """Whether ``team``'s month is in a record (under whichever department)."""
    found = db.execute(
        "SELECT 1 FROM releases WHERE month = ? AND grp = ? AND is_department = 0 LIMIT 1",
        [month, team],
    ).fetchone()
    return found is not None


def team_batches(
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
        batch = dict(zip(columns, row, strict=True))
        found[str(batch["team"])] = {
            "devices": int(batch["devices"]),
            **{f.name: int(batch[f.name]) for f in FIELDS[kind]},
        }
    return found


def reporting_devices(
    db: sqlite_utils.Database, teams: tuple[str, ...], month: str
) -> Iterator[tuple[Kind, str, str]]:
    """(kind, team, device identity) of every device that reported into ``teams``' ``month``."""
    if not teams:
        return
    marks = ", ".join("?" for _ in teams)
    rows = db.execute(
        f"SELECT DISTINCT kind, team, device FROM reports WHERE month = ? AND team IN ({marks})",
        [month, *teams],
    )
    for kind, team, device in rows.fetchall():
        yield Kind(kind), str(team), str(device)


def months_with_batches(db: sqlite_utils.Database) -> list[str]:
    """Every month some batch holds, in order."""
    found: set[str] = set()
    for kind in Kind:
        found.update(
            str(row[0]) for row in db.execute(f"SELECT DISTINCT month FROM {sums_table(kind)}")
        )
    return sorted(found)


def add_released_month(
    db: sqlite_utils.Database, department: str, month: str, when: date, min_group_size: int
) -> None:
    db.execute(
        "INSERT INTO released_months (department, month, release_date, min_group_size)"
        " VALUES (?, ?, ?, ?)",
        [department, month, when.isoformat(), min_group_size],
    )


def add_release(
    db: sqlite_utils.Database,
    month: str,
    group: str,
    is_department: bool,
    batch: RecordedBatch,
) -> None:
    db.execute(
        "INSERT INTO releases (department, month, grp, kind, is_department, released,"
        " devices, sums) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch.department,
            month,
            group,
            batch.kind.value,
            int(is_department),
            int(batch.released),
            batch.devices if batch.released else None,
            json.dumps(dict(batch.sums)) if batch.released and batch.sums is not None else None,
        ],
    )


def recorded_batches(db: sqlite_utils.Database, group: str, month: str) -> list[RecordedBatch]:
    """``group``'s recorded batches of ``month``; a department's own row first."""
    rows = db.execute(
        "SELECT department, kind, released, devices, sums FROM releases"
        " WHERE month = ? AND grp = ? ORDER BY is_department DESC, department",
        [month, group],
    ).fetchall()
    return [
        RecordedBatch(
            department=str(department),
            kind=Kind(kind),
            released=bool(released),
            devices=int(devices) if released else None,
            sums=json.loads(sums) if released else None,
        )
        for department, kind, released, devices, sums in rows
    ]
