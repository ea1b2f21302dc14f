"""The operator's view (SPLIT.md "What each server keeps"): what can be read from one server's
files, and what from both.

The attacker copies every file a server writes (its database and journal, its
keys and tokens, its log) and runs ``recover``: for every report stored in a
database, it opens the sealed helper share with any HPKE key found, adds the
two input shares and decodes the measurement, exactly as a colluding pair
would. With one server's files, nothing comes out; with both servers' files,
while reports wait at the leader, every report comes out exactly: the test
can detect a leak.
"""

from __future__ import annotations

import json
import logging
import random
import shutil
import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.roles import read_helper_key
from contract.prio3.field import vec_add
from contract.prio3.vdaf import LeaderShare
from contract.split.errors import SplitError
from contract.split.hpke import HpkeConfig
from contract.split.instances import CTX, default_layout, vdaf_for
from contract.split.report import Report, helper_input_share, open_helper_share
from tests.aggregator.conftest import Clock
from tests.aggregator.reports.seed import day_values
from tests.aggregator.split_pair import TOKEN, Pair, enroll, make_report, pair, upload

SEED = 1302
SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)


def copy_files(the_pair: Pair, side: str, into: Path, log: str) -> Path:
    """Every file ``side`` writes, copied as an operator (or a thief) would."""
    into.mkdir(parents=True)
    for path in the_pair.folder.glob(f"{side}.db*"):
        shutil.copy(path, into / path.name)
    if side == "helper":
        shutil.copy(the_pair.folder / "helper-key.json", into / "helper-key.json")
    (into / "leader-helper-token").write_text(TOKEN + "\n")
    (into / f"{side}.log").write_text(log)
    return into


def keys_in(folders: list[Path]) -> list[tuple[HpkeConfig, bytes]]:
    found = []
    for folder in folders:
        for path in folder.iterdir():
            try:
                found.append(read_helper_key(path))
            except Exception:
                continue
    return found


def stored_reports(folders: list[Path]) -> list[tuple[Report, str]]:
    """Every report held in a copied database: (report, team)."""
    found = []
    for folder in folders:
        for database in folder.glob("*.db"):
            connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
            try:
                rows = connection.execute(
                    "SELECT id, team, kind, period, public_share, leader_share,"
                    " helper_share_encrypted FROM pending_reports"
                ).fetchall()
            finally:
                connection.close()
            for report_id, team, kind, period, public, leader, sealed in rows:
                report = Report(uuid.UUID(report_id), kind, period, public, leader, sealed)
                found.append((report, str(team)))
    return found


def recover(*folders: Path) -> dict[str, dict[str, int]]:
    """Report id -> its values, for every report these files give away."""
    keys = keys_in(list(folders))
    recovered: dict[str, dict[str, int]] = {}
    for report, team in stored_reports(list(folders)):
        layout = default_layout(report.kind)
        vdaf = vdaf_for(report.kind, layout)
        leader = vdaf.decode_input_share(0, report.leader_share)
        assert isinstance(leader, LeaderShare)
        for config, private_key in keys:
            try:
                _, encoded = open_helper_share(
                    report, team=team, hpke_config=config, private_key=private_key
                )
            except SplitError:
                continue
            helper = helper_input_share(report.kind, layout, encoded)
            helper_meas = vdaf.helper_meas_share(CTX, 1, helper.share)
            meas = vec_add(vdaf.field, leader.meas_share, helper_meas)
            recovered[str(report.id)] = vdaf.flp.decode(vdaf.flp.truncate(meas), 1)
    return recovered


def naive_reading(folder: Path) -> dict[str, dict[str, int]]:
    """The leader share alone taken for the measurement: what a careless design would leak."""
    readings = {}
    for report, _ in stored_reports([folder]):
        vdaf = vdaf_for(report.kind, default_layout(report.kind))
        leader = vdaf.decode_input_share(0, report.leader_share)
        assert isinstance(leader, LeaderShare)
        readings[str(report.id)] = vdaf.flp.decode(vdaf.flp.truncate(leader.meas_share), 1)
    return readings


@pytest.fixture
def lazy(tmp_path: Path) -> Iterator[Pair]:
    with pair(tmp_path / "servers", Clock(SENT), eager=False) as found:
        yield found


def test_one_servers_files_give_no_report_and_both_give_every_one(
    lazy: Pair, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    rng = random.Random(SEED)
    sent: dict[str, dict[str, int]] = {}
    for _ in range(3):
        device = enroll(lazy, "team-a")
        for day in ("2026-02-10", "2026-02-11"):
            values = day_values(rng.choice([45, 300, 480, 700]), breaks=rng.randint(1, 9))
            report = make_report(device, "day", day, values)
            assert upload(lazy, device, report).status_code == 202
            sent[str(report.id)] = values
    log = caplog.text
    pending = tmp_path / "pending"
    leader = copy_files(lazy, "leader", pending / "leader", log)
    helper = copy_files(lazy, "helper", pending / "helper", log)
    waiting = stored_reports([leader])
    assert len(waiting) == len(sent)  # they are all there, waiting
    assert recover(leader) == {}, f"seed {SEED}"
    assert recover(helper) == {}, f"seed {SEED}"
    assert all(naive_reading(leader)[i] != values for i, values in sent.items())
    assert recover(leader, helper) == sent  # together, the two parties could
    for values in sent.values():  # and no log line holds a figure
        assert json.dumps(values) not in log

    lazy.settle()
    after = tmp_path / "aggregated"
    leader = copy_files(lazy, "leader", after / "leader", caplog.text)
    helper = copy_files(lazy, "helper", after / "helper", caplog.text)
    # Once aggregated, the leader's shares are gone, even from its free pages.
    assert stored_reports([leader]) == []
    assert recover(leader, helper) == {}
    for path in leader.glob("leader.db*"):
        data = path.read_bytes()
        for report, _ in waiting:
            assert report.leader_share[:48] not in data, f"{path.name} keeps a leader share"
