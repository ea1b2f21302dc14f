"""Built from the day and week figures: the contribution vectors (MEASURES.md §8).

The layout (fields, order, bounds) is the contract's, in ``contract.contribution``;
this module only fills it from the measuring core's figures, purely.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agent.core.days import DayFigures
from agent.core.reminders import Reminder, ReminderKind
from agent.core.spans import Span
from agent.core.stretches import breaks
from agent.core.weeks import WeekFigures
from contract.contribution import HOURS_BUCKETS, Kind, Values, clip

FOLLOWED_WITHIN_SECONDS = (
    10 * 60
)  # a break reminder counts as followed by a break starting this soon


@dataclass(frozen=True, slots=True)
class DayReminders:
    """What the person saw of the reminders on one day."""

    shown: Mapping[ReminderKind, int]
    breaks_after_reminder: int = 0
    snoozed: int = 0


def day_reminders(
    day_start: int,
    day_end: int,
    reminders: Sequence[Reminder],
    spans: Sequence[Span],
    min_break_seconds: int,
    snoozed: int = 0,
) -> DayReminders:
    """Count the reminders shown in ``[day_start, day_end)`` and the break reminders followed.

    A break reminder is followed when a break (a gap of at least ``min_break``)
    starts within 10 minutes after it. ``spans`` must reach past the day's end
    so that a break starting just after a late reminder is seen.
    """
    todays = [r for r in reminders if day_start <= r.time < day_end]
    shown = {kind: sum(1 for r in todays if r.kind is kind) for kind in ReminderKind}
    break_starts = [start for start, _ in breaks(spans, min_break_seconds)]
    followed = sum(
        1
        for r in todays
        if r.kind is ReminderKind.BREAK
        and any(r.time <= start <= r.time + FOLLOWED_WITHIN_SECONDS for start in break_starts)
    )
    return DayReminders(shown=shown, breaks_after_reminder=followed, snoozed=snoozed)


def day_contribution(figures: DayFigures, reminders: DayReminders) -> Values:
    """The day vector, in layout order, clipped to its bounds."""
    active_day = figures.active_minutes > 0
    bucket = min(figures.active_minutes // 60, HOURS_BUCKETS - 1)
    values: dict[str, int | bool] = {
        "reports": 1,
        "active_day": active_day,
        "working_day": figures.working_day,
        "active_minutes": figures.active_minutes,
        **{f"hours_{n}": active_day and n == bucket for n in range(HOURS_BUCKETS)},
        "after_hours_minutes": figures.after_hours_minutes,
        "after_hours_active": figures.after_hours_active,
        "night_active": figures.night_active,
        "non_working_day_active": figures.non_working_day_active,
        "active_over_10h": figures.active_over_10h,
        "amplitude_over_12h": figures.amplitude_over_12h,
        "rest_under_11h": figures.rest_under_11h,
        "no_break_6h": figures.no_break_6h,
        "long_stretch": figures.long_stretch,
        "breaks": figures.breaks,
        "reminders_break": reminders.shown.get(ReminderKind.BREAK, 0),
        "reminders_disconnect": reminders.shown.get(ReminderKind.DISCONNECT, 0),
        "reminders_short_rest": reminders.shown.get(ReminderKind.SHORT_REST, 0),
        "reminders_daily_limit": reminders.shown.get(ReminderKind.DAILY_LIMIT, 0),
        "breaks_after_reminder": reminders.breaks_after_reminder,
        "reminders_snoozed": reminders.snoozed,
    }
    return clip(Kind.DAY, values)


def week_contribution(figures: WeekFigures) -> Values:
    """The week vector, in layout order, clipped to its bounds."""
    values: dict[str, int | bool] = {
        "reports": 1,
        "active_week": figures.active_minutes > 0,
        "active_minutes": figures.active_minutes,
        "over_48h": figures.over_48h,
        "rest_under_35h": figures.rest_under_35h,
        "avg_12w_over_44h": figures.avg_12w_over_44h,
    }
    return clip(Kind.WEEK, values)
