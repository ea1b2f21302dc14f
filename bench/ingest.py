"""Benchmark: split reports over HTTP on loopback, a leader and a helper (SPLIT.md).

Runs the real ``repit-aggregator serve --role helper`` and ``--role leader``, two
processes (the machine's two cores), each with a fresh database, the bundled
policies, a fresh HPKE key and leader–helper token. Enrolls ``--devices``
devices at both servers over HTTP, builds their day reports with
``contract.split.build_report`` (the agent's report path, in worker processes
before the clock starts), then:

1. ``/healthz`` latency of the leader, idle;
2. uploads per second accepted by the leader, from ``--clients`` threads;
3. reports per second verified and aggregated by the pair: from the first
   upload until no report waits at the leader; ``/healthz`` latency meanwhile;
4. storage per device-month on each server (database and journal).

Prints the figures and PASS/MISS against the targets: the pair aggregates at
least 300 day reports per second, so a day of 10,000 devices within two minutes.

    .venv/bin/python bench/ingest.py [--devices 300] [--days 10] [--clients 8]
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
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


def quiet_days(days: int) -> list[str]:
    """The last ``days`` complete days of the current month or the last one not yet released."""
    today = datetime.now(UTC).date()
    return [(today - timedelta(days=n)).isoformat() for n in range(1, days + 1)]


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
    ordered = sorted(found)
    p95 = ordered[int(len(ordered) * 0.95) - 1]
    return f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms"


def pending(folder: Path) -> int:
    storage = Storage.open(folder / "leader.db")
    try:
        with storage.read() as db:
            return int(db.execute("SELECT count(*) FROM pending_reports").fetchone()[0])
    finally:
        storage.close()


def size(folder: Path, role: str) -> int:
    return sum(path.stat().st_size for path in folder.glob(f"{role}.db*"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=300)
    parser.add_argument("--days", type=int, default=10)
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
            return run(options, folder, leader_url, helper_url)
        finally:
            for server in (leader, helper):
                server.terminate()
                server.wait(30)


def run(options: argparse.Namespace, folder: Path, leader_url: str, helper_url: str) -> int:
    today = datetime.now(UTC).date()
    codes = {}
    for role in ("leader", "helper"):
        storage = Storage.open(folder / f"{role}.db")
        codes[role] = auth.new_enrollment_codes(storage, TEAM, options.devices, today)
        storage.close()
    empty = {role: size(folder, role) for role in ("leader", "helper")}
    jobs = []
    with httpx.Client(timeout=30) as client:
        for leader_code, helper_code in zip(codes["leader"], codes["helper"], strict=True):
            at_leader = client.post(
                f"{leader_url}/api/v1/enroll", json={"code": leader_code}
            ).json()
            at_helper = client.post(
                f"{helper_url}/api/v1/enroll", json={"code": helper_code}
            ).json()
            jobs.append(
                (
                    at_leader["hpke_config"],
                    at_leader["device_token"],
                    at_helper["device_token"],
                    quiet_days(options.days),
                )
            )
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        bodies = [body for built in pool.map(_build, jobs) for body in built]
    print(
        f"{len(bodies)} day reports of {options.devices} devices built"
        f" in {time.perf_counter() - began:.1f} s (client side)"
    )
    idle = latencies(leader_url, 200)

    during: list[float] = []
    uploading = threading.Event()
    uploading.set()

    def watch_health() -> None:
        while uploading.is_set() or pending(folder):
            during.extend(latencies(leader_url, 5))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch_health, daemon=True)
    statuses: list[int] = []
    began = time.perf_counter()
    watcher.start()

    def send(chunk: list[tuple[str, dict[str, Any]]]) -> None:
        with httpx.Client(timeout=60) as client:
            for token, body in chunk:
                answer = client.post(
                    f"{leader_url}/api/v1/reports",
                    json=body,
                    headers={"Authorization": f"Bearer {token}"},
                )
                statuses.append(answer.status_code)

    chunks = [bodies[n :: options.clients] for n in range(options.clients)]
    with ThreadPoolExecutor(options.clients) as threads:
        list(threads.map(send, chunks))
    uploaded = time.perf_counter() - began
    uploading.clear()
    while pending(folder):
        time.sleep(0.05)
    aggregated = time.perf_counter() - began
    watcher.join(60)
    accepted = statuses.count(202)
    per_second = accepted / aggregated
    print(
        f"uploads accepted by the leader: {accepted} in {uploaded:.1f} s"
        f" = {accepted / uploaded:.0f}/s ({options.clients} clients, aggregation running beside)"
    )
    print(
        f"verified and aggregated by the pair: {accepted} in {aggregated:.1f} s"
        f" = {per_second:.0f} reports/s"
    )
    print(
        f"/healthz of the leader: idle {describe(idle)};"
        f" while aggregating {describe(during or idle)}"
    )
    day = DAY_OF_DEVICES / per_second
    print(f"a day of {DAY_OF_DEVICES:,} devices: {day:.0f} s (target 120 s)")
    months = options.days / 30
    for role in ("leader", "helper"):
        grown = size(folder, role) - empty[role]
        print(
            f"storage of the {role}: {grown / options.devices / months / 1024:.1f} KiB"
            " per device-month (database and journal, after aggregation)"
        )
    verdict = "PASS" if per_second >= TARGET_PER_SECOND and day <= 120 else "MISS"
    print(f"{verdict}: target {TARGET_PER_SECOND} reports/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
