"""The Mutter IdleMonitor source against a fake service on the private session bus."""

from __future__ import annotations

import pytest

from agent.sensing.base import SensingUnavailable
from agent.sensing.mutter import MutterIdleMonitor
from tests.fixtures.desktop import Desktop
from tests.sensing.dbus_services import FakeIdleMonitor

pytestmark = pytest.mark.timeout(30)


def test_reads_get_idletime_from_the_session_bus(fake_mutter: FakeIdleMonitor) -> None:
    source = MutterIdleMonitor()
    source.start()
    try:
        assert source.seconds_since_input() == pytest.approx(4.2)
        fake_mutter.idle_ms = 15
        assert source.seconds_since_input() == pytest.approx(0.015)
        assert fake_mutter.calls == 3  # the probe, then one call per tick
    finally:
        source.stop()


def test_absent_idle_monitor_is_unavailable(desktop: Desktop) -> None:
    with pytest.raises(
        SensingUnavailable, match=r"org\.gnome\.Mutter\.IdleMonitor does not answer"
    ):
        MutterIdleMonitor()


def test_idle_monitor_going_away_is_reported(desktop: Desktop) -> None:
    service = FakeIdleMonitor(desktop.bus_address, idle_ms=1000)
    source = MutterIdleMonitor()
    source.start()
    try:
        assert source.seconds_since_input() == pytest.approx(1.0)
        service.close()
        with pytest.raises(SensingUnavailable, match="stopped answering"):
            source.seconds_since_input()
    finally:
        source.stop()
        service.close()


def test_without_session_bus_it_is_unavailable() -> None:
    with pytest.raises(SensingUnavailable, match="DBUS_SESSION_BUS_ADDRESS is not set"):
        MutterIdleMonitor(env={})
