"""Day figures of MEASURES.md §3-§4, worked out by hand on small traces.

Every expected value below comes from the contract, not from running the
code: the arithmetic is in a comment where it is not obvious. Times are
Europe/Paris (the default policy): +01:00 in winter, +02:00 in summer.
Default policy: window 07:30-19:00 on Monday-Friday, idle_after 180 s,
min_break 5 min, every 60 min, night 22:00-05:00.
"""

from __future__ import annotations

from datetime import date

import pytest

from agent.core.spans import Span
from contract.policy.model import Calendar, Disconnect, Policy
from tests.core.traces import at, day, replay, shown


def test_plain_office_day_with_a_lunch_break() -> None:
    result = replay("""
        time,event
        2026-03-02T08:30:00+01:00 .. 2026-03-02T12:00:00+01:00 every 120, input
        2026-03-02T13:30:00+01:00 .. 2026-03-02T17:30:00+01:00 every 120, input
    """)
    assert result.spans == [
        Span(at("2026-03-02T08:30:00+01:00"), at("2026-03-02T12:00:00+01:00")),
        Span(at("2026-03-02T13:30:00+01:00"), at("2026-03-02T17:30:00+01:00")),
    ]
    assert day(result, "2026-03-02") == {
        "date": "2026-03-02",
        "working_day": True,
        "active_minutes": 450,  # 210 (08:30-12:00) + 240 (13:30-17:30)
        "first_activity": "08:30",
        "last_activity": "17:30",
        "amplitude_minutes": 540,  # 08:30 -> 17:30
        "breaks": 1,  # the 90-minute lunch
        "longest_stretch_minutes": 240,  # the afternoon
        "after_hours_minutes": 0,  # all within 07:30-19:00
        "night_minutes": 0,
        "rest_before_minutes": None,  # no span before the first one
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,  # legal stretches are 210 and 240 minutes
        "long_stretch": True,  # 240 >= 60
        "after_hours_active": False,
        "night_active": False,
        "non_working_day_active": False,
    }
    # Break reminders: at 60 min of each stretch, then every 15 min after the
    # last one, judged at the next input of the 2-minute grid (09:45 -> 09:46,
    # 10:01 -> 10:02, ...), 3 repeats at most. Daily limit: 210 + (17:00 - 13:30)
    # = 420 minutes at the input of 17:00.
    assert shown(result) == [
        ("2026-03-02T09:30:00+01:00", "break", None),
        ("2026-03-02T09:46:00+01:00", "break", None),
        ("2026-03-02T10:02:00+01:00", "break", None),
        ("2026-03-02T10:18:00+01:00", "break", None),
        ("2026-03-02T14:30:00+01:00", "break", None),
        ("2026-03-02T14:46:00+01:00", "break", None),
        ("2026-03-02T15:02:00+01:00", "break", None),
        ("2026-03-02T15:18:00+01:00", "break", None),
        ("2026-03-02T17:00:00+01:00", "daily_limit", None),
    ]


def test_coffee_gap_shorter_than_min_break_is_not_a_break() -> None:
    result = replay("""
        time,event
        2026-03-02T08:30:00+01:00 .. 2026-03-02T10:00:00+01:00 every 120, input
        2026-03-02T10:04:00+01:00 .. 2026-03-02T12:00:00+01:00 every 120, input
        2026-03-02T13:30:00+01:00 .. 2026-03-02T15:00:00+01:00 every 120, input
    """)
    # The 4-minute coffee gap is >= idle_after (3 min): two spans ...
    assert len(result.spans) == 3
    assert day(result, "2026-03-02") == {
        "date": "2026-03-02",
        "working_day": True,
        "active_minutes": 296,  # 90 + 116 + 90: the coffee gap is not active
        "first_activity": "08:30",
        "last_activity": "15:00",
        "amplitude_minutes": 390,
        "breaks": 1,  # ... but < min_break (5 min): only lunch is a break
        "longest_stretch_minutes": 210,  # 08:30-12:00, the coffee gap included
        "after_hours_minutes": 0,
        "night_minutes": 0,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": False,
        "night_active": False,
        "non_working_day_active": False,
    }
    # The stretch goes on across the coffee gap: the second repeat is due at
    # 09:46 + 15 = 10:01, the input of 10:00 is too early, 10:04 shows it.
    assert shown(result) == [
        ("2026-03-02T09:30:00+01:00", "break", None),
        ("2026-03-02T09:46:00+01:00", "break", None),
        ("2026-03-02T10:04:00+01:00", "break", None),
        ("2026-03-02T10:20:00+01:00", "break", None),
        ("2026-03-02T14:30:00+01:00", "break", None),
        ("2026-03-02T14:46:00+01:00", "break", None),
    ]


