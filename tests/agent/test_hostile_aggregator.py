"""A slow or hostile aggregator, for real on loopback (issue 10, item 9).

- one byte every few seconds: ticks and reminders go on while the upload
  hangs, and the upload gives up by its total deadline, losing nothing;
- a gzip bomb, or an endless answer: refused while reading, memory stays small;
- a policy with a huge name: refused, nothing stored, the last good policy kept.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator
from datetime import date

import pytest

from agent.bounded_http import Limits, NetworkProblem, call
from agent.enrollment import EnrollmentError, pending_leader
from agent.jobs import Agent
from agent.participation import Mode
from agent.policy_sync import KEPT, MAX_POLICY_BYTES, sync_status
from agent.store import Store
from agent.upload import UploadError, enroll
from aggregator.policyjson import policy_document
from contract.policy.formats import NAME_MAX
from contract.policy.model import Policy
from contract.split.hpke import generate_keypair
from tests.agent.desk import MONDAY_EVENING, ScheduledDesk, enrolled
from tests.agent.hostile import HostileServer, dripping, endless, gzip_bomb, sending

DRIP_SECONDS = 2.0  # under the read timeout: only a total deadline stops it
LIMITS = Limits(connect_seconds=2, read_seconds=5, total_seconds=6)
GRACE_SECONDS = 10.0  # generous: a machine twice as slow still ends well inside it
SMALL_MEMORY = 4 * 1024 * 1024  # what reading a refused answer may cost, at most
BOMB_INFLATED = 100 * 1024 * 1024


class HostileHarness(ScheduledDesk):
    """A desk enrolled with ``server``, its calls within ``LIMITS``."""

    def __init__(self, server: HostileServer) -> None:
        self.server = server
        store = enrolled(Store.in_memory(), server.url)
        super().__init__(MONDAY_EVENING, store, network_limits=LIMITS)

    def tick_with_input(self, deadline: float = GRACE_SECONDS) -> None:
        super().tick_with_input(deadline)


@pytest.fixture
def dripping_harness() -> Iterator[HostileHarness]:
    with HostileServer(dripping(DRIP_SECONDS)).running() as server:
        here = HostileHarness(server)
        here.agent.set_mode(Mode.SHARE)
        here.store.db.execute(
            "INSERT INTO outbox (id, kind, period, body, created, next_attempt)"
            " VALUES ('c1', 'day', '2026-03-01', '{}', 0, 0)"
        )
        with here.running():
            yield here


def test_a_dripping_aggregator_stops_neither_ticks_nor_reminders(
    dripping_harness: HostileHarness,
) -> None:
    here = dripping_harness
    started = time.monotonic()
    upload = here.start_job("upload")
    assert here.server.wait_for_requests(1, GRACE_SECONDS), "the upload never reached the server"

    for _ in range(12):  # a minute of typing, tick by tick, while the upload hangs
        here.tick_with_input()
    assert not upload.is_set(), "the upload should still be hanging"
    assert [title for title, _ in here.notifier.shown] == ["disconnect"]
    assert here.store.first_span_start() is not None, "ticks were recorded"

    assert upload.wait(LIMITS.total_seconds + GRACE_SECONDS), "the upload never gave up"
    elapsed = time.monotonic() - started
    # Without a total deadline the 46-byte answer would take 90 s.
    assert LIMITS.total_seconds - 1 <= elapsed < LIMITS.total_seconds + GRACE_SECONDS
    row = here.store.db.execute("SELECT status, attempts FROM outbox WHERE id = 'c1'").fetchone()
    assert row == ("pending", 1), "postponed, not lost"


def test_a_call_gives_up_by_its_total_deadline_even_while_headers_drip() -> None:
    limits = Limits(connect_seconds=1, read_seconds=DRIP_SECONDS * 2, total_seconds=3)
    with HostileServer(dripping(DRIP_SECONDS)).running() as server:
        started = time.monotonic()
        with pytest.raises(NetworkProblem, match="did not answer in time"):
            call("GET", f"{server.url}/api/v1/policy", limits=limits)
        assert time.monotonic() - started < limits.total_seconds + DRIP_SECONDS


def _synced_with(server: HostileServer) -> tuple[Agent, Store]:
    harness = HostileHarness(server)
    harness.agent.set_mode(Mode.REMINDERS)
    return harness.agent, harness.store


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Encoding": "gzip"},  # a bomb that says what it is
        {"Content-Encoding": "gzip", "Transfer-Encoding": "chunked"},  # and gives no length
    ],
)
def test_a_gzip_bomb_is_refused_unread(headers: dict[str, str]) -> None:
    bomb = gzip_bomb(BOMB_INFLATED)
    assert len(bomb) < BOMB_INFLATED / 500
    with HostileServer(sending(bomb, headers=headers)).running() as server:
        agent, store = _synced_with(server)
        tracemalloc.start()
        try:
            policy = agent.sync_policy()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert policy == Policy()
    status = sync_status(store)
    assert status is not None and not status.ok
    assert "compressed answer (gzip); refused" in status.message
    assert peak < SMALL_MEMORY, f"reading the bomb cost {peak} bytes"


@pytest.mark.parametrize("chunked", [True, False], ids=["chunked", "false-length"])
def test_an_endless_answer_is_cut_at_the_size_limit(chunked: bool) -> None:
    with HostileServer(endless(chunked=chunked)).running() as server:
        agent, store = _synced_with(server)
        tracemalloc.start()
        try:
            agent.sync_policy()
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    status = sync_status(store)
    assert status is not None and f"larger than {MAX_POLICY_BYTES} bytes" in status.message
    assert peak < SMALL_MEMORY, f"reading the answer cost {peak} bytes"


class PolicyAnswers:
    """Serves the documents in turn, one per request."""

    def __init__(self, *documents: bytes) -> None:
        self.documents = list(documents)

    def __call__(self, connection: socket.socket, stopping: threading.Event) -> None:
        sending(self.documents.pop(0))(connection, stopping)


@pytest.mark.parametrize(
    ("name_length", "reason"),
    [
        (10_000, f"policy.name: expected a name of at most {NAME_MAX} characters"),
        (5_000_000, f"larger than {MAX_POLICY_BYTES} bytes"),
    ],
)
def test_a_policy_with_a_huge_name_is_refused_and_the_last_good_one_kept(
    name_length: int, reason: str
) -> None:
    good = policy_document(Policy())
    good["policy"]["name"] = "Politique de l'équipe"
    good["breaks"]["every_minutes"] = 30
    hostile = json.loads(json.dumps(good))
    hostile["policy"]["name"] = "x" * name_length
    answers = PolicyAnswers(json.dumps(good).encode(), json.dumps(hostile).encode())
    with HostileServer(answers).running() as server:
        agent, store = _synced_with(server)
        first = agent.sync_policy()
        assert first.breaks.every_minutes == 30 and first.name == "Politique de l'équipe"
        kept = store.setting(KEPT)

        assert agent.sync_policy() == first, "the last good policy stays in force"

    assert store.setting(KEPT) == kept, "nothing of the refused policy is stored"
    status = sync_status(store)
    assert status is not None and not status.ok and reason in status.message
    settings = store.db.execute("SELECT key, length(value) FROM settings").fetchall()
    assert max(length for _, length in settings) < 5_000, settings


def test_enrolling_with_a_dripping_aggregator_gives_up_by_its_deadline() -> None:
    with HostileServer(dripping(DRIP_SECONDS)).running() as server:
        store = Store.in_memory()
        started = time.monotonic()
        with pytest.raises(UploadError, match="did not answer in time"):
            enroll(store, server.url, "CODE.HELPER", date(2026, 3, 2), limits=LIMITS)
        assert time.monotonic() - started < LIMITS.total_seconds + GRACE_SECONDS
    assert store.setting("enrollment") is None


def test_quitting_while_an_upload_hangs_leaves_the_closed_store_alone(
    dripping_harness: HostileHarness,
) -> None:
    here = dripping_harness
    upload = here.start_job("upload")
    assert here.server.wait_for_requests(1, GRACE_SECONDS)
    here.agent.stop()  # as run_agent does on quit, before closing the store
    here.store.close()
    # The job ends without an error (``finished`` is set only then): the
    # answer, when it comes, is not written to a closed database.
    assert upload.wait(LIMITS.total_seconds + GRACE_SECONDS), "the upload failed or never ended"


def test_a_dripping_helper_gives_up_by_its_deadline_and_keeps_the_leaders_enrollment() -> None:
    # The leader answers at once and names a helper that drips: the helper's
    # call gives up by the same deadline, and the leader's part is kept, so
    # that the same command resumes there later.
    with HostileServer(dripping(DRIP_SECONDS)).running() as helper:
        answer = {
            "device_token": "leader-token",
            "team": "dnum-infra",
            "department": "dnum",
            "helper_url": helper.url,
            "hpke_config": generate_keypair()[0].to_json(),
        }
        leader = HostileServer(sending(json.dumps(answer).encode(), status="201 Created"))
        with leader.running():
            store = Store.in_memory()
            started = time.monotonic()
            with pytest.raises(EnrollmentError) as refused:
                enroll(store, leader.url, "L.H", date(2026, 3, 2), limits=LIMITS)
            assert time.monotonic() - started < LIMITS.total_seconds * 2 + GRACE_SECONDS
    assert (refused.value.problem.what, refused.value.problem.server) == ("unreachable", "helper")
    assert "did not answer in time" in str(refused.value)
    assert store.setting("enrollment") is None
    assert pending_leader(store) is not None
