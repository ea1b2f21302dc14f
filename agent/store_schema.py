"""The agent's database schema: its migrations, in order (sqlite-utils' registry)."""

from __future__ import annotations

import json

import sqlite_utils

from agent.tools.storage import tool_tables
from contract.sqlite_files import Migration

__all__ = ["MIGRATIONS"]


def _initial_schema(db: sqlite_utils.Database) -> None:
    db.table("settings").create({"key": str, "value": str}, pk="key")
    db.table("engine").create({"id": int, "state": str}, pk="id")
    db.table("spans").create({"start": int, "end": int}, pk="start")
    db.table("spans").create_index(["end"])
    db.table("reminders").create(
        {"time": int, "kind": str, "reason": str}, not_null={"time", "kind"}
    )
    db.table("reminders").create_index(["time"])
    db.table("snoozes").create({"time": int}, not_null={"time"})
    db.table("snoozes").create_index(["time"])
    db.table("days").create({"date": str, "figures": str, "contribution": str}, pk="date")
    db.table("weeks").create(
        {"week": str, "monday": str, "figures": str, "contribution": str}, pk="week"
    )
    db.table("outbox").create(
        {
            "id": str,
            "kind": str,
            "period": str,
            "body": str,
            "created": int,
            "attempts": int,
            "next_attempt": int,
            "status": str,
        },
        pk="id",
        defaults={"attempts": 0, "status": "pending"},
    )
    db.table("outbox").create_index(["kind", "period"], unique=True)


def _split_reports(db: sqlite_utils.Database) -> None:
    """Issue 13: the outbox holds schema-2 reports (SPLIT.md), and enrollment takes two servers.

    A clear contribution still waiting (schema 1) would now be refused by the
    leader: it is dropped, and its period queued again as a report. An
    enrollment at one server only cannot build reports: it is forgotten, and
    the device enrolls again with two codes. What was sent stays as it was.
    """
    db.execute(
        "DELETE FROM outbox WHERE status = 'pending'"
        " AND coalesce(json_extract(body, '$.schema'), 1) = 1"
    )
    row = db.execute("SELECT value FROM settings WHERE key = 'enrollment'").fetchone()
    if row is not None and not json.loads(row[0]).get("helper_token"):
        db.execute("DELETE FROM settings WHERE key IN ('enrollment', 'team')")


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_initial", _initial_schema),
    ("0002_split_reports", _split_reports),
    ("0003_tool_answers", tool_tables),
)
"""Append only: a migration that shipped is never edited or reordered."""
