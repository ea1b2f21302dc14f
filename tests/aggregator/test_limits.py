"""The limits every route keeps, attacked over real HTTP on loopback (issue 10, items 1 and 2)."""

from __future__ import annotations

import re
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

import httpx
import pytest

from aggregator import auth
from aggregator.app import SESSION_COOKIE, Settings
from aggregator.storage import Storage
from aggregator.throttle import Limits
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock
from tests.aggregator.server import running

ANSWER_DEADLINE = 20.0  # seconds: a refusal comes long before this, even on a slow machine
ATTACK_BYTES = 64 * 1024 * 1024  # more than loopback's socket buffers can swallow


@dataclass
class FakeMonotonic:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Server:
    url: str
    storage: Storage
    throttle_clock: FakeMonotonic

    @property
    def address(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        assert parts.hostname and parts.port
        return parts.hostname, parts.port


@pytest.fixture
def server(policies: dict[str, Policy], clock: Clock) -> Iterator[Server]:
    storage = Storage.in_memory()
    throttle_clock = FakeMonotonic()
    settings = Settings(storage, policies, clock=clock, throttle_clock=throttle_clock)
    with running(settings) as url:
        yield Server(url, storage, throttle_clock)
    storage.close()


def read_answer(connection: socket.socket) -> tuple[int, bytes]:
    """The status and the whole answer (headers and body, by its Content-Length)."""
    connection.settimeout(ANSWER_DEADLINE)
    data = b""
    while True:
        head, _, body = data.partition(b"\r\n\r\n")
        length = re.search(rb"(?i)content-length: *(\d+)", head)
        if _ and length and len(body) >= int(length[1]):
            break
        chunk = connection.recv(65536)
        if not chunk:
            break
        data += chunk
    match = re.match(rb"HTTP/1\.1 (\d{3})", data)
    assert match, data[:200]
    return int(match[1]), data


def push_until_answered(connection: socket.socket, chunk: bytes, total: int) -> int:
    """Send ``chunk`` again and again (at most ``total`` bytes) until the server answers."""
    connection.setblocking(False)
    sent = 0
    give_up = time.monotonic() + ANSWER_DEADLINE
    while sent < total and time.monotonic() < give_up:
        try:
            if connection.recv(1, socket.MSG_PEEK):
                break
        except BlockingIOError:
            pass
        try:
            sent += connection.send(chunk)
        except BlockingIOError:
            time.sleep(0.001)  # the server is not reading: wait for its answer
        except (BrokenPipeError, ConnectionResetError):
            break
    connection.setblocking(True)
    return sent


def test_a_declared_huge_body_is_refused_before_it_is_read(server: Server) -> None:
    with socket.create_connection(server.address) as connection:
        connection.sendall(
            b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 100000000\r\n\r\n" + b"{" + b" " * 1000
        )
        status, answer = read_answer(connection)
    assert status == 413
    assert b"larger than 64 KiB" in answer
    assert httpx.get(f"{server.url}/healthz", timeout=ANSWER_DEADLINE).status_code == 200


@pytest.mark.parametrize(
    ("path", "content_type"),
    [("/api/v1/enroll", "application/json"), ("/login", "application/x-www-form-urlencoded")],
)
def test_a_chunked_body_is_refused_once_past_the_cap(
    server: Server, path: str, content_type: str
) -> None:
    chunk = b"%x\r\n%s\r\n" % (8192, b"a" * 8192)
    with socket.create_connection(server.address) as connection:
        connection.sendall(
            f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: {content_type}\r\n"
            "Transfer-Encoding: chunked\r\n\r\n".encode()
        )
        sent = push_until_answered(connection, chunk, ATTACK_BYTES)
        status, _ = read_answer(connection)
    assert status == 413
    assert sent < ATTACK_BYTES, "the server read the whole attack before answering"


def test_a_report_without_a_valid_token_is_refused_before_its_body(server: Server) -> None:
    # A body announced but never sent: only a server that answers before
    # reading it can answer at all.
    for authorization in (b"", b"Authorization: Bearer not-a-token\r\n"):
        with socket.create_connection(server.address) as connection:
            connection.sendall(
                b"POST /api/v1/reports HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\n" + authorization + b"Content-Length: 60000\r\n"
                b"\r\n{"
            )
            status, _ = read_answer(connection)
        assert status == 401


def test_a_logout_without_a_session_is_answered_before_its_body(server: Server) -> None:
    with socket.create_connection(server.address) as connection:
        connection.sendall(
            b"POST /logout HTTP/1.1\r\nHost: x\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n"
            b"\r\ncsrf="
        )
        status, _ = read_answer(connection)
    assert status == 303


def test_errors_never_echo_the_input(server: Server) -> None:
    """Enrollment here; the leader's reports route in ``test_split_http``."""
    (code,) = auth.new_enrollment_codes(server.storage, "team-a", 1, date(2026, 1, 1))
    marker = "ECHO-" + "x" * 5000
    with httpx.Client(base_url=server.url, timeout=ANSWER_DEADLINE) as client:
        assert client.post("/api/v1/enroll", json={"code": code}).status_code == 201
        answers = [
            client.post("/api/v1/enroll", json={"code": {"nested": marker}}),
            client.post("/api/v1/enroll", json={"code": marker}),
        ]
    for answer in answers:
        assert answer.status_code == 422, answer.text[:300]
        assert "ECHO-" not in answer.text
        assert len(answer.content) < 16 * 1024
        assert all({"loc", "msg", "type"} == set(item) for item in answer.json()["detail"])
        assert all(len(str(part)) <= 40 for item in answer.json()["detail"] for part in item["loc"])


def login_form(client: httpx.Client) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', client.get("/login").text)
    assert match
    return match[1]


def test_a_login_flood_is_slowed_and_the_owner_gets_in_after_the_named_delay(
    server: Server,
) -> None:
    password = auth.create_account(server.storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    with httpx.Client(base_url=server.url, timeout=ANSWER_DEADLINE) as attacker:
        csrf = login_form(attacker)
        cookies = dict(attacker.cookies)

        def guess(number: int) -> httpx.Response:
            with httpx.Client(
                base_url=server.url, timeout=ANSWER_DEADLINE, cookies=cookies
            ) as client:
                return client.post(
                    "/login", data={"name": "agnes", "password": f"guess-{number}", "csrf": csrf}
                )

        with ThreadPoolExecutor(40) as pool:
            statuses = [answer.status_code for answer in pool.map(guess, range(40))]
        assert set(statuses) <= {401, 429, 503}, statuses
        # Counted from the moment it is let through: no more than the free
        # failures and the one that closes the account were ever checked.
        assert statuses.count(401) <= Limits().free_failures + 1, statuses
        # The owner, now: refused unchecked, with the delay said.
        with httpx.Client(base_url=server.url, timeout=ANSWER_DEADLINE) as owner:
            csrf = login_form(owner)
            refused = owner.post(
                "/login", data={"name": "agnes", "password": password, "csrf": csrf}
            )
            assert refused.status_code == 429
            delay = int(refused.headers["Retry-After"])
            assert f"réessayez dans {delay}\u00a0s" in refused.text
            assert SESSION_COOKIE not in owner.cookies
            server.throttle_clock.now += delay
            match = re.search(r'name="csrf" value="([^"]+)"', refused.text)
            assert match  # the refusal is the form again, with a new token
            csrf = match[1]
            admitted = owner.post(
                "/login", data={"name": "agnes", "password": password, "csrf": csrf}
            )
            assert admitted.status_code == 303
            assert SESSION_COOKIE in owner.cookies


def test_a_flood_over_many_names_gets_only_refusals(server: Server) -> None:
    """Names spread out, so that only the global limit and the hashing gate hold it."""
    with httpx.Client(base_url=server.url, timeout=ANSWER_DEADLINE) as attacker:
        csrf = login_form(attacker)
        cookies = dict(attacker.cookies)

    def flood(worker: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=server.url, timeout=ANSWER_DEADLINE, cookies=cookies) as c:
            for number in range(3):
                data = {"name": f"n{worker}-{number}", "password": "x", "csrf": csrf}
                statuses.append(c.post("/login", data=data).status_code)
        return statuses

    with ThreadPoolExecutor(16) as pool:
        results = list(pool.map(flood, range(16)))
    statuses = {status for result in results for status in result}
    assert statuses <= {401, 429, 503}, statuses
    assert httpx.get(f"{server.url}/healthz", timeout=ANSWER_DEADLINE).status_code == 200


def test_a_flood_of_wrong_codes_is_slowed_and_a_right_code_works_after_the_delay(
    policies: dict[str, Policy], clock: Clock
) -> None:
    storage = Storage.in_memory()
    throttle_clock = FakeMonotonic()
    settings = Settings(
        storage,
        policies,
        clock=clock,
        throttle_clock=throttle_clock,
        enroll_limits=Limits(free_failures=10, max_delay=60, global_burst=10),
    )
    (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
    with running(settings) as url, httpx.Client(base_url=url, timeout=ANSWER_DEADLINE) as client:
        statuses = [
            client.post("/api/v1/enroll", json={"code": f"guess-{n}"}).status_code
            for n in range(15)
        ]
        assert statuses[:10] == [403] * 10
        assert set(statuses[10:]) == {429}
        refused = client.post("/api/v1/enroll", json={"code": code})
        assert refused.status_code == 429
        delay = int(refused.headers["Retry-After"])
        assert f"retry in {delay} s" in refused.json()["detail"]
        throttle_clock.now += delay
        assert client.post("/api/v1/enroll", json={"code": code}).status_code == 201
    storage.close()
