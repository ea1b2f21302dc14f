"""The person's local database (AGENT.md "Local data"): one SQLite file, theirs.

It holds activity spans (35 days), day and week figures (400 days), the
reminders shown, the engine's state and the outbox of contributions not yet
acknowledged. Instants are integer UTC seconds.

Opening follows the rules of ``contract.sqlite_files`` (damaged or newer files
refused untouched, WAL, a migrations registry); each tick is one
transaction, so a crash or ``kill -9`` loses at most the tick being written.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import sqlite_utils

from agent.core.days import DayFigures, day_figures
from agent.core.engine import EngineState
from agent.core.localdays import day_context
from agent.core.reminders import DisconnectReason, Reminder, ReminderKind, ReminderState
from agent.core.spans import Span
from agent.core.weeks import WeekFigures
from agent.participation import Mode
from agent.private import create_private, private_folder
from agent.store_schema import MIGRATIONS as MIGRATIONS
from contract.contribution import Kind, Values
from contract.policy.model import Policy
from contract.sqlite_files import DatabaseFileError, in_memory_database, open_database

DATABASE_NAME = "repit.db"
SPAN_RETENTION = timedelta(days=35)
FIGURE_RETENTION = timedelta(days=400)
DAY_SECONDS = 86400


ENGINE_STATE_VERSION = 1
"""The layout of the engine's stored state (``EngineState``'s fields); raise it
when they change, and read the older layouts in ``Store.engine_state``."""


class StoreError(DatabaseFileError):
    """The database cannot be used; the message says why and what to do."""


class Store:
    """Typed access to the local database.

    Callers that share one instance across threads hold one lock around its use.
    """

    def __init__(self, db: sqlite_utils.Database) -> None:
        self.db = db

    @classmethod
    def open(cls, path: Path) -> Store:
        """Open (creating if needed) and migrate the database at ``path``.

        The folder and every file in it are made private first (``agent.private``).
        """
        try:
            # Created 0600 before SQLite opens it: its -wal and -shm take its mode.
            private_folder(path.parent)
            create_private(path)
        except OSError as error:
            raise StoreError(
                f"{path}: cannot create the database ({error.strerror})",
                "cannot_create",
                {"path": path, "detail": error.strerror or error},
            ) from None
        try:
            return cls(open_database(path, MIGRATIONS, "Répit database"))
        except DatabaseFileError as error:
            raise StoreError(str(error), error.problem, error.values) from None

    @classmethod
    def in_memory(cls) -> Store:
        return cls(in_memory_database(MIGRATIONS))

    def close(self) -> None:
        self.db.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        with self.db.atomic():
            yield

    # -- settings --------------------------------------------------------

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str | None) -> None:
        with self.transaction():
            if value is None:
                self.db.execute("DELETE FROM settings WHERE key = ?", [key])
            else:
                self.db.table("settings").upsert({"key": key, "value": value}, pk="key")

    def mode(self) -> Mode | None:
        value = self.setting("mode")
        return None if value is None else Mode(value)

    def set_mode(self, mode: Mode) -> None:
        self.set_setting("mode", mode.value)

    # -- the tick ----------------------------------------------------------

    def save_tick(
        self,
        closed: Sequence[Span],
        current: Span | None,
        state: EngineState,
        reminders: Sequence[Reminder] = (),
    ) -> None:
        """Everything one tick learnt, in one transaction.

        Plain SQL: sqlite-utils' ``upsert`` reads the table's schema again at
        every call, which made up most of a tick's CPU."""
        with self.transaction():
            spans = [*closed, *([current] if current is not None else [])]
            self.db.conn.executemany(
                "INSERT INTO spans (start, end) VALUES (?, ?)"
                " ON CONFLICT (start) DO UPDATE SET end = excluded.end",
                [(s.start, s.end) for s in spans],
            )
            self.db.conn.execute(
                "INSERT INTO engine (id, state) VALUES (1, ?)"
                " ON CONFLICT (id) DO UPDATE SET state = excluded.state",
                [json.dumps(_versioned(state))],
            )
            self.db.conn.executemany(
                "INSERT INTO reminders (time, kind, reason) VALUES (?, ?, ?)",
                [
                    (r.time, r.kind.value, r.reason.value if r.reason is not None else None)
                    for r in reminders
                ],
            )

    def engine_state(self) -> EngineState | None:
        row = self.db.execute("SELECT state FROM engine WHERE id = 1").fetchone()
        if row is None:
            return None
        data: dict[str, Any] = json.loads(row[0])
        # A state written before it carried a version is version 1: same fields.
        version = data.pop("version", 1)
        if version != ENGINE_STATE_VERSION:
            raise StoreError(
                f"the database holds an engine state of version {version!r}; this agent"
                f" knows version {ENGINE_STATE_VERSION} only: a newer agent wrote it,"
                " install that one again (nothing was changed)",
                "newer_state",
                {"version": version, "known": ENGINE_STATE_VERSION},
            )
        reminders = ReminderState(**data.pop("reminders"))
        return EngineState(**data, reminders=reminders)

    # -- spans and reminders -----------------------------------------------

    def spans_around(self, start: int, end: int) -> list[Span]:
        """Spans touching ``[start, end)`` and one neighbour on each side, as ``neighbourhood``."""
        before = self.db.execute(
            "SELECT start, end FROM spans WHERE end < ? ORDER BY start DESC LIMIT 1", [start]
        ).fetchall()
        inside = self.db.execute(
            "SELECT start, end FROM spans WHERE end >= ? AND start < ? ORDER BY start", [start, end]
        ).fetchall()
        after = self.db.execute(
            "SELECT start, end FROM spans WHERE start >= ? ORDER BY start LIMIT 1", [end]
        ).fetchall()
        return [Span(s, e) for s, e in [*before, *inside, *after]]

    def first_span_start(self) -> int | None:
        row = self.db.execute("SELECT MIN(start) FROM spans").fetchone()
        return None if row is None or row[0] is None else int(row[0])

    def reminders_between(self, start: int, end: int) -> list[Reminder]:
        rows = self.db.execute(
            "SELECT time, kind, reason FROM reminders WHERE time >= ? AND time < ? ORDER BY time",
            [start, end],
        ).fetchall()
        return [
            Reminder(t, ReminderKind(k), DisconnectReason(r) if r is not None else None)
            for t, k, r in rows
        ]

    def add_snooze(self, time: int) -> None:
        with self.transaction():
            self.db.table("snoozes").insert({"time": time})

    def snoozes_between(self, start: int, end: int) -> int:
        row = self.db.execute(
            "SELECT COUNT(*) FROM snoozes WHERE time >= ? AND time < ?", [start, end]
        ).fetchone()
        return int(row[0])

    # -- figures -------------------------------------------------------------

    def save_day(self, figures: DayFigures, contribution: Values) -> None:
        """A completed day's figures and the contribution it would send."""
        with self.transaction():
            self.db.table("days").upsert(
                {
                    "date": figures.date,
                    "figures": json.dumps(dataclasses.asdict(figures)),
                    "contribution": json.dumps(contribution),
                },
                pk="date",
            )

    def save_week(self, monday: date, figures: WeekFigures, contribution: Values) -> None:
        """A completed week's figures and the contribution it would send."""
        with self.transaction():
            self.db.table("weeks").upsert(
                {
                    "week": figures.week,
                    "monday": monday.isoformat(),
                    "figures": json.dumps(dataclasses.asdict(figures)),
                    "contribution": json.dumps(contribution),
                },
                pk="week",
            )

    def contributions(self, since: date | None = None) -> list[tuple[Kind, str, Values]]:
        """Every stored day and week contribution since ``since``: (kind, period, values).

        The week that holds ``since`` is included (MEASURES.md §8: the joining
        week is reported, its days before joining counting as no activity).
        """
        start = (since or date.min).isoformat()
        days = self.db.execute(
            "SELECT date, contribution FROM days WHERE date >= ? ORDER BY date", [start]
        ).fetchall()
        # The Monday of the week holding ``since``: the weeks from it on.
        first_monday = (since - timedelta(days=since.weekday())) if since else date.min
        weeks = self.db.execute(
            "SELECT week, contribution FROM weeks WHERE monday >= ? ORDER BY monday",
            [first_monday.isoformat()],
        ).fetchall()
        return [
            *((Kind.DAY, period, json.loads(values)) for period, values in days),
            *((Kind.WEEK, period, json.loads(values)) for period, values in weeks),
        ]

    def days(self, since: date | None = None) -> list[DayFigures]:
        rows = self.db.execute(
            "SELECT figures FROM days WHERE date >= ? ORDER BY date",
            [(since or date.min).isoformat()],
        ).fetchall()
        return [DayFigures(**json.loads(row[0])) for row in rows]

    def weeks(self, since: date | None = None) -> list[WeekFigures]:
        rows = self.db.execute(
            "SELECT figures FROM weeks WHERE monday >= ? ORDER BY monday",
            [(since or date.min).isoformat()],
        ).fetchall()
        return [WeekFigures(**json.loads(row[0])) for row in rows]

    def last_day(self) -> date | None:
        row = self.db.execute("SELECT MAX(date) FROM days").fetchone()
        return None if row[0] is None else date.fromisoformat(row[0])

    # -- the outbox: contributions queued for the aggregator (agent.upload) ----

    def queue_contribution(
        self, identifier: str, kind: str, period: str, body: str, now: int
    ) -> bool:
        """Queue ``body`` unless its period is queued already; return whether it was.

        A period already in the outbox (pending, sent or refused) keeps its
        row and its id: a period is offered once, retried as itself.
        """
        inserted = self.db.execute(
            "INSERT OR IGNORE INTO outbox (id, kind, period, body, created, next_attempt)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [identifier, kind, period, body, now, now],
        ).rowcount
        return bool(inserted)

    def queued_periods(self) -> set[tuple[str, str]]:
        """``(kind, period)`` of every outbox row, whatever its status."""
        rows = self.db.execute("SELECT kind, period FROM outbox").fetchall()
        return {(kind, period) for kind, period in rows}

    def pending_reports(self) -> list[tuple[str, str, str]]:
        """``(kind, period, body)`` of the reports waiting to be sent, by kind and period."""
        rows = self.db.execute(
            "SELECT kind, period, body FROM outbox WHERE status = 'pending' ORDER BY kind, period"
        ).fetchall()
        return [(kind, period, body) for kind, period, body in rows]

    def refuse_unbuildable(self, kind: str, period: str, now: int) -> None:
        """Mark a period whose report cannot be built as refused: it is not offered again."""
        with self.transaction():
            self.db.execute(
                "INSERT OR IGNORE INTO outbox (id, kind, period, body, created, next_attempt,"
                " status) VALUES (?, ?, ?, '{}', ?, ?, 'refused')",
                [f"unbuildable-{kind}-{period}", kind, period, now, now],
            )

    def pending_bodies(self) -> list[str]:
        """The bodies waiting to be sent, by kind and period."""
        rows = self.db.execute(
            "SELECT body FROM outbox WHERE status = 'pending' ORDER BY kind, period"
        ).fetchall()
        return [row[0] for row in rows]

    def due_contributions(self, now: int) -> list[tuple[str, str, int]]:
        """``(id, body, attempts)`` of the pending contributions due by ``now``."""
        rows = self.db.execute(
            "SELECT id, body, attempts FROM outbox WHERE status = 'pending' AND next_attempt <= ?"
            " ORDER BY kind, period",
            [now],
        ).fetchall()
        return [(identifier, body, attempts) for identifier, body, attempts in rows]

    def settle_contribution(self, identifier: str, status: str) -> None:
        """Mark a contribution ``sent`` or ``refused``: it is not offered again."""
        with self.transaction():
            self.db.execute("UPDATE outbox SET status = ? WHERE id = ?", [status, identifier])

    def postpone_contribution(self, identifier: str, next_attempt: int) -> None:
        with self.transaction():
            self.db.execute(
                "UPDATE outbox SET attempts = attempts + 1, next_attempt = ? WHERE id = ?",
                [next_attempt, identifier],
            )

    def drop_pending_contributions(self) -> None:
        with self.transaction():
            self.db.execute("DELETE FROM outbox WHERE status = 'pending'")

    # -- housekeeping --------------------------------------------------------

    def purge(self, now: int, today: date) -> None:
        """Apply the retention of AGENT.md: spans and reminders 35 days, figures (and the
        contributions already sent or refused) 400 days."""
        fine_grained_limit = now - int(SPAN_RETENTION.total_seconds())
        figures_limit = (today - FIGURE_RETENTION).isoformat()
        with self.transaction():
            self.db.execute("DELETE FROM spans WHERE end < ?", [fine_grained_limit])
            self.db.execute("DELETE FROM reminders WHERE time < ?", [fine_grained_limit])
            self.db.execute("DELETE FROM snoozes WHERE time < ?", [fine_grained_limit])
            self.db.execute("DELETE FROM days WHERE date < ?", [figures_limit])
            self.db.execute("DELETE FROM weeks WHERE monday < ?", [figures_limit])
            self.db.execute("DELETE FROM tool_answers WHERE month < ?", [figures_limit[:7]])
            self.db.execute("DELETE FROM tool_proposals WHERE month < ?", [figures_limit[:7]])
            self.db.execute(
                "DELETE FROM outbox WHERE status != 'pending' AND created < ?",
                [now - int(FIGURE_RETENTION.total_seconds())],
            )

    def export(self) -> dict[str, list[dict[str, Any]]]:
        """Every table the person owns, as plain rows."""
        tables = (
            *("settings", "engine", "spans", "reminders", "snoozes", "days", "weeks", "outbox"),
            *("tool_answers", "tool_proposals"),
        )
        return {name: list(self.db[name].rows) for name in tables}


def _versioned(state: EngineState) -> dict[str, Any]:
    return {"version": ENGINE_STATE_VERSION, **dataclasses.asdict(state)}


def figures_of_day(store: Store, policy: Policy, day: date) -> DayFigures:
    """The figures of ``day`` from the spans kept (the current one as of the last tick)."""
    context = day_context(policy, day)
    return day_figures(context, store.spans_around(context.start, context.end), policy)


def forget(path: Path) -> list[Path]:
    """Delete the database and its journal files; return what was removed."""
    removed = []
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists():
            candidate.unlink()
            removed.append(candidate)
    return removed
