"""What leaves the machine (MEASURES.md §8): the contribution layout, defined once.

A contribution is an integer vector for one completed local day or ISO week,
sent only in ``share`` mode: no identifier, no time of day, no free text. Its
fields, their order and their bounds are declared here and nowhere else; the
agent builds and clips contributions with this module, and the aggregator
validates them and generates its models and reports from it.

Bounds are part of the privacy argument: a value that cannot exceed its bound
cannot carry anything but the figure it stands for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from agent.core.days import DayFigures
from agent.core.reminders import Reminder, ReminderKind
from agent.core.spans import Span
from agent.core.stretches import breaks
from agent.core.weeks import WeekFigures

SCHEMA_VERSION = 1
HOURS_BUCKETS = 13  # hours_0 .. hours_12: whole hours of screen time, 12 and more together
FOLLOWED_WITHIN_SECONDS = (
    10 * 60
)  # a break reminder counts as followed by a break starting this soon


class Kind(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    low: int
    high: int


def _flags(*names: str) -> tuple[Field, ...]:
    return tuple(Field(name, 0, 1) for name in names)


def _counts(*names: str, high: int = 50) -> tuple[Field, ...]:
    return tuple(Field(name, 0, high) for name in names)


DAY_FIELDS: tuple[Field, ...] = (
    Field("reports", 1, 1),
    *_flags("active_day", "working_day"),
    Field("active_minutes", 0, 1500),  # a fall-back day has 25 hours
    *_flags(*(f"hours_{n}" for n in range(HOURS_BUCKETS))),
    Field("after_hours_minutes", 0, 1500),
    *_flags(
        "after_hours_active",
        "night_active",
        "non_working_day_active",
        "active_over_10h",
        "amplitude_over_12h",
        "rest_under_11h",
        "no_break_6h",
        "long_stretch",
    ),
    Field("breaks", 0, 96),
    *_counts(
        "reminders_break",
        "reminders_disconnect",
        "reminders_short_rest",
        "reminders_daily_limit",
        "breaks_after_reminder",
        "reminders_snoozed",
    ),
)

WEEK_FIELDS: tuple[Field, ...] = (
    Field("reports", 1, 1),
    Field("active_week", 0, 1),
    Field("active_minutes", 0, 10140),  # a week with a fall-back day
    *_flags("over_48h", "rest_under_35h", "avg_12w_over_44h"),
)

FIELDS: Mapping[Kind, tuple[Field, ...]] = {Kind.DAY: DAY_FIELDS, Kind.WEEK: WEEK_FIELDS}

Values = dict[str, int]


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


def clip(kind: Kind, values: Mapping[str, int | bool]) -> Values:
    """The layout's fields in order, each value made an int and clipped to its bounds."""
    return {f.name: min(max(int(values[f.name]), f.low), f.high) for f in FIELDS[kind]}


def problems(kind: Kind, values: Mapping[str, object]) -> list[str]:
    """Why ``values`` is not a valid vector of ``kind``: unknown, missing, non-integer or
    out-of-bounds fields. Empty when valid."""
    fields = {f.name: f for f in FIELDS[kind]}
    found: list[str] = [f"unknown field `{name}`" for name in values if name not in fields]
    for name, field in fields.items():
        if name not in values:
            found.append(f"missing field `{name}`")
            continue
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int):
            found.append(f"`{name}`: expected an integer, found {value!r}")
        elif not field.low <= value <= field.high:
            found.append(f"`{name}`: expected {field.low}..{field.high}, found {value}")
    return found
