"""Benchmark: split reports over HTTP on loopback, a leader and a helper (SPLIT.md).

Runs the real ``repit-aggregator serve --role helper`` and ``--role leader``, two
processes (the machine's two cores), each with a fresh database, the bundled
policies, a fresh HPKE key and leader–helper token. Enrolls ``--devices``
devices at both servers over HTTP, builds two sets of ``--days`` day reports
each with ``contract.split.build_report`` (the agent's report path, in worker
processes before the clock starts), then measures the phases apart, each with
the leader's ``/healthz`` latency beside it:

1. idle;
2. uploads: the first set, from ``--clients`` threads, with aggregation
   paused (the helper process is stopped, SIGSTOP, so the leader's pass waits
   on it): uploads per second accepted by the leader;
3. aggregation: the helper continues (SIGCONT) and the pair verifies and
   aggregates the first set, no upload beside: reports per second, until no
   report waits at the leader;
4. both: the second set uploaded while the pair aggregates, from the first
   upload until no report waits: reports per second end to end;
5. storage per device-month on each server, after a checkpoint
   (``wal_checkpoint(TRUNCATE)``) so that the journal doesn't count: the
   bytes in use, and the file's size, which also keeps the free pages of
   the reports already aggregated.

Prints progress while it runs, then the figures and PASS/MISS against the
targets: the pair aggregates at least 300 day reports per second (phase 3),
and a day of 10,000 devices within two minutes (at the rate of phase 4, the
real case: uploads and aggregation together).

    .venv/bin/python bench/ingest.py [--devices 300] [--days 5] [--clients 8]
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import closing
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from aggregator import auth
from aggregator.storage import Storage
from contract.policy.loader import bundled_policies_dir
from contract.split.hpke import HpkeConfig
from contract.split.instances import default_layout
from contract.split.report import build_report

TARGET_PER_SECOND = 300
DAY_OF_DEVICES = 10_000
DAY_SECONDS = 120.0
EXECUTABLE = Path(sys.executable).parent / "repit-aggregator"
TEAM = "dnum-infra"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def start(role: str, folder: Path, port: int, extra: list[str]) -> subprocess.Popen[bytes]:
    command = [str(EXECUTABLE), "serve", "--role", role, "--port", str(port)]
    command += ["--db", str(folder / f"{role}.db"), *extra]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(
                f"the {role} did not start: "
                + (server.stderr.read().decode() if server.stderr else "")
            )
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.05)
    raise SystemExit(f"the {role} did not answer within 60 s")


def quiet_days(first: int, days: int) -> list[str]:
    """``days`` complete days, the ``first`` one ``first`` days ago, going back."""
    today = datetime.now(UTC).date()
    return [(today - timedelta(days=n)).isoformat() for n in range(first, first + days)]


def values(minutes: int) -> dict[str, int]:
    from contract.contribution import FIELDS, Kind

    found = {f.name: f.low for f in FIELDS[Kind.DAY]}
    if minutes:
        found.update(active_day=1, working_day=1, active_minutes=minutes, breaks=3)
        found[f"hours_{min(minutes // 60, 12)}"] = 1
    return found


def _build(job: tuple[dict[str, Any], str, str, list[str]]) -> list[tuple[str, dict[str, Any]]]:
    config, leader_token, helper_token, days = job
    hpke = HpkeConfig.from_json(config)
    bodies = []
    for n, day in enumerate(days):
        report = build_report(
            kind="day",
            period=day,
            team=TEAM,
            values=values((n * 37) % 600),
            layout=default_layout("day"),
            hpke_config=hpke,
            helper_device_token=helper_token,
        )
        bodies.append((leader_token, report.to_body()))
    return bodies


def latencies(url: str, count: int) -> list[float]:
    found = []
    with httpx.Client(timeout=30) as client:
        for _ in range(count):
            began = time.perf_counter()
            client.get(f"{url}/healthz")
            found.append(time.perf_counter() - began)
    return found


def describe(found: list[float]) -> str:
    if not found:
        return "no sample"
    ordered = sorted(found)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def pending(folder: Path) -> int:
    """Reports waiting at the leader, read-only: polling must not compete for its writes."""
    with closing(sqlite3.connect(f"file:{folder / 'leader.db'}?mode=ro", uri=True)) as db:
        return int(db.execute("SELECT count(*) FROM pending_reports").fetchone()[0])


def checkpointed_size(folder: Path, role: str) -> tuple[int, int]:
    """(file size, bytes in use) of the database once its journal is copied in and emptied.

    The bytes in use leave out the free list: the pages that the aggregated
    reports' shares held, overwritten and free for the next reports, which the
    file keeps (it does not shrink without a VACUUM) but which hold nothing.
    """
    storage = Storage.open(folder / f"{role}.db")
    try:
        storage.forget_journal()
        with storage.read() as db:
            pages, free, size = (
                db.execute(f"PRAGMA {name}").fetchone()[0]
                for name in ("page_count", "freelist_count", "page_size")
            )
    finally:
        storage.close()
    return (folder / f"{role}.db").stat().st_size, (pages - free) * size


class Cpu:
    """Processor time the servers spent since it was made, from ``/proc`` (Linux).

    Beside the wall-clock rates, which a machine shared with other work lowers,
    the processor time per report says what each server costs: ``1000 / ms``
    reports per second is what one idle core would give.
    """

    def __init__(self, servers: dict[str, subprocess.Popen[bytes]]) -> None:
        # The clients too: they share the two cores with the servers.
        self.pids = {role: server.pid for role, server in servers.items()} | {
            "clients": os.getpid()
        }
        self.began = {role: self.seconds(pid) for role, pid in self.pids.items()}
        self.load = os.getloadavg()[0]

    @staticmethod
    def seconds(pid: int) -> float:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def per(self, reports: int) -> str:
        spent = {
            role: (self.seconds(pid) - self.began[role]) * 1000 / max(reports, 1)
            for role, pid in self.pids.items()
        }
        costs = ", ".join(f"{role} {ms:.1f}" for role, ms in spent.items())
        return f"CPU ms per report: {costs} (load average {self.load:.1f} at start)"


class Health:
    """Samples the leader's ``/healthz`` in a thread until stopped."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.found: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.found.extend(latencies(self.url, 1))
            self._stop.wait(0.1)

    def __enter__(self) -> Health:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(60)


