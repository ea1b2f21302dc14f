"""Faults (SPLIT.md "Aggregation and release"): kill -9 of either server at random points of
its batches, and a helper down for days; every report is counted once, on both servers.

The servers are real processes, killed with SIGKILL: forked from this one
(already importing the server), so that the many restarts cost little. The
leader aggregates small batches (25 reports) so that kills land inside them.
"""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from aggregator import auth
from aggregator.roles import HelperRole, LeaderRole, create_helper_key, read_helper_key
from aggregator.storage import Storage
from contract.split.hpke import HpkeConfig
from contract.split.instances import default_layout, vdaf_for
from contract.split.prep import unshard
from contract.split.report import Report, build_report
from tests.aggregator.conftest import write_policies
from tests.aggregator.reports.seed import day_values, week_values
from tests.aggregator.server import free_port
from tests.waiting import wait_until

SEED = 4242
KILLS = 30
TOKEN = "the-leader-helper-token-of-the-fault-tests-0123456789"
NOW = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # February complete, not released
DAYS = [date(2026, 2, day).isoformat() for day in range(1, 29)]
WEEKS = ["2026-W06", "2026-W07", "2026-W08", "2026-W09"]
DEVICES = 8

pytestmark = pytest.mark.slow


def _serve(role: str, folder: str, port: int, helper_url: str, clock_offset: float) -> None:
    """A child process: one server, its clock ``NOW`` plus ``clock_offset`` seconds."""
    import uvicorn

    from aggregator.app import create_app
    from aggregator.settings import Settings

    base = Path(folder)
    policies = _POLICIES[folder]  # loaded before the fork: a restart costs less
    now = NOW + timedelta(seconds=clock_offset)
    if role == "helper":
        config, key = read_helper_key(base / "helper-key.json")
        settings = Settings(
            Storage.open(base / "helper.db"),
            policies,
            clock=lambda: now,
            role=HelperRole(TOKEN, config, key),
        )
    else:
        settings = Settings(
            Storage.open(base / "leader.db"),
            policies,
            clock=lambda: now,
            role=LeaderRole(helper_url, TOKEN),
            aggregate_every_seconds=0.05,
            aggregate_batch_size=25,
            helper_retry_max_seconds=0.3,
        )
    uvicorn.run(create_app(settings), host="127.0.0.1", port=port, log_level="error")


_POLICIES: dict[str, Any] = {}


def _prepare(folder: Path) -> None:
    from contract.policy.loader import load_policy_folder

    write_policies(folder / "policies")
    create_helper_key(folder / "helper-key.json")
    _POLICIES[str(folder)] = load_policy_folder(folder / "policies")


@dataclass
class Cluster:
    folder: Path
    helper_port: int = field(default_factory=free_port)
    leader_port: int = field(default_factory=free_port)
    processes: dict[str, Any] = field(default_factory=dict)
    clock_offset: float = 0.0

    @property
    def helper_url(self) -> str:
        return f"http://127.0.0.1:{self.helper_port}"

    @property
    def leader_url(self) -> str:
        return f"http://127.0.0.1:{self.leader_port}"

    def start(self, role: str) -> None:
        context = multiprocessing.get_context("fork")
        port = self.helper_port if role == "helper" else self.leader_port
        process = context.Process(
            target=_serve,
            args=(role, str(self.folder), port, self.helper_url, self.clock_offset),
            daemon=True,
        )
        process.start()
        self.processes[role] = process
        url = self.helper_url if role == "helper" else self.leader_url

        def up() -> bool:
            assert process.is_alive(), f"the {role} died at start"
            try:
                return httpx.get(f"{url}/healthz", timeout=2).status_code == 200
            except httpx.HTTPError:
                return False

        wait_until(up, f"the {role} to answer", interval=0.01)

    def kill(self, role: str) -> None:
        process = self.processes.pop(role)
        os.kill(process.pid, signal.SIGKILL)
        process.join(10)

    def stop(self) -> None:
        for role in list(self.processes):
            self.kill(role)

    def read(self, role: str, query: str) -> list[tuple[Any, ...]]:
        storage = Storage.open(self.folder / f"{role}.db")
        try:
            with storage.read() as db:
                return [tuple(row) for row in db.execute(query).fetchall()]
        finally:
            storage.close()

    def pending(self) -> int:
        return int(self.read("leader", "SELECT count(*) FROM pending_reports")[0][0])


@dataclass
class Fleet:
    cluster: Cluster
    reports: list[tuple[str, Report, dict[str, int]]] = field(default_factory=list)
    accepted: dict[str, tuple[Report, dict[str, int]]] = field(default_factory=dict)

    def upload(self, count: int) -> None:
        """Upload the next ``count`` reports, retrying any the leader did not answer."""
        chunk, self.reports = self.reports[:count], self.reports[count:]
        with httpx.Client(timeout=10) as client:
            for token, report, values in chunk:
                answer = client.post(
                    f"{self.cluster.leader_url}/api/v1/reports",
                    json=report.to_body(),
                    headers={"Authorization": f"Bearer {token}"},
                )
                assert answer.status_code in (200, 202), answer.text
                self.accepted[str(report.id)] = (report, values)


