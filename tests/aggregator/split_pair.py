"""Two real servers on loopback, a leader and a helper, each with its own database.

``pair`` starts the helper, then the leader pointing at it, both uvicorn in
threads of the test process over real HTTP, sharing one settable clock.
``Fleet`` enrolls devices at both (a code from each server, as SPLIT.md says),
builds their reports with ``contract.split.build_report`` (the agent's report
path) and uploads them to the leader.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from aggregator import auth
from aggregator.roles import HelperRole, LeaderRole, create_helper_key, read_helper_key
from aggregator.settings import Settings
from aggregator.storage import Storage, split
from contract.split.hpke import HpkeConfig
from contract.split.instances import default_layout
from contract.split.report import Report, build_report
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.server import running
from tests.waiting import wait_until

TOKEN = "a-leader-helper-token-of-the-test-pair-0123456789"


@dataclass
class Pair:
    leader_url: str
    helper_url: str
    leader: Settings
    helper: Settings
    clock: Clock
    folder: Path
    http: httpx.Client = field(default_factory=lambda: httpx.Client(timeout=30))

    def pending(self) -> int:
        with self.leader.storage.read() as db:
            return split.pending_count(db)

    def wait_aggregated(self) -> None:
        wait_until(lambda: self.pending() == 0, "the leader to aggregate every pending report")

    def wait_recorded(self, department: str, month: str) -> None:
        def recorded() -> bool:
            with self.leader.storage.read() as db:
                return (
                    db.execute(
                        "SELECT 1 FROM released_months WHERE department = ? AND month = ?",
                        [department, month],
                    ).fetchone()
                    is not None
                )

        wait_until(recorded, f"the leader to record {department} {month}")


@contextmanager
def pair(tmp_path: Path, clock: Clock, policies: Mapping[str, Any] | None = None) -> Iterator[Pair]:
    from contract.policy.loader import load_policy_folder

    policies = policies or load_policy_folder(write_policies(tmp_path / "policies"))
    key_file = tmp_path / "helper-key.json"
    create_helper_key(key_file)
    config, private_key = read_helper_key(key_file)
    helper = Settings(
        Storage.open(tmp_path / "helper.db"),
        policies,
        clock=clock,
        role=HelperRole(TOKEN, config, private_key),
    )
    with ExitStack() as stack:
        helper_url = stack.enter_context(running(helper))
        leader = Settings(
            Storage.open(tmp_path / "leader.db"),
            policies,
            clock=clock,
            role=LeaderRole(helper_url, TOKEN),
            aggregate_every_seconds=0.1,
        )
        leader_url = stack.enter_context(running(leader))
        found = Pair(leader_url, helper_url, leader, helper, clock, tmp_path)
        try:
            yield found
        finally:
            found.http.close()
            leader.storage.close()
            helper.storage.close()


@dataclass(frozen=True)
class Device:
    team: str
    leader_token: str
    helper_token: str
    hpke_config: HpkeConfig


def codes(settings: Settings, team: str, count: int) -> list[str]:
    return auth.new_enrollment_codes(settings.storage, team, count, date(2025, 1, 1))


def enroll(the_pair: Pair, team: str, *, helper_team: str | None = None) -> Device:
    """A device enrolled at both servers over HTTP, with a fresh code of each."""
    (leader_code,) = codes(the_pair.leader, team, 1)
    (helper_code,) = codes(the_pair.helper, helper_team or team, 1)
    at_leader = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/enroll", json={"code": leader_code}
    )
    assert at_leader.status_code == 201, at_leader.text
    answer = at_leader.json()
    assert answer["helper_url"] == the_pair.helper_url
    at_helper = the_pair.http.post(
        f"{answer['helper_url']}/api/v1/enroll", json={"code": helper_code}
    )
    assert at_helper.status_code == 201, at_helper.text
    return Device(
        team,
        answer["device_token"],
        at_helper.json()["device_token"],
        HpkeConfig.from_json(answer["hpke_config"]),
    )


def make_report(
    device: Device, kind: str, period: str, values: Mapping[str, int], team: str | None = None
) -> Report:
    return build_report(
        kind=kind,
        period=period,
        team=team or device.team,
        values=values,
        layout=default_layout(kind),
        hpke_config=device.hpke_config,
        helper_device_token=device.helper_token,
        report_id=uuid.uuid4(),
    )


def upload(the_pair: Pair, device: Device, report: Report) -> httpx.Response:
    return the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/reports",
        json=report.to_body(),
        headers={"Authorization": f"Bearer {device.leader_token}"},
    )


def helper_call(the_pair: Pair, path: str, body: object, token: str = TOKEN) -> httpx.Response:
    return the_pair.http.post(
        f"{the_pair.helper_url}{path}", json=body, headers={"Authorization": f"Bearer {token}"}
    )
