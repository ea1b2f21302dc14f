"""The agent's life as a process: one per data folder, clean exits on signals, and
``status`` seeing it run."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from functools import partial

import pytest

from agent.instance import running_pid
from tests.fixtures.desktop import Desktop, wait_until
from tests.run.harness import (
    STARTED,
    STOPPED,
    AgentHarness,
    AgentProcess,
    integrity,
    wait_for_tick_with_span,
)


@pytest.mark.timeout(60)
def test_a_second_agent_on_the_same_folder_says_so_and_exits_0(agents: AgentHarness) -> None:
    agents.consent("reminders")
    first = agents.start()
    first.wait_started()

    began = time.monotonic()
    second = agents.start()
    assert second.process.wait(timeout=10) == 0
    elapsed = time.monotonic() - began

    assert "already running" in second.stderr()
    assert f"pid {first.pid}" in second.stderr()
    assert STARTED not in second.stderr()
    assert elapsed < 5, f"the second agent took {elapsed:.1f} s to give up"
    time.sleep(1)
    assert first.running(), "the first agent keeps running"
    assert running_pid(agents.data_dir) == first.pid
    assert first.stop() == 0


def started_or_gave_up(agent: AgentProcess) -> bool:
    return not agent.running() or STARTED in agent.stderr()


PROBE = """
import sys, time
from pathlib import Path
from agent.instance import running_pid
folder, end = Path(sys.argv[1]), time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    running_pid(folder)
"""


@pytest.mark.timeout(240)
def test_an_agent_starts_while_status_probes_the_lock(agents: AgentHarness) -> None:
    """``status`` (and ``forget``) asking whether an agent runs must never stop one starting."""
    agents.consent("off")
    agents.data_dir.mkdir(parents=True, exist_ok=True)
    probes = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE, str(agents.data_dir), "200"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(4)
    ]
    refused: list[str] = []
    try:
        for _ in range(100):
            agent = agents.start()
            wait_until(partial(started_or_gave_up, agent), "the agent to start or give up", 20)
            if not agent.running():
                refused.append(agent.stderr().strip())
                break
            assert agent.stop() == 0
    finally:
        for probe in probes:
            probe.kill()
            probe.wait()
    assert refused == []


def wait_stopped(agent: AgentProcess, number: signal.Signals) -> float:
    began = time.monotonic()
    status = agent.stop(number, timeout=10)
    elapsed = time.monotonic() - began
    assert status == 0, agent.stderr()
    return elapsed


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.timeout(90)
def test_a_signal_stops_the_agent_cleanly(
    number: signal.Signals, agents: AgentHarness, desktop: Desktop
) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)

    elapsed = wait_stopped(agent, number)

    assert elapsed < 5, f"{number.name}: exit took {elapsed:.1f} s"
    assert STOPPED in agent.stderr()
    assert "Traceback" not in agent.stderr()
    assert integrity(agents.database) == "ok"
    assert running_pid(agents.data_dir) is None
    assert agents.status()["agent"] == {"running": False}

    again = agents.start()
    again.wait_started()
    time.sleep(1)
    assert again.running(), again.stderr()
    assert "already running" not in again.stderr()
    assert again.stop() == 0


@pytest.mark.timeout(60)
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


@pytest.mark.timeout(60)
def test_status_names_the_idle_source(agents: AgentHarness, desktop: Desktop) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)
    assert agents.status()["agent"]["source"] == "x11-screensaver"
    assert agent.stop() == 0
