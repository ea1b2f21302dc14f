"""A real aggregator on loopback for the end-to-end tests, restartable on the same port."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from aggregator import auth
from aggregator.app import Settings
from aggregator.storage import Storage
from contract.policy.model import Policy
from simulation.activity import DeviceHistory
from simulation.fleet import FleetConfig, plan_fleet
from simulation.run import (
    SharedTransport,
    SimulatedDevice,
    compute_histories,
    enroll_all,
)
from tests.aggregator.conftest import Clock
from tests.aggregator.server import free_port, running


@dataclass
class Deployment:
    """A database, its policies and clock, and a loopback port that outlives restarts."""

    db: Path
    policies: dict[str, Policy]
    clock: Clock
    port: int = field(default_factory=free_port)
    transport: SharedTransport = field(default_factory=SharedTransport)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def storage(self) -> Storage:
        return Storage.open(self.db)

    @contextmanager
    def up(self) -> Iterator[httpx.Client]:
        storage = self.storage()
        settings = Settings(storage, self.policies, max_age_days=62, clock=self.clock)
        try:
            with running(settings, self.port), httpx.Client(base_url=self.url) as client:
                yield client
        finally:
            storage.close()

    def reader_token(self, name: str = "prevention") -> str:
        storage = self.storage()
        try:
            auth.create_account(storage, name, auth.Role.READER, date(2026, 1, 1))
            return auth.create_api_token(storage, name, date(2026, 1, 1))
        finally:
            storage.close()

    def fleet(
        self, teams: dict[str, int], first_day: date, last_day: date, seed: int = 7
    ) -> list[SimulatedDevice]:
        """Simulated devices of ``teams``, run through the core, enrolled from ``first_day``."""
        config = FleetConfig(sum(teams.values()), first_day, last_day, seed, teams=teams)
        histories: list[DeviceHistory] = compute_histories(
            plan_fleet(self.policies, config), first_day, last_day
        )
        devices = [SimulatedDevice(history) for history in histories]
        storage = self.storage()
        try:
            codes = {
                team: iter(auth.new_enrollment_codes(storage, team, count, first_day))
                for team, count in teams.items()
            }
        finally:
            storage.close()
        enroll_all(devices, self.url, codes, first_day, self.clock.now, self.transport)
        return devices
