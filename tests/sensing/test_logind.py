"""Lock/unlock and suspend/resume from D-Bus signals, sent for real on private buses."""

from __future__ import annotations

import queue
import time

import pytest

from agent.core.events import EventKind
from agent.sensing.base import SensingUnavailable
from agent.sensing.logind import (
    LockDeduplicator,
    LogindSessionEvents,
    decode_signal,
    session_object_path,
)
from tests.fixtures.desktop import Desktop
from tests.waiting import WAIT_SECONDS

NO_BUS = "unix:path=/nonexistent/repit-test-bus"
WAIT = 5.0

Received = queue.SimpleQueue[tuple[EventKind, float]]


def emit(desktop: Desktop, bus: str, path: str, signal: str, *arguments: str) -> None:
    desktop.run("dbus-send", f"--bus={bus}", "--type=signal", path, signal, *arguments)


def next_kinds(received: Received, count: int) -> list[EventKind]:
    return [received.get(timeout=WAIT)[0] for _ in range(count)]


@pytest.mark.timeout(30)
def test_screensaver_signals_give_lock_then_unlock(desktop: Desktop) -> None:
    received: Received = queue.SimpleQueue()
    source = LogindSessionEvents(system_bus=NO_BUS)
    source.start(lambda kind, at: received.put((kind, at)))
    try:
        before = time.time()
        emit(
            desktop,
            desktop.bus_address,
            "/",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:true",
        )
        emit(
            desktop,
            desktop.bus_address,
            "/",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:false",
        )
        (lock, locked_at), (unlock, unlocked_at) = (received.get(timeout=WAIT) for _ in range(2))
        assert (lock, unlock) == (EventKind.LOCK, EventKind.UNLOCK)
        assert before - 1 <= locked_at <= unlocked_at <= time.time() + 1
        gnome = "/org/gnome/ScreenSaver"
        emit(
            desktop,
            desktop.bus_address,
            gnome,
            "org.gnome.ScreenSaver.ActiveChanged",
            "boolean:true",
        )
        emit(
            desktop,
            desktop.bus_address,
            gnome,
            "org.gnome.ScreenSaver.ActiveChanged",
            "boolean:false",
        )
        assert next_kinds(received, 2) == [EventKind.LOCK, EventKind.UNLOCK]
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_missing_system_bus_is_not_fatal_and_is_reported(desktop: Desktop) -> None:
    source = LogindSessionEvents(system_bus=NO_BUS)
    source.start(lambda kind, at: None)
    try:
        assert any(problem.startswith("system bus:") for problem in source.problems)
        assert source.subscriptions == [
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "org.gnome.ScreenSaver.ActiveChanged",
        ]
        assert len(source.threads()) == 1
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_repeated_lock_signals_are_delivered_once(desktop: Desktop) -> None:
    received: Received = queue.SimpleQueue()
    source = LogindSessionEvents(system_bus=NO_BUS)
    source.start(lambda kind, at: received.put((kind, at)))
    try:
        for value in ("true", "true", "false", "false", "true"):
            emit(
                desktop,
                desktop.bus_address,
                "/",
                "org.freedesktop.ScreenSaver.ActiveChanged",
                f"boolean:{value}",
            )
        assert next_kinds(received, 3) == [EventKind.LOCK, EventKind.UNLOCK, EventKind.LOCK]
        time.sleep(0.2)
        assert received.empty()
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_logind_sleep_and_session_lock_on_the_system_bus(
    desktop: Desktop, fake_system_bus: str
) -> None:
    received: Received = queue.SimpleQueue()
    source = LogindSessionEvents(system_bus=fake_system_bus, session_id="7")
    source.start(lambda kind, at: received.put((kind, at)))
    try:
        assert source.problems == []
        assert "org.freedesktop.login1.Manager.PrepareForSleep" in source.subscriptions
        manager = "org.freedesktop.login1.Manager.PrepareForSleep"
        emit(desktop, fake_system_bus, "/org/freedesktop/login1", manager, "boolean:true")
        emit(desktop, fake_system_bus, "/org/freedesktop/login1", manager, "boolean:false")
        assert next_kinds(received, 2) == [EventKind.SUSPEND, EventKind.RESUME]
        session = "/org/freedesktop/login1/session/_37"
        other_session = "/org/freedesktop/login1/session/_38"
        emit(desktop, fake_system_bus, other_session, "org.freedesktop.login1.Session.Lock")
        emit(desktop, fake_system_bus, session, "org.freedesktop.login1.Session.Lock")
        emit(desktop, fake_system_bus, session, "org.freedesktop.login1.Session.Unlock")
        assert next_kinds(received, 2) == [EventKind.LOCK, EventKind.UNLOCK]
        time.sleep(0.2)
        assert received.empty()  # the other session's lock was not ours
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_system_bus_without_logind_session_still_gives_sleep(
    desktop: Desktop, fake_system_bus: str
) -> None:
    source = LogindSessionEvents(system_bus=fake_system_bus, session_id="")
    source.start(lambda kind, at: None)
    try:
        assert "org.freedesktop.login1.Manager.PrepareForSleep" in source.subscriptions
        assert "org.freedesktop.login1.Session.Lock" not in source.subscriptions
        assert any("no logind session" in problem for problem in source.problems)
    finally:
        source.stop()


