"""The tool answers and proposals kept in the person's database.

One row per tool and month (the primary key): a new answer in the same month
replaces the earlier one, so at most one answer per tool per month can ever
leave the machine. Proposals wait here until the leader acknowledges them; the
text stays afterwards, as the person's own record of what they wrote.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

import sqlite_utils

from agent.core.tool_answers import NOT_USED, Answer, Rating, ToolAnswer, Workload

if TYPE_CHECKING:
    from agent.store import Store

PROPOSAL_MAX_CHARACTERS = 1000  # TOOLS.md


def tool_tables(db: sqlite_utils.Database) -> None:
    """The agent store's migration ``0002_tool_answers``."""
    db.table("tool_answers").create(
        {"month": str, "tool": str, "satisfaction": int, "workload": str, "not_used": int},
        pk=("month", "tool"),
        not_null={"month", "tool", "not_used"},
    )
    db.table("tool_proposals").create(
        {"id": str, "month": str, "tool": str, "text": str, "status": str},
        pk="id",
        not_null={"month", "tool", "text", "status"},
    )


def save_answer(store: Store, answer: ToolAnswer) -> None:
    """Keep ``answer``, replacing any earlier one about the same tool this month."""
    given = answer.answer
    row = {
        "month": answer.month,
        "tool": answer.tool,
        "satisfaction": given.satisfaction if isinstance(given, Rating) else None,
        "workload": given.workload.value if isinstance(given, Rating) else None,
        "not_used": int(not isinstance(given, Rating)),
    }
    with store.transaction():
        store.db.table("tool_answers").upsert(row, pk=("month", "tool"))


def forget_answer(store: Store, month: str, tool: str) -> None:
    with store.transaction():
        store.db.execute("DELETE FROM tool_answers WHERE month = ? AND tool = ?", [month, tool])


def answers(store: Store, month: str | None = None) -> list[ToolAnswer]:
    """The answers kept, oldest month first; only ``month``'s when given."""
    query = "SELECT month, tool, satisfaction, workload, not_used FROM tool_answers"
    parameters: list[str] = []
    if month is not None:
        query += " WHERE month = ?"
        parameters.append(month)
    rows = store.db.execute(query + " ORDER BY month, tool", parameters).fetchall()
    return [ToolAnswer(row[0], row[1], _answer(row[2], row[3], row[4])) for row in rows]


def _answer(satisfaction: int | None, workload: str | None, not_used: int) -> Answer:
    if not_used or satisfaction is None or workload is None:
        return NOT_USED
    return Rating(int(satisfaction), Workload(workload))


def queue_proposal(store: Store, month: str, tool: str, text: str) -> str:
    """Keep a confirmed proposal until it is sent; return its local id."""
    if not 0 < len(text) <= PROPOSAL_MAX_CHARACTERS:
        raise ValueError(f"a proposal holds 1 to {PROPOSAL_MAX_CHARACTERS} characters")
    identifier = str(uuid.uuid4())
    with store.transaction():
        store.db.table("tool_proposals").insert(
            {"id": identifier, "month": month, "tool": tool, "text": text, "status": "pending"}
        )
    return identifier


def pending_proposals(store: Store) -> list[tuple[str, str, str, str]]:
    """(id, month, tool, text) of the proposals not yet acknowledged."""
    rows = store.db.execute(
        "SELECT id, month, tool, text FROM tool_proposals WHERE status = 'pending' ORDER BY rowid"
    ).fetchall()
    return [(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in rows]


def settle_proposal(store: Store, identifier: str, status: str) -> None:
    with store.transaction():
        store.db.execute("UPDATE tool_proposals SET status = ? WHERE id = ?", [status, identifier])


def sent_proposals(store: Store) -> list[tuple[str, str, str]]:
    """(month, tool, text) of what the person proposed, for their own report."""
    rows = store.db.execute(
        "SELECT month, tool, text FROM tool_proposals ORDER BY month, rowid"
    ).fetchall()
    return [(str(r[0]), str(r[1]), str(r[2])) for r in rows]