def test_gap_of_exactly_min_break_is_a_break() -> None:
    result = replay("""
        time,event
        2026-03-02T08:30:00+01:00 .. 2026-03-02T10:00:00+01:00 every 60, input
        2026-03-02T10:05:00+01:00 .. 2026-03-02T11:05:00+01:00 every 60, input
    """)
    figures = day(result, "2026-03-02")
    assert figures["breaks"] == 1  # 10:00 -> 10:05 is 300 s >= min_break
    assert figures["longest_stretch_minutes"] == 90  # 08:30-10:00, not 08:30-11:05
    assert figures["long_stretch"] is True
    assert figures["active_minutes"] == 150
    assert figures["amplitude_minutes"] == 155


def test_breaks_of_15_minutes_do_not_make_a_legal_break_so_6h_without_break() -> None:
    result = replay("""
        time,event
        2026-03-02T08:00:00+01:00 .. 2026-03-02T11:00:00+01:00 every 60, input
        2026-03-02T11:15:00+01:00 .. 2026-03-02T14:30:00+01:00 every 60, input
    """)
    figures = day(result, "2026-03-02")
    assert figures["breaks"] == 1  # 15 min >= 5 min
    assert figures["longest_stretch_minutes"] == 195  # 11:15-14:30
    assert figures["no_break_6h"] is True  # legal stretch (20-min breaks) 08:00-14:30 = 390
    assert figures["active_minutes"] == 375  # 180 + 195


def test_work_across_midnight_is_split_at_local_midnight() -> None:
    result = replay("""
        time,event
        2026-03-02T23:30:00+01:00 .. 2026-03-03T00:40:00+01:00 every 120, input
        2026-03-03T08:00:00+01:00 .. 2026-03-03T08:30:00+01:00 every 120, input
    """)
    # The span itself is not cut, only its figures are.
    assert result.spans[0] == Span(at("2026-03-02T23:30:00+01:00"), at("2026-03-03T00:40:00+01:00"))
    assert day(result, "2026-03-02") == {
        "date": "2026-03-02",
        "working_day": True,
        "active_minutes": 30,  # 23:30-24:00
        "first_activity": "23:30",
        "last_activity": "24:00",
        "amplitude_minutes": 30,
        "breaks": 0,
        "longest_stretch_minutes": 30,  # the stretch clipped to Monday
        "after_hours_minutes": 30,
        "night_minutes": 30,  # within [22:00, 24:00)
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": False,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": False,
    }
    assert day(result, "2026-03-03") == {
        "date": "2026-03-03",
        "working_day": True,
        "active_minutes": 70,  # 40 (00:00-00:40) + 30 (08:00-08:30)
        "first_activity": "00:00",
        "last_activity": "08:30",
        "amplitude_minutes": 510,  # 00:00 -> 08:30
        "breaks": 1,  # 00:40 -> 08:00, both ends on Tuesday
        "longest_stretch_minutes": 40,  # 23:30-00:40 clipped to Tuesday
        "after_hours_minutes": 40,  # 00:00-00:40 is before 07:30
        "night_minutes": 40,  # within [00:00, 05:00)
        # The first span *starting* on Tuesday is 08:00; the span before it
        # ended at 00:40: 7 h 20 min. The carried-over span is not judged.
        "rest_before_minutes": 440,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": True,
        "no_break_6h": False,
        "long_stretch": False,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": False,
    }
    # 23:30 evening; the same after-hours episode goes on past midnight, so the
    # next disconnect comes 60 min later (00:30, now "early"); the break due at
    # 00:30 (70-min stretch) loses to it and waits min_gap: 00:40 is exactly
    # 10 min later, which is not "less than" min_gap. 08:00: short rest.
    assert shown(result) == [
        ("2026-03-02T23:30:00+01:00", "disconnect", "evening"),
        ("2026-03-03T00:30:00+01:00", "disconnect", "early"),
        ("2026-03-03T00:40:00+01:00", "break", None),
        ("2026-03-03T08:00:00+01:00", "short_rest", None),
    ]


