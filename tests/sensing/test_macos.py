"""The macOS source, with CoreGraphics faked."""

from __future__ import annotations

import math

import pytest

from agent.sensing.base import SensingUnavailable
from agent.sensing.macos import MacOSEventSourceIdle


class FakeCoreGraphics:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.calls: list[tuple[int, int]] = []

    def CGEventSourceSecondsSinceLastEventType(self, state: int, event_type: int) -> float:
        self.calls.append((state, event_type))
        return self.seconds


def test_asks_for_any_input_in_the_combined_session_state() -> None:
    core_graphics = FakeCoreGraphics(12.5)
    source = MacOSEventSourceIdle(core_graphics=core_graphics)
    source.start()
    assert source.seconds_since_input() == 12.5
    # kCGEventSourceStateCombinedSessionState = 0, kCGAnyInputEventType = ~0 (uint32)
    assert core_graphics.calls == [(0, 0xFFFFFFFF)]


def test_negative_is_clamped_and_nan_is_an_error() -> None:
    core_graphics = FakeCoreGraphics(-0.001)
    source = MacOSEventSourceIdle(core_graphics=core_graphics)
    source.start()
    assert source.seconds_since_input() == 0.0
    core_graphics.seconds = math.nan
    with pytest.raises(SensingUnavailable, match="NaN"):
        source.seconds_since_input()


def test_not_started_source_refuses_to_answer() -> None:
    with pytest.raises(SensingUnavailable, match="not started"):
        MacOSEventSourceIdle(core_graphics=FakeCoreGraphics(1.0)).seconds_since_input()


def test_core_graphics_is_only_loaded_on_macos() -> None:
    with pytest.raises(SensingUnavailable, match="only on macOS"):
        MacOSEventSourceIdle()
