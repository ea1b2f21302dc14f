"""Throttled logins and codes are refused before a route thread (issue 10, item 2).

Every route thread is held inside a login's password check (a hashing gate
that waits for the test's word); the refusals must still come, and
``/healthz`` too: given by the ASGI layer, they never wait for a thread.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

import httpx
import pytest

from aggregator import auth
from aggregator.app import WORKER_THREADS, Settings
from aggregator.storage import Storage
from aggregator.throttle import HashGate, Limits
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock
from tests.aggregator.server import running
from tests.waiting import wait_until

_T = TypeVar("_T")

ANSWER_DEADLINE = 20.0  # seconds: a refusal comes long before this, even on a slow machine


HASHING_PATIENCE = 300.0


class HeldGate(HashGate):
    """A hashing gate whose callers wait, on their route thread, until ``release``."""

    def __init__(self) -> None:
        # Released, the held logins hash one at a time, at the lowest CPU
        # priority: on a loaded machine eight of them take longer than the
        # server's 10 s of patience, which would answer 503 instead of 401.
        super().__init__(at_once=1, waiting=WORKER_THREADS * 2, patience=HASHING_PATIENCE)
        self.release = threading.Event()
        self.holding = 0
        self._count = threading.Lock()

    def run(self, work: Callable[[], _T]) -> _T:
        with self._count:
            self.holding += 1
        self.release.wait(ANSWER_DEADLINE * 3)
        return super().run(work)


@dataclass
class Held:
    url: str
    storage: Storage
    gate: HeldGate
    hold_every_thread: Callable[[], None]


def form_of(client: httpx.Client) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert match
    return match[1]


@pytest.fixture
def held(policies: dict[str, Policy], clock: Clock) -> Iterator[Held]:
    storage = Storage.in_memory()
    gate = HeldGate()
    settings = Settings(
        storage,
        policies,
        clock=clock,
        hashing=gate,
        login_limits=Limits(free_failures=0, first_delay=300, global_burst=100),
        enroll_limits=Limits(free_failures=0, first_delay=300, global_burst=100),
    )
    with running(settings) as url, ThreadPoolExecutor(WORKER_THREADS) as pool:
        pending: list[Future[httpx.Response]] = []

        def one_login(number: int) -> httpx.Response:
            with httpx.Client(base_url=url, timeout=ANSWER_DEADLINE * 4) as client:
                data = {"name": f"holder-{number}", "password": "x", "csrf": form_of(client)}
                return client.post("/login", data=data)

        def hold_every_thread() -> None:
            target = gate.holding + WORKER_THREADS
            pending.extend(pool.submit(one_login, n) for n in range(WORKER_THREADS))
            wait_until(lambda: gate.holding == target, "every route thread held in a login")

        try:
            yield Held(url, storage, gate, hold_every_thread)
        finally:
            gate.release.set()
            for answer in pending:
                assert answer.result().status_code == 401  # released, checked, wrong
    storage.close()


def test_a_throttled_login_is_refused_while_every_route_thread_is_busy(held: Held) -> None:
    password = auth.create_account(held.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    with httpx.Client(base_url=held.url, timeout=ANSWER_DEADLINE) as owner:
        held.gate.release.set()  # the first wrong password is checked, and closes the account
        wrong = owner.post(
            "/login", data={"name": "agnes", "password": "no", "csrf": form_of(owner)}
        )
        assert wrong.status_code == 401
        held.gate.release.clear()
        csrf = form_of(owner)
        held.hold_every_thread()

        refused = owner.post("/login", data={"name": " AGNES ", "password": password, "csrf": csrf})
        assert refused.status_code == 429
        delay = int(refused.headers["Retry-After"])
        assert f"réessayez dans {delay}\u00a0s" in refused.text
        assert re.search(r'name="csrf" value="[^"]+"', refused.text)  # the form again
        assert httpx.get(f"{held.url}/healthz", timeout=ANSWER_DEADLINE).status_code == 200
        assert not held.gate.release.is_set()  # the threads were held all along


def test_a_throttled_code_is_refused_while_every_route_thread_is_busy(held: Held) -> None:
    with httpx.Client(base_url=held.url, timeout=ANSWER_DEADLINE) as device:
        assert device.post("/api/v1/enroll", json={"code": "wrong"}).status_code == 403
        held.hold_every_thread()
        refused = device.post("/api/v1/enroll", json={"code": "wrong again"})
        assert refused.status_code == 429
        assert f"retry in {refused.headers['Retry-After']} s" in refused.json()["detail"]
        assert not held.gate.release.is_set()


def test_a_login_with_a_wrong_form_token_still_gets_the_routes_answer(held: Held) -> None:
    """Not refused early: with no valid token, the route's 403 comes, as before."""
    with httpx.Client(base_url=held.url, timeout=ANSWER_DEADLINE) as client:
        form_of(client)
        answer = client.post("/login", data={"name": "x", "password": "y", "csrf": "forged"})
        assert answer.status_code == 403