LATE_THEN_EARLY = """
    time,event
    2026-03-02T22:00:00+01:00 .. 2026-03-02T23:00:00+01:00 every 120, input
    2026-03-03T06:30:00+01:00 .. 2026-03-03T07:00:00+01:00 every 120, input
    2026-03-03T09:00:00+01:00 .. 2026-03-03T09:30:00+01:00 every 120, input
    2026-03-03T22:00:00+01:00 .. 2026-03-03T23:00:00+01:00 every 120, input
    2026-03-04T06:30:00+01:00 .. 2026-03-04T07:00:00+01:00 every 120, input
"""


def test_late_evening_then_early_start_is_a_short_rest() -> None:
    result = replay(LATE_THEN_EARLY)
    assert day(result, "2026-03-02") == {
        "date": "2026-03-02",
        "working_day": True,
        "active_minutes": 60,
        "first_activity": "22:00",
        "last_activity": "23:00",
        "amplitude_minutes": 60,
        "breaks": 0,
        "longest_stretch_minutes": 60,
        "after_hours_minutes": 60,
        "night_minutes": 60,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": False,
    }
    assert day(result, "2026-03-03") == {
        "date": "2026-03-03",
        "working_day": True,
        "active_minutes": 120,  # 30 + 30 + 60
        "first_activity": "06:30",
        "last_activity": "23:00",
        "amplitude_minutes": 990,  # 06:30 -> 23:00 = 16 h 30
        "breaks": 2,  # 07:00->09:00 and 09:30->22:00 (the night gap began on Monday)
        "longest_stretch_minutes": 60,
        "after_hours_minutes": 90,  # 06:30-07:00 before 07:30, 22:00-23:00 after 19:00
        "night_minutes": 60,  # 22:00-23:00; 06:30 is after the night's 05:00
        "rest_before_minutes": 450,  # 23:00 -> 06:30
        "active_over_10h": False,
        "amplitude_over_12h": True,  # 990 > 720
        "rest_under_11h": True,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": False,
    }
    assert day(result, "2026-03-04") == {
        "date": "2026-03-04",
        "working_day": True,
        "active_minutes": 30,
        "first_activity": "06:30",
        "last_activity": "07:00",
        "amplitude_minutes": 30,
        "breaks": 0,
        "longest_stretch_minutes": 30,
        "after_hours_minutes": 30,
        "night_minutes": 0,
        "rest_before_minutes": 450,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": True,
        "no_break_6h": False,
        "long_stretch": False,
        "after_hours_active": True,
        "night_active": False,
        "non_working_day_active": False,
    }


def test_short_rest_reminder_at_first_input_and_once_a_day() -> None:
    # Disconnect off, so that nothing outranks the short-rest reminder.
    policy = Policy(disconnect=Disconnect(enabled=False))
    # Mon 23:00 and Tue 23:00: a 60-minute stretch (22:00-23:00) -> break.
    # Tue 09:00 follows a 2-hour gap but is not the day's first span: nothing.
    assert shown(replay(LATE_THEN_EARLY, policy), policy) == [
        ("2026-03-02T23:00:00+01:00", "break", None),
        ("2026-03-03T06:30:00+01:00", "short_rest", None),
        ("2026-03-03T23:00:00+01:00", "break", None),
        ("2026-03-04T06:30:00+01:00", "short_rest", None),
    ]


def test_short_rest_reminder_waits_behind_an_early_disconnect() -> None:
    # Default policy: 06:30 is before the 07:30 window, disconnect outranks
    # short_rest, which waits min_gap (10 min) and shows at 06:40.
    assert shown(replay(LATE_THEN_EARLY)) == [
        ("2026-03-02T22:00:00+01:00", "disconnect", "evening"),
        ("2026-03-02T23:00:00+01:00", "disconnect", "evening"),  # break due too, outranked
        ("2026-03-03T06:30:00+01:00", "disconnect", "early"),
        ("2026-03-03T06:40:00+01:00", "short_rest", None),
        # 09:00 is within the window: the after-hours episode is over.
        ("2026-03-03T22:00:00+01:00", "disconnect", "evening"),
        ("2026-03-03T23:00:00+01:00", "disconnect", "evening"),
        ("2026-03-04T06:30:00+01:00", "disconnect", "early"),
        ("2026-03-04T06:40:00+01:00", "short_rest", None),
    ]


