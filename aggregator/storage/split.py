"""What split aggregation writes and reads (SPLIT.md), inside the caller's transaction or read.

The leader's pending reports, both servers' aggregate shares and
contributors, the helper's verdicts, final collections and audit log. The
decisions are made in ``aggregator.leader_ingest``, ``aggregator.aggregation``,
``aggregator.helper_verify`` and ``aggregator.collection``; this only writes
and reads.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from aggregator.storage.database import Storage, StorageError
from aggregator.storage.tool_sums import TOOLS
from contract.contribution import Kind
from contract.split.report import Report


class Role:
    LEADER = "leader"
    HELPER = "helper"


def role_of(db: sqlite_utils.Database) -> str | None:
    found = db.execute("SELECT role FROM server_role WHERE id = 1").fetchone()
    return None if found is None else str(found[0])


def set_role(db: sqlite_utils.Database, role: str) -> None:
    db.execute("INSERT INTO server_role (id, role) VALUES (1, ?)", [role])


class ClearSumsDatabase(StorageError):
    """A file from before split aggregation: no role may use it."""

    def __init__(self, path: Path | None) -> None:
        super().__init__(
            f"{path or 'the database'}: this database holds clear-text sums from"
            " before split aggregation (SPLIT.md); it cannot be used as a leader or a"
            " helper. Start with a new database file (--db)."
        )
        self.path = path


class OtherRoleDatabase(StorageError):
    """The other server's file: each server keeps its own."""

    def __init__(self, path: Path | None, found: str, role: str) -> None:
        super().__init__(
            f"{path or 'the database'}: this database is a {found}'s, not a {role}'s;"
            " each server keeps its own file."
        )
        self.path = path
        self.found = found
        self.role = role


def claim_role(storage: Storage, role: str) -> None:
    """Make the file ``role``'s, or refuse it with a clear message (``StorageError``).

    A file from before split aggregation (clear-text batch sums) is refused:
    no deployment exists to migrate, and its sums are what split aggregation
    exists to avoid keeping. On the leader, deleted rows are overwritten
    (``secure_delete``), so an aggregated report's shares leave no trace in free pages.
    """
    with storage.transaction() as db:
        if holds_clear_sums(db):
            raise ClearSumsDatabase(storage.path)
        found = role_of(db)
        if found is None:
            set_role(db, role)
        elif found != role:
            raise OtherRoleDatabase(storage.path, found, role)
    if role == Role.LEADER:
        with storage.read() as db:
            db.execute("PRAGMA secure_delete = ON")


def holds_clear_sums(db: sqlite_utils.Database) -> bool:
    """Whether the file holds clear-text batch sums, from before split aggregation."""
    return any(
        db.execute(f"SELECT 1 FROM sums_{kind.value} LIMIT 1").fetchone() is not None
        for kind in Kind
    )


# -- the leader's pending reports -------------------------------------------------------


@dataclass(frozen=True)
class Pending:
    report: Report
    device: str
    team: str
    month: str


def add_pending(db: sqlite_utils.Database, pending: Pending) -> None:
    report = pending.report
    db.execute(
        "INSERT INTO pending_reports (id, device, team, kind, period, month, public_share,"
        " leader_share, helper_share_encrypted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            str(report.id),
            pending.device,
            pending.team,
            report.kind,
            report.period,
            pending.month,
            report.public_share,
            report.leader_share,
            report.helper_share_encrypted,
        ],
    )


def pending_batch(db: sqlite_utils.Database, limit: int) -> list[Pending]:
    """The oldest ``limit`` pending reports, in the order they came."""
    rows = db.execute(
        "SELECT id, device, team, kind, period, month, public_share, leader_share,"
        " helper_share_encrypted FROM pending_reports ORDER BY rowid LIMIT ?",
        [limit],
    ).fetchall()
    return [
        Pending(
            Report(uuid.UUID(str(row[0])), str(row[3]), str(row[4]), row[6], row[7], row[8]),
            str(row[1]),
            str(row[2]),
            str(row[5]),
        )
        for row in rows
    ]


def pending_count(
    db: sqlite_utils.Database, teams: Sequence[str] | None = None, month: str = ""
) -> int:
    """How many reports wait (for ``teams``' ``month``, or all)."""
    if teams is None:
        return int(db.execute("SELECT count(*) FROM pending_reports").fetchone()[0])
    marks = ", ".join("?" for _ in teams) or "NULL"
    return int(
        db.execute(
            f"SELECT count(*) FROM pending_reports WHERE month = ? AND team IN ({marks})",
            [month, *teams],
        ).fetchone()[0]
    )


def remove_pending(db: sqlite_utils.Database, report_id: str) -> bool:
    """Delete a pending report; whether it was still there."""
    return db.execute("DELETE FROM pending_reports WHERE id = ?", [report_id]).rowcount == 1


# -- aggregate shares and contributors (both) --------------------------------------------


def agg_share(
    db: sqlite_utils.Database, team: str, kind: str, month: str
) -> tuple[int, bytes] | None:
    """(reports, encoded aggregate share) of a batch, or None when nothing was added."""
    found = db.execute(
        "SELECT reports, share FROM agg_shares WHERE team = ? AND kind = ? AND month = ?",
        [team, kind, month],
    ).fetchone()
    return None if found is None else (int(found[0]), bytes(found[1]))


def put_agg_share(
    db: sqlite_utils.Database, team: str, kind: str, month: str, reports: int, share: bytes
) -> None:
    db.execute(
        "INSERT INTO agg_shares (team, kind, month, reports, share) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (team, kind, month) DO UPDATE SET reports = excluded.reports,"
        " share = excluded.share",
        [team, kind, month, reports, share],
    )


