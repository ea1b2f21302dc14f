"""Benchmark: contributions per second over HTTP on loopback, beside ``/healthz``.

Runs the real ``repit-aggregator serve`` as one uvicorn process on a free
loopback port with a fresh database in a temporary folder and the bundled
policies, enrolls ``--devices`` devices over HTTP, then, from ``--clients``
concurrent clients (asyncio, one ``httpx.AsyncClient`` with keep-alive):

1. ``/healthz`` for ``--seconds`` seconds: the server's floor for any request;
2. valid day and week contributions of those devices, each (device, period)
   once, for periods the server accepts today (complete, not too old, month
   not yet released).

Prints both rates, their ratio and PASS/MISS against the targets (≥ 1,000
contributions/s and ≥ 40 % of /healthz). The clients share this machine's
two cores with the server, so both rates include the same client overhead.

    .venv/bin/python bench/ingest.py [--devices 400] [--clients 16] [--seconds 5] [--client raw]

``--client raw`` sends pre-encoded HTTP/1.1 requests on asyncio streams
instead of ``httpx``: httpx's client costs about as much CPU per request as
the server, and on two cores it, not the server, sets the pace.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psutil

from agent.core.localdays import iso_week_label
from aggregator import auth
from aggregator.app import MAX_AGE_DAYS
from aggregator.periods import local_today
from aggregator.storage import Storage
from contract.contribution import FIELDS, SCHEMA_VERSION, Kind
from contract.policy.loader import bundled_policies_dir, load_policy_folder
from simulation.run import first_acceptable_day

ROOT = Path(__file__).resolve().parent.parent
SERVER = Path(sys.executable).parent / "repit-aggregator"
TARGET_RATE = 1000.0
TARGET_SHARE = 0.40


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def acceptable_periods(now: datetime, timezone: str, delay: int) -> list[tuple[Kind, str]]:
    """Every day and week the server accepts at ``now``."""
    today = local_today(now, timezone)
    first = first_acceptable_day(today, delay, MAX_AGE_DAYS)
    days = [first + timedelta(days=n) for n in range((today - first).days)]
    periods = [(Kind.DAY, day.isoformat()) for day in days]
    for day in days:
        if day.weekday() == 6 and day - timedelta(days=6) >= first:  # a whole week, ended
            periods.append((Kind.WEEK, iso_week_label(day)))
    return periods


def values(kind: Kind, rng: random.Random) -> dict[str, int]:
    return {f.name: rng.randint(f.low, f.high) for f in FIELDS[kind]}


async def _fire(
    url: str, requests: Sequence[tuple[str, dict[str, Any] | None, str | None]], clients: int
) -> tuple[float, dict[int, int]]:
    """Send ``requests`` (path, JSON body or None for GET, bearer token) with ``clients``
    concurrent workers; return the elapsed seconds and the count of each status."""
    statuses: dict[int, int] = {}
    queue: asyncio.Queue[tuple[str, dict[str, Any] | None, str | None]] = asyncio.Queue()
    for request in requests:
        queue.put_nowait(request)
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=url, limits=limits, timeout=30) as client:

        async def worker() -> None:
            while not queue.empty():
                path, body, token = queue.get_nowait()
                headers = {"Authorization": f"Bearer {token}"} if token else None
                if body is None:
                    response = await client.get(path, headers=headers)
                else:
                    response = await client.post(path, json=body, headers=headers)
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(clients)))
        return time.perf_counter() - started, statuses


def _raw_request(host: str, path: str, body: dict[str, Any] | None, token: str | None) -> bytes:
    lines = [f"{'GET' if body is None else 'POST'} {path} HTTP/1.1", f"Host: {host}"]
    if token:
        lines.append(f"Authorization: Bearer {token}")
    payload = b"" if body is None else json.dumps(body).encode()
    if body is not None:
        lines += ["Content-Type: application/json", f"Content-Length: {len(payload)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


async def _fire_raw(
    url: str, requests: Sequence[tuple[str, dict[str, Any] | None, str | None]], clients: int
) -> tuple[float, dict[int, int]]:
    """As ``_fire``, with pre-encoded HTTP/1.1 requests over keep-alive asyncio streams: a
    client that costs the machine little, so the figure is the server's."""
    host, port = url.removeprefix("http://").split(":")
    encoded = [_raw_request(host, *request) for request in requests]
    statuses: dict[int, int] = {}
    position = 0

    async def worker() -> None:
        nonlocal position
        reader, writer = await asyncio.open_connection(host, int(port))
        while position < len(encoded):
            data = encoded[position]
            position += 1
            writer.write(data)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            await reader.readexactly(length)
            statuses[status] = statuses.get(status, 0) + 1
        writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(clients)))
    return time.perf_counter() - started, statuses


