"""Every ``repit-aggregator`` command next to a running server under upload load (issue 10, item 3).

The server is the real ``serve`` command; devices enroll and upload from
threads the whole time; every other command runs in turn on the same
database. No client may get a 5xx, no command may fail or print a traceback.
The commands are enumerated from the click group: one added without an
invocation here fails the test, so that it is covered too.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import httpx
import pytest

from aggregator import auth
from aggregator.cli import cli
from aggregator.storage import Storage
from contract.contribution import FIELDS, SCHEMA_VERSION, Kind
from tests.aggregator.conftest import write_policies
from tests.aggregator.server import free_port

START_DEADLINE = 30.0  # seconds for the server to answer /healthz, on a slow machine
COMMAND_DEADLINE = 300.0  # seconds one command may take under load
UPLOADERS = 4
CODES_PER_REFILL = 500
MOST_CODES = 50_000  # the load is bounded even if a command hangs until its deadline
EXECUTABLE = Path(sys.executable).parent / "repit-aggregator"
SIMULATOR = Path(sys.executable).parent / "repit-simulate"  # "simulate": its own command


@dataclass
class Load:
    url: str
    database: Path
    codes: list[str]
    statuses: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    minted: int = 0

    def upload(self) -> None:
        """Enroll a device and send its day, again and again: two writes each time."""
        period = (datetime.now(UTC).date() - timedelta(days=2)).isoformat()
        values = {f.name: f.low for f in FIELDS[Kind.DAY]}
        with httpx.Client(base_url=self.url, timeout=COMMAND_DEADLINE) as client:
            while not self.stop.is_set():
                code = self.next_code()
                if code is None:
                    return
                try:
                    enrolled = client.post("/api/v1/enroll", json={"code": code})
                    self.record(enrolled.status_code)
                    if enrolled.status_code != 201:
                        continue
                    token = enrolled.json()["device_token"]
                    body = {
                        "id": str(uuid.uuid4()),
                        "schema": SCHEMA_VERSION,
                        "kind": "day",
                        "period": period,
                        "values": values,
                    }
                    sent = client.post(
                        "/api/v1/contributions",
                        json=body,
                        headers={"Authorization": f"Bearer {token}"},
                    )
                    self.record(sent.status_code)
                except httpx.HTTPError as error:
                    with self.lock:
                        self.errors.append(repr(error))

    def next_code(self) -> str | None:
        """A fresh code; more are minted as the load uses them, so the load lasts as long
        as the commands do, however slow the machine (minting is one more writer)."""
        with self.lock:
            if not self.codes and self.minted < MOST_CODES:
                storage = Storage.open(self.database)
                try:
                    today = datetime.now(UTC).date()
                    self.codes = auth.new_enrollment_codes(
                        storage, "team-a", CODES_PER_REFILL, today
                    )
                finally:
                    storage.close()
                self.minted += CODES_PER_REFILL
            return self.codes.pop() if self.codes else None

    def record(self, status: int) -> None:
        with self.lock:
            self.statuses.append(status)


@dataclass
class Context:
    env: dict[str, str]
    url: str
    folder: Path
    outputs: dict[str, str] = field(default_factory=dict)
    """Each command's stdout, by its name, for the commands that use another's output."""


def _first_field(context: Context, command: str) -> str:
    lines = context.outputs.get(command, "").split()
    assert lines, f"{command} printed nothing to use"
    return lines[0]


def _last_month() -> str:
    first = datetime.now(UTC).date().replace(day=1)
    return (first - timedelta(days=1)).strftime("%Y-%m")


# In order: a command may use an earlier one's output. "serve" is the server itself.
INVOCATIONS: dict[str, Callable[[Context], list[str]]] = {
    "enroll-code": lambda c: ["--team", "team-a", "--count", "2000"],
    "user add": lambda c: ["agnes", "--role", "reader"],
    "user list": lambda c: [],
    "user passwd": lambda c: ["agnes"],
    "user disable": lambda c: ["agnes"],
    "user enable": lambda c: ["agnes"],
    "token create": lambda c: ["agnes"],
    "token list": lambda c: ["agnes"],
    "token revoke": lambda c: [_first_field(c, "token list")],
    "device revoke": lambda c: ["--code", _first_field(c, "enroll-code")],
    "report": lambda c: [
        "--group",
        "dept",
        "--month",
        _last_month(),
        "--format",
        "csv",
        "-o",
        str(c.folder / "report.csv"),
    ],
    "simulate": lambda c: ["--url", c.url, "--devices", "5", "--months", "1"],
    "user remove": lambda c: ["agnes"],
}


def _program(name: str) -> list[str]:
    return [str(SIMULATOR)] if name == "simulate" else [str(EXECUTABLE), *name.split()]


def leaf_commands(group: click.Group, prefix: str = "") -> Iterator[str]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Context, Load]]:
    database = tmp_path / "aggregator.db"
    env = {
        **os.environ,
        "REPIT_DB": str(database),
        "REPIT_POLICIES": str(write_policies(tmp_path / "policies")),
    }
    Storage.open(database).close()  # created before the server, as an operator would
    port = free_port()
    server = subprocess.Popen(
        [str(EXECUTABLE), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        give_up = time.monotonic() + START_DEADLINE
        while True:
            assert server.poll() is None, server.communicate()
            assert time.monotonic() < give_up, "the server did not start"
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.05)
        load = Load(url, database, [])
        yield Context(env, url, tmp_path), load
    finally:
        server.terminate()
        _, server_errors = server.communicate(timeout=COMMAND_DEADLINE)
    assert "Traceback" not in server_errors, server_errors
    assert "database is locked" not in server_errors, server_errors


def test_every_command_runs_next_to_a_loaded_server(serving: tuple[Context, Load]) -> None:
    context, load = serving
    commands = set(leaf_commands(cli)) | {"simulate"}
    missing = commands - set(INVOCATIONS) - {"serve"}
    assert not missing, f"add an invocation for {sorted(missing)} in INVOCATIONS"
    uploaders = [threading.Thread(target=load.upload) for _ in range(UPLOADERS)]
    for uploader in uploaders:
        uploader.start()
    try:
        for name, arguments in INVOCATIONS.items():
            if name not in commands:
                continue  # a command of another branch, not here yet
            served_before = len(load.statuses)
            done = subprocess.run(
                [*_program(name), *arguments(context)],
                env=context.env,
                capture_output=True,
                text=True,
                timeout=COMMAND_DEADLINE,
                check=False,
            )
            context.outputs[name] = done.stdout
            assert done.returncode == 0, f"{name}: {done.stderr}"
            assert "Traceback" not in done.stderr, f"{name}: {done.stderr}"
            assert "locked" not in done.stderr, f"{name}: {done.stderr}"
            # Each command ran while uploads were being written.
            assert len(load.statuses) > served_before, f"{name}: no upload meanwhile"
    finally:
        load.stop.set()
        for uploader in uploaders:
            uploader.join(COMMAND_DEADLINE)
    assert not load.errors, load.errors[:5]
    assert load.statuses, "no upload ran"
    server_errors = sorted({status for status in load.statuses if status >= 500})
    assert not server_errors, f"clients got {server_errors}"
    assert 202 in load.statuses
