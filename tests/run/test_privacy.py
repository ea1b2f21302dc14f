"""What the running agent keeps: never what was typed, nothing without consent, and logs
without times of day (AGENT.md "What it never records", "Local data")."""

from __future__ import annotations

import re
import secrets
import time
from pathlib import Path

import pytest

from agent.texts import consent_prompt
from tests.fixtures.desktop import Desktop, NotificationDaemon
from tests.run.harness import (
    STOPPED,
    TICK_SECONDS,
    AgentHarness,
    AgentProcess,
    InputInjector,
    query,
    span_count,
    wait_for_tick_with_span,
    wait_for_ticks,
)


def type_text(desktop: Desktop, text: str) -> None:
    desktop.run("xdotool", "type", "--delay", "20", text, timeout=60)


def files_holding(needles: list[bytes], folder: Path, extra: list[Path]) -> list[str]:
    """Every file under ``folder`` (the database, its -wal and -shm, the lock...) and
    every ``extra`` file whose bytes contain one of ``needles``."""
    found = []
    files = [p for p in folder.rglob("*") if p.is_file()] + extra
    for path in files:
        content = path.read_bytes()
        found += [f"{path}: {needle!r}" for needle in needles if needle in content]
    return found


def record_a_secret(agents: AgentHarness, desktop: Desktop) -> tuple[str, AgentProcess]:
    """Type a fresh secret while the agent records, until spans are kept; stop the agent."""
    secret = f"zq{secrets.token_hex(10)}Jv"
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    # Typing until a tick kept it as activity (the source runs from the first
    # tick), then through one more whole tick interval: a source that kept keys
    # would have had the whole secret to keep, and that tick to write it.
    wait_for_ticks(agents, desktop, 2, give_input=lambda: type_text(desktop, secret))
    assert span_count(agents.database) > 0, "typing was not recorded as activity"
    assert agent.stop() == 0
    assert STOPPED in agent.stderr()
    return secret, agent


def assert_never_kept(secret: str, agents: AgentHarness, agent: AgentProcess) -> None:
    needles = [
        secret.encode("utf-8"),
        secret.encode("utf-16-le"),
        secret.upper().encode("utf-8"),
        secret[2:-2].encode("ascii"),  # the random part alone
    ]
    files = sorted(p.name for p in agents.data_dir.rglob("*") if p.is_file())
    assert "repit.db" in files, files
    assert files_holding(needles, agents.data_dir, [agent.stdout_path, agent.stderr_path]) == []


@pytest.mark.timeout(120)
def test_typed_secret_is_never_kept_with_the_x11_source(
    agents: AgentHarness, desktop: Desktop
) -> None:
    secret, agent = record_a_secret(agents, desktop)
    assert "idle source: x11-screensaver" in agent.stderr()
    assert_never_kept(secret, agents, agent)


@pytest.mark.timeout(120)
def test_typed_secret_is_never_kept_with_the_pynput_source(
    pynput_agents: AgentHarness, desktop_without_screensaver: Desktop
) -> None:
    secret, agent = record_a_secret(pynput_agents, desktop_without_screensaver)
    assert "idle source: pynput" in agent.stderr()
    assert_never_kept(secret, pynput_agents, agent)


@pytest.mark.parametrize("mode", [None, "off"])
@pytest.mark.timeout(120)
def test_nothing_is_recorded_without_consent(
    mode: str | None,
    agents: AgentHarness,
    desktop: Desktop,
    notification_daemon: NotificationDaemon,
) -> None:
    if mode is not None:
        agents.consent(mode)
    agent = agents.start()
    agent.wait_started()
    # Nothing to wait for: nothing may happen. So input comes for two tick
    # intervals after the start; a machine slower to tick can only make this
    # weaker, never fail it. (Without consent a tick writes nothing, so the
    # database has no tick to count.)
    with InputInjector(desktop.display, interval=0.2):
        time.sleep(2 * TICK_SECONDS + 2)
    assert agent.running(), agent.stderr()
    assert agent.stop() == 0

    assert query(agents.database, "SELECT COUNT(*) FROM spans") == [(0,)]
    assert query(agents.database, "SELECT COUNT(*) FROM engine") == [(0,)]
    assert query(agents.database, "SELECT COUNT(*) FROM reminders") == [(0,)]
    settings = dict(query(agents.database, "SELECT key, value FROM settings"))
    assert "recording_since" not in settings
    assert settings.get("mode") == mode
    assert agents.export()["spans"] == []
    assert "idle source" not in agent.stderr(), "no input source is even opened"
    shown = [(n.app_name, n.summary) for n in notification_daemon.shown()]
    if mode is None:  # the choice is offered at start
        assert shown == [("Répit", consent_prompt("fr")[0])]
    else:
        assert shown == []


TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b")


@pytest.mark.timeout(120)
def test_logs_hold_no_time_of_day(agents: AgentHarness, desktop: Desktop) -> None:
    agents.consent("reminders")
    agent = agents.start()
    agent.wait_started()
    wait_for_tick_with_span(agents, desktop)
    assert agent.stop() == 0
    log = agent.stderr() + agent.stdout()
    assert [line for line in log.splitlines() if TIME_OF_DAY.search(line)] == []
