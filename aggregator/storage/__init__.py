"""A server's database (AGGREGATOR.md, SPLIT.md "What each server keeps"): one SQLite file.

Each of the leader and the helper has its own. It keeps, and only keeps:
enrollment codes (hashed), devices (a hash of their token, their team, the
day they enrolled, the hash of the code they enrolled with), which (kind,
period) each device has already reported (to refuse a second report) with
the idempotency ids; on the leader, each report's shares until it is
aggregated; on both, an aggregate share (never a sum) per (team, kind,
month) and the devices behind it; on the helper, its verdicts and
collections; the recorded releases; and the accounts, API tokens and web
sessions of the Prévention service. No file of one server holds anything
from which one report's values can be read without the other server's.

One module an idea: ``schema`` (the tables and their migrations),
``database`` (opening, the lock, transactions, the health probe),
``batches`` (a report's idempotency id and its (device, kind, period)
record), ``split`` (SPLIT.md: pending reports, aggregate shares,
contributors, the helper's verdicts, collections and audit log),
``devices`` (enrollment codes and devices), ``records`` (the final releases
of rule 4), ``audit`` (what ``repit-aggregator audit`` reads). The statements
on accounts, tokens and sessions are still in ``aggregator.accounts``.

Safety rules, as in the agent's store: a damaged file, a foreign one, or one
written by a newer Répit, is refused with a clear message and left exactly as
it was; WAL journal; migrations are an append-only registry applied by
sqlite-utils' ``Migrations``, recorded in ``_migrations`` and ``PRAGMA user_version``.

Durability: ``synchronous=FULL``, so a transaction is on disk (WAL synced)
before its commit returns, and a ``202`` is only answered after the commit:
a power cut loses at most requests not yet answered.

Sharing the file with a command (``enroll-code`` next to ``serve``): every
write transaction starts with ``BEGIN IMMEDIATE``, which takes the write lock
first and so waits under SQLite's busy timeout; a ``database is locked`` that
escapes it is retried for ``LOCK_PATIENCE`` seconds before it is reported.
"""

from aggregator.storage.database import (
    LOCK_PATIENCE,
    Storage,
    StorageError,
    Unusable,
    patiently,
    unusable_reason,
)
from aggregator.storage.schema import MIGRATIONS, sums_table

__all__ = [
    "LOCK_PATIENCE",
    "MIGRATIONS",
    "Storage",
    "StorageError",
    "Unusable",
    "patiently",
    "sums_table",
    "unusable_reason",
]