CLIENT = "httpx"


def fire(
    url: str, requests: Sequence[tuple[str, dict[str, Any] | None, str | None]], clients: int
) -> tuple[float, dict[int, int]]:
    if CLIENT == "raw":
        return asyncio.run(_fire_raw(url, requests, clients))
    return asyncio.run(_fire(url, requests, clients))


def _seconds(times: Any) -> float:
    return float(times.user + times.system)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devices", type=int, default=400)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=5.0, help="of /healthz")
    parser.add_argument("--team", default="dnum-infra")
    parser.add_argument(
        "--client",
        choices=["httpx", "raw"],
        default="httpx",
        help="httpx.AsyncClient, or pre-encoded requests on asyncio streams (cheaper client)",
    )
    args = parser.parse_args()
    global CLIENT
    CLIENT = args.client

    policies = load_policy_folder(bundled_policies_dir())
    policy = next(p for p in policies.values() if any(t.id == args.team for t in p.teams))
    now = datetime.now(UTC)
    periods = acceptable_periods(now, policy.timezone, policy.privacy.release_delay_days)
    if not periods:
        print("no period is acceptable today (first day of a released month)", file=sys.stderr)
        return 1

    with tempfile.TemporaryDirectory(prefix="repit-ingest-") as folder:
        db = Path(folder) / "aggregator.db"
        storage = Storage.open(db)
        codes = auth.new_enrollment_codes(storage, args.team, args.devices, date.today())
        storage.close()
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [str(SERVER), "serve", "--port", str(port), "--db", str(db)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if server.poll() is not None or time.monotonic() > deadline:
                    print("the server did not start", file=sys.stderr)
                    return 1
                time.sleep(0.1)
            with httpx.Client(base_url=url) as client:
                device_tokens = [
                    client.post("/api/v1/enroll", json={"code": code}).json()["device_token"]
                    for code in codes
                ]

            # Warm up, then /healthz for a fixed number of requests sized to --seconds.
            fire(url, [("/healthz", None, None)] * 200, args.clients)
            probe_time, _ = fire(url, [("/healthz", None, None)] * 1000, args.clients)
            count = max(1000, int(1000 * args.seconds / probe_time))
            process = psutil.Process(server.pid)
            cpu = process.cpu_times()
            health_time, health = fire(url, [("/healthz", None, None)] * count, args.clients)
            health_cpu = _seconds(process.cpu_times()) - _seconds(cpu)
            health_rate = health.get(200, 0) / health_time

            rng = random.Random(1)
            bodies: list[tuple[str, dict[str, Any] | None, str | None]] = [
                (
                    "/api/v1/contributions",
                    {
                        "id": str(uuid.uuid4()),
                        "schema": SCHEMA_VERSION,
                        "kind": kind.value,
                        "period": period,
                        "values": values(kind, rng),
                    },
                    token,
                )
                for token in device_tokens
                for kind, period in periods
            ]
            rng.shuffle(bodies)
            cpu = process.cpu_times()
            ingest_time, ingest = fire(url, bodies, args.clients)
            ingest_cpu = _seconds(process.cpu_times()) - _seconds(cpu)
            ingest_rate = ingest.get(202, 0) / ingest_time
        finally:
            server.terminate()
            server.wait(10)

    share = ingest_rate / health_rate if health_rate else 0.0
    print(
        f"server CPU: /healthz {health_cpu / max(1, count) * 1000:.2f} ms a request "
        f"({health_cpu / health_time:.0%} of a core); contributions "
        f"{ingest_cpu / max(1, len(bodies)) * 1000:.2f} ms each "
        f"({ingest_cpu / ingest_time:.0%} of a core)"
    )
    print(
        f"server: one uvicorn process on loopback; {args.clients} concurrent {args.client} clients"
    )
    print(f"/healthz: {health.get(200, 0)} requests in {health_time:.2f} s = {health_rate:,.0f}/s")
    print(
        f"contributions: {ingest.get(202, 0)} accepted of {len(bodies)} "
        f"({len(device_tokens)} devices x {len(periods)} periods) in {ingest_time:.2f} s "
        f"= {ingest_rate:,.0f}/s; statuses {dict(sorted(ingest.items()))}"
    )
    rate_ok, share_ok = ingest_rate >= TARGET_RATE, share >= TARGET_SHARE
    print(
        f"target >= {TARGET_RATE:,.0f} contributions/s: {ingest_rate:,.0f}/s "
        f"{'PASS' if rate_ok else 'MISS'}"
    )
    print(f"target >= {TARGET_SHARE:.0%} of /healthz: {share:.0%} {'PASS' if share_ok else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
