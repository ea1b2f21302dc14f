"""Keeping a completed day: its figures and its contribution, computed one way.

The running agent keeps a day at roll-over from what its store holds; the
simulator keeps each simulated day from its engine's spans. Both call
``keep_day`` so that nothing is computed a second way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.core.contribution import day_contribution, day_reminders
from agent.core.days import DayFigures, day_figures
from agent.core.localdays import DayContext
from agent.core.reminders import Reminder
from agent.core.spans import Span
from contract.contribution import Values
from contract.policy.model import Policy

FOLLOW_UP_SECONDS = 600
"""A break reminder's "followed" window reaches past midnight: the reminders
asked for a day run this long past its end (``reminders_window``)."""


@dataclass(frozen=True, slots=True)
class KeptDay:
    """What is kept of one completed day: the person's figures and the day vector."""

    figures: DayFigures
    contribution: Values


def reminders_window(context: DayContext) -> tuple[int, int]:
    """The instants ``[start, end)`` whose reminders ``keep_day`` needs for the day."""
    return context.start, context.end + FOLLOW_UP_SECONDS


def keep_day(
    context: DayContext,
    spans: Sequence[Span],
    reminders: Sequence[Reminder],
    snoozed: int,
    policy: Policy,
) -> KeptDay:
    """The figures and the contribution of the day of ``context``.

    ``spans`` are sorted and include every span touching the day plus its
    neighbour on each side (``spans.neighbourhood``); ``reminders`` are those
    shown within ``reminders_window(context)``; ``snoozed`` counts the pauses
    asked for during the day.
    """
    figures = day_figures(context, spans, policy)
    counted = day_reminders(
        context.start,
        context.end,
        reminders,
        spans,
        policy.breaks.min_break_minutes * 60,
        snoozed=snoozed,
    )
    return KeptDay(figures, day_contribution(figures, counted))
