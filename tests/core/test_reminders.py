"""``agent.core.reminders``: why an input is after hours, and the reminders' pacing.

Default policy: window 07:30-19:00 Monday to Friday, breaks every 60 min,
repeated every 15 min at most 3 times, 10 min at least between two reminders.
"""

from __future__ import annotations

from datetime import date

from agent.core.localdays import day_context
from agent.core.reminders import DisconnectReason, ReminderKind, ReminderRules, disconnect_reason
from contract.policy.model import Policy
from tests.core.traces import at

POLICY = Policy()
MONDAY = day_context(POLICY, date(2026, 3, 2))
MINUTE = 60


def test_an_input_outside_the_window_says_on_which_side() -> None:
    assert disconnect_reason(MONDAY, at("2026-03-02T07:00:00+01:00")) is DisconnectReason.EARLY
    assert disconnect_reason(MONDAY, at("2026-03-02T19:00:00+01:00")) is DisconnectReason.EVENING
    assert disconnect_reason(MONDAY, at("2026-03-02T10:00:00+01:00")) is None
    saturday = day_context(POLICY, date(2026, 3, 7))
    reason = disconnect_reason(saturday, at("2026-03-07T10:00:00+01:00"))
    assert reason is DisconnectReason.NON_WORKING_DAY


def rules_at(
    offset_minutes: int, rules: ReminderRules, can_show: bool = True
) -> ReminderKind | None:
    start = at("2026-03-02T09:00:00+01:00")
    reminder = rules.evaluate(
        start + offset_minutes * MINUTE, MONDAY, start, 0, short_rest_due=False, can_show=can_show
    )
    return reminder.kind if reminder is not None else None


def test_a_break_reminder_comes_after_an_hour_of_stretch_then_every_15_minutes_three_times() -> (
    None
):
    rules = ReminderRules(POLICY)
    assert rules_at(59, rules) is None
    assert rules_at(60, rules) is ReminderKind.BREAK
    assert rules_at(74, rules) is None
    shown = [m for m in range(75, 200) if rules_at(m, rules) is ReminderKind.BREAK]
    assert shown == [75, 90, 105]


def test_a_paused_reminder_stays_due_and_comes_once_the_pause_ends() -> None:
    rules = ReminderRules(POLICY)
    assert rules_at(60, rules, can_show=False) is None
    assert rules_at(61, rules) is ReminderKind.BREAK


def test_a_new_stretch_starts_the_break_reminders_afresh() -> None:
    rules = ReminderRules(POLICY)
    for minute in (60, 75, 90, 105):
        rules_at(minute, rules)
    rules.new_stretch()
    assert rules_at(130, rules) is ReminderKind.BREAK
