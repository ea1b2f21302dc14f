"""Week figures of MEASURES.md §5, worked out by hand from a schedule.

The long traces are written by a loop (one run line a working day); the
expected figures come from the schedule, not from running the code.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from agent.core.localdays import day_context, week_context
from agent.core.spans import Span
from agent.core.weeks import joining_week_figures, week_figures
from contract.policy.model import Policy
from tests.core.traces import PARIS, day, replay, week


def schedule(days: list[tuple[date, time, time]]) -> str:
    """A trace with inputs every 2 minutes from start to end on each listed day."""
    lines = ["time,event"]
    for when, start, end in days:
        first = datetime.combine(when, start, tzinfo=PARIS).isoformat()
        last = datetime.combine(when, end, tzinfo=PARIS).isoformat()
        lines.append(f"{first} .. {last} every 120, input")
    return "\n".join(lines)


def weekdays(monday: date, weeks: int, count: int = 5) -> list[date]:
    """The first ``count`` days of each of ``weeks`` weeks from ``monday``."""
    return [monday + timedelta(weeks=w, days=d) for w in range(weeks) for d in range(count)]


NINE, SEVEN_PM = time(9, 0), time(19, 0)


def test_week_of_five_ten_hour_days_is_over_48h() -> None:
    days = [(d, NINE, SEVEN_PM) for d in weekdays(date(2026, 3, 2), 1)]  # 600 min a day
    days += [(d, NINE, time(18, 36)) for d in weekdays(date(2026, 3, 9), 1)]  # 576 min a day
    result = replay(schedule(days))
    assert [w.week for w in result.weeks] == ["2026-W10", "2026-W11"]
    assert week(result, "2026-W10") == {
        "week": "2026-W10",
        "active_minutes": 3000,  # 5 x 600
        "over_48h": True,  # 3000 > 2880
        "rest_under_35h": False,  # Fri 19:00 -> Mon 09:00 is 62 h
        "avg_12w_over_44h": False,  # 1 week of history
    }
    assert week(result, "2026-W11") == {
        "week": "2026-W11",
        "active_minutes": 2880,  # 5 x 576: exactly 48 h
        "over_48h": False,  # not > 2880
        "rest_under_35h": False,  # the 62-hour weekend gap ends on Monday of W11: full length
        "avg_12w_over_44h": False,
    }
    assert day(result, "2026-03-02")["active_over_10h"] is False  # 600 is not > 600


def test_seven_day_week_has_no_35h_rest() -> None:
    # Every day Mon 2 .. Mon 9 March, 09:00-19:00: every gap is 14 h.
    days = [(date(2026, 3, 2) + timedelta(days=n), NINE, SEVEN_PM) for n in range(8)]
    result = replay(schedule(days))
    assert week(result, "2026-W10") == {
        "week": "2026-W10",
        "active_minutes": 4200,  # 7 x 600
        "over_48h": True,
        "rest_under_35h": True,  # longest gap overlapping W10: 14 h (Sun 19:00 -> Mon 09:00)
        "avg_12w_over_44h": False,
    }
    assert week(result, "2026-W11") == {
        "week": "2026-W11",
        "active_minutes": 600,
        "over_48h": False,
        # The 14-hour gap into Monday, then the gap after the last span, which
        # ends with observation (the trace's last event, 19:00): 0 s long.
        "rest_under_35h": True,
        "avg_12w_over_44h": False,
    }


def test_weekend_rest_of_35h_is_a_weekly_rest_and_a_minute_less_is_not() -> None:
    # Mon-Fri 09:00-19:00, Saturday off, Sunday from 05:59 or 06:00 to 07:00.
    # Fri 19:00 -> Sun 05:59 = 34 h 59 min; -> Sun 06:00 = 35 h exactly.
    monday = date(2026, 3, 2)
    working = [(d, NINE, SEVEN_PM) for d in weekdays(monday, 1)]
    sunday = monday + timedelta(days=6)
    short = replay(schedule([*working, (sunday, time(5, 59), time(7, 1))]))
    exact = replay(schedule([*working, (sunday, time(6, 0), time(7, 0))]))
    assert week(short, "2026-W10")["rest_under_35h"] is True
    assert week(exact, "2026-W10")["rest_under_35h"] is False  # 35 h is not shorter than 35 h
    assert week(short, "2026-W10")["active_minutes"] == 3000 + 62  # Sunday 05:59-07:01
    assert week(exact, "2026-W10")["active_minutes"] == 3000 + 60


def test_12_weeks_averaging_over_44h_are_flagged_from_the_12th_week_on() -> None:
    # W02 (Mon 5 Jan 2026) .. W13: Mon-Fri 09:00-18:00 = 540 min a day, 2700 a
    # week (45 h). W14: Monday only, 540 minutes.
    days = [(d, NINE, time(18, 0)) for d in weekdays(date(2026, 1, 5), 12)]
    days.append((date(2026, 3, 30), NINE, time(18, 0)))
    result = replay(schedule(days))
    labels = [f"2026-W{n:02d}" for n in range(2, 15)]
    assert [w.week for w in result.weeks] == labels
    assert [w.active_minutes for w in result.weeks] == [2700] * 12 + [540]
    # Fewer than 12 weeks of history before W13 (the 12th): no average claimed.
    # W13: mean of W02..W13 = 2700 > 2640. W14: (11 x 2700 + 540) / 12 = 2520.
    assert [w.avg_12w_over_44h for w in result.weeks] == [False] * 11 + [True, False]
    assert not any(w.over_48h for w in result.weeks)
    # Each week ends with a 63-hour weekend (Fri 18:00 -> Mon 09:00).
    assert not any(w.rest_under_35h for w in result.weeks)


def test_12_weeks_averaging_exactly_44h_are_not_flagged() -> None:
    # Mon-Fri 09:00-17:48 = 528 min a day, 2640 a week: the mean is not > 2640.
    days = [(d, NINE, time(17, 48)) for d in weekdays(date(2026, 1, 5), 12)]
    result = replay(schedule(days))
    assert [w.active_minutes for w in result.weeks] == [2640] * 12
    assert not any(w.avg_12w_over_44h for w in result.weeks)


def test_first_event_week_counts_as_the_first_week_of_history() -> None:
    # A single Sunday of W01 (4 Jan 2026, 10 h), then W02..W12 of 5 x 600 min:
    # W12 is the 12th week; mean = (600 + 11 x 3000) / 12 = 2800 > 2640.
    days = [(date(2026, 1, 4), NINE, SEVEN_PM)]
    days += [(d, NINE, SEVEN_PM) for d in weekdays(date(2026, 1, 5), 11)]
    result = replay(schedule(days))
    assert result.weeks[0].week == "2026-W01"
    assert [w.avg_12w_over_44h for w in result.weeks] == [False] * 11 + [True]


def test_a_trace_ending_on_its_last_input_says_nothing_about_rest() -> None:
    # One Monday, 09:00-19:00, and the trace's last event is that day's last
    # input: the gap after the last span has zero length. MEASURES.md §5 now
    # says such a gap is no gap (before, the longest gap was 0 s, "shorter
    # than 35 h", and a ten-hour trace claimed a week without weekly rest).
    result = replay(schedule([(date(2026, 3, 2), NINE, SEVEN_PM)]))
    assert week(result, "2026-W10")["active_minutes"] == 600
    assert week(result, "2026-W10")["rest_under_35h"] is False
    # The same day followed by one more input 20 hours later: a real 20-hour
    # gap overlaps the week, shorter than 35 h.
    later = "\n".join(
        [schedule([(date(2026, 3, 2), NINE, SEVEN_PM)]), "2026-03-03T15:00:00+01:00,input"]
    )
    assert week(replay(later), "2026-W10")["rest_under_35h"] is True


def test_the_joining_week_counts_the_days_before_joining_as_no_activity() -> None:
    # W10 of 2026: Monday 2 and Tuesday 3 March 09:00-19:00 (before joining),
    # Wednesday 4 March 09:00-12:00 and Thursday 5 March 09:00-10:00 (after).
    # Joined on Wednesday 4 March: the reported week is Wednesday's 180 and
    # Thursday's 60 minutes, as the day reports from Wednesday on add up.
    policy = Policy()
    w10 = week_context(policy, date(2026, 3, 2))

    def at(day: int, hour: int) -> int:
        return int(datetime(2026, 3, day, hour, 0, tzinfo=PARIS).timestamp())

    spans = [Span(at(2, 9), at(2, 19)), Span(at(3, 9), at(3, 19))]
    spans += [Span(at(4, 9), at(4, 12)), Span(at(5, 9), at(5, 10))]
    observation_end = at(9, 9)
    joined_at = day_context(policy, date(2026, 3, 4)).start
    whole = week_figures(w10, spans, observation_end, [])
    reported = joining_week_figures(w10, spans, observation_end, joined_at)
    assert whole.active_minutes == 1200 + 240
    assert reported.active_minutes == 240
    # After joining: the longest gap is Thursday 10:00 -> Monday 9 09:00, 95 h.
    assert reported.rest_under_35h is False
    assert reported.avg_12w_over_44h is False  # no history before joining
    # A span running across the joining midnight counts from midnight on.
    late = [Span(at(3, 22), at(4, 2))]
    assert joining_week_figures(w10, late, observation_end, joined_at).active_minutes == 120
