"""Windows arithmetic and message decoding, with the OS calls faked."""

from __future__ import annotations

import ctypes
import queue
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.core.events import EventKind
from agent.sensing import windows
from agent.sensing.base import SensingUnavailable
from agent.sensing.windows import (
    LASTINPUTINFO,
    WindowsLastInputIdle,
    WindowsSessionEvents,
    decode_window_message,
    idle_milliseconds,
)

WRAP = 2**32


class FakeUser32:
    def __init__(self, last_input_tick: int, succeeds: bool = True) -> None:
        self.last_input_tick = last_input_tick
        self.succeeds = succeeds

    def GetLastInputInfo(self, info: Any) -> int:
        structure = info.contents
        assert isinstance(structure, LASTINPUTINFO)
        assert structure.cbSize == ctypes.sizeof(LASTINPUTINFO) == 8
        structure.dwTime = self.last_input_tick
        return 1 if self.succeeds else 0


class FakeKernel32:
    def __init__(self, now: int) -> None:
        self.now = now

    def GetTickCount64(self) -> int:
        return self.now


def idle_source(last_input_tick: int, now: int) -> WindowsLastInputIdle:
    source = WindowsLastInputIdle(user32=FakeUser32(last_input_tick), kernel32=FakeKernel32(now))
    source.start()
    return source


@pytest.mark.parametrize(
    ("last_input_tick", "now", "seconds"),
    [
        (1_000, 5_000, 4.0),
        (5_000, 5_000, 0.0),
        (WRAP - 500, WRAP + 1_500, 2.0),  # the 32-bit dwTime just before the wrap
        (WRAP - 1, WRAP, 0.001),
        (100, 7 * WRAP + 2_100, 2.0),  # GetTickCount64 many wraps later (~1 year up)
        (WRAP - 100, 5 * WRAP + 100, 0.2),
    ],
)
def test_idle_seconds_across_the_tick_wrap(last_input_tick: int, now: int, seconds: float) -> None:
    assert idle_source(last_input_tick, now).seconds_since_input() == pytest.approx(seconds)


@given(now=st.integers(0, 2**64 - 1), idle=st.integers(0, WRAP - 1))
def test_idle_milliseconds_recovers_any_idle_time_under_49_days(now: int, idle: int) -> None:
    last_input_tick = (now - idle) % WRAP  # what LASTINPUTINFO.dwTime holds
    assert idle_milliseconds(last_input_tick, now) == idle


def test_get_last_input_info_failure_is_reported() -> None:
    source = WindowsLastInputIdle(user32=FakeUser32(0, succeeds=False), kernel32=FakeKernel32(10))
    source.start()
    with pytest.raises(SensingUnavailable, match="GetLastInputInfo failed"):
        source.seconds_since_input()


def test_not_started_source_refuses_to_answer() -> None:
    source = WindowsLastInputIdle(user32=FakeUser32(0), kernel32=FakeKernel32(10))
    with pytest.raises(SensingUnavailable, match="not started"):
        source.seconds_since_input()


def test_real_dlls_are_only_loaded_on_windows() -> None:
    with pytest.raises(SensingUnavailable, match="only on Windows"):
        WindowsLastInputIdle()


@pytest.mark.parametrize(
    ("message", "wparam", "expected"),
    [
        (windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_LOCK, EventKind.LOCK),
        (windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_UNLOCK, EventKind.UNLOCK),
        (windows.WM_WTSSESSION_CHANGE, 0x5, None),  # WTS_SESSION_LOGON
        (windows.WM_WTSSESSION_CHANGE, 0x1, None),  # WTS_CONSOLE_CONNECT
        (windows.WM_POWERBROADCAST, windows.PBT_APMSUSPEND, EventKind.SUSPEND),
        (windows.WM_POWERBROADCAST, windows.PBT_APMRESUMEAUTOMATIC, EventKind.RESUME),
        (windows.WM_POWERBROADCAST, 0x7, None),  # PBT_APMRESUMESUSPEND: RESUMEAUTOMATIC suffices
        (windows.WM_POWERBROADCAST, 0x8013, None),  # PBT_POWERSETTINGCHANGE
        (0x0001, windows.WTS_SESSION_LOCK, None),  # WM_CREATE
    ],
)
def test_decode_window_message(message: int, wparam: int, expected: EventKind | None) -> None:
    assert decode_window_message(message, wparam) == expected


def test_window_procedure_delivers_decoded_events_only() -> None:
    received: queue.SimpleQueue[tuple[EventKind, float]] = queue.SimpleQueue()
    source = WindowsSessionEvents(user32=object(), kernel32=object(), wtsapi32=object())
    source._on_event = lambda kind, at: received.put((kind, at))
    source.handle_message(windows.WM_WTSSESSION_CHANGE, windows.WTS_SESSION_LOCK)
    source.handle_message(windows.WM_WTSSESSION_CHANGE, 0x5)
    source.handle_message(windows.WM_POWERBROADCAST, windows.PBT_APMSUSPEND)
    kinds = [received.get_nowait()[0] for _ in range(2)]
    assert kinds == [EventKind.LOCK, EventKind.SUSPEND]
    assert received.empty()


def test_session_events_start_fails_cleanly_off_windows() -> None:
    source = WindowsSessionEvents(user32=object(), kernel32=object(), wtsapi32=object())
    with pytest.raises(SensingUnavailable, match="only on Windows"):
        source.start(lambda kind, at: None)
    source.stop()
