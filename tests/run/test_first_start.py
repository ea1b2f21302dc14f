"""A first start's work (validating the policy, the year's public holidays) is never
done beside the running agent (issue 16): where a process can replace its program,
the agent becomes ``agent.first_start`` and then the agent again, in one process,
so that the process tree never holds both (``bench/footprint.py`` measures it).
When the work fails, the agent does it itself and says what is wrong, once."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from agent.first_start import DONE_VARIABLE, deadline, done_here
from tests.fixtures.desktop import Desktop
from tests.run.harness import AGENT, ROOT, STARTED
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(240)

DEADLINE_SECONDS = 120


def _starts(log: Path) -> list[str]:
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_a_first_start_works_in_the_agents_own_process_and_starts_no_child(
    desktop: Desktop, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    subprocess.run(
        [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
        env=desktop.env, check=True, capture_output=True, timeout=DEADLINE_SECONDS,
    )  # fmt: skip
    log = tmp_path / "starts.txt"
    stderr = tmp_path / "agent.err"
    agent = subprocess.Popen(
        [sys.executable, "-m", "tests.run.starts_log", str(log), "run", "--headless",
         "--data-dir", str(data_dir)],
        cwd=ROOT, env=desktop.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=stderr.open("wb"),
    )  # fmt: skip
    try:
        wait_until(lambda: STARTED in stderr.read_text(errors="replace"), "the agent to start")
        # The agent, then the work (not this program: no line), then the agent again.
        assert _starts(log) == [f"start {agent.pid}", f"start {agent.pid}"]
        assert (data_dir / "policy-cache.json").exists()
        assert (data_dir / "public-holidays.json").exists()
    finally:
        agent.send_signal(signal.SIGTERM)
        agent.wait(timeout=DEADLINE_SECONDS)

    again = subprocess.Popen(
        [sys.executable, "-m", "tests.run.starts_log", str(log), "run", "--headless",
         "--data-dir", str(data_dir)],
        cwd=ROOT, env=desktop.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=stderr.open("wb"),
    )  # fmt: skip
    try:  # everything kept: the next start does no work apart
        wait_until(lambda: STARTED in stderr.read_text(errors="replace"), "the agent to start")
        assert _starts(log)[2:] == [f"start {again.pid}"]
    finally:
        again.send_signal(signal.SIGTERM)
        again.wait(timeout=DEADLINE_SECONDS)


def test_an_invalid_policy_is_said_once_by_the_agent(tmp_path: Path) -> None:
    policy = tmp_path / "bad.toml"
    policy.write_text('id = "bad"\n[breaks]\nevery_minutes = -5\n', encoding="utf-8")
    done = subprocess.run(
        [str(AGENT), "run", "--headless", "--data-dir", str(tmp_path / "data"),
         "--policy", str(policy)],
        capture_output=True, text=True, timeout=DEADLINE_SECONDS, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2
    # The work failed quietly; the agent validated again and said what is wrong.
    assert "bad.toml" in done.stderr
    assert done.stderr.count("breaks.every_minutes") == 1, done.stderr
    assert "Traceback" not in done.stderr


def test_the_work_answers_its_own_process_once() -> None:
    environment = {DONE_VARIABLE: f"{os.getpid()}:kept"}
    assert done_here(environment) is True
    assert done_here(environment) is None  # removed: it answers once
    assert done_here({DONE_VARIABLE: f"{os.getpid()}:failed"}) is False
    # Inherited by a program the agent started: not its own, and removed.
    inherited = {DONE_VARIABLE: f"{os.getpid() + 1}:kept"}
    assert done_here(inherited) is None
    assert inherited == {}


def test_the_work_is_given_up_at_its_deadline_and_no_alarm_is_left() -> None:
    never = threading.Event()
    handler = signal.getsignal(signal.SIGALRM)  # pytest-timeout's, or the default
    with pytest.raises(TimeoutError, match="over 1 s"), deadline(1):
        never.wait(DEADLINE_SECONDS)
    assert signal.alarm(0) == 0  # nothing pending to outlive an exec
    assert signal.getsignal(signal.SIGALRM) == handler
