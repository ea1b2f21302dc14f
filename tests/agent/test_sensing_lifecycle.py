"""``agent.sensing.lifecycle``: starting, reading and stopping the activity sources."""

from __future__ import annotations

from agent.core.events import Event, EventKind
from agent.sensing.base import EventCallback, SensingUnavailable
from agent.sensing.clock import ClockJumpDetector
from agent.sensing.lifecycle import SOURCE_RETRY_SECONDS, Sensing
from tests.agent.fakes import FakeClock, FakeIdleSource

START = 1_800_000_000.0


class Failing:
    name = "failing"

    def __init__(self) -> None:
        self.attempts = 0

    def __call__(self) -> FakeIdleSource:
        self.attempts += 1
        raise SensingUnavailable("no display here")


class Notifier:
    name = "fake-session"

    def __init__(self) -> None:
        self.deliver: EventCallback | None = None

    def start(self, on_event: EventCallback) -> None:
        self.deliver = on_event

    def stop(self) -> None:
        self.deliver = None


def sensing(idle: object, session: Notifier | None = None) -> Sensing:
    return Sensing(
        idle,  # type: ignore[arg-type]  # the factories under test
        (lambda: session) if session is not None else None,
        ClockJumpDetector(10),
    )


def test_a_source_that_cannot_start_is_named_and_tried_again_a_minute_later() -> None:
    factory = Failing()
    lifecycle = sensing(factory)
    assert lifecycle.start(START) is None
    assert lifecycle.problem == "no display here" and lifecycle.source is None
    lifecycle.start(START + SOURCE_RETRY_SECONDS - 1)
    assert factory.attempts == 1
    lifecycle.start(START + SOURCE_RETRY_SECONDS)
    assert factory.attempts == 2


def test_a_started_source_reports_each_new_input_once() -> None:
    clock = FakeClock(START)
    source = FakeIdleSource(clock, last_input=START - 30)
    lifecycle = sensing(lambda: source)
    assert lifecycle.start(START) == "fake-idle"
    assert lifecycle.events(START, clock.mono, since=0) == [Event(int(START - 30), EventKind.INPUT)]
    clock.advance(5)
    assert lifecycle.events(clock.now, clock.mono, since=0) == []  # the same input
    source.touch()
    assert lifecycle.events(clock.now, clock.mono, since=0) == [
        Event(int(clock.now), EventKind.INPUT)
    ]


def test_an_input_before_recording_began_is_not_reported() -> None:
    clock = FakeClock(START)
    source = FakeIdleSource(clock, last_input=START - 30)
    lifecycle = sensing(lambda: source)
    lifecycle.start(START)
    assert lifecycle.events(START, clock.mono, since=int(START - 10)) == []


def test_lock_notices_from_the_notifier_s_thread_come_with_the_next_tick() -> None:
    clock = FakeClock(START)
    session = Notifier()
    lifecycle = sensing(lambda: FakeIdleSource(clock, last_input=START), session)
    lifecycle.start(START)
    assert session.deliver is not None
    session.deliver(EventKind.LOCK, START + 1)
    assert Event(int(START + 1), EventKind.LOCK) in lifecycle.events(
        START + 5, clock.mono + 5, since=0
    )


def test_stopping_releases_every_source_and_says_an_idle_source_ran() -> None:
    clock = FakeClock(START)
    source = FakeIdleSource(clock)
    session = Notifier()
    lifecycle = sensing(lambda: source, session)
    lifecycle.start(START)
    assert lifecycle.stop() is True
    assert source.stopped == 1 and session.deliver is None
    assert lifecycle.source is None
    assert lifecycle.stop() is False
