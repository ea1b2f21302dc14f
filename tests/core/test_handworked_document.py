"""The replay document (MEASURES.md §7) and the contributions (§8), by hand."""

from __future__ import annotations

import json

from agent.core.contribution import day_contribution, day_reminders, week_contribution
from agent.core.replay import ReplayResult, result_document
from agent.core.spans import Span
from contract.contribution import DAY_FIELDS, Kind, problems
from tests.core.traces import DEFAULT, at, day, empty_day, local_bounds, replay, shown

# Monday 23 March 2026 (+01:00) in the evening, then a lone input on Tuesday
# 7 April (+02:00, written in UTC): two weeks and a fortnight of empty days between.
SPARSE = """
    time,event
    2026-03-23T19:50:30+01:00 .. 2026-03-23T20:10:30+01:00 every 60, input
    2026-04-07T04:15:45Z,input
"""


def test_document_lists_every_day_and_week_with_local_reminder_times() -> None:
    document = result_document(replay(SPARSE), DEFAULT)
    monday = {
        **empty_day("2026-03-23", working_day=True),
        "active_minutes": 20,
        "first_activity": "19:50",  # seconds dropped
        "last_activity": "20:10",
        "amplitude_minutes": 20,
        "longest_stretch_minutes": 20,
        "after_hours_minutes": 20,  # after 19:00
        "after_hours_active": True,
    }
    # Empty days in between: zeros and nulls. Not working days: the weekends
    # and Easter Monday (6 April 2026).
    closed = {"2026-03-28", "2026-03-29", "2026-04-04", "2026-04-05", "2026-04-06"}
    between = [f"2026-03-{n}" for n in range(24, 32)] + [f"2026-04-0{n}" for n in range(1, 7)]
    tuesday = {
        **empty_day("2026-04-07", working_day=True),
        # A lone input: a span of length 0 touches the day, active time is 0.
        "first_activity": "06:15",
        "last_activity": "06:15",
        # 23 Mar 19:10:30Z -> 6 Apr 19:10:30Z = 14 days = 20160 min, then
        # -> 7 Apr 04:15:45Z = 9 h 05 min 15 s = 545.25 min: 20705.25, floored.
        "rest_before_minutes": 20705,
    }
    assert document["days"] == [
        monday,
        *(empty_day(d, working_day=d not in closed) for d in between),
        tuesday,
    ]
    # Weeks W13 .. W15, the empty W14 included. W13 and W15 touch the
    # 14-day gap, far over 35 h; W14 has no span.
    no_flags = {"over_48h": False, "rest_under_35h": False, "avg_12w_over_44h": False}
    assert document["weeks"] == [
        {"week": "2026-W13", "active_minutes": 20, **no_flags},
        {"week": "2026-W14", "active_minutes": 0, **no_flags},
        {"week": "2026-W15", "active_minutes": 0, **no_flags},
    ]
    assert document["reminders"] == [
        {"time": "2026-03-23T19:50:30+01:00", "kind": "disconnect", "reason": "evening"},
        {"time": "2026-04-07T06:15:45+02:00", "kind": "disconnect", "reason": "early"},
    ]
    assert json.loads(json.dumps(document)) == document


# Monday 2 March 2026: a 15-minute pause at 09:05, lunch 12:00-13:00; a lone
# input on Wednesday leaves Tuesday empty in the middle.
CONTRIBUTION_WEEK = """
    time,event
    2026-03-02T08:00:00+01:00 .. 2026-03-02T09:05:00+01:00 every 60, input
    2026-03-02T09:20:00+01:00 .. 2026-03-02T12:00:00+01:00 every 60, input
    2026-03-02T13:00:00+01:00 .. 2026-03-02T17:30:00+01:00 every 60, input
    2026-03-04T09:00:00+01:00,input
"""


def contribution_of(result: ReplayResult, iso_date: str) -> dict[str, int]:
    figures = next(d for d in result.days if d.date == iso_date)
    start, end = local_bounds(iso_date)
    return day_contribution(figures, day_reminders(start, end, result.reminders, result.spans, 300))


def zero_day(**values: int) -> dict[str, int]:
    """A day vector: reports = 1, ``values`` as given, every other field 0."""
    return {f.name: values.get(f.name, 1 if f.name == "reports" else 0) for f in DAY_FIELDS}


def test_day_contribution_of_a_hand_worked_day() -> None:
    result = replay(CONTRIBUTION_WEEK)
    # Stretches 08:00-09:05, 09:20-12:00, 13:00-17:30: break reminders at 09:00;
    # 10:20, 10:35, 10:50, 11:05; 14:00, 14:15, 14:30, 14:45. Daily limit:
    # 65 + 160 = 225 by noon, + 195 from 13:00 = 420 at 16:15.
    breaks = ["09:00", "10:20", "10:35", "10:50", "11:05", "14:00", "14:15", "14:30", "14:45"]
    assert shown(result) == [
        *((f"2026-03-02T{t}:00+01:00", "break", None) for t in breaks),
        ("2026-03-02T16:15:00+01:00", "daily_limit", None),
    ]
    assert day(result, "2026-03-02") == {
        **empty_day("2026-03-02", working_day=True),
        "active_minutes": 495,  # 65 + 160 + 270
        "first_activity": "08:00",
        "last_activity": "17:30",
        "amplitude_minutes": 570,
        "breaks": 2,  # 09:05-09:20 and 12:00-13:00
        "longest_stretch_minutes": 270,
        "long_stretch": True,
    }
    assert contribution_of(result, "2026-03-02") == zero_day(
        active_day=1,
        working_day=1,
        active_minutes=495,
        hours_8=1,  # floor(495 / 60) = 8
        long_stretch=1,
        breaks=2,
        reminders_break=9,
        reminders_daily_limit=1,
        breaks_after_reminder=1,  # 09:00, followed by the break starting 09:05
    )


