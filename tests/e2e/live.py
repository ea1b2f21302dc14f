"""A real leader and helper on loopback for the end-to-end tests, restartable on the same ports.

Each server has its own database in the deployment's folder (SPLIT.md: two
parties, two sets of files); the helper's HPKE key is made once. Devices
enroll with a code from each server through the simulator, whose enrollment
path is the agent's own (``agent.enrollment.enroll``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

from aggregator import auth
from aggregator.app import Settings
from aggregator.roles import HelperRole, LeaderRole, create_helper_key, read_helper_key
from aggregator.storage import Storage, split
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
from tests.aggregator.split_pair import TOKEN
from tests.waiting import wait_until

AGGREGATE_EVERY_SECONDS = 0.1


@dataclass
class Deployment:
    """Two databases, their policies and clock, and loopback ports that outlive restarts."""

    folder: Path
    policies: dict[str, Policy]
    clock: Clock
    port: int = field(default_factory=free_port)
    helper_port: int = field(default_factory=free_port)
    transport: SharedTransport = field(default_factory=SharedTransport)

    def __post_init__(self) -> None:
        self.key_file = self.folder / "helper-key.json"
        if not self.key_file.exists():
            create_helper_key(self.key_file)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def helper_url(self) -> str:
        return f"http://127.0.0.1:{self.helper_port}"

    @property
    def db(self) -> Path:
        return self.folder / "leader.db"

    @property
    def helper_db(self) -> Path:
        return self.folder / "helper.db"

    def storage(self) -> Storage:
        return Storage.open(self.db)

    def helper_storage(self) -> Storage:
        return Storage.open(self.helper_db)

    @contextmanager
    def up(self, *, helper: bool = True) -> Iterator[httpx.Client]:
        """Both servers (the leader alone when ``helper`` is false) until the block ends."""
        with ExitStack() as stack:
            if helper:
                config, private_key = read_helper_key(self.key_file)
                helper_storage = self.helper_storage()
                stack.callback(helper_storage.close)
                helper_settings = Settings(
                    helper_storage,
                    self.policies,
                    max_age_days=62,
                    clock=self.clock,
                    role=HelperRole(TOKEN, config, private_key),
                )
                stack.enter_context(running(helper_settings, self.helper_port))
            storage = self.storage()
            stack.callback(storage.close)
            leader = Settings(
                storage,
                self.policies,
                max_age_days=62,
                clock=self.clock,
                role=LeaderRole(self.helper_url, TOKEN),
                aggregate_every_seconds=AGGREGATE_EVERY_SECONDS,
            )
            stack.enter_context(running(leader, self.port))
            yield stack.enter_context(httpx.Client(base_url=self.url))

    def pending(self) -> int:
        storage = self.storage()
        try:
            with storage.read() as db:
                return split.pending_count(db)
        finally:
            storage.close()

    def wait_aggregated(self) -> None:
        wait_until(lambda: self.pending() == 0, "the leader to aggregate every pending report")

    def wait_recorded(self, department: str, month: str) -> None:
        def recorded() -> bool:
            storage = self.storage()
            try:
                with storage.read() as db:
                    row = db.execute(
                        "SELECT 1 FROM released_months WHERE department = ? AND month = ?",
                        [department, month],
                    ).fetchone()
            finally:
                storage.close()
            return row is not None

        wait_until(recorded, f"the leader to record {department} {month}")

    def reader_token(self, name: str = "prevention") -> str:
        storage = self.storage()
        try:
            auth.create_account(storage, name, auth.Role.READER, date(2026, 1, 1))
            return auth.create_api_token(storage, name, date(2026, 1, 1))
        finally:
            storage.close()

    def codes(self, team: str, count: int, issued: date) -> list[tuple[str, str]]:
        """Enrollment codes of ``team``: one from each server, paired (leader, helper)."""
        found = []
        for open_storage in (self.storage, self.helper_storage):
            storage = open_storage()
            try:
                found.append(auth.new_enrollment_codes(storage, team, count, issued))
            finally:
                storage.close()
        leader, helper = found
        return list(zip(leader, helper, strict=True))

    def fleet(
        self, teams: dict[str, int], first_day: date, last_day: date, seed: int = 7
    ) -> list[SimulatedDevice]:
        """Simulated devices of ``teams``, run through the core, enrolled from ``first_day``."""
        config = FleetConfig(sum(teams.values()), first_day, last_day, seed, teams=teams)
        histories: list[DeviceHistory] = compute_histories(
            plan_fleet(self.policies, config), first_day, last_day
        )
        devices = [SimulatedDevice(history) for history in histories]
        codes: dict[str, Iterator[str]] = {
            team: iter(
                f"{leader}.{helper}" for leader, helper in self.codes(team, count, first_day)
            )
            for team, count in teams.items()
        }
        enroll_all(devices, self.url, codes, first_day, self.clock.now, self.transport)
        return devices
