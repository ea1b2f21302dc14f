"""Benchmark: bytes stored per device-month.

Simulates ``--devices`` devices over ``--months`` months with the fleet
simulator (real measuring core, real upload path, the simulator's own server
at a simulated time) into a fresh database, runs VACUUM, and prints the file
size divided by the device-months, with the share of each table (sums are
tiny; the per-device ``reports`` and ``idempotency`` rows that refuse a
second report are not).

    .venv/bin/python bench/storage_size.py [--devices 200] [--months 6] [--until 2026-11-01]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
from datetime import date
from pathlib import Path

from contract.policy.loader import bundled_policies_dir
from simulation.command import simulate_history


def table_sizes(db: Path) -> dict[str, int]:
    """Bytes of each table and index (SQLite's dbstat), when available."""
    connection = sqlite3.connect(db)
    try:
        rows = connection.execute("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name").fetchall()
    except sqlite3.DatabaseError:
        return {}
    finally:
        connection.close()
    return {str(name): int(size) for name, size in rows}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=200)
    parser.add_argument("--months", type=int, default=6)
    parser.add_argument("--until", default="2026-11-01", help="YYYY-MM-DD, not in the future")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="repit-storage-") as folder:
        db = Path(folder) / "aggregator.db"
        summary = simulate_history(
            db,
            bundled_policies_dir(),
            args.devices,
            args.months,
            date.fromisoformat(args.until),
            seed=1,
        )
        connection = sqlite3.connect(db)
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        connection.execute("VACUUM")
        connection.close()
        size = db.stat().st_size
        tables = table_sizes(db)
    device_months = summary.devices * args.months
    print(f"{summary.devices} devices x {args.months} months, {summary.sent} contributions")
    print(f"database after VACUUM: {size:,} bytes")
    print(f"bytes per device-month: {size / device_months:,.0f}")
    for name, bytes_ in sorted(tables.items(), key=lambda item: -item[1])[:8]:
        print(f"  {name:40s} {bytes_:>12,} bytes ({bytes_ / device_months:,.0f}/device-month)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
