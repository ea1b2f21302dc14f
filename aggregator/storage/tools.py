"""Proposals, their flood counts and the tool deployment register (TOOLS.md).

A proposal is stored as ``{department, tool, month, text}`` and nothing else:
no device, no team, no time. The table has no rowid (``WITHOUT ROWID``, keyed
by a random id), so not even the order of arrival survives, and the count per
device and month that refuses floods lives in a table of its own with no link
to any proposal.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date

import sqlite_utils


def tool_tables(db: sqlite_utils.Database) -> None:
    """The aggregator's migration ``0006_tools``."""
    db.execute(
        "CREATE TABLE tool_proposals ("
        " id TEXT PRIMARY KEY, department TEXT NOT NULL, tool TEXT NOT NULL,"
        " month TEXT NOT NULL, text TEXT NOT NULL, answer TEXT"
        ") WITHOUT ROWID"
    )
    db.execute("CREATE INDEX tool_proposals_of ON tool_proposals (department, tool, month)")
    db.execute(
        "CREATE TABLE proposal_counts ("
        " device TEXT NOT NULL, month TEXT NOT NULL, count INTEGER NOT NULL,"
        " PRIMARY KEY (device, month)) WITHOUT ROWID"
    )
    db.table("tool_deployments").create(
        {"id": int, "tool": str, "grp": str, "date": str, "note": str},
        pk="id",
        not_null={"tool", "grp", "date", "note"},
    )


@dataclass(frozen=True)
class Proposal:
    id: str
    text: str
    answer: str | None


@dataclass(frozen=True)
class Deployment:
    id: int
    tool: str
    group: str
    date: date
    note: str


def count_proposal(db: sqlite_utils.Database, device: str, month: str, most: int) -> bool:
    """Count one more proposal of ``device`` in ``month``; False (and nothing counted) past
    ``most``."""
    found = db.execute(
        "SELECT count FROM proposal_counts WHERE device = ? AND month = ?", [device, month]
    ).fetchone()
    count = 0 if found is None else int(found[0])
    if count >= most:
        return False
    db.execute(
        "INSERT INTO proposal_counts (device, month, count) VALUES (?, ?, 1) "
        "ON CONFLICT (device, month) DO UPDATE SET count = count + 1",
        [device, month],
    )
    return True


def add_proposal(
    db: sqlite_utils.Database, department: str, tool: str, month: str, text: str
) -> None:
    db.execute(
        "INSERT INTO tool_proposals (id, department, tool, month, text) VALUES (?, ?, ?, ?, ?)",
        [secrets.token_hex(16), department, tool, month, text],
    )


def proposals(db: sqlite_utils.Database, department: str, tool: str, month: str) -> list[Proposal]:
    """The proposals of one department, tool and month, in random order (their random id's)."""
    rows = db.execute(
        "SELECT id, text, answer FROM tool_proposals"
        " WHERE department = ? AND tool = ? AND month = ? ORDER BY id",
        [department, tool, month],
    ).fetchall()
    return [Proposal(str(r[0]), str(r[1]), None if r[2] is None else str(r[2])) for r in rows]


def proposal_place(db: sqlite_utils.Database, identifier: str) -> tuple[str, str, str] | None:
    """(department, tool, month) of a proposal, or None."""
    row = db.execute(
        "SELECT department, tool, month FROM tool_proposals WHERE id = ?", [identifier]
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def answer_proposal(db: sqlite_utils.Database, identifier: str, answer: str) -> None:
    db.execute("UPDATE tool_proposals SET answer = ? WHERE id = ?", [answer, identifier])


def answered(db: sqlite_utils.Database, department: str) -> list[tuple[str, str, str, str]]:
    """(tool, month, text, answer) of the department's proposals taken into account."""
    rows = db.execute(
        "SELECT tool, month, text, answer FROM tool_proposals"
        " WHERE department = ? AND answer IS NOT NULL ORDER BY month DESC, id",
        [department],
    ).fetchall()
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def add_deployment(db: sqlite_utils.Database, tool: str, group: str, day: date, note: str) -> int:
    table = db.table("tool_deployments")
    table.insert({"tool": tool, "grp": group, "date": day.isoformat(), "note": note})
    return int(table.last_pk)  # type: ignore[arg-type]


def deployments(db: sqlite_utils.Database) -> list[Deployment]:
    rows = db.execute(
        "SELECT id, tool, grp, date, note FROM tool_deployments ORDER BY date, id"
    ).fetchall()
    return [_deployment(row) for row in rows]


def deployment(db: sqlite_utils.Database, identifier: int) -> Deployment | None:
    row = db.execute(
        "SELECT id, tool, grp, date, note FROM tool_deployments WHERE id = ?", [identifier]
    ).fetchone()
    return None if row is None else _deployment(row)


def _deployment(row: tuple[object, ...]) -> Deployment:
    return Deployment(
        int(str(row[0])), str(row[1]), str(row[2]), date.fromisoformat(str(row[3])), str(row[4])
    )