def add_contributor(
    db: sqlite_utils.Database, kind: str, team: str, month: str, device: str
) -> None:
    db.execute(
        "INSERT OR IGNORE INTO contributors (kind, team, month, device) VALUES (?, ?, ?, ?)",
        [kind, team, month, device],
    )


def contributors(
    db: sqlite_utils.Database, teams: Sequence[str], month: str
) -> dict[Kind, dict[str, set[object]]]:
    """The distinct devices behind each team's batch of each kind."""
    found: dict[Kind, dict[str, set[object]]] = {kind: {} for kind in Kind}
    if not teams:
        return found
    marks = ", ".join("?" for _ in teams)
    rows = db.execute(
        f"SELECT kind, team, device FROM contributors WHERE month = ? AND team IN ({marks})",
        [month, *teams],
    ).fetchall()
    kinds = {kind.value: kind for kind in Kind}
    for kind, team, device in rows:
        if kind in kinds:  # the tools' own: ``kind_contributors``
            found[kinds[kind]].setdefault(str(team), set()).add(str(device))
    return found


def kind_contributors(
    db: sqlite_utils.Database, kind: str, teams: Sequence[str], month: str
) -> dict[str, set[object]]:
    """The distinct devices behind each team's batch of ``kind`` (``tools`` too)."""
    found: dict[str, set[object]] = {}
    if not teams:
        return found
    marks = ", ".join("?" for _ in teams)
    rows = db.execute(
        f"SELECT team, device FROM contributors WHERE kind = ? AND month = ? AND team IN ({marks})",
        [kind, month, *teams],
    ).fetchall()
    for team, device in rows:
        found.setdefault(str(team), set()).add(str(device))
    return found


def report_counts(
    db: sqlite_utils.Database, teams: Sequence[str], month: str
) -> dict[str, dict[str, int]]:
    """``{kind: {team: reports}}`` added into ``teams``' batches of ``month``, tools too."""
    found: dict[str, dict[str, int]] = {kind: {} for kind in (*(k.value for k in Kind), TOOLS)}
    if not teams:
        return found
    marks = ", ".join("?" for _ in teams)
    rows = db.execute(
        f"SELECT kind, team, reports FROM agg_shares WHERE month = ? AND team IN ({marks})",
        [month, *teams],
    ).fetchall()
    for kind, team, reports in rows:
        found.setdefault(str(kind), {})[str(team)] = int(reports)
    return found


def months_with_shares(db: sqlite_utils.Database) -> list[str]:
    rows = db.execute(
        "SELECT month FROM agg_shares UNION SELECT month FROM pending_reports ORDER BY month"
    ).fetchall()
    return [str(row[0]) for row in rows]


# -- the helper's verdicts --------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    report_id: str
    digest: str
    accepted: bool
    message: bytes
    reason: str


def verdict(db: sqlite_utils.Database, report_id: str) -> Verdict | None:
    found = db.execute(
        "SELECT digest, accepted, message, reason FROM verdicts WHERE id = ?", [report_id]
    ).fetchone()
    if found is None:
        return None
    return Verdict(
        report_id, str(found[0]), bool(found[1]), bytes(found[2] or b""), str(found[3] or "")
    )


def add_verdict(
    db: sqlite_utils.Database,
    found: Verdict,
    *,
    device: str | None,
    team: str,
    kind: str,
    period: str,
    month: str,
) -> None:
    db.execute(
        "INSERT INTO verdicts (id, device, team, kind, period, month, digest, accepted, message,"
        " reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            found.report_id,
            device,
            team,
            kind,
            period,
            month,
            found.digest,
            int(found.accepted),
            found.message,
            found.reason,
        ],
    )


def accepted_before(db: sqlite_utils.Database, device: str, kind: str, period: str) -> bool:
    """Whether ``device`` has a report of this kind and period counted already."""
    found = db.execute(
        "SELECT 1 FROM verdicts WHERE device = ? AND kind = ? AND period = ? AND accepted = 1",
        [device, kind, period],
    ).fetchone()
    return found is not None


# -- collections and the audit log --------------------------------------------------------


def collection(db: sqlite_utils.Database, department: str, month: str) -> str | None:
    found = db.execute(
        "SELECT answer FROM collections WHERE department = ? AND month = ?", [department, month]
    ).fetchone()
    return None if found is None else str(found[0])


def add_collection(
    db: sqlite_utils.Database, department: str, month: str, answer: str, at: str
) -> None:
    db.execute(
        "INSERT INTO collections (department, month, answer, recorded) VALUES (?, ?, ?, ?)",
        [department, month, answer, at],
    )


def log_event(db: sqlite_utils.Database, at: str, department: str, month: str, event: str) -> None:
    db.execute(
        "INSERT INTO audit_log (at, department, month, event) VALUES (?, ?, ?, ?)",
        [at, department, month, event],
    )


def audit_events(
    db: sqlite_utils.Database, month: str | None = None
) -> list[tuple[str, str, str, str]]:
    """(at, department, month, event) in order, of ``month`` or all."""
    if month is None:
        rows = db.execute("SELECT at, department, month, event FROM audit_log ORDER BY seq")
    else:
        rows = db.execute(
            "SELECT at, department, month, event FROM audit_log WHERE month = ? ORDER BY seq",
            [month],
        )
    return [(str(a), str(b), str(c), str(d)) for a, b, c, d in rows.fetchall()]
