"""The window as the tray starts it: its own process, under Xvfb, against a real leader."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

from agent.core.localdays import local_date
from agent.core.tool_answers import month_of
from agent.participation import Mode
from agent.store import DATABASE_NAME, Store
from agent.tools.launch import window_request
from agent.tools.storage import answers, pending_proposals, queue_proposal
from agent.tools.wording import FRENCH
from contract.policy.model import Policy, Tool
from tests.tools.conftest import Leader
from tests.tools.test_proposals_server import everything
from tests.waiting import wait_until

WAIT_SECONDS = 60
DAY = date(2026, 3, 10)
POLICY = Policy(tools=(Tool("parapheur", "Parapheur électronique"),))


def start(data_dir: Path, display: str) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "agent.tools.run", str(data_dir)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "DISPLAY": display},
    )
    assert process.stdin is not None
    process.stdin.write(window_request(POLICY, "fr"))
    process.stdin.close()
    return process


def xdotool(display: str, *arguments: str) -> str:
    return subprocess.run(
        ["xdotool", *arguments],
        env={"DISPLAY": display},
        capture_output=True,
        text=True,
        check=True,
        timeout=WAIT_SECONDS,
    ).stdout


def open_window_of_a_sharing_agent(
    leader: Leader, data_dir: Path, x_display: str
) -> subprocess.Popen[str]:
    """The window of an agent in share mode, enrolled at ``leader``, shown and focused."""
    leader.clock.now = datetime.now(UTC)  # the window's month is today's
    store = Store.open(data_dir / DATABASE_NAME)
    store.set_mode(Mode.SHARE)
    leader.enroll_agent(store)
    store.close()
    process = start(data_dir, x_display)
    try:
        (window, *_) = xdotool(
            x_display, "search", "--sync", "--name", "mon avis sur les outils"
        ).split()
        xdotool(x_display, "windowfocus", "--sync", window)
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process


def test_closing_the_real_window_keeps_and_sends_nothing(
    leader: Leader, x_display: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "agent"
    process = open_window_of_a_sharing_agent(leader, data_dir, x_display)
    try:
        # A choice made with the keyboard (Tab to the first level, Space), then Escape.
        xdotool(x_display, "key", "--delay", "20", "Tab", "space", "Escape")
        assert process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    store = Store.open(data_dir / DATABASE_NAME)
    assert answers(store) == []
    store.close()
    assert everything(leader.storage)["tool_proposals"] == []


def test_outside_share_mode_the_window_does_not_open(tmp_path: Path, x_display: str) -> None:
    data_dir = tmp_path / "agent"
    store = Store.open(data_dir / DATABASE_NAME)
    store.set_mode(Mode.REMINDERS)
    queue_proposal(store, "2026-03", "parapheur", "Une idée")
    store.close()
    process = start(data_dir, x_display)
    assert process.wait(timeout=WAIT_SECONDS) == 1
    assert process.stderr is not None
    errors = process.stderr.read()
    assert FRENCH.only_in_share in errors
    assert "Traceback" not in errors


def test_a_proposal_typed_read_back_and_confirmed_reaches_the_leader(
    leader: Leader, x_display: str, tmp_path: Path
) -> None:
    data_dir = tmp_path / "agent"
    process = open_window_of_a_sharing_agent(leader, data_dir, x_display)
    try:
        # The list, six levels, three effects: the tenth Tab is the proposal's box.
        xdotool(x_display, "key", "--delay", "20", *["Tab"] * 10)
        xdotool(x_display, "type", "--delay", "20", "Signer par lot")
        # Tab to "Relire avant d'envoyer", Return; the read-back has the focus on
        # "Confirmer l'envoi": Return again.
        xdotool(x_display, "key", "--delay", "50", "Tab", "Return", "Return")
        wait_until(
            lambda: everything(leader.storage)["tool_proposals"] != [],
            "the proposal to reach the leader",
            timeout=WAIT_SECONDS,
        )
        xdotool(x_display, "key", "Escape")
        assert process.wait(timeout=WAIT_SECONDS) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    (row,) = everything(leader.storage)["tool_proposals"]
    assert row[1:] == (
        "dept",
        "parapheur",
        month_of(local_date(int(time.time()), POLICY.timezone)),
        "Signer par lot",
        None,
    )
    store = Store.open(data_dir / DATABASE_NAME)
    assert pending_proposals(store) == []
    store.close()
