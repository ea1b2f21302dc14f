"""Group commit: concurrent writes share transactions, each stored whole or not at all."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
import sqlite_utils

from aggregator.group_commit import GroupCommit
from aggregator.storage import Storage

THREADS = 12
WRITES_PER_THREAD = 15
JOIN_SECONDS = 120.0
"""Generous: a machine ten times slower still finishes far within it."""


@pytest.fixture
def storage(tmp_path: Path) -> Storage:
    storage = Storage.open(tmp_path / "leader.db")
    with storage.transaction() as db:
        db.execute("CREATE TEMP TABLE written (n INTEGER PRIMARY KEY)")
    return storage


def stored(storage: Storage) -> set[int]:
    with storage.read() as db:
        return {int(row[0]) for row in db.execute("SELECT n FROM written").fetchall()}


def insert(n: int, fail: bool = False) -> object:
    def work(db: sqlite_utils.Database) -> int:
        db.execute("INSERT INTO written (n) VALUES (?)", [n])
        if fail:
            raise ValueError(f"write {n} refused")
        return n

    return work


def test_concurrent_writes_are_all_stored_and_each_failure_only_undoes_itself(
    storage: Storage,
) -> None:
    commits = GroupCommit(storage)
    answers: dict[int, object] = {}
    start = threading.Barrier(THREADS)

    def client(k: int) -> None:
        start.wait()
        for i in range(WRITES_PER_THREAD):
            n = k * WRITES_PER_THREAD + i
            try:
                answers[n] = commits.run(insert(n, fail=n % 7 == 3))  # type: ignore[arg-type]
            except ValueError as error:
                answers[n] = str(error)

    threads = [threading.Thread(target=client, args=(k,)) for k in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_SECONDS)
        assert not thread.is_alive(), "a write never returned"
    everything = range(THREADS * WRITES_PER_THREAD)
    assert answers == {n: f"write {n} refused" if n % 7 == 3 else n for n in everything}
    assert stored(storage) == {n for n in everything if n % 7 != 3}


def test_a_write_returns_only_once_committed(storage: Storage) -> None:
    """What ``run`` wrote is read by another connection as soon as it returned."""
    commits = GroupCommit(storage)

    def beat(db: sqlite_utils.Database) -> int:
        return db.execute("INSERT INTO heartbeat (id, beat) VALUES (1, 42)").rowcount

    assert commits.run(beat) == 1
    assert storage.path is not None
    other = Storage.open(storage.path)
    try:
        with other.read() as db:
            assert db.execute("SELECT beat FROM heartbeat WHERE id = 1").fetchall() == [(42,)]
    finally:
        other.close()
