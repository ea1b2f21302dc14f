"""The monthly tool reminder: inside working hours, never while paused, once a month."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from agent.core.tool_reminder import (
    SETTLE_MINUTES,
    ToolReminderFacts,
    inside_working_hours,
    offer_tool_reminder,
)
from contract.policy.model import Policy, Tool

POLICY = Policy(tools=(Tool("visio", "Visioconférence"),))
INSTANTS = st.datetimes(datetime(2026, 1, 1), datetime(2027, 12, 31))


def facts(now: datetime, **changes: object) -> ToolReminderFacts:
    base = {
        "now": now,
        "working_day": True,
        "paused": False,
        "sharing": True,
        "last_offered_month": None,
        "answered_this_month": False,
    }
    return ToolReminderFacts(**{**base, **changes})  # type: ignore[arg-type]


@given(INSTANTS, st.booleans(), st.booleans(), st.booleans(), st.booleans())
def test_offered_only_when_every_condition_holds(
    now: datetime, working_day: bool, paused: bool, sharing: bool, answered: bool
) -> None:
    offered = offer_tool_reminder(
        POLICY,
        facts(
            now,
            working_day=working_day,
            paused=paused,
            sharing=sharing,
            answered_this_month=answered,
        ),
    )
    if offered:
        assert working_day and sharing and not paused and not answered
        assert inside_working_hours(POLICY, now)


@given(INSTANTS)
def test_never_while_paused_nor_twice_in_a_month(now: datetime) -> None:
    assert not offer_tool_reminder(POLICY, facts(now, paused=True))
    month = f"{now.year:04d}-{now.month:02d}"
    assert not offer_tool_reminder(POLICY, facts(now, last_offered_month=month))


@given(INSTANTS)
def test_never_outside_working_hours(now: datetime) -> None:
    minute = now.hour * 60 + now.minute
    window = POLICY.hours.windows(now.weekday())[0]
    if not window.start + SETTLE_MINUTES <= minute < window.end:
        assert not offer_tool_reminder(POLICY, facts(now))


def test_offered_mid_morning_of_a_new_month_and_not_without_tools() -> None:
    morning = datetime(2026, 12, 2, 10, 0)
    assert offer_tool_reminder(POLICY, facts(morning, last_offered_month="2026-11"))
    assert not offer_tool_reminder(Policy(), facts(morning))
    assert not offer_tool_reminder(POLICY, facts(morning.replace(hour=7, minute=45)))
    assert offer_tool_reminder(POLICY, facts(morning.replace(hour=7) + timedelta(minutes=60)))
