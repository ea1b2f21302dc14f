"""When to offer "Mon avis sur les outils" (TOOLS.md): at most once a month, gently.

The reminder is offered inside a working window of a working day, never while
reminders are paused, never before the person is sharing and has tools to
rate, and not again in a month where it was offered or the person already
answered. Pure: the caller gives the local time and what the store knows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agent.core.tool_answers import month_of
from contract.policy.model import Policy

SETTLE_MINUTES = 30
"""Not in the first half hour of a working window: the day starts with other things."""


@dataclass(frozen=True, slots=True)
class ToolReminderFacts:
    now: datetime  # local time of the policy's time zone
    working_day: bool
    paused: bool
    sharing: bool
    last_offered_month: str | None
    answered_this_month: bool


def inside_working_hours(policy: Policy, now: datetime) -> bool:
    minute = now.hour * 60 + now.minute
    return any(
        window.start + SETTLE_MINUTES <= minute < window.end
        for window in policy.hours.windows(now.weekday())
    )


def offer_tool_reminder(policy: Policy, facts: ToolReminderFacts) -> bool:
    month = month_of(facts.now.date())
    return (
        bool(policy.tools)
        and facts.sharing
        and not facts.paused
        and facts.working_day
        and not facts.answered_this_month
        and facts.last_offered_month != month
        and inside_working_hours(policy, facts.now)
    )
