"""A small department fed over several months, and a server serving it: for the web tests."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from aggregator.app import Settings
from aggregator.storage import Storage
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock
from tests.aggregator.reports.conftest import READ_AT, busy_day, small_team_day
from tests.aggregator.reports.seed import enroll, send_month
from tests.aggregator.server import running

MONTHS = ("2025-10", "2025-11", "2025-12", "2026-01", "2026-02")
SIZES = {"team-a": 7, "team-b": 6, "team-c": 2}
"""Team C is held back (rule 1), and with it team B (complementary suppression)."""
QUIET_MONTH = "2025-12"
"""Team A sends nothing that month: the department (8 devices) is shown, every team held back."""


def feed_fleet(storage: Storage, policies: dict[str, Policy]) -> None:
    devices = {team: enroll(storage, team, count) for team, count in SIZES.items()}
    for month in MONTHS:
        for team, enrolled in devices.items():
            if team == "team-a" and month == QUIET_MONTH:
                continue
            send_month(
                storage,
                policies,
                enrolled,
                month,
                busy_day if team == "team-a" else small_team_day,
            )


@dataclass
class Served:
    url: str
    storage: Storage
    clock: Clock


@contextmanager
def served_fleet(policies: dict[str, Policy]) -> Iterator[Served]:
    storage = Storage.in_memory()
    feed_fleet(storage, policies)
    clock = Clock(READ_AT)
    settings = Settings(storage, policies, max_age_days=62, clock=clock)
    try:
        with running(settings) as url:
            yield Served(url, storage, clock)
    finally:
        storage.close()
