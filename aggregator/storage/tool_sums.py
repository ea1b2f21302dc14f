"""What either server keeps of tools reports (TOOLS.md) beyond the shares of ``split``.

- ``tool_layouts``: the tool list each department's month was fixed with, at
  its first accepted tools report (``aggregator.tool_batches``);
- ``tool_releases``: per group of a released month, whether its tools answers
  are shown and, on the leader only, their device count and sums (JSON, the
  fixed list's layout order). A held-back group has no figure, ever.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

import sqlite_utils

TOOLS = "tools"
"""The kind of a month's tool answers, beside ``contract.contribution.Kind``."""


def tool_release_tables(db: sqlite_utils.Database) -> None:
    """The migration: fixed tool lists per department-month, and released tools groups."""
    db.table("tool_layouts").create(
        {"department": str, "month": str, "tools": str},
        pk=("department", "month"),
        not_null={"tools"},
    )
    db.table("tool_releases").create(
        {
            "group_id": str,
            "month": str,
            "department": str,
            "is_department": int,
            "released": int,
            "devices": int,
            "tools": str,
            "sums": str,
        },
        pk=("group_id", "month"),
        not_null={"department", "is_department", "released", "tools"},
    )


def fixed(db: sqlite_utils.Database, department: str, month: str) -> tuple[str, ...] | None:
    found = db.execute(
        "SELECT tools FROM tool_layouts WHERE department = ? AND month = ?", [department, month]
    ).fetchone()
    return None if found is None else tuple(str(tool) for tool in json.loads(found[0]))


def fix(db: sqlite_utils.Database, department: str, month: str, tools: Sequence[str]) -> None:
    """Fix ``tools`` as the list of ``department``'s ``month`` (the first one stays)."""
    db.execute(
        "INSERT OR IGNORE INTO tool_layouts (department, month, tools) VALUES (?, ?, ?)",
        [department, month, json.dumps(list(tools))],
    )


def add_release(
    db: sqlite_utils.Database,
    *,
    group: str,
    month: str,
    department: str,
    is_department: bool,
    tools: Sequence[str],
    devices: int | None,
    sums: Mapping[str, int] | None,
) -> None:
    """Record one group's tools release, once (rule 4: a release is final)."""
    db.execute(
        "INSERT OR IGNORE INTO tool_releases (group_id, month, department, is_department,"
        " released, devices, tools, sums) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            group,
            month,
            department,
            int(is_department),
            int(devices is not None),
            devices,
            json.dumps(list(tools)),
            None if sums is None else json.dumps(dict(sums)),
        ],
    )


def released_sums(
    db: sqlite_utils.Database, group: str, month: str
) -> tuple[int, dict[str, int]] | None:
    """(devices, sums) of a released group-month of tools answers; None when not shown."""
    found = db.execute(
        "SELECT released, devices, sums FROM tool_releases WHERE group_id = ? AND month = ?",
        [group, month],
    ).fetchone()
    if found is None or not found[0] or found[2] is None:
        return None
    return int(found[1]), {str(k): int(v) for k, v in json.loads(found[2]).items()}
