"""``agent.core.weeks``: a week's figures and its 12-week history."""

from __future__ import annotations

from datetime import date, timedelta

from agent.core.localdays import week_context
from agent.core.spans import Span
from agent.core.weeks import history_before, week_active_minutes, week_figures
from contract.policy.model import Policy

POLICY = Policy()
MONDAY = date(2026, 3, 2)
WEEK = week_context(POLICY, MONDAY)
HOUR = 3600


def daily(hours: float, days: int = 5) -> list[Span]:
    """``hours`` of activity from 08:00 on each of the first ``days`` days of the week."""
    return [
        Span(
            WEEK.start + d * 24 * HOUR + 8 * HOUR,
            WEEK.start + d * 24 * HOUR + int((8 + hours) * HOUR),
        )
        for d in range(days)
    ]


def test_the_history_is_the_eleven_weeks_before_oldest_first() -> None:
    kept = {MONDAY - timedelta(weeks=1): 100, MONDAY - timedelta(weeks=11): 5}
    history = history_before(MONDAY, MONDAY - timedelta(weeks=11), kept)
    assert len(history) == 11
    assert history[0] == 5 and history[-1] == 100
    assert history[1:-1] == [0] * 9  # observed weeks without activity


def test_weeks_before_observation_began_are_unknown_not_zero() -> None:
    history = history_before(MONDAY, MONDAY - timedelta(weeks=2), {})
    assert history == [None] * 9 + [0, 0]


def test_only_the_week_s_own_part_of_a_span_counts() -> None:
    across = Span(WEEK.start - HOUR, WEEK.start + 2 * HOUR)
    assert week_active_minutes(WEEK, [across]) == 120


def test_more_than_48_hours_in_a_week_is_over_the_maximum() -> None:
    assert week_figures(WEEK, daily(9.8), WEEK.end, []).over_48h is True  # 49 h
    assert week_figures(WEEK, daily(9.6), WEEK.end, []).over_48h is False  # 48 h


def test_the_12_week_average_needs_twelve_known_weeks() -> None:
    heavy = daily(9.0)  # 45 h
    minutes = 45 * 60
    assert week_figures(WEEK, heavy, WEEK.end, [minutes] * 11).avg_12w_over_44h is True
    assert week_figures(WEEK, heavy, WEEK.end, [minutes] * 10).avg_12w_over_44h is False
    unknown = [None, *[minutes] * 10]
    assert week_figures(WEEK, heavy, WEEK.end, unknown).avg_12w_over_44h is False


def test_a_week_with_a_weekend_of_rest_has_its_35_hours() -> None:
    rested = week_figures(WEEK, daily(8.0), WEEK.end, [])
    assert rested.rest_under_35h is False  # Friday 16:00 to the end of Sunday: 56 h
    every_day = week_figures(WEEK, daily(8.0, days=7), WEEK.end, [])
    assert every_day.rest_under_35h is True  # 16 h at most between two days
    assert week_figures(WEEK, [], WEEK.end, []).rest_under_35h is False  # nothing seen
