"""Batch driver of the engine: a whole trace in, every figure out (MEASURES.md §7).

Replay is a loop over events fed to the same ``ActivityEngine`` the running
agent uses, followed by the same day and week functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from agent.core.days import DayFigures, day_figures
from agent.core.engine import ActivityEngine
from agent.core.events import Event
from agent.core.localdays import (
    dates_between,
    day_context,
    local_date,
    local_iso,
    mondays_between,
    week_context,
)
from agent.core.reminders import Reminder
from agent.core.spans import Span, neighbourhood
from agent.core.weeks import WeekFigures, history_before, week_figures
from contract.policy.model import Policy


@dataclass(frozen=True)
class ReplayResult:
    spans: list[Span]
    days: list[DayFigures]
    weeks: list[WeekFigures]
    reminders: list[Reminder]


def replay_events(events: Iterable[Event], policy: Policy) -> ReplayResult:
    """Feed every event to a fresh engine, then compute each day and week.

    Days run from the first event's local date to the last event's, weeks from
    the first event's ISO week to the last event's, empty ones included.
    """
    engine = ActivityEngine(policy)
    reminders: list[Reminder] = []
    first: int | None = None
    for event in events:
        if first is None:
            first = event.time
        reminder = engine.feed(event)
        if reminder is not None:
            reminders.append(reminder)
    engine.finish()
    last = engine.state.last_event
    if first is None or last is None:
        return ReplayResult([], [], [], [])
    days, weeks = figures_between(
        engine.closed,
        local_date(first, policy.timezone),
        local_date(last, policy.timezone),
        observation_end=last,
        policy=policy,
    )
    return ReplayResult(engine.closed, days, weeks, reminders)


def figures_between(
    spans: Sequence[Span],
    first_day: date,
    last_day: date,
    observation_end: int,
    policy: Policy,
) -> tuple[list[DayFigures], list[WeekFigures]]:
    """Day figures for every date and week figures for every ISO week in the range.

    The first week of the range counts as the first week of history for the
    12-week average.
    """
    days = []
    for day in dates_between(first_day, last_day):
        context = day_context(policy, day)
        days.append(day_figures(context, neighbourhood(spans, context.start, context.end), policy))
    return days, weeks_between(spans, first_day, last_day, observation_end, policy)


def weeks_between(
    spans: Sequence[Span],
    first_day: date,
    last_day: date,
    observation_end: int,
    policy: Policy,
) -> list[WeekFigures]:
    """Week figures for every ISO week in the range, the first one starting the history."""
    first_monday = first_day - timedelta(days=first_day.weekday())
    active_minutes: dict[date, int] = {}
    weeks: list[WeekFigures] = []
    for monday in mondays_between(first_day, last_day):
        week = week_context(policy, monday)
        around = neighbourhood(spans, week.start, week.end)
        earlier = history_before(monday, first_monday, active_minutes)
        weeks.append(week_figures(week, around, observation_end, earlier))
        active_minutes[monday] = weeks[-1].active_minutes
    return weeks


def result_document(result: ReplayResult, policy: Policy) -> dict[str, Any]:
    """The JSON document of MEASURES.md §7."""
    return {
        "days": [asdict(day) for day in result.days],
        "weeks": [asdict(week) for week in result.weeks],
        "reminders": [
            {
                "time": local_iso(reminder.time, policy.timezone),
                "kind": reminder.kind.value,
                "reason": reminder.reason.value if reminder.reason is not None else None,
            }
            for reminder in result.reminders
        ],
    }
