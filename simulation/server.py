"""The simulator's own server: the production app on loopback, at a simulated time.

It runs in a child process (the simulator's devices keep the parent's core
busy, the server gets the other one) and reads the time from a number in
shared memory that only the parent sets: ``Settings.clock`` is the one thing
that differs from ``repit-aggregator serve``. Nothing about it is reachable
from the production command line.
"""

from __future__ import annotations

import multiprocessing
import socket
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _serve(db_path: str, policies_dir: str, port: int, clock: Any, max_age_days: int) -> None:
    """The child process: ``create_app`` with the shared clock, under uvicorn."""
    import uvicorn

    from aggregator.app import Settings, create_app
    from aggregator.storage import Storage
    from contract.policy.loader import load_policy_folder

    def now() -> datetime:
        return datetime.fromtimestamp(clock.value, UTC)

    settings = Settings(
        Storage.open(Path(db_path)),
        load_policy_folder(Path(policies_dir)),
        max_age_days,
        secure_cookies=False,
        clock=now,
    )
    uvicorn.run(
        create_app(settings),
        host="127.0.0.1",
        port=port,
        access_log=False,
        server_header=False,
        log_level="warning",
    )


@dataclass
class SimulatedServer:
    url: str
    _clock: Any

    def set_clock(self, instant: datetime) -> None:
        self._clock.value = instant.timestamp()


@contextmanager
def simulated_server(
    db_path: Path, policies_dir: Path, start: datetime, max_age_days: int
) -> Iterator[SimulatedServer]:
    """Serve ``db_path`` on a free loopback port at a time the caller sets."""
    context = multiprocessing.get_context("spawn")
    clock = context.Value("d", start.timestamp(), lock=False)
    port = free_port()
    process = context.Process(
        target=_serve,
        args=(str(db_path), str(policies_dir), port, clock, max_age_days),
        name="repit-simulated-server",
        daemon=True,
    )
    process.start()
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if not process.is_alive():
                raise RuntimeError("the simulated server did not start")
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("the simulated server did not answer within 30 s")
            time.sleep(0.1)
        yield SimulatedServer(url, clock)
    finally:
        process.terminate()
        process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
