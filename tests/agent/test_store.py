"""The local database: migrations, one transaction per tick, refusal of damaged files."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from agent.core.engine import ActivityEngine
from agent.core.reminders import DisconnectReason, Reminder, ReminderKind
from agent.core.spans import Span
from agent.participation import Mode
from agent.store import ENGINE_STATE_VERSION, MIGRATIONS, Store, StoreError, forget
from contract.policy.model import Policy

DAY = 86400


@pytest.fixture
def store() -> Store:
    return Store.in_memory()


def test_a_new_database_is_migrated_and_in_wal_mode(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "repit.db")
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    assert [row["name"] for row in store.db.table("_migrations").rows] == [n for n, _ in MIGRATIONS]
    store.close()
    Store.open(tmp_path / "repit.db").close()  # reopening applies nothing twice


def test_a_damaged_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    content = b"this is not a database, but somebody's file " * 50
    path.write_bytes(content)
    with pytest.raises(StoreError, match=r"damaged or not a Répit database.*left untouched"):
        Store.open(path)
    assert path.read_bytes() == content
    assert not (tmp_path / "repit.db-wal").exists()


def test_a_truncated_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    store = Store.open(path)
    store.save_tick(
        [Span(n * 100, n * 100 + 50) for n in range(2000)], None, ActivityEngine(Policy()).state
    )
    store.close()
    content = path.read_bytes()[: len(path.read_bytes()) // 2]
    path.write_bytes(content)
    with pytest.raises(StoreError, match="damaged"):
        Store.open(path)
    assert path.read_bytes() == content


def test_a_database_from_a_newer_version_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    Store.open(path).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer Répit"):
        Store.open(path)
    assert path.read_bytes() == before


def test_a_tick_saves_spans_state_and_reminders_together(store: Store) -> None:
    engine = ActivityEngine(Policy())
    engine.input(1000)
    engine.input(1100)
    reminder = Reminder(1100, ReminderKind.DISCONNECT, DisconnectReason.EVENING)
    store.save_tick([], engine.current_span, engine.state, [reminder])
    engine.input(1200)
    store.save_tick([], engine.current_span, engine.state)
    assert store.spans_around(0, 2000) == [Span(1000, 1200)]  # the open span is updated in place
    assert store.engine_state() == engine.state
    assert store.reminders_between(0, 2000) == [reminder]


def test_a_failed_tick_leaves_nothing_half_written(store: Store) -> None:
    engine = ActivityEngine(Policy())
    engine.input(1000)
    store.save_tick([], engine.current_span, engine.state)
    bad = Reminder(1100, "not a kind", None)  # type: ignore[arg-type]
    engine.input(1100)
    with pytest.raises(AttributeError):
        store.save_tick([Span(1000, 1100)], None, engine.state, [bad])
    assert store.spans_around(0, 2000) == [Span(1000, 1000)]
    saved = store.engine_state()
    assert saved is not None and saved.span_end == 1000


def test_spans_around_includes_one_neighbour_each_side(store: Store) -> None:
    spans = [Span(10, 20), Span(30, 40), Span(100, 110), Span(200, 210), Span(300, 310)]
    store.save_tick(spans, None, ActivityEngine(Policy()).state)
    assert store.spans_around(100, 200) == [Span(30, 40), Span(100, 110), Span(200, 210)]


def test_purge_keeps_spans_35_days_and_figures_400_days(store: Store) -> None:
    now = 1000 * DAY
    store.save_tick(
        [Span(now - 36 * DAY, now - 36 * DAY + 60), Span(now - 34 * DAY, now - 34 * DAY + 60)],
        None,
        ActivityEngine(Policy()).state,
    )
    store.add_snooze(now - 40 * DAY)
    store.purge(now, date(2026, 3, 1))
    assert store.spans_around(0, now) == [Span(now - 34 * DAY, now - 34 * DAY + 60)]
    assert store.snoozes_between(0, now) == 0


def test_mode_is_unset_until_chosen(store: Store) -> None:
    assert store.mode() is None
    store.set_mode(Mode.SHARE)
    assert store.mode() is Mode.SHARE


def test_forget_removes_the_database_and_its_journals(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    store = Store.open(path)
    store.set_mode(Mode.REMINDERS)
    store.close()
    (tmp_path / "repit.db-wal").write_bytes(b"")
    removed = forget(path)
    assert path in removed
    assert list(tmp_path.iterdir()) == []


def test_the_engine_state_is_stored_with_its_version(store: Store) -> None:
    store.save_tick([], None, ActivityEngine(Policy()).state)
    (stored,) = store.db.execute("SELECT state FROM engine").fetchone()
    assert json.loads(stored)["version"] == ENGINE_STATE_VERSION


def test_an_engine_state_from_before_versions_is_read_as_version_1(store: Store) -> None:
    engine = ActivityEngine(Policy())
    engine.input(1000)
    state = dataclasses.asdict(engine.state)  # the layout written before versions
    store.db.table("engine").upsert({"id": 1, "state": json.dumps(state)}, pk="id")
    assert store.engine_state() == engine.state


def test_an_engine_state_of_an_unknown_version_is_refused_and_left_as_it_is(store: Store) -> None:
    future = json.dumps({"version": 99, "something": "new"})
    store.db.table("engine").upsert({"id": 1, "state": future}, pk="id")
    with pytest.raises(StoreError, match="engine state of version 99; this agent knows version 1"):
        store.engine_state()
    assert store.db.execute("SELECT state FROM engine").fetchone()[0] == future
