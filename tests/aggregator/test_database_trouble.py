"""A foreign file, a permission problem, a full disk, a read-only database (issue 10, 4 and 5)."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import httpx
import pytest
import sqlite_utils
from click.testing import CliRunner

from agent.store import Store
from aggregator import auth
from aggregator.app import Settings
from aggregator.cli import cli
from aggregator.roles import create_helper_key, new_token_file
from aggregator.storage import Storage, StorageError
from contract.contribution import FIELDS, Kind
from contract.policy.model import Policy
from tests.aggregator.conftest import Clock
from tests.aggregator.server import running
from tests.aggregator.split_pair import SplitDeployment
from tests.as_nobody import opened_as_nobody

DEADLINE = 30.0  # seconds for any one answer, on a slow machine
PERIODS = [f"2026-03-0{day}" for day in range(1, 10)]  # complete on 10 March, not released


def test_a_foreign_sqlite_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "shop.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE customers (name TEXT, email TEXT)")
    connection.execute("INSERT INTO customers VALUES ('Ada', 'ada@example.org')")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="not a Répit aggregator database"):
        Storage.open(path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["shop.db"]
    # Through `serve`, as the administrator would meet it: a message, no traceback.
    create_helper_key(tmp_path / "key.json")
    new_token_file(tmp_path / "token")
    role = ["--role", "helper", "--key-file", str(tmp_path / "key.json")]
    role += ["--leader-token-file", str(tmp_path / "token")]
    result = CliRunner().invoke(cli, ["serve", *role, "--db", str(path)])
    assert result.exit_code == 2
    assert "n’est pas une base du serveur d’agrégation de Répit" in result.output
    assert path.read_bytes() == before


def test_the_agents_database_is_refused_by_the_aggregator_and_back(tmp_path: Path) -> None:
    """Both registries start with a "0001_initial": the tables tell them apart."""
    agent_file = tmp_path / "agent.db"
    Store.open(agent_file).close()
    aggregator_file = tmp_path / "aggregator.db"
    Storage.open(aggregator_file).close()
    before = agent_file.read_bytes()
    with pytest.raises(StorageError, match="not a Répit aggregator database"):
        Storage.open(agent_file)
    assert agent_file.read_bytes() == before
    before = aggregator_file.read_bytes()
    with pytest.raises(Exception, match="left untouched"):  # a newer schema, to the agent
        Store.open(aggregator_file)
    assert aggregator_file.read_bytes() == before


def test_an_empty_sqlite_file_is_adopted(tmp_path: Path) -> None:
    path = tmp_path / "aggregator.db"
    sqlite3.connect(path).close()
    Storage.open(path).close()


def test_a_permission_problem_is_named_as_such(tmp_path: Path) -> None:
    """Run as a user who may not enter the folder (root may enter anything)."""
    if os.geteuid() != 0:
        pytest.skip("needs root to run the check as another user")
    folder = tmp_path / "private"
    folder.mkdir()
    Storage.open(folder / "aggregator.db").close()
    folder.chmod(0o700)
    tmp_path.chmod(0o755)
    message = opened_as_nobody(Storage.open, folder / "aggregator.db")
    assert "permission denied" in message, message
    assert "damaged" not in message


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs: filling it gives SQLite a real ``SQLITE_FULL``."""
    if os.geteuid() != 0:
        pytest.skip("needs root to mount a tmpfs")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount_point)], check=True)
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=True)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError as error:
            assert error.errno == errno.ENOSPC
    return filler


def test_a_full_disk_gives_503_loses_nothing_and_recovers_by_itself(
    small_disk: Path, tmp_path: Path, policies: dict[str, Policy], clock: Clock
) -> None:
    """The leader's disk fills while devices upload; the helper's is elsewhere."""
    leader = Storage.open(small_disk / "leader.db")
    helper = Storage.open(tmp_path / "helper.db")
    deployment = SplitDeployment(leader, helper, clock, tmp_path / "policies")
    # Aggregation waits for the end: the 4 MiB disk is the uploads' alone.
    with deployment.serve(policies, 3600.0, eager=False):
        tokens = deployment.enroll("team-a", len(PERIODS) * 2)
        client = deployment.http
        values = {f.name: f.low for f in FIELDS[Kind.DAY]}
        accepted = 0
        for token in tokens[: len(tokens) // 2]:
            assert deployment.send(token, Kind.DAY, PERIODS[0], values).status_code == 202
            accepted += 1
        filler = fill(small_disk)
        health = client.get("/healthz")
        assert health.status_code == 503
        assert "disk is full" in health.json()["detail"]
        refused = 0
        for token in tokens:
            sent = deployment.send(token, Kind.DAY, PERIODS[1], values)
            assert sent.status_code in (202, 503), sent.text
            if sent.status_code == 503:
                assert "disk is full" in sent.json()["detail"]
                assert sent.headers["Retry-After"]
                refused += 1
            else:
                accepted += 1
        assert refused > 0, "the full disk never reached SQLite"
        filler.unlink()
        assert client.get("/healthz").status_code == 200
        for token in tokens:
            assert deployment.send(token, Kind.DAY, PERIODS[2], values).status_code == 202
            accepted += 1
        deployment.settle()
    with leader.read() as db:
        assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == accepted
        assert db.execute("SELECT sum(reports) FROM agg_shares").fetchone()[0] == accepted
    leader.close()
    helper.close()


def test_a_read_only_database_gives_503_and_a_page_saying_why(
    tmp_path: Path, policies: dict[str, Policy], clock: Clock
) -> None:
    path = tmp_path / "aggregator.db"
    storage = Storage.open(path)
    (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
    password = auth.create_account(storage, "agnes", auth.Role.READER, date(2026, 1, 1))
    storage.close()
    before = path.read_bytes()
    read_only = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    storage = Storage(sqlite_utils.Database(read_only), path)
    settings = Settings(storage, policies, clock=clock)
    with running(settings) as url, httpx.Client(base_url=url, timeout=DEADLINE) as client:
        health = client.get("/healthz")
        assert health.status_code == 503
        assert "read-only" in health.json()["detail"]
        enrolled = client.post("/api/v1/enroll", json={"code": code})
        assert enrolled.status_code == 503
        assert enrolled.json() == {
            "detail": "the server's database is read-only: nothing was recorded, retry later"
        }
        form = client.get("/login")
        match = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert match
        page = client.post("/login", data={"name": "agnes", "password": password, "csrf": match[1]})
        assert page.status_code == 503
        assert page.headers["content-type"].startswith("text/html")
        assert "lecture seule\u00a0: rien n’a été enregistré" in page.text
        assert 'id="guide-link"' in page.text  # the reports' message page, not a bare one
    storage.close()
    assert path.read_bytes() == before


def test_an_answered_contribution_survives_a_power_cut(tmp_path: Path) -> None:
    """WAL with synchronous=FULL: a commit has reached the disk before the 202 is sent."""
    storage = Storage.open(tmp_path / "aggregator.db")
    with storage.read() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    storage.close()
