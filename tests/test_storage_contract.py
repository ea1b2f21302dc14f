"""The storage contract (``contract.sqlite_files``), kept alike by both storages.

The agent's ``Store`` and the aggregator's ``Storage`` each hold someone's only
copy of their figures; both refuse a damaged, newer or foreign file and leave
it untouched, write in WAL mode, record their migrations in sqlite-utils'
ledger and ``user_version``, and name a permission problem as such. A file
written before Répit used sqlite-utils' ``Migrations`` still opens.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pytest
import sqlite_utils

from agent import store
from aggregator import storage
from contract.sqlite_files import DatabaseFileError, Migrations
from tests.as_nobody import opened_as_nobody


class _Closable(Protocol):
    def close(self) -> None: ...


@dataclass(frozen=True)
class Side:
    name: str
    open: Callable[[Path], _Closable]
    migrations: Migrations
    what: str
    foreign_keys: bool
    """Whether the side opens its file with foreign keys on (the aggregator does)."""

    def __str__(self) -> str:
        return self.name


AGENT = Side("agent Store", store.Store.open, store.MIGRATIONS, "Répit database", False)
AGGREGATOR = Side(
    "aggregator Storage",
    storage.Storage.open,
    storage.MIGRATIONS,
    "Répit aggregator database",
    True,
)
SIDES = pytest.mark.parametrize("side", [AGENT, AGGREGATOR], ids=str)


def _made(path: Path, *statements: str) -> bytes:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()
    return path.read_bytes()


@SIDES
def test_a_new_file_is_in_wal_mode_with_its_migrations_recorded(side: Side, tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    side.open(path).close()
    side.open(path).close()  # reopening applies nothing twice
    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(side.migrations)
    ledger = list(db.query("SELECT migration_set, name FROM _migrations ORDER BY id"))
    assert ledger == [{"migration_set": "repit", "name": name} for name, _ in side.migrations]
    db.close()


@SIDES
def test_a_damaged_file_is_refused_and_left_untouched(side: Side, tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    content = b"not a database, but somebody's file " * 100
    path.write_bytes(content)
    with pytest.raises(DatabaseFileError, match=f"damaged or not a {side.what}.*left untouched"):
        side.open(path)
    assert path.read_bytes() == content
    assert sorted(p.name for p in tmp_path.iterdir()) == ["repit.db"]


@SIDES
def test_a_newer_file_is_refused_and_left_untouched(side: Side, tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    side.open(path).close()
    before = _made(path, f"PRAGMA user_version = {len(side.migrations) + 1}")
    with pytest.raises(DatabaseFileError, match=r"newer Répit.*left untouched"):
        side.open(path)
    assert path.read_bytes() == before


@SIDES
def test_a_foreign_file_is_refused_and_left_untouched(side: Side, tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    before = _made(
        path,
        "CREATE TABLE customers (name TEXT, email TEXT)",
        "INSERT INTO customers VALUES ('Ada', 'ada@example.org')",
    )
    with pytest.raises(DatabaseFileError, match=f"not a {side.what}.*left untouched"):
        side.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.db"]


@SIDES
def test_a_file_of_the_ledger_before_sqlite_utils_4_opens_with_its_data(
    side: Side, tmp_path: Path
) -> None:
    """Made as Répit made files before this version: its own one-column ledger."""
    path = tmp_path / "repit.db"
    connection = sqlite3.connect(path)
    if side.foreign_keys:
        connection.execute("PRAGMA foreign_keys=ON")
    db = sqlite_utils.Database(connection)
    for number, (name, migration) in enumerate(side.migrations, start=1):
        with db.atomic():
            migration(db)
            db.table("_migrations").insert({"name": name}, pk="name")
            db.execute(f"PRAGMA user_version = {number}")
    tables = {name: db.table(name).count for name in db.table_names() if name != "_migrations"}
    db.close()

    side.open(path).close()
    side.open(path).close()  # adopted once: the second opening finds the new ledger

    db = sqlite_utils.Database(path)
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(side.migrations)
    names = [row["name"] for row in db.query("SELECT name FROM _migrations ORDER BY id")]
    assert names == [name for name, _ in side.migrations]
    assert {name: db.table(name).count for name in tables} == tables
    assert set(db.table_names()) == {*tables, "_migrations"}
    db.close()


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to run the check as another user")
@SIDES
def test_a_permission_problem_is_named_as_such(side: Side, tmp_path: Path) -> None:
    """Opened by ``nobody``, who may not enter the folder (root may enter anything)."""
    folder = tmp_path / "private"
    folder.mkdir()
    side.open(folder / "repit.db").close()
    folder.chmod(0o700)
    tmp_path.chmod(0o755)
    message = opened_as_nobody(side.open, folder / "repit.db")
    # The agent says "cannot create the database (Permission denied)", the
    # aggregator "permission denied (...)": both name it, neither says "damaged".
    assert "permission denied" in message.lower(), message
    assert "damaged" not in message
