"""The aggregator's tables, as an append-only registry of migrations (``MIGRATIONS``).

The batch sums live in one table per kind, ``sums_day`` and ``sums_week``: one
row per (team, month) batch, with ``devices`` (distinct devices that
contributed to the batch) and one integer column per field of the contribution
layout (``contract.contribution.FIELDS``), generated from it.
"""

from __future__ import annotations

import sqlite_utils

from aggregator.storage.tool_sums import tool_release_tables
from aggregator.storage.tools import tool_tables
from contract.contribution import FIELDS, Kind
from contract.sqlite_files import Migration


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


def _split_aggregation(db: sqlite_utils.Database) -> None:
    """SPLIT.md: reports held as shares, aggregate shares, and what each server must remember.

    Both roles share one schema; a table the role does not use stays empty.

    - ``server_role``: "leader" or "helper", set the first time a server runs
      on the file, so one file never serves both roles;
    - ``pending_reports`` (leader): a report until it is aggregated: its public
      share, leader share and sealed helper share, and who sent it for which
      batch; deleted in the transaction that adds it into its aggregate share;
    - ``agg_shares`` (both): one aggregate share per (team, kind, month) and
      the number of reports in it; never a sum;
    - ``contributors`` (both): which devices are behind a batch (rule 5's
      distinct count); no period, no value;
    - ``verdicts`` (helper): each report id it judged, its verdict and the
      verifier message, so a retried batch is answered the same and counted once;
    - ``collections`` (helper): its final answer for a department's month;
    - ``audit_log`` (helper and leader): every collection, for the operator.
    """
    db.execute(
        "CREATE TABLE server_role (id INTEGER PRIMARY KEY CHECK (id = 1), role TEXT NOT NULL)"
    )
    db.table("pending_reports").create(
        {
            "id": str,
            "device": str,
            "team": str,
            "kind": str,
            "period": str,
            "month": str,
            "public_share": bytes,
            "leader_share": bytes,
            "helper_share_encrypted": bytes,
        },
        pk="id",
        not_null={"device", "team", "kind", "period", "month"},
    )
    db.table("pending_reports").create_index(["month", "team"])
    db.table("agg_shares").create(
        {"team": str, "kind": str, "month": str, "reports": int, "share": bytes},
        pk=("team", "kind", "month"),
        not_null={"reports", "share"},
    )
    db.table("contributors").create(
        {"kind": str, "team": str, "month": str, "device": str},
        pk=("kind", "team", "month", "device"),
    )
    db.table("contributors").create_index(["month", "team"])
    db.table("verdicts").create(
        {
            "id": str,
            "device": str,
            "team": str,
            "kind": str,
            "period": str,
            "month": str,
            "digest": str,
            "accepted": int,
            "message": bytes,
            "reason": str,
        },
        pk="id",
        not_null={"digest", "accepted"},
    )
    db.table("verdicts").create_index(["device", "kind", "period"])
    db.table("verdicts").create_index(["month", "team", "kind"])
    db.table("collections").create(
        {"department": str, "month": str, "answer": str, "recorded": str},
        pk=("department", "month"),
        not_null={"answer", "recorded"},
    )
    db.execute(
        "CREATE TABLE audit_log (seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL,"
        " department TEXT NOT NULL, month TEXT NOT NULL, event TEXT NOT NULL)"
    )


MIGRATIONS: tuple[tuple[str, Migration], ...] = (
    ("0001_initial", _initial_schema),
    ("0002_account_administration", _accounts_an_administrator_runs),
    ("0003_final_releases", _final_releases),
    ("0004_device_identity", _device_identity),
    ("0005_heartbeat", _heartbeat),
    ("0006_split_aggregation", _split_aggregation),
    ("0007_tools", tool_tables),
    ("0008_tool_releases", tool_release_tables),
)
"""Append only: a migration that shipped is never edited or reordered."""


def add_layout_columns(db: sqlite_utils.Database) -> None:
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
