"""What one contribution writes, inside the caller's transaction.

Its idempotency id, its (device, kind, period) report and its values added
into the (team, kind, month) sums: ``aggregator.ingest`` decides, this writes.
"""

from __future__ import annotations

from collections.abc import Mapping

import sqlite_utils

from aggregator.storage.schema import sums_table
from contract.contribution import FIELDS, Kind


def seen(db: sqlite_utils.Database, contribution_id: str) -> bool:
    """Whether a contribution with this idempotency id was accepted before."""
    found = db.execute("SELECT 1 FROM idempotency WHERE id = ?", [contribution_id]).fetchone()
    return found is not None


def reported(db: sqlite_utils.Database, device: str, kind: str, period: str) -> bool:
    """Whether ``device`` (its identity) already reported this kind (a ``Kind`` or
    ``tools``) and period."""
    found = db.execute(
        "SELECT 1 FROM reports WHERE device = ? AND kind = ? AND period = ?",
        [device, str(kind), period],
    ).fetchone()
    return found is not None


def in_batch(db: sqlite_utils.Database, device: str, kind: Kind, month: str) -> bool:
    """Whether ``device`` (its identity) already counts in a batch of this kind and month."""
    found = db.execute(
        "SELECT 1 FROM reports WHERE device = ? AND kind = ? AND month = ? LIMIT 1",
        [device, kind.value, month],
    ).fetchone()
    return found is not None


def add_report(
    db: sqlite_utils.Database,
    contribution_id: str,
    device: str,
    team: str,
    kind: str,
    period: str,
    month: str,
) -> None:
    """Record the contribution's idempotency id and its (device, kind, period) report."""
    db.execute("INSERT INTO idempotency (id) VALUES (?)", [contribution_id])
    db.execute(
        "INSERT INTO reports (device, kind, period, month, team) VALUES (?, ?, ?, ?, ?)",
        [device, str(kind), period, month, team],
    )


def add_to_batch(
    db: sqlite_utils.Database,
    kind: Kind,
    team: str,
    month: str,
    values: Mapping[str, int],
    new_device: bool,
) -> None:
    """Add ``values`` into the (team, kind, month) sums; count the device once per batch."""
    table = sums_table(kind)
    names = [f.name for f in FIELDS[kind]]
    db.execute(f"INSERT OR IGNORE INTO {table} (team, month) VALUES (?, ?)", [team, month])
    assignments = ", ".join(f'"{name}" = "{name}" + ?' for name in names)
    db.execute(
        f"UPDATE {table} SET devices = devices + ?, {assignments} WHERE team = ? AND month = ?",
        [int(new_device), *(values[name] for name in names), team, month],
    )
