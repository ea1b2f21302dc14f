"""The MIT-SCREEN-SAVER source, for real under Xvfb, with input injected by xdotool."""

from __future__ import annotations

import time

import pytest

from agent.sensing.base import SensingUnavailable
from agent.sensing.x11 import X11ScreenSaverIdle
from tests.fixtures.desktop import Desktop

pytestmark = pytest.mark.timeout(30)

JUST_NOW = 0.5  # seconds: "right after" an input, with room for a slow machine


def test_key_press_resets_idle_time_and_it_grows_when_idle(desktop: Desktop) -> None:
    source = X11ScreenSaverIdle()
    source.start()
    try:
        desktop.run("xdotool", "key", "shift")
        assert source.seconds_since_input() < JUST_NOW
        time.sleep(1.2)
        idle = source.seconds_since_input()
        assert 1.1 <= idle < 1.2 + 1.0
    finally:
        source.stop()


def test_pointer_motion_resets_idle_time(desktop: Desktop) -> None:
    source = X11ScreenSaverIdle()
    source.start()
    try:
        desktop.run("xdotool", "mousemove", "500", "500")
        time.sleep(0.7)
        assert source.seconds_since_input() >= 0.6
        desktop.run("xdotool", "mousemove", "10", "20")  # a real move: it starts elsewhere
        assert source.seconds_since_input() < JUST_NOW
    finally:
        source.stop()


def test_without_display_it_is_unavailable() -> None:
    with pytest.raises(SensingUnavailable, match="DISPLAY is not set"):
        X11ScreenSaverIdle(env={})


def test_unreachable_display_is_unavailable() -> None:
    with pytest.raises(SensingUnavailable, match="cannot open X display"):
        X11ScreenSaverIdle(display=":4091")


def test_missing_extension_is_unavailable(
    desktop: Desktop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("agent.sensing.x11.EXTENSION", "NO-SUCH-EXTENSION")
    with pytest.raises(SensingUnavailable, match="no NO-SUCH-EXTENSION extension"):
        X11ScreenSaverIdle()


def test_not_started_or_stopped_source_refuses_to_answer(desktop: Desktop) -> None:
    source = X11ScreenSaverIdle()
    with pytest.raises(SensingUnavailable, match="not started"):
        source.seconds_since_input()
    source.start()
    source.stop()
    source.stop()  # idempotent
    with pytest.raises(SensingUnavailable):
        source.seconds_since_input()