def enroll_fleet(cluster: Cluster, rng: random.Random) -> Fleet:
    leader = Storage.open(cluster.folder / "leader.db")
    helper = Storage.open(cluster.folder / "helper.db")
    leader_codes = auth.new_enrollment_codes(leader, "team-a", DEVICES, date(2026, 1, 1))
    helper_codes = auth.new_enrollment_codes(helper, "team-a", DEVICES, date(2026, 1, 1))
    leader.close()
    helper.close()
    fleet = Fleet(cluster)
    with httpx.Client(timeout=10) as client:
        for leader_code, helper_code in zip(leader_codes, helper_codes, strict=True):
            at_leader = client.post(
                f"{cluster.leader_url}/api/v1/enroll", json={"code": leader_code}
            ).json()
            at_helper = client.post(
                f"{cluster.helper_url}/api/v1/enroll", json={"code": helper_code}
            ).json()
            config = HpkeConfig.from_json(at_leader["hpke_config"])
            sent: list[tuple[str, str, dict[str, int]]] = [
                ("day", day, day_values(rng.choice([0, 60, 300, 500]))) for day in DAYS
            ]
            sent += [("week", week, week_values(rng.randint(0, 3000))) for week in WEEKS]
            for kind, period, values in sent:
                report = build_report(
                    kind=kind,
                    period=period,
                    team="team-a",
                    values=values,
                    layout=default_layout(kind),
                    hpke_config=config,
                    helper_device_token=at_helper["device_token"],
                )
                fleet.reports.append((at_leader["device_token"], report, values))
    rng.shuffle(fleet.reports)
    return fleet


def check_exactly_once(cluster: Cluster, fleet: Fleet) -> None:
    """Both servers counted every accepted report once, and the sums are the devices' own."""
    wait_until(lambda: cluster.pending() == 0, "every report to be aggregated", timeout=120)
    query = "SELECT kind, reports, share FROM agg_shares WHERE team = 'team-a' ORDER BY kind"
    leader, helper = cluster.read("leader", query), cluster.read("helper", query)
    by_kind = Counter(report.kind for report, _ in fleet.accepted.values())
    assert (
        [(k, n) for k, n, _ in leader] == [(k, n) for k, n, _ in helper] == sorted(by_kind.items())
    )
    verdicts = cluster.read("helper", "SELECT count(*), sum(accepted) FROM verdicts")
    assert verdicts == [(len(fleet.accepted), len(fleet.accepted))]
    for (kind, reports, leader_share), (_, _, helper_share) in zip(leader, helper, strict=True):
        expected: Counter[str] = Counter()
        for report, values in fleet.accepted.values():
            if report.kind == kind:
                expected.update(values)
        vdaf = vdaf_for(kind, default_layout(kind))
        sums = unshard(vdaf, leader_share, helper_share, reports)
        assert sums == {name: expected[name] for name in sums}, f"seed {SEED}"


def kill_at_random(
    cluster: Cluster, fleet: Fleet, role: str, rng: random.Random, before: Callable[[], None]
) -> int:
    kills = 0
    while kills < KILLS:
        if cluster.pending() == 0:
            before()
        time.sleep(rng.uniform(0.01, 0.25))  # a random point of the batches under way
        cluster.kill(role)
        kills += 1
        cluster.start(role)
    return kills


def test_kill_9_of_either_server_during_batches_counts_every_report_once(tmp_path: Path) -> None:
    rng = random.Random(SEED)
    _prepare(tmp_path)
    cluster = Cluster(tmp_path)
    try:
        cluster.start("helper")
        cluster.start("leader")
        fleet = enroll_fleet(cluster, rng)
        chunk = len(fleet.reports) // 6
        fleet.upload(chunk)
        leader_kills = kill_at_random(cluster, fleet, "leader", rng, lambda: fleet.upload(chunk))
        fleet.upload(chunk)
        helper_kills = kill_at_random(cluster, fleet, "helper", rng, lambda: fleet.upload(chunk))
        check_exactly_once(cluster, fleet)
    finally:
        cluster.stop()
    assert leader_kills == helper_kills == KILLS


def test_a_helper_down_for_three_days_delays_and_loses_nothing(tmp_path: Path) -> None:
    rng = random.Random(SEED + 1)
    _prepare(tmp_path)
    cluster = Cluster(tmp_path)
    try:
        cluster.start("helper")
        cluster.start("leader")
        fleet = enroll_fleet(cluster, rng)
        cluster.kill("helper")
        fleet.upload(len(fleet.reports) // 2)
        waiting = cluster.pending()
        assert waiting == len(fleet.accepted)  # all of them wait at the leader
        # Three days later (both clocks), the helper comes back.
        cluster.kill("leader")
        cluster.clock_offset = timedelta(days=3).total_seconds()
        cluster.start("helper")
        cluster.start("leader")
        check_exactly_once(cluster, fleet)
    finally:
        cluster.stop()
