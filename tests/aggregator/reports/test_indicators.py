"""Each indicator from hand-made released sums: the ratio, its parts, and how it is written."""

from __future__ import annotations

from aggregator.reports.indicators import INDICATORS, Figure, add_sums, figures
from aggregator.reports.text import detail, display
from contract.contribution import FIELDS, Kind


def sums(day: dict[str, int], week: dict[str, int]) -> dict[str, dict[str, int]]:
    return {
        "day": {**{f.name: 0 for f in FIELDS[Kind.DAY]}, **day},
        "week": {**{f.name: 0 for f in FIELDS[Kind.WEEK]}, **week},
    }


HAND_MADE = sums(
    {
        "reports": 250,
        "active_day": 200,
        "working_day": 180,
        "active_minutes": 200 * 390,  # 6 h 30 per active day
        "hours_6": 120,
        "hours_7": 30,
        "hours_8": 20,
        "hours_10": 6,
        "hours_12": 4,  # 60 days of 7 h or more
        "active_over_10h": 10,
        "after_hours_active": 50,
        "night_active": 8,
        "non_working_day_active": 12,
        "amplitude_over_12h": 5,
        "rest_under_11h": 16,
        "no_break_6h": 44,
        "breaks": 700,
        "reminders_break": 120,
        "reminders_disconnect": 30,
        "reminders_short_rest": 9,
        "reminders_daily_limit": 41,
        "breaks_after_reminder": 78,
    },
    {"reports": 40, "active_week": 32, "over_48h": 4, "avg_12w_over_44h": 2, "rest_under_35h": 8},
)


def test_every_indicator_from_hand_made_sums() -> None:
    found = figures(HAND_MADE)
    assert list(found) == [indicator.key for indicator in INDICATORS]
    expected = {
        "over_7h": (60, 200, 30.0),
        "over_10h": (10, 200, 5.0),
        "after_hours": (50, 200, 25.0),
        "night": (8, 200, 4.0),
        "non_working_day": (12, 200, 6.0),
        "amplitude_12h": (5, 200, 2.5),
        "rest_11h": (16, 200, 8.0),
        "no_break_6h": (44, 200, 22.0),
        "over_48h": (4, 32, 12.5),
        "avg_44h": (2, 32, 6.25),
        "rest_35h": (8, 32, 25.0),
        "screen_time": (78000, 200, 390.0),
        "breaks": (700, 200, 3.5),
        "reminders_break": (120, 200, 60.0),
        "reminders_disconnect": (30, 200, 15.0),
        "reminders_short_rest": (9, 200, 4.5),
        "reminders_daily_limit": (41, 200, 20.5),
        "reminders_followed": (78, 120, 65.0),
    }
    assert {key: (f.numerator, f.denominator, f.value) for key, f in found.items()} == expected


def test_figures_are_written_the_same_way_in_every_format() -> None:
    found = figures(HAND_MADE)
    assert display(found["over_7h"], "fr") == "30,0\u00a0%"
    assert display(found["over_7h"], "en") == "30.0%"
    assert display(found["screen_time"], "fr") == "6\u00a0h\u00a030"
    assert display(found["breaks"], "fr") == "3,5"
    assert display(found["avg_44h"], "en") == "6.2%"  # 6.25, rounded half to even
    assert detail(found["over_48h"], "fr") == "4 sur 32 semaines actives"
    assert detail(found["reminders_followed"], "en") == "78 of 120 break reminders"
    assert detail(found["screen_time"], "en") == "78,000 min over 200 active days"
    assert detail(found["screen_time"], "fr") == "78\u00a0000\u00a0min sur 200 jours actifs"


def test_nothing_to_divide_by_is_a_dash_not_a_zero() -> None:
    empty = figures(sums({}, {}))
    assert all(f.value is None for f in empty.values())
    assert display(empty["over_7h"], "fr") == "—"
    assert Figure("breaks", 3, 0).value is None


def test_sides_add_released_sums_field_by_field() -> None:
    one = sums({"active_day": 10, "hours_7": 2}, {"active_week": 3, "over_48h": 1})
    two = sums({"active_day": 30, "hours_9": 6}, {"active_week": 5})
    total = add_sums(one, two)
    assert total["day"]["active_day"] == 40
    found = figures(total)
    assert (found["over_7h"].numerator, found["over_7h"].denominator) == (8, 40)
    assert (found["over_48h"].numerator, found["over_48h"].denominator) == (1, 8)