def upload(
    leader_url: str, bodies: list[tuple[str, dict[str, Any]]], clients: int, label: str
) -> tuple[int, float]:
    """Send ``bodies`` from ``clients`` threads; (accepted, seconds)."""
    statuses: list[int] = []

    def send(chunk: list[tuple[str, dict[str, Any]]]) -> None:
        with httpx.Client(timeout=120) as client:
            for token, body in chunk:
                answer = client.post(
                    f"{leader_url}/api/v1/reports",
                    json=body,
                    headers={"Authorization": f"Bearer {token}"},
                )
                statuses.append(answer.status_code)

    chunks = [bodies[n::clients] for n in range(clients)]
    began = time.perf_counter()
    with ThreadPoolExecutor(clients) as threads:
        futures = [threads.submit(send, chunk) for chunk in chunks]
        # Woken by the last upload's end, not by the progress tick, so that the
        # time measured is the uploads', not a multiple of PROGRESS_SECONDS.
        while wait(futures, timeout=PROGRESS_SECONDS).not_done:
            print(f"  {label}: {len(statuses)}/{len(bodies)} sent", flush=True)
        seconds = time.perf_counter() - began
        for future in futures:
            future.result()
    accepted = statuses.count(202)
    if accepted != len(bodies):
        refused = sorted({s for s in statuses if s != 202})
        print(f"  {label}: {len(bodies) - accepted} not accepted (statuses {refused})")
    return accepted, seconds


def drain(folder: Path, label: str, deadline_seconds: float) -> None:
    """Wait until no report waits at the leader, printing progress."""
    deadline = time.monotonic() + deadline_seconds
    shown = time.monotonic()
    while (left := pending(folder)) > 0:
        if time.monotonic() > deadline:
            raise SystemExit(f"{label}: {left} reports pending after {deadline_seconds:.0f} s")
        if time.monotonic() - shown >= PROGRESS_SECONDS:
            print(f"  {label}: {left} reports pending", flush=True)
            shown = time.monotonic()
        time.sleep(0.05)


PROGRESS_SECONDS = 5.0
DRAIN_DEADLINE_SECONDS = 1800.0
"""Long enough for a machine ten times slower; the benchmark stops with an error after it."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=300)
    parser.add_argument("--days", type=int, default=5, help="days per set (two sets)")
    parser.add_argument("--clients", type=int, default=8)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        subprocess.run(
            [
                str(EXECUTABLE),
                "helper-key",
                "create",
                "--key-file",
                str(folder / "key.json"),
                "--token-file",
                str(folder / "token"),
            ],
            check=True,
            capture_output=True,
        )
        helper_port, leader_port = free_port(), free_port()
        helper_url, leader_url = (
            f"http://127.0.0.1:{helper_port}",
            f"http://127.0.0.1:{leader_port}",
        )
        env_policies = ["--policies", str(bundled_policies_dir())]
        helper = start(
            "helper",
            folder,
            helper_port,
            [
                *env_policies,
                "--key-file",
                str(folder / "key.json"),
                "--leader-token-file",
                str(folder / "token"),
            ],
        )
        leader = start(
            "leader",
            folder,
            leader_port,
            [
                *env_policies,
                "--helper-url",
                helper_url,
                "--helper-token-file",
                str(folder / "token"),
            ],
        )
        try:
            servers = {"leader": leader, "helper": helper}
            return run(options, folder, leader_url, helper_url, servers)
        finally:
            helper.send_signal(signal.SIGCONT)
            for server in (leader, helper):
                server.terminate()
                server.wait(30)


def enroll(folder: Path, leader_url: str, helper_url: str, devices: int) -> list[tuple[Any, ...]]:
    """Each device's (HPKE configuration, leader token, helper token)."""
    today = datetime.now(UTC).date()
    codes = {}
    for role in ("leader", "helper"):
        storage = Storage.open(folder / f"{role}.db")
        codes[role] = auth.new_enrollment_codes(storage, TEAM, devices, today)
        storage.close()
    enrolled = []
    with httpx.Client(timeout=30) as client:
        for leader_code, helper_code in zip(codes["leader"], codes["helper"], strict=True):
            at_leader = client.post(
                f"{leader_url}/api/v1/enroll", json={"code": leader_code}
            ).json()
            at_helper = client.post(
                f"{helper_url}/api/v1/enroll", json={"code": helper_code}
            ).json()
            enrolled.append(
                (at_leader["hpke_config"], at_leader["device_token"], at_helper["device_token"])
            )
    return enrolled


