"""Opening a Répit SQLite file safely: shared by the agent's store and the aggregator's.

A file is someone's only copy of their figures (or of a department's sums),
so opening follows three rules:
- a damaged file, a valid SQLite file that is not this kind of Répit
  database, or one written by a newer Répit, is refused with a clear message
  and left exactly as it was (checked read-only before anything); a file or
  folder this user may not use is named as a permission problem, since
  moving it aside would not help;
- WAL journal, so a crash or ``kill -9`` loses at most the transaction being
  written and readers never block the writer;
- migrations are a registry, applied in order by sqlite-utils' own
  ``Migrations``, each in its own transaction, recorded in ``_migrations``
  (sqlite-utils' ledger, under the name Répit always used) and in
  ``PRAGMA user_version``.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import sqlite_utils

Migration = Callable[[sqlite_utils.Database], None]
Migrations = Sequence[tuple[str, Migration]]
"""A registry: (name, step) pairs in order; a step once released is never changed."""

LEDGER = "_migrations"
"""Where the applied migrations are recorded. sqlite-utils calls it
``_sqlite_migrations``; Répit's files have always had ``_migrations``, and
keeping the name keeps their tables (the foreign-file check) what they were."""
MIGRATION_SET = "repit"
"""The set's name in the ledger: one set a file, agent and aggregator files apart."""


class DatabaseFileError(Exception):
    """The file cannot be used; the message says why and what to do, in English.

    ``problem`` (``damaged``, ``foreign``, ``no_permission``, ``newer``) and
    ``values`` (``path``, ``detail``; ``version`` and ``known`` for ``newer``)
    let a program word it in the person's language.
    """

    def __init__(
        self, message: str, problem: str = "", values: Mapping[str, object] | None = None
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.values: Mapping[str, object] = dict(values or {})


BUSY_TIMEOUT_MS = 10_000
"""How long a statement waits for another process's lock before ``database is locked``."""


def schema_version_of(path: Path, what: str, migrations: Migrations = ()) -> int:
    """The schema version recorded in an existing file, read without changing it.

    With ``migrations`` (the registry), a valid SQLite file whose tables are
    not those the registry makes at its recorded version is refused as
    foreign: someone else's database, or the other side's Répit database.
    """
    _check_access(path, what)
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            (version,) = connection.execute("PRAGMA user_version").fetchone()
            (verdict,) = connection.execute("PRAGMA quick_check").fetchone()
            tables = {
                str(name)
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table'"
                )
            }
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        raise _damaged(path, what, str(error)) from None
    if verdict != "ok":
        raise _damaged(path, what, verdict)
    tables = {name for name in tables if not name.startswith("sqlite_")}
    if migrations and tables and not _ours(tables, migrations, int(version)):
        raise _foreign(path, what)
    return int(version)


def _ours(tables: set[str], migrations: Migrations, version: int) -> bool:
    """Whether ``tables`` can be the registry's at ``version``.

    A version past the registry's is taken for a newer Répit's (refused as
    such by the caller): what a newer schema holds cannot be known here.
    """
    return version > len(migrations) or tables == _tables_made_by(migrations[:version])


def _tables_made_by(migrations: Migrations) -> set[str]:
    """The tables a file has after ``migrations`` (made in memory: nothing else is touched)."""
    if not migrations:
        return set()
    db = in_memory_database(migrations)
    try:
        return {name for name in db.table_names() if not name.startswith("sqlite_")}
    finally:
        db.conn.close()


def _check_access(path: Path, what: str) -> None:
    """A file or folder this user may not read and write is said so (not "damaged")."""
    try:
        folder_ok = os.access(path.parent, os.R_OK | os.W_OK | os.X_OK)
        file_ok = not path.exists() or os.access(path, os.R_OK | os.W_OK)
    except OSError as error:
        raise _no_permission(path, what, str(error)) from None
    if not folder_ok or not file_ok:
        denied = path if not file_ok else path.parent
        raise _no_permission(path, what, f"{denied} is not readable and writable")