def test_day_contribution_of_an_empty_day_is_zero_filled() -> None:
    result = replay(CONTRIBUTION_WEEK)
    # working_day is calendar, not activity: an empty Tuesday is still 1.
    assert contribution_of(result, "2026-03-03") == zero_day(working_day=1)
    # A lone input: first_activity is set but no active minute, so no hours_N.
    assert contribution_of(result, "2026-03-04") == zero_day(working_day=1)


def test_day_contribution_fields_come_in_layout_order() -> None:
    values = contribution_of(replay(CONTRIBUTION_WEEK), "2026-03-02")
    assert list(values) == [f.name for f in DAY_FIELDS]
    assert problems(Kind.DAY, values) == []


def test_week_contribution_of_a_hand_worked_week() -> None:
    result = replay(CONTRIBUTION_WEEK)
    (figures,) = result.weeks
    # Mon 17:30 -> Wed 09:00 is 39 h 30: a weekly rest, so rest_under_35h is 0.
    assert week_contribution(figures) == {
        "reports": 1,
        "active_week": 1,
        "active_minutes": 495,
        "over_48h": 0,
        "rest_under_35h": 0,
        "avg_12w_over_44h": 0,
    }


def test_week_contribution_of_an_empty_week_is_zero_filled() -> None:
    result = replay(SPARSE)
    empty = next(w for w in result.weeks if w.week == "2026-W14")
    assert week_contribution(empty) == {
        "reports": 1,
        "active_week": 0,
        "active_minutes": 0,
        "over_48h": 0,
        "rest_under_35h": 0,
        "avg_12w_over_44h": 0,
    }


def test_twelve_hours_and_more_share_the_last_bucket_and_a_25_hour_day_fits() -> None:
    # The whole 25-hour fall-back Sunday: 1500 active minutes, within the bound
    # since MEASURES.md §8 made it 1500 (it was 1440, and the day was clipped).
    result = replay("""
        time,event
        2026-10-24T22:00:00Z .. 2026-10-25T23:00:00Z every 120, input
    """)
    values = contribution_of(result, "2026-10-25")
    assert problems(Kind.DAY, values) == []
    assert values["active_minutes"] == 1500  # not clipped any more
    assert values["after_hours_minutes"] == 1500
    assert [values[f"hours_{n}"] for n in range(13)] == [0] * 12 + [1]  # min(25, 12)
    assert values["reminders_break"] == 4  # one stretch: at most 1 + 3 repeats


def test_breaks_count_is_clipped_to_96() -> None:
    # A lone input every 6 minutes from 08:00 to 18:00: 101 spans of length 0,
    # 100 gaps of 6 min, all breaks; not a single active minute.
    result = replay("""
        time,event
        2026-03-02T08:00:00+01:00 .. 2026-03-02T18:00:00+01:00 every 360, input
    """)
    assert day(result, "2026-03-02") == {
        **empty_day("2026-03-02", working_day=True),
        "first_activity": "08:00",
        "last_activity": "18:00",
        "amplitude_minutes": 600,
        "breaks": 100,
        # 6-minute gaps are breaks (>= 5 min) but shorter than the legal 20
        # minutes: one legal stretch 08:00-18:00 of 600 minutes.
        "no_break_6h": True,
    }
    eight, six_past = at("2026-03-02T08:00:00+01:00"), at("2026-03-02T08:06:00+01:00")
    assert result.spans[:2] == [Span(eight, eight), Span(six_past, six_past)]
    assert shown(result) == []
    assert contribution_of(result, "2026-03-02") == zero_day(
        working_day=1, no_break_6h=1, breaks=96
    )


def observed_until(last_event: str) -> ReplayResult:
    # Observation starts with an unlock late on Sunday 8 March (W10) and ends
    # with a lock on Tuesday 10 March: events of any kind bound the listing.
    return replay(f"""
        time,event
        2026-03-08T23:59:00+01:00,unlock
        2026-03-09T09:00:00+01:00 .. 2026-03-09T10:00:00+01:00 every 60, input
        {last_event},lock
    """)


def test_observation_runs_from_the_first_to_the_last_event_of_any_kind() -> None:
    result = observed_until("2026-03-10T20:59:00+01:00")
    assert [d.date for d in result.days] == ["2026-03-08", "2026-03-09", "2026-03-10"]
    assert day(result, "2026-03-08") == empty_day("2026-03-08", working_day=False)
    assert day(result, "2026-03-10") == empty_day("2026-03-10", working_day=True)
    assert [w.week for w in result.weeks] == ["2026-W10", "2026-W11"]
    assert result.weeks[0].rest_under_35h is False  # no span touches W10
    # The gap after the last span runs to the last event: Mon 10:00 -> Tue 20:59
    # is 34 h 59 min, shorter than 35 h.
    assert result.weeks[1].active_minutes == 60
    assert result.weeks[1].rest_under_35h is True


def test_gap_after_the_last_span_of_35h_is_a_weekly_rest() -> None:
    # Mon 10:00 -> Tue 21:00 is 35 h: not shorter than 35 h.
    assert observed_until("2026-03-10T21:00:00+01:00").weeks[1].rest_under_35h is False
