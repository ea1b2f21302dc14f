"""The contribution layout of MEASURES.md §8: one definition, bounds enforced."""

from __future__ import annotations

import dataclasses

import pytest

from agent.core.contribution import DayReminders, day_contribution, day_reminders, week_contribution
from agent.core.days import DayFigures
from agent.core.reminders import Reminder, ReminderKind
from agent.core.spans import Span
from agent.core.weeks import WeekFigures
from contract.contribution import DAY_FIELDS, FIELDS, WEEK_FIELDS, Kind, clip, problems

EMPTY_DAY = DayFigures(
    date="2026-03-02",
    working_day=True,
    active_minutes=0,
    first_activity=None,
    last_activity=None,
    amplitude_minutes=0,
    breaks=0,
    longest_stretch_minutes=0,
    after_hours_minutes=0,
    night_minutes=0,
    rest_before_minutes=None,
    active_over_10h=False,
    amplitude_over_12h=False,
    rest_under_11h=False,
    no_break_6h=False,
    long_stretch=False,
    after_hours_active=False,
    night_active=False,
    non_working_day_active=False,
)
NO_REMINDERS = DayReminders(shown={})


def test_day_layout_is_the_one_of_the_spec_in_order() -> None:
    assert [f.name for f in DAY_FIELDS] == [
        "reports",
        "active_day",
        "working_day",
        "active_minutes",
        *(f"hours_{n}" for n in range(13)),
        "after_hours_minutes",
        "after_hours_active",
        "night_active",
        "non_working_day_active",
        "active_over_10h",
        "amplitude_over_12h",
        "rest_under_11h",
        "no_break_6h",
        "long_stretch",
        "breaks",
        "reminders_break",
        "reminders_disconnect",
        "reminders_short_rest",
        "reminders_daily_limit",
        "breaks_after_reminder",
        "reminders_snoozed",
    ]
    bounds = {f.name: (f.low, f.high) for f in DAY_FIELDS}
    assert bounds["reports"] == (1, 1)
    assert bounds["active_minutes"] == bounds["after_hours_minutes"] == (0, 1500)  # 25-hour day
    assert bounds["breaks"] == (0, 96)
    assert bounds["reminders_snoozed"] == (0, 50)
    assert bounds["hours_12"] == bounds["no_break_6h"] == (0, 1)


def test_week_layout_is_the_one_of_the_spec_in_order() -> None:
    assert [(f.name, f.low, f.high) for f in WEEK_FIELDS] == [
        ("reports", 1, 1),
        ("active_week", 0, 1),
        ("active_minutes", 0, 10140),  # a week with a fall-back day
        ("over_48h", 0, 1),
        ("rest_under_35h", 0, 1),
        ("avg_12w_over_44h", 0, 1),
    ]


def test_an_empty_day_is_zero_filled_but_reports_once() -> None:
    values = day_contribution(EMPTY_DAY, NO_REMINDERS)
    assert values == {f.name: 0 for f in DAY_FIELDS} | {"reports": 1, "working_day": 1}


@pytest.mark.parametrize(
    ("active_minutes", "bucket"), [(1, 0), (59, 0), (60, 1), (419, 6), (720, 12), (1440, 12)]
)
def test_hours_are_one_hot_of_whole_hours_capped_at_12(active_minutes: int, bucket: int) -> None:
    day = dataclasses.replace(EMPTY_DAY, active_minutes=active_minutes)
    values = day_contribution(day, NO_REMINDERS)
    assert [values[f"hours_{n}"] for n in range(13)] == [int(n == bucket) for n in range(13)]
    assert values["active_day"] == 1


def test_values_beyond_their_bounds_are_clipped_by_the_agent() -> None:
    day = dataclasses.replace(EMPTY_DAY, breaks=500, active_minutes=1600, after_hours_minutes=1600)
    reminders = DayReminders(shown={ReminderKind.BREAK: 80}, snoozed=99)
    values = day_contribution(day, reminders)
    assert (values["breaks"], values["active_minutes"], values["after_hours_minutes"]) == (
        96,
        1500,
        1500,
    )
    assert (values["reminders_break"], values["reminders_snoozed"]) == (50, 50)
    assert problems(Kind.DAY, values) == []


def test_week_contribution_from_figures() -> None:
    week = WeekFigures(
        "2026-W10", 2900, over_48h=True, rest_under_35h=False, avg_12w_over_44h=False
    )
    assert week_contribution(week) == {
        "reports": 1,
        "active_week": 1,
        "active_minutes": 2900,
        "over_48h": 1,
        "rest_under_35h": 0,
        "avg_12w_over_44h": 0,
    }


def test_problems_name_every_invalid_field() -> None:
    values: dict[str, object] = dict(
        week_contribution(WeekFigures("2026-W10", 0, False, False, False))
    )
    values["active_minutes"] = 10141
    values["over_48h"] = True
    del values["reports"]
    values["hostname"] = 1
    assert problems(Kind.WEEK, values) == [
        "unknown field `hostname`",
        "missing field `reports`",
        "`active_minutes`: expected 0..10140, found 10141",
        "`over_48h`: expected an integer, found True",
    ]


def test_clip_keeps_layout_order_whatever_the_input_order() -> None:
    values = {f.name: 0 for f in reversed(FIELDS[Kind.WEEK])} | {"reports": 1}
    assert list(clip(Kind.WEEK, values)) == [f.name for f in WEEK_FIELDS]


def test_break_reminder_followed_by_a_break_within_10_minutes() -> None:
    day_start, day_end = 0, 86400
    spans = [Span(30000, 34000), Span(34400, 40000), Span(41000, 41000)]
    reminders = [
        Reminder(
            33500, ReminderKind.BREAK
        ),  # the 400-s break at 34000 starts 500 s later: followed
        Reminder(39000, ReminderKind.BREAK),  # the break at 40000 starts 1000 s later: not followed
        Reminder(36000, ReminderKind.DISCONNECT),
        Reminder(day_end + 10, ReminderKind.BREAK),  # another day
    ]
    counted = day_reminders(day_start, day_end, reminders, spans, min_break_seconds=300, snoozed=2)
    assert counted.breaks_after_reminder == 1
    assert counted.shown[ReminderKind.BREAK] == 2
    assert counted.shown[ReminderKind.DISCONNECT] == 1
    assert counted.shown[ReminderKind.SHORT_REST] == 0
    assert counted.snoozed == 2
