"""Fixtures of the run tests: agents on a private desktop, and a desktop without
MIT-SCREEN-SAVER (so that the agent falls back to pynput)."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.desktop import Desktop
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


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture
def desktop_without_screensaver(tmp_path: Path) -> Iterator[Desktop]:
    """A private Xvfb started with ``-extension MIT-SCREEN-SAVER`` (so no idle counter
    to read: the agent must fall back to pynput's RECORD listeners) and its own bus."""
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(
        [
            "Xvfb",
            "-displayfd",
            str(write_fd),
            "-screen",
            "0",
            "1024x768x24",
            "-nolisten",
            "tcp",
            "-noreset",
            "-extension",
            "MIT-SCREEN-SAVER",
        ],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write_fd)
    number = b""
    with os.fdopen(read_fd, "rb") as pipe:
        while not number.endswith(b"\n"):
            chunk = pipe.read(1)
            if not chunk:
                _stop(xvfb)
                pytest.fail("Xvfb exited before it named its display")
            number += chunk
    runtime_dir = tmp_path / "runtime-pynput"
    runtime_dir.mkdir(mode=0o700)
    bus = subprocess.Popen(
        [
            "dbus-daemon",
            "--session",
            "--nofork",
            "--nopidfile",
            "--print-address=1",
            f"--address=unix:path={runtime_dir / 'bus'}",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert bus.stdout is not None
    address = bus.stdout.readline().decode().strip()
    try:
        if not address:
            pytest.fail("dbus-daemon did not print its address")
        yield Desktop(
            display=f":{number.decode().strip()}", runtime_dir=runtime_dir, bus_address=address
        )
    finally:
        _stop(bus)
        _stop(xvfb)


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
