"""Fixtures for the sensing tests (the shared desktop ones come from tests.fixtures)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fixtures.desktop import Desktop
from tests.sensing.dbus_services import FakeIdleMonitor, private_bus


@pytest.fixture
def fake_system_bus(tmp_path: Path) -> Iterator[str]:
    """A private bus standing in for the system bus (the real one is absent in tests)."""
    folder = tmp_path / "system"
    folder.mkdir()
    with private_bus(folder) as address:
        yield address


@pytest.fixture
def fake_mutter(desktop: Desktop) -> Iterator[FakeIdleMonitor]:
    """A fake ``org.gnome.Mutter.IdleMonitor`` on the desktop's private session bus."""
    service = FakeIdleMonitor(desktop.bus_address, idle_ms=4200)
    try:
        yield service
    finally:
        service.close()
