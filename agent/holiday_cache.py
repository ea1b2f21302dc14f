"""The public holidays the agent computed, kept for its next start (``public-holidays.json``).

``agent.core.localdays`` asks the ``holidays`` package once per year and
place; importing it loads every country it knows (some 19 MiB), so the
running agent starts from the dates it computed before and imports the
package only for a year it has not seen. The dates are trusted only from the
same version of the package (its folder and ``version.py``, by size and
modification time: no import); a cache that does not read back is ignored.
"""

from __future__ import annotations

import json
import logging
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Final

from agent.core.localdays import HolidayYear, know_public_holidays, known_public_holidays
from agent.private import write_private

log = logging.getLogger("repit.agent")

CACHE_NAME: Final = "public-holidays.json"
FORMAT: Final = 1


def load_known_holidays(data_dir: Path) -> int:
    """Gives ``localdays`` the years kept in ``data_dir``; returns how many."""
    try:
        kept = json.loads((data_dir / CACHE_NAME).read_text(encoding="utf-8"))
        if kept.get("format") != FORMAT or kept.get("package") != _package_fingerprint():
            return 0
        years: dict[HolidayYear, frozenset[date]] = {
            (str(country), str(subdivision), int(year)): frozenset(map(date.fromisoformat, days))
            for country, subdivision, year, days in kept["years"]
        }
    except (OSError, ValueError, KeyError, TypeError):
        return 0  # none yet, or unreadable: computed again when needed
    know_public_holidays(years)
    return len(years)


def keep_known_holidays(data_dir: Path) -> None:
    """Writes every year known so far, when there are more than the file holds."""
    years = known_public_holidays()
    path = data_dir / CACHE_NAME
    document = {
        "format": FORMAT,
        "package": _package_fingerprint(),
        "years": [
            [country, subdivision, year, sorted(day.isoformat() for day in days)]
            for (country, subdivision, year), days in sorted(years.items())
        ],
    }
    text = json.dumps(document)
    try:
        if path.exists() and path.read_text(encoding="utf-8") == text:
            return
        write_private(path, text)
    except OSError as error:  # a read-only folder: computed again at the next start
        log.info("public holidays not kept for the next start: %s", error)


def _package_fingerprint() -> str:
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return ""
    version = Path(spec.origin).parent / "version.py"
    status = version.stat()
    return f"{version.parent}:{status.st_size}:{status.st_mtime_ns}"