def test_sunday_is_not_a_working_day_and_all_of_it_is_after_hours() -> None:
    result = replay("""
        time,event
        2026-03-08T10:00:00+01:00 .. 2026-03-08T11:30:00+01:00 every 120, input
    """)
    assert day(result, "2026-03-08") == {
        "date": "2026-03-08",
        "working_day": False,
        "active_minutes": 90,
        "first_activity": "10:00",
        "last_activity": "11:30",
        "amplitude_minutes": 90,
        "breaks": 0,
        "longest_stretch_minutes": 90,
        "after_hours_minutes": 90,  # == active_minutes on a non-working day
        "night_minutes": 0,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": False,
        "non_working_day_active": True,
    }
    # Disconnect at 10:00 and again 60 min later, outranking the break due at
    # 11:00; the break waits min_gap (11:10), then repeats 15 min later, at
    # the next input of the 2-minute grid (11:25 -> 11:26).
    assert shown(result) == [
        ("2026-03-08T10:00:00+01:00", "disconnect", "non_working_day"),
        ("2026-03-08T11:00:00+01:00", "disconnect", "non_working_day"),
        ("2026-03-08T11:10:00+01:00", "break", None),
        ("2026-03-08T11:26:00+01:00", "break", None),
    ]


@pytest.mark.parametrize(
    "holiday",
    ["2026-05-01", "2026-07-14", "2026-04-06"],  # Fête du travail, fête nationale, lundi de Pâques
)
def test_french_public_holiday_is_not_a_working_day(holiday: str) -> None:
    result = replay(f"""
        time,event
        {holiday}T09:00:00+02:00 .. {holiday}T10:00:00+02:00 every 120, input
    """)
    assert day(result, holiday) == {
        "date": holiday,
        "working_day": False,
        "active_minutes": 60,
        "first_activity": "09:00",
        "last_activity": "10:00",
        "amplitude_minutes": 60,
        "breaks": 0,
        "longest_stretch_minutes": 60,
        "after_hours_minutes": 60,  # within 07:30-19:00, but not a working day
        "night_minutes": 0,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": False,
        "non_working_day_active": True,
    }
    assert shown(result) == [
        (f"{holiday}T09:00:00+02:00", "disconnect", "non_working_day"),
        (f"{holiday}T10:00:00+02:00", "disconnect", "non_working_day"),
    ]


def test_policy_closed_date_is_not_a_working_day() -> None:
    policy = Policy(calendar=Calendar(closed_dates=frozenset({date(2026, 3, 3)})))
    result = replay(
        """
        time,event
        2026-03-03T09:00:00+01:00 .. 2026-03-03T09:20:00+01:00 every 120, input
        """,
        policy,
    )
    figures = day(result, "2026-03-03")
    assert figures["working_day"] is False
    assert figures["after_hours_minutes"] == figures["active_minutes"] == 20
    assert figures["non_working_day_active"] is True


def test_holiday_of_a_subdivision_only_counts_with_that_subdivision() -> None:
    # Good Friday (2026-04-03) is a public holiday in Moselle (57), not in the rest of France.
    trace = """
        time,event
        2026-04-03T09:00:00+02:00 .. 2026-04-03T09:20:00+02:00 every 120, input
    """
    assert day(replay(trace), "2026-04-03")["working_day"] is True
    moselle = Policy(calendar=Calendar(subdivision="57"))
    assert day(replay(trace, moselle), "2026-04-03")["working_day"] is False


def test_spring_forward_night_activity_counts_real_elapsed_time() -> None:
    # 01:30 CET (00:30Z) to 03:30 CEST (01:30Z): 2 h of wall clock, 1 h of time.
    result = replay("""
        time,event
        2026-03-29T00:30:00Z .. 2026-03-29T01:30:00Z every 60, input
    """)
    assert day(result, "2026-03-29") == {
        "date": "2026-03-29",
        "working_day": False,  # a Sunday
        "active_minutes": 60,
        "first_activity": "01:30",
        "last_activity": "03:30",
        # Ambiguity: "(last_activity - first_activity) in seconds" read as the
        # real time between the two instants (§1: instants are absolute), not
        # the 120 minutes of wall clock.
        "amplitude_minutes": 60,
        "breaks": 0,
        "longest_stretch_minutes": 60,
        "after_hours_minutes": 60,
        "night_minutes": 60,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": True,
    }
    # Reminder times carry the offset in force at that instant.
    assert shown(result) == [
        ("2026-03-29T01:30:00+01:00", "disconnect", "non_working_day"),
        ("2026-03-29T03:30:00+02:00", "disconnect", "non_working_day"),  # break outranked
    ]


