"""The simulator's own servers: a leader and a helper (SPLIT.md) on loopback, at a simulated time.

Each runs the production app in a child process (the simulator's devices
keep the parent's core busy) and reads the time from a number in shared
memory that only the parent sets: ``Settings.clock`` is the one thing that
differs from ``repit-aggregator serve``. The helper's database, key and the
leader–helper token sit beside the leader's database (``PairFiles``).
Nothing about it is reachable from the production command line.
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


@dataclass(frozen=True)
class PairFiles:
    """The leader's database and, beside it, the helper's database, key and shared token."""

    leader_db: Path

    @property
    def helper_db(self) -> Path:
        return self.leader_db.with_name(f"{self.leader_db.stem}-helper{self.leader_db.suffix}")

    @property
    def key_file(self) -> Path:
        return self.leader_db.with_name("helper-key.json")

    @property
    def token_file(self) -> Path:
        return self.leader_db.with_name("leader-helper-token")

    def ensure(self) -> PairFiles:
        """Make the helper's key and the token once (a second run reuses them)."""
        from aggregator.roles import create_helper_key, new_token_file

        self.leader_db.parent.mkdir(parents=True, exist_ok=True)
        if not self.key_file.exists():
            create_helper_key(self.key_file)
        if not self.token_file.exists():
            new_token_file(self.token_file)
        return self


def _serve(
    role: str,
    db_path: str,
    policies_dir: str,
    port: int,
    clock: Any,
    max_age_days: int,
    helper_url: str,
) -> None:
    """A child process: ``create_app`` with the shared clock, under uvicorn."""
    import uvicorn

    from aggregator.app import Settings, create_app
    from aggregator.roles import HelperRole, LeaderRole, read_helper_key, read_token
    from aggregator.storage import Storage
    from contract.policy.loader import load_policy_folder

    def now() -> datetime:
        return datetime.fromtimestamp(clock.value, UTC)

    files = PairFiles(Path(db_path))
    token = read_token(files.token_file)
    if role == "helper":
        config, key = read_helper_key(files.key_file)
        chosen: LeaderRole | HelperRole = HelperRole(token, config, key)
        database = files.helper_db
    else:
        chosen, database = LeaderRole(helper_url, token), files.leader_db
    settings = Settings(
        Storage.open(database),
        load_policy_folder(Path(policies_dir)),
        max_age_days,
        secure_cookies=False,
        clock=now,
        role=chosen,
        aggregate_every_seconds=0.2,
        helper_retry_max_seconds=2.0,
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
    """The leader's: devices enroll there first and upload there."""
    _clock: Any
    files: PairFiles | None = None
    policies_dir: Path | None = None

    def set_clock(self, instant: datetime) -> None:
        self._clock.value = instant.timestamp()

    def now(self) -> datetime:
        return datetime.fromtimestamp(self._clock.value, UTC)

    def settled(self) -> bool:
        """Nothing waits at the leader, and every due month holding shares is recorded."""
        from aggregator.groups import Groups
        from aggregator.releases import is_due
        from aggregator.storage import Storage, split
        from aggregator.storage.records import is_recorded
        from contract.policy.loader import load_policy_folder

        assert self.files is not None and self.policies_dir is not None
        departments = Groups(load_policy_folder(self.policies_dir)).departments.values()
        storage = Storage.open(self.files.leader_db)
        try:
            with storage.read() as db:
                if split.pending_count(db):
                    return False
                return all(
                    is_recorded(db, department.id, month)
                    for month in split.months_with_shares(db)
                    for department in departments
                    if is_due(month, department, self.now())
                    and split.report_counts(db, [t.id for t in department.teams], month)
                    != {"day": {}, "week": {}}
                )
        finally:
            storage.close()

    def wait_settled(self, timeout: float = 600) -> None:
        deadline = time.monotonic() + timeout
        while not self.settled():
            if time.monotonic() > deadline:
                raise RuntimeError("the simulated leader did not aggregate and release in time")
            time.sleep(0.2)


def _start(context: Any, role: str, args: tuple[Any, ...], port: int) -> Any:
    process = context.Process(
        target=_serve,
        args=(role, *args[:2], port, *args[2:]),
        name=f"repit-simulated-{role}",
        daemon=True,
    )
    process.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        if not process.is_alive():
            raise RuntimeError(f"the simulated {role} did not start")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"the simulated {role} did not answer within 30 s")
        time.sleep(0.1)


@contextmanager
def simulated_server(
    db_path: Path, policies_dir: Path, start: datetime, max_age_days: int
) -> Iterator[SimulatedServer]:
    """Serve ``db_path`` (the leader) and its helper on free loopback ports, at a time the
    caller sets; yields the leader."""
    files = PairFiles(db_path).ensure()
    context = multiprocessing.get_context("spawn")
    clock = context.Value("d", start.timestamp(), lock=False)
    helper_port, port = free_port(), free_port()
    helper_url = f"http://127.0.0.1:{helper_port}"
    processes = []
    try:
        common = (str(db_path), str(policies_dir), clock, max_age_days, helper_url)
        processes.append(_start(context, "helper", common, helper_port))
        processes.append(_start(context, "leader", common, port))
        yield SimulatedServer(f"http://127.0.0.1:{port}", clock, files, policies_dir)
    finally:
        for process in reversed(processes):
            process.terminate()
            process.join(10)
            if process.is_alive():
                process.kill()
                process.join()
