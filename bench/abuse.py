"""Benchmark: the aggregator under the attacks of issue 10, on loopback, bounded in time.

Runs the real ``repit-aggregator serve --role leader`` (its helper beside
it, unattacked) on a free loopback port with a fresh
database in a temporary folder and the bundled policies, then runs each
attack for ``--seconds`` seconds while a watcher calls ``/healthz`` every
50 ms and samples the server's memory every 20 ms. For each attack it prints
the worst ``/healthz`` latency, the peak server RSS, the requests refused
(4xx, 5xx) and accepted (2xx, 3xx), and PASS/MISS against the targets
(``/healthz`` under 200 ms at worst, RSS under 300 MB).

1. bodies declaring 100 MB (``Content-Length``), to ``/api/v1/enroll``;
2. chunked bodies without a length, up to 16 MB each;
3. 60 KiB bodies to ``/api/v1/reports`` without a token;
4. 40 concurrent wrong logins, on one account and on many names;
5. wrong enrollment codes from 16 clients;
6. the commands next to the server: ``enroll-code``, ``user add``, ``token create``
   in a loop while devices enroll and upload.

    .venv/bin/python bench/abuse.py [--seconds 5] [--only logins]

It only ever talks to 127.0.0.1 and stops by itself (the server with it).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Event as EventType
from pathlib import Path

import httpx
import psutil

from aggregator import auth
from aggregator.groups import Groups
from aggregator.storage import Storage
from contract.contribution import FIELDS, Kind
from contract.policy.loader import bundled_policies_dir, load_policy_folder
from contract.split.hpke import HpkeConfig
from contract.split.instances import default_layout
from contract.split.report import build_report

SERVER = Path(sys.executable).parent / "repit-aggregator"
HOST = "127.0.0.1"
TARGET_HEALTHZ_MS = 200.0
TARGET_RSS_MB = 300.0
START_DEADLINE = 30.0
REQUEST_DEADLINE = 30.0


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


@dataclass
class Tally:
    statuses: Counter[int] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def status(self, code: int) -> None:
        with self.lock:
            self.statuses[code] += 1

    def failure(self, what: str) -> None:
        with self.lock:
            self.failures[what] += 1

    @property
    def accepted(self) -> int:
        return sum(n for code, n in self.statuses.items() if code < 400)

    @property
    def refused(self) -> int:
        return sum(n for code, n in self.statuses.items() if code >= 400)


@dataclass
class Watched:
    worst_ms: float
    unhealthy: int
    peak_rss: int


def watch(url: str, pid: int, ready: EventType, stop: EventType, results: Queue[Watched]) -> None:
    """``/healthz`` every 50 ms and the server's RSS every 20 ms, until ``stop``.

    Runs in its own process, so that the attackers' threads (and their GIL)
    do not slow the measuring client: the latency is the server's.
    """
    # A session of its own: with Linux's autogroup scheduling, the forty
    # attacking threads would otherwise share one CPU slice with the watcher.
    os.setsid()
    worst_ms = 0.0
    unhealthy = 0
    peak_rss = 0
    process = psutil.Process(pid)

    def memory() -> None:
        nonlocal peak_rss
        while not stop.is_set():
            peak_rss = max(peak_rss, process.memory_info().rss)
            stop.wait(0.02)

    sampler = threading.Thread(target=memory)
    sampler.start()
    with httpx.Client(base_url=url, timeout=REQUEST_DEADLINE) as client:
        client.get("/healthz")  # connected: the first figure is not the connection's
        ready.set()
        while not stop.is_set():
            started = time.perf_counter()
            try:
                ok = client.get("/healthz").status_code == 200
            except httpx.HTTPError:
                ok = False
            worst_ms = max(worst_ms, (time.perf_counter() - started) * 1000)
            unhealthy += not ok
            stop.wait(0.05)
    sampler.join()
    results.put(Watched(worst_ms, unhealthy, peak_rss))


def _read_status(connection: socket.socket) -> int:
    connection.settimeout(REQUEST_DEADLINE)
    data = b""
    while b"\r\n" not in data:
        chunk = connection.recv(4096)
        if not chunk:
            break
        data += chunk
    return int(data[9:12]) if data.startswith(b"HTTP/1.1 ") else 0


def declared_huge(url: str, tally: Tally, stop: threading.Event) -> None:
    port = int(url.rsplit(":", 1)[1])
    while not stop.is_set():
        try:
            with socket.create_connection((HOST, port)) as connection:
                connection.sendall(
                    b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Content-Length: 100000000\r\n\r\n" + b"{" + b" " * 65536
                )
                tally.status(_read_status(connection))
        except OSError as error:
            tally.failure(type(error).__name__)


def chunked_huge(url: str, tally: Tally, stop: threading.Event) -> None:
    port = int(url.rsplit(":", 1)[1])
    chunk = b"%x\r\n%s\r\n" % (16384, b"a" * 16384)
    while not stop.is_set():
        try:
            with socket.create_connection((HOST, port)) as connection:
                connection.sendall(
                    b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    b"Transfer-Encoding: chunked\r\n\r\n"
                )
                connection.settimeout(0.5)
                for _ in range(1024):  # 16 MB at most
                    try:
                        connection.sendall(chunk)
                    except TimeoutError:
                        break  # the server stopped reading: its answer is there
                tally.status(_read_status(connection))
        except (ConnectionResetError, BrokenPipeError):
            tally.status(413)  # refused and closed before we finished sending
        except OSError as error:
            tally.failure(type(error).__name__)


def bodies_before_auth(url: str, tally: Tally, stop: threading.Event) -> None:
    body = b'{"padding": "' + b"x" * (60 * 1024) + b'"}'
    with httpx.Client(base_url=url, timeout=REQUEST_DEADLINE) as client:
        while not stop.is_set():
            try:
                answer = client.post(
                    "/api/v1/reports",
                    content=body,
                    headers={"Content-Type": "application/json"},
                )
                tally.status(answer.status_code)
            except httpx.HTTPError as error:
                tally.failure(type(error).__name__)


def login_flood(many_names: bool) -> Callable[[str, Tally, threading.Event], None]:
    def flood(url: str, tally: Tally, stop: threading.Event) -> None:
        with httpx.Client(base_url=url, timeout=REQUEST_DEADLINE) as client:
            page = client.get("/login").text
            csrf = page.split('name="csrf" value="', 1)[1].split('"', 1)[0]
            while not stop.is_set():
                name = uuid.uuid4().hex[:8] if many_names else "prevention"
                try:
                    answer = client.post(
                        "/login", data={"name": name, "password": "guess", "csrf": csrf}
                    )
                    tally.status(answer.status_code)
                    if "csrf" in answer.text:
                        csrf = answer.text.split('name="csrf" value="', 1)[1].split('"', 1)[0]
                except httpx.HTTPError as error:
                    tally.failure(type(error).__name__)

    return flood


def wrong_codes(url: str, tally: Tally, stop: threading.Event) -> None:
    with httpx.Client(base_url=url, timeout=REQUEST_DEADLINE) as client:
        while not stop.is_set():
            try:
                answer = client.post("/api/v1/enroll", json={"code": uuid.uuid4().hex})
                tally.status(answer.status_code)
            except httpx.HTTPError as error:
                tally.failure(type(error).__name__)


@dataclass
class Fleet:
    codes: list[str]
    lock: threading.Lock = field(default_factory=threading.Lock)

    def uploads(self, url: str, tally: Tally, stop: threading.Event) -> None:
        period = (datetime.now(UTC).date() - timedelta(days=2)).isoformat()
        values = {f.name: f.low for f in FIELDS[Kind.DAY]}
        with httpx.Client(base_url=url, timeout=REQUEST_DEADLINE) as client:
            while not stop.is_set():
                with self.lock:
                    if not self.codes:
                        return
                    code = self.codes.pop()
                leader_code, helper_code = code.split(".")
                try:
                    enrolled = client.post("/api/v1/enroll", json={"code": leader_code})
                    tally.status(enrolled.status_code)
                    if enrolled.status_code != 201:
                        continue
                    joined = enrolled.json()
                    at_helper = httpx.post(
                        f"{joined['helper_url']}/api/v1/enroll",
                        json={"code": helper_code},
                        timeout=REQUEST_DEADLINE,
                    )
                    if at_helper.status_code != 201:
                        tally.failure(f"helper enrollment: {at_helper.status_code}")
                        continue
                    report = build_report(
                        kind="day",
                        period=period,
                        team=joined["team"],
                        values=values,
                        layout=default_layout("day"),
                        hpke_config=HpkeConfig.from_json(joined["hpke_config"]),
                        helper_device_token=at_helper.json()["device_token"],
                    )
                    sent = client.post(
                        "/api/v1/reports",
                        json=report.to_body(),
                        headers={"Authorization": f"Bearer {joined['device_token']}"},
                    )
                    tally.status(sent.status_code)
                except httpx.HTTPError as error:
                    tally.failure(type(error).__name__)


def commands(team: str, env: dict[str, str]) -> Callable[[str, Tally, threading.Event], None]:
    def run(url: str, tally: Tally, stop: threading.Event) -> None:
        number = 0
        while not stop.is_set():
            number += 1
            for arguments in (
                ["enroll-code", "--team", team, "--count", "2000"],
                ["user", "add", f"bench-{number}-{os.getpid()}"],
                ["token", "create", f"bench-{number}-{os.getpid()}"],
            ):
                done = subprocess.run(
                    [str(SERVER), *arguments], env=env, capture_output=True, text=True, check=False
                )
                if done.returncode != 0 or "Traceback" in done.stderr:
                    tally.failure(f"{arguments[0]} failed: {done.stderr.strip()[-200:]}")

    return run


Attack = tuple[str, list[Callable[[str, Tally, threading.Event], None]]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=float, default=5.0, help="Length of each attack.")
    parser.add_argument(
        "--only",
        default="",
        help="Run only the attacks whose name contains this text (e.g. 'logins'); the idle "
        "reference always runs.",
    )
    options = parser.parse_args()
    policies_dir = bundled_policies_dir()
    groups = Groups(load_policy_folder(policies_dir))
    team = next(iter(groups.departments.values())).teams[0].id
    with tempfile.TemporaryDirectory(prefix="repit-abuse-") as folder:
        # Split aggregation (SPLIT.md): the attacks go to the leader, which needs
        # its helper to enroll devices; the helper runs beside it, unattacked.
        database, helper_database = Path(folder) / "leader.db", Path(folder) / "helper.db"
        key, token = Path(folder) / "helper-key.json", Path(folder) / "leader-token"
        subprocess.run(
            [str(SERVER), "helper-key", "create", "--key-file", str(key), "--token-file",
             str(token)],
            check=True, capture_output=True,
        )  # fmt: skip
        today = datetime.now(UTC).date()
        minted = []
        for path in (database, helper_database):
            storage = Storage.open(path)
            minted.append(auth.new_enrollment_codes(storage, team, 20000, today))
            if path == database:
                auth.create_account(storage, "prevention", auth.Role.READER, today)
            storage.close()
        codes = [f"{leader}.{helper}" for leader, helper in zip(*minted, strict=True)]
        env = {**os.environ, "REPIT_DB": str(database), "REPIT_POLICIES": str(policies_dir)}
        helper_port, port = free_port(), free_port()
        helper_url, url = f"http://{HOST}:{helper_port}", f"http://{HOST}:{port}"
        helper = subprocess.Popen(
            [str(SERVER), "serve", "--role", "helper", "--host", HOST, "--port",
             str(helper_port), "--db", str(helper_database), "--key-file", str(key),
             "--leader-token-file", str(token)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        server = subprocess.Popen(
            [str(SERVER), "serve", "--role", "leader", "--host", HOST, "--port", str(port),
             "--helper-url", helper_url, "--helper-token-file", str(token)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            # Its own session, as a service has its own cgroup: with Linux's
            # autogroup scheduling the attackers, on the same two cores here
            # but elsewhere in life, then do not take the server's CPU share.
            start_new_session=True,
        )  # fmt: skip
        try:
            _wait_started(url, server)
            fleet = Fleet(codes)
            attacks: list[Attack] = [
                ("idle (reference)", []),
                ("bodies declaring 100 MB", [declared_huge] * 8),
                ("chunked bodies, no length", [chunked_huge] * 8),
                ("60 KiB bodies without a token", [bodies_before_auth] * 8),
                ("40 wrong logins at once, one account", [login_flood(False)] * 40),
                ("40 wrong logins at once, many names", [login_flood(True)] * 40),
                ("commands next to uploads", [fleet.uploads] * 4 + [commands(team, env)]),
                # Last: wrong codes close enrollment for everyone a while (by design).
                ("wrong enrollment codes, 16 clients", [wrong_codes] * 16),
            ]
            attacks = [
                (name, workers)
                for name, workers in attacks
                if not workers or options.only.casefold() in name.casefold()
            ]
            print(
                f"{'attack':40} {'healthz worst':>14} {'peak RSS':>10} "
                f"{'refused':>8} {'accepted':>9}  verdict"
            )
            all_pass = True
            for name, workers in attacks:
                passed = _run(name, workers, url, server.pid, options.seconds)
                all_pass = all_pass and passed
        finally:
            server.terminate()
            _, errors = server.communicate(timeout=START_DEADLINE)
            helper.terminate()
            helper.wait(timeout=START_DEADLINE)
        if "Traceback" in errors:
            print("the server printed a traceback:\n" + errors[-2000:])
            all_pass = False
    print("PASS" if all_pass else "MISS")
    sys.exit(0 if all_pass else 1)


def _wait_started(url: str, server: subprocess.Popen[str]) -> None:
    give_up = time.monotonic() + START_DEADLINE
    while time.monotonic() < give_up:
        if server.poll() is not None:
            raise SystemExit(f"the server stopped: {server.communicate()[1]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit("the server did not start")


def _run(
    name: str,
    workers: list[Callable[[str, Tally, threading.Event], None]],
    url: str,
    pid: int,
    seconds: float,
) -> bool:
    tally = Tally()
    stop = threading.Event()
    context = multiprocessing.get_context("spawn")
    watch_stop = context.Event()
    ready = context.Event()
    results: Queue[Watched] = context.Queue()
    watcher = context.Process(target=watch, args=(url, pid, ready, watch_stop, results))
    watcher.start()
    if not ready.wait(START_DEADLINE):
        raise SystemExit("the watcher did not start")
    threads = [threading.Thread(target=work, args=(url, tally, stop)) for work in workers]
    for thread in threads:
        thread.start()
    stop.wait(seconds)
    stop.set()
    for thread in threads:
        thread.join(REQUEST_DEADLINE * 2)
    watch_stop.set()
    watched = results.get(timeout=REQUEST_DEADLINE)
    watcher.join(REQUEST_DEADLINE)
    rss_mb = watched.peak_rss / 1024 / 1024
    server_errors = sum(n for code, n in tally.statuses.items() if code >= 500 and code != 503)
    passed = (
        watched.worst_ms < TARGET_HEALTHZ_MS
        and rss_mb < TARGET_RSS_MB
        and watched.unhealthy == 0
        and server_errors == 0
        and not tally.failures
    )
    print(
        f"{name:40} {watched.worst_ms:11.0f} ms {rss_mb:7.0f} MB "
        f"{tally.refused:8} {tally.accepted:9}  {'PASS' if passed else 'MISS'}"
        f"  {dict(sorted(tally.statuses.items()))}"
    )
    for failure, count in tally.failures.most_common(3):
        print(f"    {count} × {failure}")
    if watched.unhealthy:
        print(f"    /healthz unhealthy {watched.unhealthy} time(s)")
    return passed


if __name__ == "__main__":
    main()
