"""Choosing the idle source and the session-events source."""

from __future__ import annotations

import pytest

from agent.sensing import choose_idle_source, choose_session_events
from agent.sensing.base import SensingUnavailable
from agent.sensing.logind import LogindSessionEvents
from tests.fixtures.desktop import Desktop
from tests.sensing.dbus_services import FakeIdleMonitor


@pytest.mark.timeout(30)
def test_picks_the_x11_screensaver_under_xvfb(desktop: Desktop) -> None:
    source = choose_idle_source(platform="linux")
    try:
        assert source.name == "x11-screensaver"
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_falls_back_to_pynput_without_the_screensaver_extension(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agent.sensing.x11.EXTENSION", "NO-SUCH-EXTENSION")
    source = choose_idle_source(platform="linux")
    try:
        assert source.name == "pynput"
        source.start()
        desktop.run("xdotool", "key", "shift")
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_prefers_mutter_on_wayland(
    desktop: Desktop, fake_mutter: FakeIdleMonitor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WAYLAND_DISPLAY", "wayland-0")
    source = choose_idle_source(platform="linux")
    try:
        assert source.name == "mutter-idle-monitor"
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_mutter_comes_after_a_working_x11(desktop: Desktop, fake_mutter: FakeIdleMonitor) -> None:
    source = choose_idle_source(platform="linux")
    try:
        assert source.name == "x11-screensaver"
    finally:
        source.stop()


def test_without_display_or_bus_it_says_why_each_source_failed() -> None:
    with pytest.raises(SensingUnavailable) as raised:
        choose_idle_source(env={}, platform="linux")
    message = str(raised.value)
    assert "x11-screensaver: DISPLAY is not set" in message
    assert "pynput: DISPLAY is not set" in message
    assert "mutter-idle-monitor: DBUS_SESSION_BUS_ADDRESS is not set" in message


@pytest.mark.parametrize(
    ("platform", "name"), [("win32", "windows-getlastinputinfo"), ("darwin", "macos-cgeventsource")]
)
def test_other_platforms_use_their_own_module(platform: str, name: str) -> None:
    # On this Linux machine their OS libraries are missing: the failure names the module.
    with pytest.raises(SensingUnavailable, match=f"{name}: .*only on"):
        choose_idle_source(env={}, platform=platform)


def test_session_events_per_platform() -> None:
    assert isinstance(choose_session_events(env={}, platform="linux"), LogindSessionEvents)
    assert choose_session_events(env={}, platform="darwin") is None
    assert choose_session_events(env={}, platform="win32") is None  # no user32 here
