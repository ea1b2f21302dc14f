"""The helper rotates its HPKE key while reports sealed to the old one are on their way.

Two real servers on loopback; the helper is stopped and started again on the
same port and database, as its operator would restart it after
``helper-key rotate`` and ``helper-key retire``. Real agent stores enroll,
build and send with the agent's own code (``agent.enrollment``,
``agent.upload``, ``agent.helper_config``). Reports built before the
rotation and sent after it are verified and counted once; an agent that
refreshes the helper's configuration seals its next reports to the new key
(the leader hands that key to new enrollments too); once the old key is
retired, a report still sealed to it is refused and counted nowhere; the
released sums are exactly the accepted reports' values.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import httpx
import pytest

from agent.commands import set_participation
from agent.enrollment import enroll, enrollment
from agent.helper_config import refresh_helper_config
from agent.participation import Mode
from agent.store import Store
from agent.upload import fill_outbox, pending, send_due
from aggregator import auth, driver
from aggregator.credentials import Role
from aggregator.helper_keys import create_key_file, retire_key, rotate_key_file
from aggregator.roles import HelperRole, LeaderRole, read_helper_keys
from aggregator.settings import Settings
from aggregator.storage import Storage, split
from contract.contribution import FIELDS, Kind
from contract.policy.loader import load_policy_folder
from contract.policy.model import Policy
from contract.split.codec import b64decode
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.reports.seed import day_values
from tests.aggregator.server import free_port, running
from tests.aggregator.split_pair import TOKEN, codes
from tests.waiting import wait_until

SEED = 20261213
SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
JOINED = date(2026, 2, 9)
BEFORE = ("2026-02-09", "2026-02-10")  # built before the rotation
AFTER = "2026-02-11"  # built after the agent refreshed
TEAM = "team-a"
DEVICES = 5  # the test policies' min_group_size


@dataclass
class Servers:
    leader: Settings
    leader_url: str
    helper_storage: Storage
    key_file: Path
    http: httpx.Client

    def pending(self) -> int:
        with self.leader.storage.read() as db:
            return split.pending_count(db)

    def wait_aggregated(self) -> None:
        wait_until(lambda: self.pending() == 0, "the leader to aggregate every pending report")

    def verdict(self, report_id: str) -> split.Verdict:
        with self.helper_storage.read() as db:
            found = split.verdict(db, report_id)
        assert found is not None, f"the helper never judged {report_id}"
        return found


@contextmanager
def helper_serving(
    storage: Storage, policies: Mapping[str, Policy], clock: Clock, key_file: Path, port: int
) -> Iterator[str]:
    """The helper as ``serve --role helper --key-file`` starts it: every key of the file."""
    role = HelperRole.of_ring(TOKEN, read_helper_keys(key_file))
    settings = Settings(storage, policies, clock=clock, role=role)
    with running(settings, port) as url:
        yield url


def agent(servers: Servers, team: str = TEAM) -> Store:
    (leader_code,) = codes(servers.leader, team, 1)
    helper_code = auth.new_enrollment_codes(servers.helper_storage, team, 1, date(2025, 1, 1))[0]
    store = Store.in_memory()
    set_participation(store, Mode.SHARE, SENT.timestamp())
    enroll(store, servers.leader_url, f"{leader_code}.{helper_code}", JOINED)
    return store


def keep_day(store: Store, day: str, rng: random.Random, sums: Counter[str]) -> None:
    values = day_values(rng.choice([0, 45, 300, 480, 700]), breaks=rng.randint(0, 9))
    store.db.table("days").insert(
        {"date": day, "figures": "{}", "contribution": json.dumps(values)}
    )
    sums.update(values)


def sealed_to(body: dict[str, object]) -> int:
    """The key id a report's helper share names (its first byte)."""
    return b64decode(body["helper_share_encrypted"], "helper_share_encrypted", 1024)[0]


def config_id(store: Store) -> int:
    joined = enrollment(store)
    assert joined is not None and joined.hpke_config is not None
    return int(joined.hpke_config["id"])


def day_reports_at_helper(servers: Servers) -> int:
    with servers.helper_storage.read() as db:
        found = split.agg_share(db, TEAM, "day", "2026-02")
    return 0 if found is None else found[0]


