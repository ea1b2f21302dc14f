"""Every ``repit-aggregator`` command next to a running server under upload load (issue 10, item 3).

The server is the real ``serve`` command; devices enroll and upload from
threads the whole time; every other command runs in turn on the same
database. No client may get a 5xx, no command may fail or print a traceback.
The commands are enumerated from the click group: one added without an
invocation here fails the test, so that it is covered too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click
import httpx
import pytest

from aggregator import auth
from aggregator.cli import cli
from aggregator.roles import create_helper_key, new_token_file
from aggregator.storage import Storage
from contract.contribution import FIELDS, Kind
from contract.split.hpke import HpkeConfig
from contract.split.instances import default_layout
from contract.split.report import build_report
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
    helper_database: Path
    codes: list[tuple[str, str]]
    statuses: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)
    minted: int = 0

    def upload(self) -> None:
        """Enroll a device at both servers and send its day, again and again."""
        period = (datetime.now(UTC).date() - timedelta(days=2)).isoformat()
        values = {f.name: f.low for f in FIELDS[Kind.DAY]}
        with httpx.Client(base_url=self.url, timeout=COMMAND_DEADLINE) as client:
            while not self.stop.is_set():
                codes = self.next_codes()
                if codes is None:
                    return
                try:
                    enrolled = client.post("/api/v1/enroll", json={"code": codes[0]})
                    self.record(enrolled.status_code)
                    if enrolled.status_code != 201:
                        continue
                    answer = enrolled.json()
                    helper = client.post(
                        f"{answer['helper_url']}/api/v1/enroll", json={"code": codes[1]}
                    )
                    self.record(helper.status_code)
                    report = build_report(
                        kind="day",
                        period=period,
                        team="team-a",
                        values=values,
                        layout=default_layout("day"),
                        hpke_config=HpkeConfig.from_json(answer["hpke_config"]),
                        helper_device_token=helper.json()["device_token"],
                    )
                    sent = client.post(
                        "/api/v1/reports",
                        json=report.to_body(),
                        headers={"Authorization": f"Bearer {answer['device_token']}"},
                    )
                    self.record(sent.status_code)
                except httpx.HTTPError as error:
                    with self.lock:
                        self.errors.append(repr(error))

    def next_codes(self) -> tuple[str, str] | None:
        """A fresh code of each server; more are minted as the load uses them, so the load
        lasts as long as the commands do, however slow the machine (minting is one more
        writer)."""
        with self.lock:
            if not self.codes and self.minted < MOST_CODES:
                minted = []
                for database in (self.database, self.helper_database):
                    storage = Storage.open(database)
                    try:
                        today = datetime.now(UTC).date()
                        minted.append(
                            auth.new_enrollment_codes(storage, "team-a", CODES_PER_REFILL, today)
                        )
                    finally:
                        storage.close()
                self.codes = list(zip(*minted, strict=True))
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


def _retired_key_id(key_file: Path) -> int:
    """The id of a key that ``helper-key rotate`` retired (run just before)."""
    kept = json.loads(key_file.read_text(encoding="utf-8"))
    retired = [key["id"] for key in kept["keys"] if key["id"] != kept["current"]]
    return int(retired[0])


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
    "audit": lambda c: ["--month", _last_month()],
    "helper-key create": lambda c: ["--key-file", str(c.folder / "another-key.json")],
    "helper-key rotate": lambda c: ["--key-file", str(c.folder / "another-key.json")],
    "helper-key retire": lambda c: [
        "--key-file",
        str(c.folder / "another-key.json"),
        "--id",
        str(_retired_key_id(c.folder / "another-key.json")),
    ],
    "tool deploy": lambda c: ["--tool", "parapheur", "--group", "dept", "--date", "2026-03-01"],
    "simulate": lambda c: [
        "--url",
        c.url,
        "--helper-db",
        str(c.folder / "helper.db"),
        "--devices",
        "5",
        "--months",
        "1",
    ],
    "user remove": lambda c: ["agnes"],
}


def _with_a_tool(folder: Path) -> Path:
    """The test policies, the department rating one tool (for ``tool deploy``)."""
    department = folder / "dept.toml"
    tool = '\n[[tools]]\nid = "parapheur"\nname = "Parapheur électronique"\n'
    department.write_text(department.read_text(encoding="utf-8") + tool, encoding="utf-8")
    return folder


def _program(name: str) -> list[str]:
    return [str(SIMULATOR)] if name == "simulate" else [str(EXECUTABLE), *name.split()]


def leaf_commands(group: click.Group, prefix: str = "") -> Iterator[str]:
    for name, command in sorted(group.commands.items()):
        if isinstance(command, click.Group):
            yield from leaf_commands(command, f"{prefix}{name} ")
        else:
            yield f"{prefix}{name}"


def _started(server: subprocess.Popen[str], url: str) -> None:
    give_up = time.monotonic() + START_DEADLINE
    while True:
        assert server.poll() is None, server.communicate()
        assert time.monotonic() < give_up, "the server did not start"
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.05)


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[Context, Load]]:
    """The leader under load, its helper beside it; the commands run on the leader's file."""
    database = tmp_path / "aggregator.db"
    helper_database = tmp_path / "helper.db"
    env = {
        **os.environ,
        "REPIT_DB": str(database),
        "REPIT_POLICIES": str(_with_a_tool(write_policies(tmp_path / "policies"))),
        "REPIT_HELPER_KEY": str(tmp_path / "helper-key.json"),
        "REPIT_LEADER_TOKEN_FILE": str(tmp_path / "token"),
        "REPIT_HELPER_TOKEN_FILE": str(tmp_path / "token"),
    }
    create_helper_key(tmp_path / "helper-key.json")
    new_token_file(tmp_path / "token")
    Storage.open(database).close()  # created before the server, as an operator would
    helper_port, port = free_port(), free_port()
    helper = subprocess.Popen(
        [str(EXECUTABLE), "serve", "--role", "helper", "--port", str(helper_port)],
        env={**env, "REPIT_DB": str(helper_database)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    helper_url = f"http://127.0.0.1:{helper_port}"
    server = subprocess.Popen(
        [str(EXECUTABLE), "serve", "--role", "leader", "--port", str(port)],
        env={**env, "REPIT_HELPER_URL": helper_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _started(helper, helper_url)
        _started(server, url)
        load = Load(url, database, helper_database, [])
        yield Context(env, url, tmp_path), load
    finally:
        server.terminate()
        helper.terminate()
        _, server_errors = server.communicate(timeout=COMMAND_DEADLINE)
        _, helper_errors = helper.communicate(timeout=COMMAND_DEADLINE)
    for errors in (server_errors, helper_errors):
        assert "Traceback" not in errors, errors
        assert "database is locked" not in errors, errors


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