def test_fall_back_night_activity_counts_real_elapsed_time() -> None:
    # 01:30 CEST (23:30Z the day before) to 03:30 CET (02:30Z): 2 h of wall clock, 3 h of time.
    result = replay("""
        time,event
        2026-10-24T23:30:00Z .. 2026-10-25T02:30:00Z every 60, input
    """)
    assert [figures.date for figures in result.days] == ["2026-10-25"]
    assert day(result, "2026-10-25") == {
        "date": "2026-10-25",
        "working_day": False,
        "active_minutes": 180,
        "first_activity": "01:30",
        "last_activity": "03:30",
        "amplitude_minutes": 180,  # real time, see the spring-forward test
        "breaks": 0,
        "longest_stretch_minutes": 180,
        "after_hours_minutes": 180,
        "night_minutes": 180,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": True,
    }
    # 23:30Z and 00:30Z disconnect (the break due at 00:30Z is outranked);
    # break 00:40Z (min_gap), repeats 00:55Z, 01:10Z, 01:25Z; the disconnect
    # due at 01:30Z waits min_gap after 01:25Z: 01:35Z. 02:10 and 02:25 local
    # come after 02:56 local: the clock went back at 01:00Z.
    assert shown(result) == [
        ("2026-10-25T01:30:00+02:00", "disconnect", "non_working_day"),
        ("2026-10-25T02:30:00+02:00", "disconnect", "non_working_day"),
        ("2026-10-25T02:40:00+02:00", "break", None),
        ("2026-10-25T02:55:00+02:00", "break", None),
        ("2026-10-25T02:10:00+01:00", "break", None),
        ("2026-10-25T02:25:00+01:00", "break", None),
        ("2026-10-25T02:35:00+01:00", "disconnect", "non_working_day"),
    ]


def test_spring_forward_day_has_at_most_1380_active_minutes() -> None:
    # Local 00:00 on the 29th (23:00Z) to 00:10 on the 30th (22:10Z), no pause.
    result = replay("""
        time,event
        2026-03-28T23:00:00Z .. 2026-03-29T22:10:00Z every 120, input
    """)
    assert day(result, "2026-03-29") == {
        "date": "2026-03-29",
        "working_day": False,
        "active_minutes": 1380,  # a 23-hour day
        "first_activity": "00:00",
        "last_activity": "24:00",
        "amplitude_minutes": 1380,
        "breaks": 0,
        "longest_stretch_minutes": 1380,
        "after_hours_minutes": 1380,
        "night_minutes": 360,  # [00:00, 05:00) is 4 real hours here, + 2 h [22:00, 24:00)
        "rest_before_minutes": None,
        "active_over_10h": True,
        "amplitude_over_12h": True,
        "rest_under_11h": False,
        "no_break_6h": True,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": True,
    }
    assert day(result, "2026-03-30") == {
        "date": "2026-03-30",
        "working_day": True,
        "active_minutes": 10,
        "first_activity": "00:00",
        "last_activity": "00:10",
        "amplitude_minutes": 10,
        "breaks": 0,
        "longest_stretch_minutes": 10,  # the stretch clipped to the 30th
        "after_hours_minutes": 10,
        "night_minutes": 10,
        "rest_before_minutes": None,  # no span *starts* on the 30th
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": False,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": False,
    }


def test_fall_back_day_may_reach_1500_active_minutes() -> None:
    # Local 00:00 on the 25th (22:00Z the day before) to 00:10 on the 26th (23:10Z).
    result = replay("""
        time,event
        2026-10-24T22:00:00Z .. 2026-10-25T23:10:00Z every 120, input
    """)
    assert day(result, "2026-10-25") == {
        "date": "2026-10-25",
        "working_day": False,
        "active_minutes": 1500,  # a 25-hour day
        "first_activity": "00:00",
        "last_activity": "24:00",
        "amplitude_minutes": 1500,
        "breaks": 0,
        "longest_stretch_minutes": 1500,
        "after_hours_minutes": 1500,
        "night_minutes": 480,  # [00:00, 05:00) is 6 real hours here, + 2 h [22:00, 24:00)
        "rest_before_minutes": None,
        "active_over_10h": True,
        "amplitude_over_12h": True,
        "rest_under_11h": False,
        "no_break_6h": True,
        "long_stretch": True,
        "after_hours_active": True,
        "night_active": True,
        "non_working_day_active": True,
    }
    monday = day(result, "2026-10-26")
    assert (monday["active_minutes"], monday["first_activity"], monday["night_minutes"]) == (
        10,
        "00:00",
        10,
    )