@pytest.mark.timeout(30)
def test_stop_ends_the_threads_promptly_and_no_event_follows(desktop: Desktop) -> None:
    received: Received = queue.SimpleQueue()
    source = LogindSessionEvents(system_bus=NO_BUS)
    source.start(lambda kind, at: received.put((kind, at)))
    threads = source.threads()
    began = time.monotonic()
    source.stop()
    assert time.monotonic() - began < WAIT_SECONDS  # a hang, not a slow stop, fails
    assert not any(thread.is_alive() for thread in threads)
    emit(
        desktop,
        desktop.bus_address,
        "/",
        "org.freedesktop.ScreenSaver.ActiveChanged",
        "boolean:true",
    )
    time.sleep(0.2)
    assert received.empty()
    source.stop()  # idempotent


@pytest.mark.timeout(30)
def test_a_failing_callback_does_not_end_the_listener(desktop: Desktop) -> None:
    received: Received = queue.SimpleQueue()

    def callback(kind: EventKind, at: float) -> None:
        received.put((kind, at))
        if kind is EventKind.LOCK:
            raise RuntimeError("boom")

    source = LogindSessionEvents(system_bus=NO_BUS)
    source.start(callback)
    try:
        emit(
            desktop,
            desktop.bus_address,
            "/",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:true",
        )
        emit(
            desktop,
            desktop.bus_address,
            "/",
            "org.freedesktop.ScreenSaver.ActiveChanged",
            "boolean:false",
        )
        assert next_kinds(received, 2) == [EventKind.LOCK, EventKind.UNLOCK]
    finally:
        source.stop()


def test_without_any_bus_start_fails_with_both_reasons() -> None:
    source = LogindSessionEvents(env={}, system_bus=NO_BUS)
    with pytest.raises(SensingUnavailable, match=r"session bus:.*system bus:"):
        source.start(lambda kind, at: None)
    assert source.threads() == []


@pytest.mark.parametrize(
    ("interface", "member", "body", "expected"),
    [
        ("org.freedesktop.login1.Manager", "PrepareForSleep", (True,), EventKind.SUSPEND),
        ("org.freedesktop.login1.Manager", "PrepareForSleep", (False,), EventKind.RESUME),
        ("org.freedesktop.login1.Session", "Lock", (), EventKind.LOCK),
        ("org.freedesktop.login1.Session", "Unlock", (), EventKind.UNLOCK),
        ("org.freedesktop.ScreenSaver", "ActiveChanged", (True,), EventKind.LOCK),
        ("org.gnome.ScreenSaver", "ActiveChanged", (False,), EventKind.UNLOCK),
        ("org.freedesktop.login1.Manager", "PrepareForShutdown", (True,), None),
        ("org.freedesktop.ScreenSaver", "ActiveChanged", (), None),
        ("org.example.Other", "Lock", (), None),
    ],
)
def test_decode_signal(
    interface: str, member: str, body: tuple[object, ...], expected: EventKind | None
) -> None:
    assert decode_signal(interface, member, body) == expected


@pytest.mark.parametrize(
    ("session_id", "path"),
    [("7", "_37"), ("c2", "c2"), ("12", "_312"), ("a-b", "a_2db"), ("", "_")],
)
def test_session_object_path_escapes_like_systemd(session_id: str, path: str) -> None:
    assert session_object_path(session_id) == f"/org/freedesktop/login1/session/{path}"


def test_lock_deduplicator_passes_suspend_and_first_unlock() -> None:
    dedup = LockDeduplicator()
    assert dedup.admit(EventKind.UNLOCK)  # state unknown at start: let it through
    assert not dedup.admit(EventKind.UNLOCK)
    assert dedup.admit(EventKind.SUSPEND)
    assert dedup.admit(EventKind.SUSPEND)
    assert dedup.admit(EventKind.LOCK)
    assert not dedup.admit(EventKind.LOCK)
