"""Fixtures of the run tests: agents on a private desktop, and a desktop without
MIT-SCREEN-SAVER (so that the agent falls back to pynput)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.desktop import Desktop, running_session_bus, running_xvfb
from tests.run.harness import AgentHarness


@pytest.fixture
def agents(desktop: Desktop, tmp_path: Path) -> Iterator[AgentHarness]:
    """Agents on the private desktop, with a fresh data folder; all stopped at the end."""
    logs = tmp_path / "logs"
    logs.mkdir()
    harness = AgentHarness(desktop.env, tmp_path / "data", logs)
    try:
        yield harness
    finally:
        harness.stop_all()


@pytest.fixture
def desktop_without_screensaver(tmp_path: Path) -> Iterator[Desktop]:
    """A private Xvfb started with ``-extension MIT-SCREEN-SAVER`` (so no idle counter
    to read: the agent must fall back to pynput's RECORD listeners) and its own bus."""
    runtime_dir = tmp_path / "runtime-pynput"
    runtime_dir.mkdir(mode=0o700)
    with (
        running_xvfb("-extension", "MIT-SCREEN-SAVER") as display,
        running_session_bus(runtime_dir) as address,
    ):
        yield Desktop(display=display, runtime_dir=runtime_dir, bus_address=address)


@pytest.fixture
def pynput_agents(desktop_without_screensaver: Desktop, tmp_path: Path) -> Iterator[AgentHarness]:
    """Agents on the desktop without MIT-SCREEN-SAVER; all stopped at the end."""
    logs = tmp_path / "logs-pynput"
    logs.mkdir()
    harness = AgentHarness(desktop_without_screensaver.env, tmp_path / "data-pynput", logs)
    try:
        yield harness
    finally:
        harness.stop_all()
