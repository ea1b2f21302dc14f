"""Opening a Répit SQLite file safely: shared by the agent's store and the aggregator's.

A file is someone's only copy of their figures (or of a department's sums),
so opening follows three rules:
- a damaged file, or one written by a newer Répit, is refused with a clear
  message and left exactly as it was (checked read-only before anything);
- WAL journal, so a crash or ``kill -9`` loses at most the transaction being
  written and readers never block the writer;
- migrations are a registry, applied in order, each in its own transaction,
  recorded in ``_migrations`` and in ``PRAGMA user_version``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
Migrations = Sequence[tuple[str, Migration]]


class DatabaseFileError(Exception):
    """The file cannot be used; the message says why and what to do."""


def schema_version_of(path: Path, what: str) -> int:
    """The schema version recorded in an existing file, read without changing it."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise DatabaseFileError(_damaged(path, what, str(error))) from None
    if verdict != "ok":
        raise DatabaseFileError(_damaged(path, what, verdict))
    return int(version)


def open_database(
    path: Path, migrations: Migrations, what: str, *, foreign_keys: bool = False
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``what`` names the kind of database in messages ("Répit database").
    Raises ``DatabaseFileError``.
    """
    if path.exists() and path.stat().st_size > 0:
        version = schema_version_of(path, what)
        if version > len(migrations):
            raise DatabaseFileError(
                f"{path}: this database was written by a newer Répit (schema {version}, "
                f"this version knows {len(migrations)}). It was left untouched; "
                "update Répit to use it."
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, check_same_thread=False)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")
        if foreign_keys:
            connection.execute("PRAGMA foreign_keys=ON")
    except (OSError, sqlite3.DatabaseError) as error:
        raise DatabaseFileError(_damaged(path, what, str(error))) from None
    db = sqlite_utils.Database(connection)
    migrate(db, migrations)
    return db


def in_memory_database(
    migrations: Migrations, *, foreign_keys: bool = False
) -> sqlite_utils.Database:
    """A migrated in-memory database, for tests and simulations."""
    connection = sqlite3.connect(":memory:", check_same_thread=False)
    if foreign_keys:
        connection.execute("PRAGMA foreign_keys=ON")
    db = sqlite_utils.Database(connection)
    migrate(db, migrations)
    return db


def migrate(db: sqlite_utils.Database, migrations: Migrations) -> None:
    """Apply the migrations not yet recorded, in order, each in one transaction."""
    applied: set[str] = set()
    if db.table("_migrations").exists():
        applied = {row["name"] for row in db.table("_migrations").rows}
    for number, (name, migration) in enumerate(migrations, start=1):
        if name in applied:
            continue
        with db.atomic():
            migration(db)
            db.table("_migrations").insert({"name": name}, pk="name")
            db.execute(f"PRAGMA user_version = {number}")


def _damaged(path: Path, what: str, detail: str) -> str:
    return (
        f"{path}: the database is damaged or not a {what} ({detail}). "
        "It was left untouched; move it aside to start afresh, or restore a copy."
    )