@pytest.mark.parametrize(("barrier", "back"), [("lock", "unlock"), ("suspend", "resume")])
def test_lock_or_suspend_between_close_inputs_splits_the_span(barrier: str, back: str) -> None:
    result = replay(f"""
        time,event
        2026-03-02T10:00:00+01:00,input
        2026-03-02T10:00:10+01:00,{barrier}
        2026-03-02T10:00:20+01:00,{back}
        2026-03-02T10:00:30+01:00,input
    """)
    # 30 s < idle_after, but the barrier lies between the two inputs.
    assert result.spans == [
        Span(at("2026-03-02T10:00:00+01:00"), at("2026-03-02T10:00:00+01:00")),
        Span(at("2026-03-02T10:00:30+01:00"), at("2026-03-02T10:00:30+01:00")),
    ]


@pytest.mark.parametrize("back", ["unlock", "resume"])
def test_unlock_or_resume_alone_does_not_split_a_span(back: str) -> None:
    result = replay(f"""
        time,event
        2026-03-02T10:00:00+01:00,input
        2026-03-02T10:00:10+01:00,{back}
        2026-03-02T10:00:30+01:00,input
    """)
    assert result.spans == [Span(at("2026-03-02T10:00:00+01:00"), at("2026-03-02T10:00:30+01:00"))]


@pytest.mark.parametrize(("barrier", "back"), [("lock", "unlock"), ("suspend", "resume")])
def test_lock_splits_spans_but_the_short_gap_stays_inside_the_stretch(
    barrier: str, back: str
) -> None:
    result = replay(f"""
        time,event
        2026-03-02T09:00:00+01:00 .. 2026-03-02T10:00:00+01:00 every 60, input
        2026-03-02T10:00:10+01:00,{barrier}
        2026-03-02T10:01:50+01:00,{back}
        2026-03-02T10:02:00+01:00 .. 2026-03-02T11:02:00+01:00 every 60, input
    """)
    assert len(result.spans) == 2
    figures = day(result, "2026-03-02")
    assert figures["active_minutes"] == 120  # 60 + 60: the 2-minute gap is not active
    assert figures["breaks"] == 0  # 2 min < min_break
    assert figures["longest_stretch_minutes"] == 122  # 09:00-11:02, the gap included
    assert figures["first_activity"] == "09:00"
    assert figures["last_activity"] == "11:02"


@pytest.mark.parametrize(("barrier", "back"), [("lock", "unlock"), ("suspend", "resume")])
def test_lock_inside_a_gap_does_not_shorten_it(barrier: str, back: str) -> None:
    # Last input 10:00, locked 10:03-10:05:30, next input 10:06: the gap is
    # 6 minutes (a break), not the 3 minutes since the lock.
    result = replay(f"""
        time,event
        2026-03-02T09:00:00+01:00 .. 2026-03-02T10:00:00+01:00 every 60, input
        2026-03-02T10:03:00+01:00,{barrier}
        2026-03-02T10:05:30+01:00,{back}
        2026-03-02T10:06:00+01:00 .. 2026-03-02T10:30:00+01:00 every 60, input
    """)
    figures = day(result, "2026-03-02")
    assert figures["breaks"] == 1
    assert figures["longest_stretch_minutes"] == 60  # 09:00-10:00
    assert figures["active_minutes"] == 84  # 60 + 24


@pytest.mark.parametrize(("barrier", "back"), [("lock", "unlock"), ("suspend", "resume")])
def test_lock_inside_a_gap_does_not_make_it_a_break(barrier: str, back: str) -> None:
    # Last input 10:00:00, locked 10:00:05-10:04:00, next input 10:04:30: a
    # 4.5-minute gap, not a break, and one stretch of 09:00-10:30:30.
    result = replay(f"""
        time,event
        2026-03-02T09:00:00+01:00 .. 2026-03-02T10:00:00+01:00 every 60, input
        2026-03-02T10:00:05+01:00,{barrier}
        2026-03-02T10:04:00+01:00,{back}
        2026-03-02T10:04:30+01:00 .. 2026-03-02T10:30:30+01:00 every 60, input
    """)
    figures = day(result, "2026-03-02")
    assert figures["breaks"] == 0
    assert figures["longest_stretch_minutes"] == 90  # 90.5 minutes, floored
    assert figures["active_minutes"] == 86  # 3600 + 1560 s = 86 min