def build(enrolled: list[tuple[Any, ...]], days: list[str]) -> list[tuple[str, dict[str, Any]]]:
    jobs = [(*device, days) for device in enrolled]
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        return [body for built in pool.map(_build, jobs) for body in built]


def run(
    options: argparse.Namespace,
    folder: Path,
    leader_url: str,
    helper_url: str,
    servers: dict[str, subprocess.Popen[bytes]],
) -> int:
    helper = servers["helper"]
    enrolled = enroll(folder, leader_url, helper_url, options.devices)
    empty = {role: checkpointed_size(folder, role) for role in ("leader", "helper")}
    began = time.perf_counter()
    first = build(enrolled, quiet_days(1, options.days))
    second = build(enrolled, quiet_days(1 + options.days, options.days))
    print(
        f"{len(first) + len(second)} day reports of {options.devices} devices built"
        f" in {time.perf_counter() - began:.1f} s (client side)",
        flush=True,
    )
    idle = latencies(leader_url, 100)
    print(f"1. /healthz of the leader, idle: {describe(idle)}", flush=True)

    helper.send_signal(signal.SIGSTOP)  # the leader's aggregation waits on it
    cpu = Cpu(servers)
    with Health(leader_url) as health:
        accepted, seconds = upload(leader_url, first, options.clients, "uploads")
    helper.send_signal(signal.SIGCONT)
    print(
        f"2. uploads accepted by the leader, aggregation paused: {accepted} in {seconds:.1f} s"
        f" = {accepted / seconds:.0f}/s ({options.clients} clients);"
        f" /healthz {describe(health.found)}; {cpu.per(accepted)}",
        flush=True,
    )

    began = time.perf_counter()
    cpu = Cpu(servers)
    with Health(leader_url) as health:
        drain(folder, "aggregation", DRAIN_DEADLINE_SECONDS)
    seconds = time.perf_counter() - began
    alone = accepted / seconds
    print(
        f"3. verified and aggregated by the pair, uploads done: {accepted} in {seconds:.1f} s"
        f" = {alone:.0f} reports/s; /healthz {describe(health.found)}; {cpu.per(accepted)}",
        flush=True,
    )

    began = time.perf_counter()
    cpu = Cpu(servers)
    with Health(leader_url) as health:
        accepted, uploaded = upload(leader_url, second, options.clients, "both")
        drain(folder, "both", DRAIN_DEADLINE_SECONDS)
    seconds = time.perf_counter() - began
    together = accepted / seconds
    print(
        f"4. uploaded and aggregated together: {accepted} in {seconds:.1f} s"
        f" = {together:.0f} reports/s (uploads {accepted / uploaded:.0f}/s over"
        f" {uploaded:.1f} s); /healthz {describe(health.found)}; {cpu.per(accepted)}",
        flush=True,
    )
    day = DAY_OF_DEVICES / together
    print(f"   a day of {DAY_OF_DEVICES:,} devices: {day:.0f} s (target {DAY_SECONDS:.0f} s)")
    months = 2 * options.days / 30
    for role in ("leader", "helper"):
        (file_now, used_now), (file_then, used_then) = checkpointed_size(folder, role), empty[role]
        per = options.devices * months * 1024
        print(
            f"5. storage of the {role}: {(used_now - used_then) / per:.1f} KiB per device-month"
            f" in use, file {(file_now - file_then) / per:.1f} KiB (after a checkpoint; the"
            " rest is the free pages of aggregated reports, reused by the next ones)"
        )
    # The two targets: the pair's own rate (phase 3), and a real day,
    # uploads and aggregation together (phase 4).
    verdict = "PASS" if alone >= TARGET_PER_SECOND and day <= DAY_SECONDS else "MISS"
    print(
        f"{verdict}: the pair aggregates {alone:.0f} reports/s (target {TARGET_PER_SECOND});"
        f" a day of {DAY_OF_DEVICES:,} devices in {day:.0f} s (target {DAY_SECONDS:.0f} s)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
