"""The activity engine: events in, spans and reminders out, one event at a time.

This is the one incremental implementation of MEASURES.md §3 and §6. The
running agent feeds it live events tick by tick; ``replay`` feeds it a trace
file. Both then compute day and week figures from the spans it produced with
``days.day_figures`` and ``weeks.week_figures``: nothing computes a figure a
second way.

The engine is pure: it never reads a clock. Its whole state is a small value
(``EngineState``) that the agent saves and restores across restarts; feeding a
trace in two halves through a saved state gives the same spans as one pass.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

from agent.core.events import BARRIERS, Event, EventKind
from agent.core.intervals import overlap
from agent.core.localdays import DayContext, day_context_at
from agent.core.reminders import Reminder, ReminderRules, ReminderState
from agent.core.spans import Span
from contract.policy.model import Policy

MIN_DAILY_REST_SECONDS = 11 * 3600  # 11 hours of daily rest (décret n° 2000-815, art. 3)


class EventOrderError(ValueError):
    """An event earlier than one already fed."""


@dataclass(slots=True)
class EngineState:
    span_start: int | None = None
    """Start of the current (open) span, None before the first input."""
    span_end: int = 0
    """The last input: the end of the current span."""
    barrier: bool = False
    """A lock or suspend came after the last input: the next input starts a new span."""
    stretch_start: int = 0
    """Start of the current stretch (spans separated by gaps under ``min_break``)."""
    last_event: int | None = None
    """The latest event of any kind: the end of observation."""
    day_active_closed: int = 0
    """Active seconds of the current day in the spans already closed."""
    day_span_started: bool = False
    """Whether a span has started within the current day."""
    rest_before: int | None = None
    """Seconds from the previous span's end to the start of the day's first span."""
    day_start: int | None = None
    """Start of the day the counters above belong to."""
    reminders: ReminderState = field(default_factory=ReminderState)

    def copy(self) -> EngineState:
        return dataclasses.replace(self, reminders=dataclasses.replace(self.reminders))

    def minutes_since_break(self, now: int, min_break: int) -> int | None:
        """Minutes of the current stretch at ``now``; None when no input came in the
        last ``min_break`` seconds (a break is under way) or none ever came."""
        if self.span_start is None or now - self.span_end >= min_break:
            return None
        return (now - self.stretch_start) // 60


class ActivityEngine:
    """Turns events into closed spans (collected in ``closed``) and reminders."""

    def __init__(self, policy: Policy, state: EngineState | None = None) -> None:
        self.policy = policy
        self.state = state.copy() if state is not None else EngineState()
        self.rules = ReminderRules(policy, self.state.reminders)
        self.closed: list[Span] = []
        """Spans closed since the caller last emptied this list."""
        self._idle_after = policy.activity.idle_after_seconds
        self._min_break = policy.breaks.min_break_minutes * 60
        self._day: DayContext | None = None
        if self.state.day_start is not None:
            self._day = day_context_at(policy, self.state.day_start)

    # -- feeding ---------------------------------------------------------

    def feed(self, event: Event, can_show: bool = True) -> Reminder | None:
        """Take one event; return the reminder to show at it, if any."""
        if event.kind is EventKind.INPUT:
            return self.input(event.time, can_show)
        self._observe(event.time)
        if event.kind in BARRIERS:
            self.state.barrier = True
        return None

    def input(self, now: int, can_show: bool = True) -> Reminder | None:
        """Some input happened at ``now``; return the reminder to show, if any."""
        state = self.state
        self._observe(now)
        day = self._day
        if day is None or not (day.start <= now < day.end):
            day = self._new_day(now)

        if state.span_start is None:
            self._start_span(now, day, previous_end=None)
            state.stretch_start = now
        elif state.barrier or now - state.span_end >= self._idle_after:
            previous_end = state.span_end
            self._close_span(day)
            if now - previous_end >= self._min_break:
                state.stretch_start = now
                self.rules.new_stretch()
            self._start_span(now, day, previous_end)
        else:
            state.span_end = now

        active_today = self.active_today()
        short_rest_due = (
            state.rest_before is not None and state.rest_before < MIN_DAILY_REST_SECONDS
        )
        return self.rules.evaluate(
            now, day, state.stretch_start, active_today, short_rest_due, can_show
        )

    def finish(self) -> Span | None:
        """Close the current span at the end of observation and return it."""
        state = self.state
        if state.span_start is None:
            return None
        span = Span(state.span_start, state.span_end)
        self.closed.append(span)
        state.span_start = None
        return span

    # -- views -------------------------------------------------------------

    @property
    def current_span(self) -> Span | None:
        state = self.state
        return None if state.span_start is None else Span(state.span_start, state.span_end)

    @property
    def stretch_start(self) -> int | None:
        return None if self.state.span_start is None else self.state.stretch_start

    def active_today(self) -> int:
        """Active seconds of the current day so far, the current span included."""
        state, day = self.state, self._day
        if day is None or state.span_start is None:
            return state.day_active_closed
        return state.day_active_closed + overlap(
            state.span_start, state.span_end, day.start, day.end
        )

    # -- internals -------------------------------------------------------

    def _observe(self, now: int) -> None:
        last = self.state.last_event
        if last is not None and now < last:
            raise EventOrderError(f"event at {now} comes before the previous one at {last}")
        self.state.last_event = now

    def _new_day(self, now: int) -> DayContext:
        day = day_context_at(self.policy, now)
        self._day = day
        state = self.state
        state.day_start = day.start
        state.day_active_closed = 0
        state.day_span_started = False
        state.rest_before = None
        self.rules.new_day()
        return day

    def _close_span(self, day: DayContext) -> None:
        state = self.state
        assert state.span_start is not None
        span = Span(state.span_start, state.span_end)
        self.closed.append(span)
        state.day_active_closed += overlap(span.start, span.end, day.start, day.end)

    def _start_span(self, now: int, day: DayContext, previous_end: int | None) -> None:
        state = self.state
        if not state.day_span_started:
            # Only the first span that *starts* within the day is judged for
            # its rest: a span carried over from the evening before is not.
            state.day_span_started = True
            state.rest_before = None if previous_end is None else now - previous_end
        state.span_start = now
        state.span_end = now
        state.barrier = False
