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
from contract.split.errors import SplitError
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

    def settle(self) -> None:
        settle(self.leader, self.helper_url)

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
def pair(
    tmp_path: Path,
    clock: Clock,
    policies: Mapping[str, Any] | None = None,
    *,
    eager: bool = True,
) -> Iterator[Pair]:
    """The two servers; with ``eager`` False the leader aggregates only when ``settle``d."""
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
        stack.callback(helper.storage.close)  # last: after both servers stopped
        helper_url = stack.enter_context(running(helper))
        leader = Settings(
            Storage.open(tmp_path / "leader.db"),
            policies,
            clock=clock,
            role=LeaderRole(helper_url, TOKEN),
            aggregate_every_seconds=0.1 if eager else 3600.0,
            aggregate_on_upload=eager,
        )
        stack.callback(leader.storage.close)
        leader_url = stack.enter_context(running(leader))
        found = Pair(leader_url, helper_url, leader, helper, clock, tmp_path)
        stack.callback(found.http.close)
        yield found


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


def settle(the_pair_leader: Settings, helper_url: str) -> None:
    """Aggregate everything pending, then collect the due months, in the caller's thread.

    The leader's own thread does the same on its timer; passes may overlap
    safely (a report is added by the pass that deletes it), so a test can
    wait for nothing and read at once.
    """
    from aggregator.aggregation import aggregate_once
    from aggregator.collection import collect_due
    from aggregator.helper_client import HelperClient

    role = the_pair_leader.role
    assert isinstance(role, LeaderRole)
    client = HelperClient(helper_url, role.helper_token)
    try:
        while aggregate_once(the_pair_leader.storage, role, client).done:
            pass
        collect_due(
            the_pair_leader.storage, the_pair_leader.policies, client, the_pair_leader.clock()
        )
    finally:
        client.close()


@dataclass
class SplitDeployment:
    """A leader and a helper, each its own database, served again after each policy edit.

    The interface of a single server's tests: ``enroll`` gives a device's
    leader token, ``send`` uploads a split report made from clear values,
    ``stats`` settles (aggregates and collects) and reads as a reader.
    """

    leader_storage: Storage
    helper_storage: Storage
    clock: Clock
    folder: Path
    reader: str = ""
    client: httpx.Client | None = None
    devices: dict[str, Device] = field(default_factory=dict)
    settings: Settings | None = None
    helper_url: str = ""

    @property
    def storage(self) -> Storage:
        """The leader's database (what a single server's tests read)."""
        return self.leader_storage

    @contextmanager
    def serve(
        self,
        policies: Mapping[str, Any],
        finalise_every_seconds: float = 300.0,
        *,
        eager: bool = True,
    ) -> Iterator[httpx.Client]:
        """Both servers; with ``eager`` False the leader aggregates only when settled."""
        key_file = self.folder.parent / "helper-key.json"
        if not key_file.exists():
            create_helper_key(key_file)
        config, private_key = read_helper_key(key_file)
        helper = Settings(
            self.helper_storage,
            policies,
            clock=self.clock,
            role=HelperRole(TOKEN, config, private_key),
        )
        with running(helper) as helper_url:
            leader = Settings(
                self.leader_storage,
                policies,
                max_age_days=62,
                clock=self.clock,
                role=LeaderRole(helper_url, TOKEN),
                aggregate_every_seconds=finalise_every_seconds,
                aggregate_on_upload=eager,
            )
            with running(leader) as url, httpx.Client(base_url=url, timeout=30) as client:
                self.client, self.settings, self.helper_url = client, leader, helper_url
                yield client
        self.client = self.settings = None

    @property
    def http(self) -> httpx.Client:
        assert self.client is not None, "serve() first"
        return self.client

    def enroll(self, team: str, count: int) -> list[str]:
        tokens = []
        for _ in range(count):
            device = self.enroll_device(team)
            tokens.append(device.leader_token)
        return tokens

    def enroll_device(self, team: str, previous: Device | None = None) -> Device:
        """Enroll at both servers (again, with the current tokens, when ``previous``)."""
        (leader_code,) = auth.new_enrollment_codes(self.leader_storage, team, 1, date(2026, 1, 1))
        (helper_code,) = auth.new_enrollment_codes(self.helper_storage, team, 1, date(2026, 1, 1))
        tokens = (previous.leader_token, previous.helper_token) if previous else (None, None)
        leader = self.http.post(
            "/api/v1/enroll",
            json={"code": leader_code},
            headers={"Authorization": f"Bearer {tokens[0]}"} if tokens[0] else {},
        )
        assert leader.status_code == 201, leader.text
        answer = leader.json()
        helper = self.http.post(
            f"{answer['helper_url']}/api/v1/enroll",
            json={"code": helper_code},
            headers={"Authorization": f"Bearer {tokens[1]}"} if tokens[1] else {},
        )
        assert helper.status_code == 201, helper.text
        device = Device(
            team,
            answer["device_token"],
            helper.json()["device_token"],
            HpkeConfig.from_json(answer["hpke_config"]),
        )
        self.devices[device.leader_token] = device
        return device

    def reenroll(self, token: str, team: str) -> str:
        return self.enroll_device(team, self.devices[token]).leader_token

    def send(self, token: str, kind: Any, period: str, values: dict[str, int]) -> httpx.Response:
        """Upload a report of ``values``; a period no device would send is put in the body as is."""
        kind_text = str(getattr(kind, "value", kind))
        device = self.devices.get(token)
        if device is None:  # a token the leader does not know: any device's report
            known = next(iter(self.devices.values()))
            device = Device(known.team, token, known.helper_token, known.hpke_config)
        canonical = "2026-W47" if kind_text == "week" else "2026-11-23"
        try:
            body = make_report(device, kind_text, period, values).to_body()
        except SplitError:
            body = {**make_report(device, kind_text, canonical, values).to_body(), "period": period}
        return self.http.post(
            "/api/v1/reports", json=body, headers={"Authorization": f"Bearer {token}"}
        )

    def settle(self) -> None:
        assert self.settings is not None, "serve() first"
        settle(self.settings, self.helper_url)

    def stats(self, group: str, month: str = "2026-02") -> dict[str, Any]:
        self.settle()
        if not self.reader:
            auth.create_account(
                self.leader_storage, "prevention", auth.Role.READER, date(2026, 1, 1)
            )
            self.reader = auth.create_api_token(self.leader_storage, "prevention", date(2026, 1, 1))
        response = self.http.get(
            "/api/v1/stats",
            params={"group": group, "month": month},
            headers={"Authorization": f"Bearer {self.reader}"},
        )
        assert response.status_code == 200, response.text
        document: dict[str, Any] = response.json()
        return document
