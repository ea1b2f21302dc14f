"""``agent.core.days``: a day's figures from its spans, in the default policy.

Default policy: Europe/Paris (+01:00 in March), window 07:30-19:00 Monday to
Friday, min_break 5 min, every 60 min, night 22:00-05:00. 2026-03-02 is a
Monday, 2026-03-07 a Saturday.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from agent.core.days import day_figures
from agent.core.localdays import day_context
from agent.core.spans import Span
from contract.policy.model import Policy
from tests.core.traces import at

POLICY = Policy()
MONDAY = date(2026, 3, 2)


def figures(day: date, *spans: tuple[str, str]) -> dict[str, object]:
    found = [Span(at(start), at(end)) for start, end in spans]
    return asdict(day_figures(day_context(POLICY, day), found, POLICY))


def test_a_day_without_spans_has_nothing_to_report() -> None:
    found = figures(MONDAY)
    assert found["active_minutes"] == 0
    assert found["first_activity"] is None and found["last_activity"] is None
    assert found["rest_before_minutes"] is None
    assert found["working_day"] is True


def test_a_span_across_midnight_counts_on_each_day_for_its_own_part() -> None:
    late = ("2026-03-02T23:00:00+01:00", "2026-03-03T01:00:00+01:00")
    monday = figures(MONDAY, late)
    assert monday["active_minutes"] == 60
    assert monday["last_activity"] == "24:00"
    assert monday["night_minutes"] == 60  # 23:00-24:00 within 22:00-05:00
    assert monday["after_hours_minutes"] == 60
    tuesday = figures(date(2026, 3, 3), late)
    assert tuesday["active_minutes"] == 60
    assert tuesday["first_activity"] == "00:00"
    assert tuesday["rest_before_minutes"] is None  # no span starts on the Tuesday


def test_the_rest_before_the_day_s_first_span_is_measured_from_the_span_before() -> None:
    found = figures(
        date(2026, 3, 3),
        ("2026-03-02T17:00:00+01:00", "2026-03-02T20:00:00+01:00"),
        ("2026-03-03T06:00:00+01:00", "2026-03-03T08:00:00+01:00"),
    )
    assert found["rest_before_minutes"] == 600  # 20:00 -> 06:00
    assert found["rest_under_11h"] is True
    assert found["after_hours_minutes"] == 90  # 06:00-07:30


def test_a_break_counts_when_it_lies_within_the_day() -> None:
    found = figures(
        MONDAY,
        ("2026-03-02T09:00:00+01:00", "2026-03-02T10:00:00+01:00"),
        ("2026-03-02T10:04:00+01:00", "2026-03-02T11:00:00+01:00"),  # 4 min: no break
        ("2026-03-02T11:05:00+01:00", "2026-03-02T12:00:00+01:00"),  # 5 min: a break
    )
    assert found["breaks"] == 1
    assert found["longest_stretch_minutes"] == 120  # 09:00-11:00
    assert found["long_stretch"] is True  # 120 >= every 60
    assert found["amplitude_minutes"] == 180


def test_any_activity_on_a_saturday_is_after_hours_on_a_non_working_day() -> None:
    found = figures(date(2026, 3, 7), ("2026-03-07T10:00:00+01:00", "2026-03-07T10:30:00+01:00"))
    assert found["working_day"] is False
    assert found["after_hours_minutes"] == found["active_minutes"] == 30
    assert found["non_working_day_active"] is True
