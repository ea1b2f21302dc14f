"""The aggregator's database (AGGREGATOR.md "What it keeps"): one SQLite file.

It keeps, and only keeps: enrollment codes (hashed), devices (a hash of their
token, their team, the day they enrolled, the hash of the code they enrolled
with), which (kind, period) each device has already reported (to refuse a
second report) with the idempotency ids, the per-(team, kind, month) batch
sums, and the accounts, API tokens and web sessions of the Prévention service.
A contribution's values are never stored on their own: they are added into
the batch sums in the transaction that records the report.

The batch sums live in one table per kind, ``sums_day`` and ``sums_week``: one
row per (team, month) batch, with ``devices`` (distinct devices that
contributed to the batch) and one integer column per field of the contribution
layout (``agent.core.contribution.FIELDS``), generated from it.

Safety rules, as in the agent's store: a damaged file, a foreign one, or one
written by a newer Répit, is refused with a clear message and left exactly as
it was; WAL journal; migrations are an append-only registry recorded in
``_migrations`` and ``PRAGMA user_version``.

Durability: ``synchronous=FULL``, so a transaction is on disk (WAL synced)
before its commit returns, and a ``202`` is only answered after the commit:
a power cut loses at most requests not yet answered.

Sharing the file with a command (``enroll-code`` next to ``serve``): every
write transaction starts with ``BEGIN IMMEDIATE``, which takes the write lock
first and so waits under SQLite's busy timeout; a ``database is locked`` that
escapes it is retried for ``LOCK_PATIENCE`` seconds before it is reported.
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

from contract.contribution import FIELDS, Kind
from contract.sqlite_files import (
    BUSY_TIMEOUT_MS,
    DatabaseFileError,
    Migration,
    in_memory_database,
    open_database,
)


class StorageError(DatabaseFileError):
    """The database cannot be used; the message says why and what to do."""


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


def sums_table(kind: Kind) -> str:
    """The table of the batch sums of ``kind``."""
    return f"sums_{kind.value}"


def _initial_schema(db: sqlite_utils.Database) -> None:
    db.table("enrollment_codes").create(
        {"code_hash": str, "team": str, "used": int, "created": str},
        pk="code_hash",
        not_null={"team", "used", "created"},
        defaults={"used": 0},
    )
    # No address, no user agent, no name: a device is its token's hash and its team.
    db.table("devices").create(
        {"token_hash": str, "team": str, "enrolled": str},
        pk="token_hash",
        not_null={"team", "enrolled"},
    )
    # ``month`` is derived from the period (the batch it went into); it is kept
    # so that "has this device already contributed to this batch" is one lookup.
    db.table("reports").create(
        {"device": str, "kind": str, "period": str, "month": str},
        pk=("device", "kind", "period"),
        not_null={"month"},
    )
    db.table("reports").create_index(["device", "kind", "month"])
    db.table("idempotency").create({"id": str}, pk="id")
    for kind in Kind:
        db.table(sums_table(kind)).create(
            {"team": str, "month": str, "devices": int, **{f.name: int for f in FIELDS[kind]}},
            pk=("team", "month"),
            not_null={"devices", *(f.name for f in FIELDS[kind])},
            defaults={"devices": 0, **{f.name: 0 for f in FIELDS[kind]}},
        )
    db.table("accounts").create(
        {"name": str, "password_hash": str, "role": str, "created": str},
        pk="name",
        not_null={"password_hash", "role", "created"},
    )
    db.table("api_tokens").create(
        {"token_hash": str, "account": str, "created": str},
        pk="token_hash",
        not_null={"account", "created"},
        foreign_keys=[("account", "accounts", "name")],
    )
    db.table("sessions").create(
        {"token_hash": str, "account": str, "csrf": str, "expires": int},
        pk="token_hash",
        not_null={"account", "csrf", "expires"},
        foreign_keys=[("account", "accounts", "name")],
    )


def _accounts_an_administrator_runs(db: sqlite_utils.Database) -> None:
    """A disabled account keeps its row (and cannot log in); a device knows its code's hash.

    The code's hash lets an administrator revoke a device by the code it
    enrolled with: it names the device no better than its token's hash does,
    and links it to no one.
    """
    db.table("accounts").add_column("disabled", int, not_null_default=0)
    db.table("devices").add_column("code_hash", str)
    db.table("devices").create_index(["code_hash"])


def _final_releases(db: sqlite_utils.Database) -> None:
    """Rule 4: the decision for a department's month, recorded once on its release date.

    ``released_months`` says which months of which department are recorded,
    with the release date and ``min_group_size`` they were decided under;
    ``releases`` holds, for each group of that month (the department and each
    of its teams, with the department it was recorded under) and each kind,
    whether the batch is shown and, when it is, its device count and sums
    (JSON, layout order). A held-back batch is recorded without any figure:
    it will never be shown.
    """
    db.table("released_months").create(
        {"department": str, "month": str, "release_date": str, "min_group_size": int},
        pk=("department", "month"),
        not_null={"release_date", "min_group_size"},
    )
    db.table("releases").create(
        {
            "department": str,
            "month": str,
            "grp": str,
            "kind": str,
            "is_department": int,
            "released": int,
            "devices": int,
            "sums": str,
        },
        pk=("department", "month", "grp", "kind"),
        not_null={"is_department", "released"},
    )
    db.table("releases").create_index(["month", "grp"])


def _device_identity(db: sqlite_utils.Database) -> None:
    """Rule 5: a device keeps one identity across re-enrolments.

    ``reports.device`` holds the device's identity: the hash of the token it
    first enrolled with. ``devices.identity`` says which identity a token
    stands for; re-enrolling moves the identity to the new token's row and
    deletes the old one, so the old token is dead and the device still counts
    once per batch. ``reports.team`` is the team a report went to: a device
    that re-enrolled into another team counts once in its department's total.
    """
    db.table("devices").add_column("identity", str)
    db.execute("UPDATE devices SET identity = token_hash WHERE identity IS NULL")
    db.table("devices").create_index(["identity"], unique=True)
    db.table("reports").add_column("team", str)
    db.execute(
        "UPDATE reports SET team = (SELECT team FROM devices WHERE identity = reports.device)"
    )
    db.table("reports").create_index(["month", "kind", "team"])


def _heartbeat(db: sqlite_utils.Database) -> None:
    """One row ``/healthz`` rewrites: proof that the database still takes writes."""
    db.execute("CREATE TABLE heartbeat (id INTEGER PRIMARY KEY CHECK (id = 1), beat INTEGER)")


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_initial", _initial_schema),
    ("0002_account_administration", _accounts_an_administrator_runs),
    ("0003_final_releases", _final_releases),
    ("0004_device_identity", _device_identity),
    ("0005_heartbeat", _heartbeat),
)
"""Append only: a migration that shipped is never edited or reordered."""


def _add_layout_columns(db: sqlite_utils.Database) -> None:
    """A field added to the layout after a database was created becomes a column (0 so far).

    The layout is append-only in practice (a removed or renamed field would be a
    new schema version of the contribution); this keeps the sums tables
    generated from it without a hand-written migration per field.
    """
    for kind in Kind:
        table = db.table(sums_table(kind))
        present = set(table.columns_dict)
        for field in FIELDS[kind]:
            if field.name not in present:
                table.add_column(field.name, int, not_null_default=0)


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
            raise StorageError(str(error)) from None
        except sqlite3.OperationalError as error:
            raise StorageError(f"{path}: {unusable_reason(error) or error}") from None
        return cls._ready(db, path)

    @classmethod
    def in_memory(cls) -> Storage:
        return cls._ready(in_memory_database(MIGRATIONS, foreign_keys=True))

    @classmethod
    def _ready(cls, db: sqlite_utils.Database, path: Path | None = None) -> Storage:
        storage = cls(db, path)
        if any(f.name not in db.table(sums_table(k)).columns_dict for k in Kind for f in FIELDS[k]):
            with storage.transaction():
                _add_layout_columns(db)
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

    def healthy(self) -> bool:
        """The database answers and takes writes."""
        return self.problem() is None
