"""``agent.core.keeping``: a kept day's figures and vector, one way for agent and simulator."""

from __future__ import annotations

from datetime import date

from agent.core.contribution import day_contribution, day_reminders
from agent.core.days import day_figures
from agent.core.keeping import FOLLOW_UP_SECONDS, keep_day, reminders_window
from agent.core.localdays import day_context
from agent.core.reminders import Reminder, ReminderKind
from agent.core.spans import Span
from contract.policy.model import Policy
from tests.core.traces import at

POLICY = Policy()
MONDAY = day_context(POLICY, date(2026, 3, 2))


def test_the_reminders_a_day_needs_reach_past_its_end() -> None:
    assert reminders_window(MONDAY) == (MONDAY.start, MONDAY.end + FOLLOW_UP_SECONDS)


def test_a_kept_day_holds_the_day_s_figures_and_its_followed_break_reminder() -> None:
    spans = [
        Span(at("2026-03-02T09:00:00+01:00"), at("2026-03-02T10:02:00+01:00")),
        Span(at("2026-03-02T10:10:00+01:00"), at("2026-03-02T11:00:00+01:00")),
    ]
    reminder = Reminder(at("2026-03-02T10:00:00+01:00"), ReminderKind.BREAK)
    kept = keep_day(MONDAY, spans, [reminder], snoozed=1, policy=POLICY)
    assert kept.figures == day_figures(MONDAY, spans, POLICY)
    assert kept.figures.active_minutes == 112  # 62 + 50
    values = kept.contribution
    assert values["reminders_break"] == 1
    assert values["breaks_after_reminder"] == 1  # the break began at 10:02, 2 minutes later
    assert values["reminders_snoozed"] == 1
    counted = day_reminders(MONDAY.start, MONDAY.end, [reminder], spans, 300, snoozed=1)
    assert kept.contribution == day_contribution(kept.figures, counted)