def open_database(
    path: Path,
    migrations: Migrations,
    what: str,
    *,
    foreign_keys: bool = False,
    synchronous: str = "NORMAL",
) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at ``path``.

    ``what`` names the kind of database in messages ("Répit database").
    ``synchronous``: "NORMAL" (a power cut may lose the last transactions, never
    corrupts) or "FULL" (a committed transaction survives a power cut).
    Raises ``DatabaseFileError``.
    """
    try:
        existing = path.exists() and path.stat().st_size > 0
    except PermissionError as error:
        raise _no_permission(path, what, str(error)) from None
    if existing:
        version = schema_version_of(path, what, migrations)
        if version > len(migrations):
            raise DatabaseFileError(
                f"{path}: this database was written by a newer Répit (schema {version}, "
                f"this version knows {len(migrations)}). It was left untouched; "
                "update Répit to use it.",
                "newer",
                {"path": path, "version": version, "known": len(migrations)},
            )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        _check_access(path, what)
        connection = sqlite3.connect(path, check_same_thread=False)
        connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute(f"PRAGMA synchronous={'FULL' if synchronous == 'FULL' else 'NORMAL'}")
        if foreign_keys:
            connection.execute("PRAGMA foreign_keys=ON")
    except PermissionError as error:
        raise _no_permission(path, what, str(error)) from None
    except (OSError, sqlite3.DatabaseError) as error:
        raise _damaged(path, what, str(error)) from None
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
    _adopt_ledger_before_sqlite_utils_4(db)
    registry(migrations).apply(db)


def registry(migrations: Migrations) -> sqlite_utils.Migrations:
    """``migrations`` as sqlite-utils' registry; each step also sets ``user_version``.

    ``user_version`` is what a file says of itself read-only (a newer Répit's
    is refused before anything is written): it is set inside the step's own
    transaction, so the ledger and the version never disagree.
    """
    chosen = sqlite_utils.Migrations(MIGRATION_SET)
    chosen.migrations_table = LEDGER
    for number, (name, step) in enumerate(migrations, start=1):
        chosen(name=name)(_numbered(step, number))
    return chosen


def _numbered(step: Migration, number: int) -> Migration:
    def numbered_step(db: sqlite_utils.Database) -> None:
        step(db)
        db.execute(f"PRAGMA user_version = {number}")

    return numbered_step


def _adopt_ledger_before_sqlite_utils_4(db: sqlite_utils.Database) -> None:
    """Give a file of the earlier ledger (one ``name`` column) sqlite-utils' columns.

    Répit wrote its own ledger before it used sqlite-utils' ``Migrations``:
    the same table name, only the migrations' names, in order. Its rows keep
    their order and get this set's name; when they were applied was not kept.
    """
    ledger = db.table(LEDGER)
    if not ledger.exists() or "migration_set" in ledger.columns_dict:
        return
    with db.atomic():
        names = [str(row[0]) for row in db.execute(f"SELECT name FROM {LEDGER} ORDER BY rowid")]
        db.execute(f"ALTER TABLE {LEDGER} RENAME TO {LEDGER}_before_sqlite_utils_4")
        chosen = sqlite_utils.Migrations(MIGRATION_SET)
        chosen.migrations_table = LEDGER
        chosen.ensure_migrations_table(db)
        db.table(LEDGER).insert_all(
            {"migration_set": MIGRATION_SET, "name": name, "applied_at": "unknown"}
            for name in names
        )
        db.execute(f"DROP TABLE {LEDGER}_before_sqlite_utils_4")


def _damaged(path: Path, what: str, detail: str) -> DatabaseFileError:
    return DatabaseFileError(
        f"{path}: the database is damaged or not a {what} ({detail}). "
        "It was left untouched; move it aside to start afresh, or restore a copy.",
        "damaged",
        {"path": path, "detail": detail},
    )


def _foreign(path: Path, what: str) -> DatabaseFileError:
    return DatabaseFileError(
        f"{path}: this SQLite file is not a {what} (its tables are someone else's). "
        "It was left untouched; give another file name.",
        "foreign",
        {"path": path},
    )


def _no_permission(path: Path, what: str, detail: str) -> DatabaseFileError:
    return DatabaseFileError(
        f"{path}: permission denied ({detail}): this user may not read and write the "
        f"{what} or its folder. Nothing was changed; fix the owner or the mode.",
        "no_permission",
        {"path": path, "detail": detail},
    )
