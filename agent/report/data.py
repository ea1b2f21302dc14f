"""What the person's report shows: their own figures and the policy's marks, nothing else."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from agent.core.contribution import DayReminders
from agent.core.days import DayFigures
from agent.core.weeks import WeekFigures


@dataclass(frozen=True)
class ReportData:
    """What the report shows; every figure is the person's own."""

    generated_at: str
    """Local ISO date-time, for the header."""
    policy_name: str
    days: Sequence[DayFigures]
    """The last 30 days, oldest first (may be fewer; may include today, see ``today``)."""
    weeks: Sequence[WeekFigures]
    """The last 12 ISO weeks, oldest first."""
    reminders: Mapping[str, DayReminders]
    """By date ``YYYY-MM-DD``: reminders shown that day, followed, snoozed."""
    daily_limit_minutes: int
    """The policy's daily mark (``daily_limit.minutes``): read from it, never assumed."""
    every_minutes: int
    """The policy's stretch before a break reminder (``breaks.every_minutes``)."""
    mode: str | None = "reminders"
    """The participation mode (``Mode`` value), None when not chosen: the empty page says
    what to do ("Choisissez d'abord votre participation")."""
    today: str | None = None
    """The date of the (incomplete) current day when ``days`` includes it."""
    tool_answers: Sequence[ToolAnswerRow] = ()
    """The person's answers about their tools (TOOLS.md), oldest month first."""
    tool_proposals: Sequence[tuple[str, str, str]] = ()
    """(month, tool name, text) of the proposals they wrote."""


@dataclass(frozen=True)
class ToolAnswerRow:
    month: str
    tool_id: str
    tool: str
    """The tool's name in the policy (its id when the policy no longer lists it)."""
    satisfaction: int | None
    """1..5; None for "not used"."""
    workload: str | None
    """``Workload`` value; None for "not used"."""
