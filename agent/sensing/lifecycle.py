"""The sensing lifecycle: starting, reading and stopping the activity sources.

``Sensing`` owns the idle source and the lock/suspend notifier the agent was
given (``agent.sensing.choose`` picks them), starts them when recording
begins, looks again for an idle source a minute after one failed, and turns
what they report into the engine's events. It runs in the agent's tick thread
only (the threading rules of ``agent.sensing.base``); the notifier's thread
only enqueues.
"""

from __future__ import annotations

import logging
import queue
from collections.abc import Callable

from agent.core.events import Event, EventKind
from agent.sensing.base import IdleSource, SensingUnavailable, SessionEvents
from agent.sensing.clock import ClockJumpDetector

log = logging.getLogger("repit.agent")

INPUT_RESOLUTION = 0.5  # an idle reading this close to the last input is the same input
SOURCE_RETRY_SECONDS = 60  # how often to look again for an activity source that failed

IdleFactory = Callable[[], IdleSource]
SessionFactory = Callable[[], SessionEvents | None]


class Sensing:
    def __init__(
        self,
        idle_source: IdleFactory,
        session_events: SessionFactory | None,
        jumps: ClockJumpDetector,
    ) -> None:
        self._make_idle_source = idle_source
        self._make_session_events = session_events
        self._jumps = jumps
        self._source: IdleSource | None = None
        self._problem: str | None = None
        self._retry_at = 0.0
        self._session: SessionEvents | None = None
        self._session_queue: queue.SimpleQueue[tuple[EventKind, float]] = queue.SimpleQueue()
        self._last_input: float | None = None

    @property
    def source(self) -> str | None:
        """The name of the idle source at work, if any."""
        return self._source.name if self._source is not None else None

    @property
    def problem(self) -> str | None:
        """Why there is no idle source, as the source said it."""
        return self._problem

    def start(self, now: float) -> str | None:
        """Start what is not running yet; return the idle source's name when it just started."""
        started: str | None = None
        if self._source is None and now >= self._retry_at:
            try:
                source = self._make_idle_source()
                source.start()
            except Exception as problem:  # SensingUnavailable names why it cannot work
                # here; a platform library raising anything else must not stop the
                # ticks either: the source is looked for again in a minute.
                self._failed(now, problem)
            else:
                self._source = source
                self._problem = None
                started = source.name
        if self._session is None and self._make_session_events is not None:
            try:
                self._session = self._make_session_events()
                if self._session is not None:
                    self._session.start(self._enqueue)
            except Exception as problem:  # SensingUnavailable or a bus library's own error:
                # either way the clock-jump detector still sees suspends; do not retry.
                log.warning("no lock/suspend notifications: %s", problem)
                self._make_session_events = None
        return started

    def stop(self) -> bool:
        """Stop every source; return whether an idle source was running."""
        had_source = self._source is not None
        for source in (self._source, self._session):
            if source is not None:
                _stop(source)
        self._source = self._session = None
        self._problem = None
        self._retry_at = 0.0
        self._last_input = None
        return had_source

    def events(self, now: float, monotonic: float, since: int) -> list[Event]:
        """What happened since the last tick: lock and suspend notices, clock jumps, input.

        An input before ``since`` (recording began) is not reported. The events
        are not sorted.
        """
        events: list[Event] = []
        while not self._session_queue.empty():
            kind, wall = self._session_queue.get_nowait()
            events.append(Event(int(wall), kind))
        jump = self._jumps.observe(now, monotonic)
        if jump is not None:
            events += [
                Event(int(jump[0]), EventKind.SUSPEND),
                Event(int(jump[1]), EventKind.RESUME),
            ]
        if self._source is not None:
            try:
                idle = self._source.seconds_since_input()
            except SensingUnavailable as problem:  # the display or the bus went away
                _stop(self._source)
                self._source = None
                self._failed(now, problem)
                return events
            last_input = now - idle
            if last_input >= since and (
                self._last_input is None or last_input > self._last_input + INPUT_RESOLUTION
            ):
                self._last_input = last_input
                events.append(Event(int(last_input), EventKind.INPUT))
        return events

    def _failed(self, now: float, problem: Exception) -> None:
        """Note why there is no activity source (once), and look again in a minute."""
        if str(problem) != self._problem:
            log.warning("no activity source: %s", problem)
        self._problem = str(problem)
        self._retry_at = now + SOURCE_RETRY_SECONDS

    def _enqueue(self, kind: EventKind, wall: float) -> None:
        self._session_queue.put((kind, wall))  # called from the source's thread


def _stop(source: IdleSource | SessionEvents) -> None:
    try:
        source.stop()
    except Exception as problem:  # stop() is documented not to raise; if a platform
        # library does anyway, the agent goes on stopping the rest.
        log.warning("stopping %s: %s", source.name, problem)
