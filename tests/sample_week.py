"""A small, readable sample week of activity, written as a trace file.

An ordinary Monday, a long Tuesday that runs into the evening, a short night
before an early Wednesday, and a bit of Saturday e-mail: enough to see every
kind of figure and reminder. Used by ``make demo`` and the CLI tests.

    python tests/sample_week.py OUT.csv
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
SESSIONS = (  # (day of March 2026, from, to)
    (2, "08:30", "10:30"),
    (2, "10:45", "12:15"),
    (2, "13:30", "17:45"),
    (3, "08:00", "12:30"),
    (3, "13:00", "19:30"),
    (3, "20:30", "23:10"),
    (4, "07:00", "12:00"),
    (4, "12:45", "16:30"),
    (7, "10:00", "10:40"),
)
INPUT_EVERY = timedelta(minutes=2)


def _at(day: int, clock: str) -> datetime:
    return datetime.fromisoformat(f"2026-03-{day:02d}T{clock}").replace(tzinfo=PARIS)


def sample_week_lines() -> Iterator[str]:
    yield "time,event"
    for day, start, end in SESSIONS:
        moment, stop = _at(day, start), _at(day, end)
        while moment <= stop:
            yield f"{moment.isoformat()},input"
            moment += INPUT_EVERY
        yield f"{(stop + timedelta(minutes=1)).isoformat()},lock"


def write_sample_week(path: Path) -> Path:
    path.write_text("\n".join(sample_week_lines()) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    write_sample_week(Path(sys.argv[1]))
