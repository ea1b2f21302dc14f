"""The agent's life as a process: one per data folder, clean exits on signals, and
``status`` seeing it run."""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from agent.instance import LOCK_NAME, running_pid
from tests.fixtures.desktop import Desktop
from tests.run.harness import (
    STARTED,
    STOPPED,
    AgentHarness,
    AgentProcess,
    integrity,
    wait_for_tick_with_span,
    wait_for_ticks,
)
from tests.waiting import wait_until


@pytest.mark.timeout(120)
def test_a_second_agent_on_the_same_folder_says_so_and_exits_0(agents: AgentHarness) -> None:
    agents.consent("reminders")
    first = agents.start()
    first.wait_started()

    second = agents.start()
    # It gives up at once (the lock is taken) rather than waiting for it: it
    # exits (within a deadline that only bounds a hang), never starts.
    assert second.wait_exit("the second agent to give up") == 0

    assert "Répit est déjà en marche" in second.stderr()  # in the person's language
    assert f"pid {first.pid}" in second.stderr()
    assert STARTED not in second.stderr()
    assert first.running(), "the first agent keeps running"
    assert running_pid(agents.data_dir) == first.pid
    assert first.stop() == 0


def started_or_gave_up(agent: AgentProcess) -> bool:
    return not agent.running() or STARTED in agent.stderr()


def has_open(pid: int, path: Path) -> bool:
    """Whether process ``pid`` holds a descriptor on ``path`` (from /proc)."""
    for descriptor in Path(f"/proc/{pid}/fd").glob("*"):
        try:
            if Path(os.readlink(descriptor)) == path:
                return True
        except OSError:  # closed in between
            continue
    return False


def trying_or_gone(agent: AgentProcess, lock: Path) -> bool:
    return has_open(agent.pid, lock) or not agent.running()


@pytest.mark.timeout(120)
def test_an_agent_starts_while_status_probes_the_lock(agents: AgentHarness) -> None:
    """``status`` (and ``forget``) take the lock for an instant to ask whether an agent
    runs (``running_pid``): an agent starting at that instant waits, never gives up.

    The test holds the lock as such a probe does, and lets go only once the
    starting agent has opened the lock file to try it: every start meets a
    taken lock, whatever the machine's speed.
    """
    agents.consent("off")
    lock = agents.data_dir / LOCK_NAME
    for _ in range(3):
        with lock.open("a+", encoding="ascii") as probe:
            fcntl.flock(probe.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            agent = agents.start()
            wait_until(
                partial(trying_or_gone, agent, lock), "the agent to try the lock a probe holds"
            )
        # Released (closed) well within the agent's patience of a second.
        wait_until(partial(started_or_gave_up, agent), "the agent to start or give up")
        assert agent.running(), f"an agent gave up on a probed lock:\n{agent.stderr()}"
        assert running_pid(agents.data_dir) == agent.pid
        assert agent.stop() == 0


# Probes the lock until killed (not for a fixed time: on a slow machine the
# starts below would outlast it and run unprobed); prints once it has probed.
PROBE = """
import sys
from pathlib import Path
from agent.instance import LOCK_NAME, running_pid
folder = Path(sys.argv[1])
running_pid(folder)
print("probing", flush=True)
while True:
    running_pid(folder)
"""


@pytest.mark.slow
@pytest.mark.timeout(180)
def test_agents_start_among_busy_status_probes(agents: AgentHarness) -> None:
    """The same with real ``running_pid`` probes in tight loops, at random moments."""
    agents.consent("off")
    probes = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE, str(agents.data_dir)],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(2)
    ]
    refused: list[str] = []
    try:
        for probe in probes:
            assert probe.stdout is not None
            assert probe.stdout.readline() == b"probing\n", "a probe failed to start"
        for _ in range(8):
            agent = agents.start()
            wait_until(partial(started_or_gave_up, agent), "the agent to start or give up")
            if not agent.running():
                refused.append(agent.stderr().strip())
                break
            assert agent.stop() == 0
    finally:
        for probe in probes:
            probe.kill()
            probe.wait()
    assert refused == []


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.timeout(180)
def test_a_signal_stops_the_agent_cleanly(
    number: signal.Signals, agents: AgentHarness, desktop: Desktop
) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)

    # It exits within the deadline (no hang on a job or a source), and cleanly.
    assert agent.stop(number, timeout=30) == 0, agent.stderr()
    assert STOPPED in agent.stderr()
    assert "Traceback" not in agent.stderr()
    assert integrity(agents.database) == "ok"
    assert running_pid(agents.data_dir) is None
    assert agents.status()["agent"] == {"running": False}

    again = agents.start()
    again.wait_started()
    wait_for_ticks(agents, desktop, 1)  # it records: the lock and the database are usable
    assert again.running(), again.stderr()
    assert "déjà en marche" not in again.stderr()
    assert again.stop() == 0


@pytest.mark.timeout(120)
def test_status_shows_the_running_agent(agents: AgentHarness, desktop: Desktop) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)

    document = agents.status()
    process = document["agent"]
    assert process["running"] is True
    assert process["pid"] == agent.pid
    assert isinstance(process["cpu_percent"], int | float) and process["cpu_percent"] >= 0
    assert 5 < process["rss_mb"] < 200
    assert document["mode"] == "reminders"
    assert document["today"] is not None

    text = agents.cli("status").stdout
    assert str(agent.pid) in text, text

    assert agent.stop() == 0
    assert agents.status()["agent"] == {"running": False}


@pytest.mark.timeout(120)
def test_status_names_the_idle_source(agents: AgentHarness, desktop: Desktop) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)
    assert agents.status()["agent"]["source"] == "x11-screensaver"
    assert agent.stop() == 0
