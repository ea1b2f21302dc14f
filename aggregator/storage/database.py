"""The database file and the lock that serialises its use across the server's threads.

Opening follows ``contract.sqlite_files`` (damaged, foreign or newer files
refused and left untouched, WAL, migrations recorded); ``synchronous=FULL``.
An SQLite error that says the database cannot take writes (full disk,
read-only, busy) is named by ``unusable_reason``.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

import sqlite_utils

from aggregator.storage.schema import MIGRATIONS, add_layout_columns, sums_table
from contract.contribution import FIELDS, Kind
from contract.sqlite_files import (
    BUSY_TIMEOUT_MS,
    DatabaseFileError,
    in_memory_database,
    open_database,
)


class StorageError(DatabaseFileError):
    """The database cannot be used; the message says why and what to do."""


class UnusableDatabase(StorageError):
    """The file could not be opened for a reason ``unusable_reason`` names (full, read-only,
    busy), or for another SQLite error (``unusable`` None)."""

    def __init__(self, path: Path, unusable: Unusable | None, error: sqlite3.Error) -> None:
        super().__init__(f"{path}: {unusable or error}")
        self.path = path
        self.unusable = unusable


LOCK_PATIENCE = 30.0
"""Seconds a write waits, beyond SQLite's own busy timeout, for another process's lock."""
PROBE_PATIENCE = 0.05
"""Seconds ``/healthz`` waits for a lock another write holds before it counts the database busy."""
MIN_FREE_BYTES = 1024 * 1024
"""Below this much free space in the database's folder, ``/healthz`` says unhealthy."""

_T = TypeVar("_T")

# Primary result codes (sqlite3.h): the low byte of an extended code.
_SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL = 5, 6, 8, 10, 13


class Unusable(StrEnum):
    """Why the database cannot take writes now; the value is the API's wording."""

    FULL = "the server's disk is full"
    READ_ONLY = "the server's database is read-only"
    DISK = "the server's disk cannot be written"
    BUSY = "the server's database is busy"
    SILENT = "the database does not answer"


def unusable_reason(error: sqlite3.Error) -> Unusable | None:
    """What an SQLite error says of the database (full, read-only, busy...), or None for a bug."""
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return {
        _SQLITE_FULL: Unusable.FULL,
        _SQLITE_READONLY: Unusable.READ_ONLY,
        _SQLITE_IOERR: Unusable.DISK,
        _SQLITE_BUSY: Unusable.BUSY,
        _SQLITE_LOCKED: Unusable.BUSY,
    }.get(code)


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", 0) & 0xFF
    return code in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in str(error)


def patiently(action: Callable[[], _T], patience: float = LOCK_PATIENCE) -> _T:
    """``action()``, tried again while another process holds the lock, for ``patience`` seconds.

    Only for steps that change nothing when they fail (``BEGIN IMMEDIATE``,
    ``COMMIT``, which leaves the transaction open when the lock is refused).
    """
    give_up = time.monotonic() + patience
    pause = 0.01
    while True:
        try:
            return action()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or time.monotonic() > give_up:
                raise
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


class Storage:
    """The database and the lock that serialises its use across the server's threads.

    Every read and every transaction goes through ``read()`` or
    ``transaction()``; SQLite gives the atomicity, the lock keeps one
    connection safe to share.
    """

    def __init__(self, db: sqlite_utils.Database, path: Path | None = None) -> None:
        self.db = db
        self.path = path
        """The file (None in memory): its folder's free space is part of ``healthy()``."""
        self._lock = threading.RLock()
        self._beats = 0

    @classmethod
    def open(cls, path: Path) -> Storage:
        """Open (creating if needed) and migrate the database at ``path``."""
        try:
            db = open_database(
                path,
                MIGRATIONS,
                "Répit aggregator database",
                foreign_keys=True,
                synchronous="FULL",
            )
        except DatabaseFileError as error:
            raise StorageError(str(error), error.problem, error.values) from None
        except sqlite3.OperationalError as error:
            raise UnusableDatabase(path, unusable_reason(error), error) from None
        return cls._ready(db, path)

    @classmethod
    def in_memory(cls) -> Storage:
        return cls._ready(in_memory_database(MIGRATIONS, foreign_keys=True))

    @classmethod
    def _ready(cls, db: sqlite_utils.Database, path: Path | None = None) -> Storage:
        storage = cls(db, path)
        if any(f.name not in db.table(sums_table(k)).columns_dict for k in Kind for f in FIELDS[k]):
            with storage.transaction():
                add_layout_columns(db)
        return storage

    def close(self) -> None:
        with self._lock:
            self.db.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite_utils.Database]:
        """One transaction: everything inside is written, or nothing is."""
        with self._lock:
            connection = self.db.conn
            if connection.in_transaction:  # nested: a savepoint of the outer one
                with self.db.atomic():
                    yield self.db
                return
            patiently(lambda: connection.execute("BEGIN IMMEDIATE"))
            try:
                yield self.db
                patiently(lambda: connection.execute("COMMIT"))
            except BaseException:
                if connection.in_transaction:
                    connection.execute("ROLLBACK")
                raise

    @contextmanager
    def read(self) -> Iterator[sqlite_utils.Database]:
        with self._lock:
            yield self.db

    def problem(self) -> Unusable | None:
        """Why the database cannot take contributions now, or None when it can.

        Cheap enough for every ``/healthz``, and quick whatever else runs: one
        one-row write (a read-only or failing disk refuses it) and the free
        space of the folder (a write of one row can still fit in the journal's
        reused space on a full disk). A database busy with another write (a
        request, a command next to the server) is working: the probe then
        waits at most ``PROBE_PATIENCE`` and counts it healthy.
        """
        if self.path is not None:
            try:
                folder = os.statvfs(self.path.parent)
            except OSError:
                return Unusable.DISK
            if folder.f_bavail * folder.f_frsize < MIN_FREE_BYTES:
                return Unusable.FULL
        if not self._lock.acquire(timeout=PROBE_PATIENCE):
            return None  # a request of this server is writing
        try:
            return self._heartbeat()
        finally:
            self._lock.release()

    def _heartbeat(self) -> Unusable | None:
        self._beats += 1
        connection = self.db.conn
        connection.execute(f"PRAGMA busy_timeout = {int(PROBE_PATIENCE * 1000)}")
        try:
            connection.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as error:
            reason = unusable_reason(error)
            return None if reason is Unusable.BUSY else reason or Unusable.SILENT
        finally:
            connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        try:
            connection.execute(
                "INSERT INTO heartbeat (id, beat) VALUES (1, ?) "
                "ON CONFLICT (id) DO UPDATE SET beat = excluded.beat",
                [self._beats],
            )
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            reason = unusable_reason(error)
            return None if reason is Unusable.BUSY else reason or Unusable.SILENT
        return None

    def forget_journal(self) -> None:
        """Copy the journal into the file and empty it (``wal_checkpoint(TRUNCATE)``).

        The WAL keeps earlier versions of the pages it logged: after the leader
        deletes aggregated shares, this leaves them in no file. Best effort: a
        reader still holding an old snapshot delays it to the next call.
        """
        with self._lock:
            self.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def healthy(self) -> bool:
        """The database answers and takes writes."""
        return self.problem() is None
