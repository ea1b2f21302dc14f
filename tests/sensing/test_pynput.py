"""The pynput fallback, for real under Xvfb: it sees input, forgets what the input was,
and stops promptly."""

from __future__ import annotations

import math
import time
import uuid
from typing import Any

import pytest

from agent.sensing.base import SensingUnavailable
from agent.sensing.pynput_input import PynputIdle
from tests.fixtures.desktop import Desktop
from tests.waiting import WAIT_SECONDS, wait_until

pytestmark = pytest.mark.timeout(30)

GRANULARITY = 0.05  # seconds: two clocks are compared


def wait_seen_since(source: PynputIdle, sent: float, what: str) -> float:
    """Wait until the source saw input after the monotonic moment ``sent``; return when."""
    wait_until(
        lambda: source.seconds_since_input() <= time.monotonic() - sent + GRANULARITY,
        f"pynput to see {what}",
    )
    return time.monotonic()


def test_input_resets_idle_time_and_it_grows_when_idle(desktop: Desktop) -> None:
    source = PynputIdle()
    source.start()
    try:
        sent = time.monotonic()
        desktop.run("xdotool", "key", "shift")
        seen = wait_seen_since(source, sent, "the key")
        # Not a wait for something: the idle time is what is measured, as time passes.
        time.sleep(1.2)
        before = time.monotonic()
        idle = source.seconds_since_input()
        after = time.monotonic()
        # The key came between ``sent`` and ``seen``, whatever this machine's speed.
        assert before - seen - GRANULARITY <= idle <= after - sent + GRANULARITY, idle
        sent = time.monotonic()
        desktop.run("xdotool", "mousemove", "500", "500")
        desktop.run("xdotool", "mousemove", "10", "20")
        wait_seen_since(source, sent, "the motion")
    finally:
        source.stop()


def test_before_any_input_idle_time_is_unknown(desktop: Desktop) -> None:
    source = PynputIdle()
    source.start()
    try:
        assert source.seconds_since_input() == math.inf
    finally:
        source.stop()


def test_stop_returns_promptly_and_ends_the_listener_threads(desktop: Desktop) -> None:
    source = PynputIdle()
    source.start()
    threads = source.threads()
    assert len(threads) == 2
    assert all(thread.is_alive() for thread in threads)
    # Without the wake-up input pynput's threads wait for the next event
    # forever: a hang, not a slow stop. The bound only has to catch a hang.
    began = time.monotonic()
    source.stop()
    assert time.monotonic() - began < WAIT_SECONDS
    assert not any(thread.is_alive() for thread in threads)
    source.stop()  # idempotent
    with pytest.raises(SensingUnavailable):
        source.seconds_since_input()


def _reachable_text(root: object, depth: int = 8) -> str:
    """Every string, bytes and repr reachable through attributes and containers."""
    seen: set[int] = set()
    parts: list[str] = []

    def visit(value: Any, level: int) -> None:
        if id(value) in seen or level < 0:
            return
        seen.add(id(value))
        if isinstance(value, str | bytes | int | float | bool) or value is None:
            parts.append(repr(value))
            return
        if isinstance(value, dict):
            for key, item in value.items():
                visit(key, level - 1)
                visit(item, level - 1)
            return
        if isinstance(value, list | tuple | set | frozenset):
            for item in value:
                visit(item, level - 1)
            return
        parts.append(repr(value))
        attributes = getattr(value, "__dict__", None)
        if isinstance(attributes, dict) and not isinstance(value, type):
            visit(attributes, level - 1)

    visit(root, depth)
    return "\n".join(parts)


def test_typed_text_leaves_no_trace_in_the_source(desktop: Desktop) -> None:
    secret = f"zq{uuid.uuid4().hex[:10]}"
    source = PynputIdle()
    source.start()
    try:
        sent = time.monotonic()
        desktop.run("xdotool", "type", "--delay", "1", secret)
        wait_seen_since(source, sent, "typing")
        own_attributes = vars(source)
        assert isinstance(own_attributes["_last_input"], float)
        assert secret not in _reachable_text(source)
        for character in set(secret):
            # no attribute of the source itself holds a typed character
            assert all(
                not (isinstance(value, str) and value == character)
                for value in own_attributes.values()
            )
    finally:
        source.stop()


def test_callback_ignores_what_it_is_given() -> None:
    source = PynputIdle.__new__(PynputIdle)  # no listeners: only the callback is under test
    source._last_input = None
    source._note_input("k", (10, 20), "Button.left", True)
    assert isinstance(source._last_input, float)
    assert set(vars(source)) == {"_last_input"}


def test_without_display_it_is_unavailable() -> None:
    with pytest.raises(SensingUnavailable, match="DISPLAY is not set"):
        PynputIdle(env={}, platform="linux")
