"""Fixtures of the report tests: a database fed through the real ingest path."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from aggregator.storage import Storage
from contract.policy.model import Policy
from tests.aggregator.reports.seed import day_values, enroll, send_month

READ_AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
"""February 2026 is released (5 days after its end) and frozen."""
MONTH = "2026-02"


@pytest.fixture
def storage() -> Iterator[Storage]:
    opened = Storage.in_memory()
    yield opened
    opened.close()


def busy_day(index: int, day: str) -> dict[str, int]:
    """Team A: from 5 h 00 up, some after-hours, every other device without a 20-min break."""
    return day_values(
        300 + 45 * index,
        after_hours=(index % 3) * 25,
        night=index == 0,
        no_break=index % 2 == 0,
        breaks=3 + index % 4,
    )


def small_team_day(index: int, day: str) -> dict[str, int]:
    """The small teams: long evenings, so that any figure of theirs would stand out."""
    return day_values(
        9 * 60 + 17, after_hours=131, night=True, no_break=True, breaks=1, reminders_break=7
    )


def feed(storage: Storage, policies: dict[str, Policy], sizes: dict[str, int]) -> None:
    """``sizes[team]`` devices of each team send February 2026."""
    for team, count in sizes.items():
        devices = enroll(storage, team, count)
        maker = busy_day if team == "team-a" else small_team_day
        send_month(storage, policies, devices, MONTH, maker)