def test_reports_sealed_before_a_rotation_arrive_and_a_retired_key_opens_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The leader asks the helper for its configuration at each pass (every
    # ten minutes in service), so that the test sees the rotation at once.
    monkeypatch.setattr(driver, "CONFIG_REFRESH_SECONDS", 0.0)
    rng = random.Random(SEED)
    clock = Clock(SENT)
    policies = load_policy_folder(write_policies(tmp_path / "policies"))
    key_file = tmp_path / "helper-key.json"
    old = create_key_file(key_file, date(2026, 1, 5)).current.id
    port = free_port()
    helper_storage = Storage.open(tmp_path / "helper.db")
    with ExitStack() as stack:
        stack.callback(helper_storage.close)
        helper = ExitStack()
        stack.callback(helper.close)
        helper_url = helper.enter_context(
            helper_serving(helper_storage, policies, clock, key_file, port)
        )
        leader = Settings(
            Storage.open(tmp_path / "leader.db"),
            policies,
            clock=clock,
            role=LeaderRole(helper_url, TOKEN),
            aggregate_every_seconds=0.1,
            aggregate_on_upload=True,
            helper_retry_max_seconds=0.5,
        )
        stack.callback(leader.storage.close)
        leader_url = stack.enter_context(running(leader))
        http = stack.enter_context(httpx.Client(timeout=30))
        servers = Servers(leader, leader_url, helper_storage, key_file, http)

        expected: Counter[str] = Counter()
        agents = [agent(servers) for _ in range(DEVICES)]
        stale = agent(servers)  # never sends before the old key is retired
        now = int(SENT.timestamp())
        for store in [*agents, stale]:
            assert config_id(store) == old
            for day in BEFORE:
                keep_day(store, day, rng, expected if store is not stale else Counter())
            assert fill_outbox(store, now) == len(BEFORE)
            assert {sealed_to(body) for body in pending(store)} == {old}

        # The helper's operator rotates, then restarts the helper.
        new = rotate_key_file(key_file, date(2026, 3, 2)).current.id
        assert new != old
        helper.close()
        helper = ExitStack()
        helper.enter_context(helper_serving(helper_storage, policies, clock, key_file, port))

        before_ids = []
        for store in agents:
            before_ids += [str(body["id"]) for body in pending(store)]
            assert send_due(store, now) == len(BEFORE), f"seed {SEED}"
        servers.wait_aggregated()
        assert all(servers.verdict(i).accepted for i in before_ids), f"seed {SEED}"
        assert day_reports_at_helper(servers) == DEVICES * len(BEFORE)

        # The leader now hands the new key to new enrollments.
        assert config_id(agent(servers, "team-b")) == new

        # Enrolled agents learn it from the helper, for the reports they build next.
        later = now + 3600
        after_ids = []
        for store in agents:
            assert refresh_helper_config(store, later) is True
            assert config_id(store) == new
            assert refresh_helper_config(store, later + 60) is False  # once a day at most
            keep_day(store, AFTER, rng, expected)
            assert fill_outbox(store, later) == 1
            (body,) = pending(store)
            assert sealed_to(body) == new
            after_ids.append(str(body["id"]))
            assert send_due(store, later) == 1
        servers.wait_aggregated()
        assert all(servers.verdict(i).accepted for i in after_ids), f"seed {SEED}"

        # The old key is retired: what is still sealed to it opens no more.
        retire_key(key_file, old)
        helper.close()
        helper = ExitStack()
        helper.enter_context(helper_serving(helper_storage, policies, clock, key_file, port))
        stale_ids = [str(body["id"]) for body in pending(stale)]
        assert send_due(stale, later) == len(BEFORE)  # the leader cannot tell
        servers.wait_aggregated()
        for report_id in stale_ids:
            refused = servers.verdict(report_id)
            assert not refused.accepted and f"sealed to key {old}" in refused.reason
        assert day_reports_at_helper(servers) == DEVICES * (len(BEFORE) + 1)

        # Released: exactly the accepted reports, each counted once.
        clock.now = DUE

        def recorded() -> bool:
            with leader.storage.read() as db:
                query = "SELECT 1 FROM released_months WHERE department = ? AND month = ?"
                return db.execute(query, ["dept", "2026-02"]).fetchone() is not None

        wait_until(recorded, "the leader to record dept 2026-02")
        auth.create_account(leader.storage, "lecteur", Role.READER, SENT.date())
        token = auth.create_api_token(leader.storage, "lecteur", SENT.date())
        answer = http.get(
            f"{leader_url}/api/v1/stats",
            params={"group": TEAM, "month": "2026-02"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["day"] == {
            "released": True,
            "devices": DEVICES,
            "sums": {f.name: expected[f.name] for f in FIELDS[Kind.DAY]},
        }, f"seed {SEED}"
