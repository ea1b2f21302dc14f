"""The SQL of enrollment codes and devices, inside the caller's transaction or read.

``aggregator.auth`` decides (who may enroll, what revoking means); this
reads and writes. Codes and tokens are kept as their hashes only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import sqlite_utils


def add_codes(db: sqlite_utils.Database, team: str, hashes: Iterable[str], created: str) -> None:
    rows: list[dict[str, Any]] = [
        {"code_hash": code_hash, "team": team, "used": 0, "created": created}
        for code_hash in hashes
    ]
    db.table("enrollment_codes").insert_all(rows)


def spend_code(db: sqlite_utils.Database, code_hash: str) -> str | None:
    """Mark an unused code used and give its team; None for a used or unknown code.

    One UPDATE both checks and spends it, so two devices racing with one
    code cannot both enroll.
    """
    spent = db.execute(
        "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0", [code_hash]
    )
    if spent.rowcount != 1:
        return None
    (team,) = db.execute(
        "SELECT team FROM enrollment_codes WHERE code_hash = ?", [code_hash]
    ).fetchone()
    return str(team)


def identity_of(db: sqlite_utils.Database, token_hash: str) -> str | None:
    found = db.execute("SELECT identity FROM devices WHERE token_hash = ?", [token_hash]).fetchone()
    return None if found is None else str(found[0])


def forget_identity(db: sqlite_utils.Database, identity: str) -> None:
    db.execute("DELETE FROM devices WHERE identity = ?", [identity])


def add_device(
    db: sqlite_utils.Database,
    token_hash: str,
    team: str,
    enrolled: str,
    code_hash: str,
    identity: str,
) -> None:
    db.table("devices").insert(
        {
            "token_hash": token_hash,
            "team": team,
            "enrolled": enrolled,
            "code_hash": code_hash,
            "identity": identity,
        }
    )


def device_row(db: sqlite_utils.Database, token_hash: str) -> tuple[str, str, str] | None:
    """(token hash, team, identity) of the device holding this token."""
    row = db.execute(
        "SELECT token_hash, team, identity FROM devices WHERE token_hash = ?", [token_hash]
    ).fetchone()
    return None if row is None else (str(row[0]), str(row[1]), str(row[2]))


def remove_by_code(db: sqlite_utils.Database, code_hash: str) -> bool:
    return db.execute("DELETE FROM devices WHERE code_hash = ?", [code_hash]).rowcount > 0


def cancel_code(db: sqlite_utils.Database, code_hash: str) -> bool:
    cancelled = db.execute(
        "UPDATE enrollment_codes SET used = 1 WHERE code_hash = ? AND used = 0", [code_hash]
    )
    return cancelled.rowcount > 0


def code_known(db: sqlite_utils.Database, code_hash: str) -> bool:
    found = db.execute("SELECT 1 FROM enrollment_codes WHERE code_hash = ?", [code_hash])
    return found.fetchone() is not None


def remove_by_token(db: sqlite_utils.Database, token_hash: str) -> bool:
    return db.execute("DELETE FROM devices WHERE token_hash = ?", [token_hash]).rowcount > 0


def enrolled_devices(db: sqlite_utils.Database, team: str) -> int:
    """Devices enrolled in ``team`` by this server's own credentials."""
    return int(db.execute("SELECT count(*) FROM devices WHERE team = ?", [team]).fetchone()[0])


def codes_of(db: sqlite_utils.Database, team: str) -> tuple[int, int]:
    """(codes issued, codes used) for ``team``."""
    issued, used = db.execute(
        "SELECT count(*), coalesce(sum(used), 0) FROM enrollment_codes WHERE team = ?", [team]
    ).fetchone()
    return int(issued), int(used)
