"""The MIT-SCREEN-SAVER source, for real under Xvfb, with input injected by xdotool."""

from __future__ import annotations

import time

import pytest

from agent.sensing.base import SensingUnavailable
from agent.sensing.x11 import X11ScreenSaverIdle
from tests.fixtures.desktop import Desktop
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(30)

GRANULARITY = 0.05  # seconds: the server counts milliseconds; two clocks are compared


def idle_within(source: X11ScreenSaverIdle, earliest: float, latest: float) -> float:
    """The idle time, checked against the last input having come between the monotonic
    moments ``earliest`` and ``latest``: no bound that this machine's speed decides."""
    before = time.monotonic()
    idle = source.seconds_since_input()
    after = time.monotonic()
    low, high = before - latest - GRANULARITY, after - earliest + GRANULARITY
    assert low <= idle <= high, f"idle {idle:.3f} s, not within [{low:.3f}, {high:.3f}]"
    return idle


def input_seen_after(source: X11ScreenSaverIdle, sent: float) -> float:
    """Wait until the server took input sent at ``sent``; return a moment after it did."""
    wait_until(
        lambda: source.seconds_since_input() <= time.monotonic() - sent + GRANULARITY,
        "the X server to take the input",
    )
    return time.monotonic()


def test_key_press_resets_idle_time_and_it_grows_when_idle(desktop: Desktop) -> None:
    source = X11ScreenSaverIdle()
    source.start()
    try:
        sent = time.monotonic()
        desktop.run("xdotool", "key", "shift")
        seen = input_seen_after(source, sent)
        # Not a wait for something: the idle time is what is measured, as time passes.
        time.sleep(1.2)
        # It was taken between ``sent`` and ``seen``: the idle time lies between
        # the time since then, whatever this machine's speed.
        assert idle_within(source, sent, seen) >= 1.2 - GRANULARITY
    finally:
        source.stop()


def test_pointer_motion_resets_idle_time(desktop: Desktop) -> None:
    source = X11ScreenSaverIdle()
    source.start()
    try:
        sent = time.monotonic()
        desktop.run("xdotool", "mousemove", "500", "500")
        desktop.run("xdotool", "mousemove", "501", "500")  # a real move, wherever it was
        seen = input_seen_after(source, sent)
        time.sleep(0.7)
        assert idle_within(source, sent, seen) >= 0.7 - GRANULARITY
        sent = time.monotonic()
        desktop.run("xdotool", "mousemove", "10", "20")  # a real move: it starts elsewhere
        input_seen_after(source, sent)
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
