"""The report's summary: the completed days' figures in a few lines.

The current day, when included, is left out: its figures are not final.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from agent.core.contribution import DayReminders
from agent.core.reminders import ReminderKind
from agent.report.data import ReportData
from agent.report.wording import format_hours
from contract.wording import Language, format_decimal, format_duration

REMINDER_KINDS: tuple[ReminderKind, ...] = (
    ReminderKind.BREAK,
    ReminderKind.DISCONNECT,
    ReminderKind.SHORT_REST,
    ReminderKind.DAILY_LIMIT,
)
"""The reminder kinds the report counts, in the order of its columns."""


@dataclass(frozen=True, slots=True)
class SummaryItem:
    label: str
    value: str


def shown_of(reminders: DayReminders, kind: ReminderKind) -> int:
    return reminders.shown.get(kind, 0)


def summary(data: ReportData, t: Mapping[str, str], language: Language) -> list[SummaryItem]:
    completed = [day for day in data.days if day.date != data.today]
    active = [day for day in completed if day.active_minutes > 0]
    limit = format_hours(data.daily_limit_minutes)
    none = t["none"]

    def out_of_active(count: int) -> str:
        return t["out_of"].format(count=count, total=len(active)) if active else "0"

    average = (
        format_duration(sum(day.active_minutes for day in active) // len(active), language)
        if active
        else none
    )
    breaks_per_day = (
        format_decimal(sum(day.breaks for day in active) / len(active), language)
        if active
        else none
    )
    dates = {day.date for day in completed}
    day_reminders = [r for key, r in data.reminders.items() if key in dates]
    by_kind = {kind: sum(shown_of(r, kind) for r in day_reminders) for kind in REMINDER_KINDS}
    shown = sum(by_kind.values())
    detail = ", ".join(
        f"{t['kind_' + kind.value].lower()} {count}" for kind, count in by_kind.items() if count
    )
    followed = sum(r.breaks_after_reminder for r in day_reminders)
    snoozed = sum(r.snoozed for r in day_reminders)

    return [
        SummaryItem(t["active_days"], t["out_of"].format(count=len(active), total=len(completed))),
        SummaryItem(t["average"], average),
        SummaryItem(
            t["over_limit"].format(limit=limit),
            out_of_active(sum(day.active_minutes > data.daily_limit_minutes for day in active)),
        ),
        SummaryItem(t["over_10h"], out_of_active(sum(day.active_over_10h for day in active))),
        SummaryItem(t["after_hours"], out_of_active(sum(day.after_hours_active for day in active))),
        SummaryItem(t["night"], out_of_active(sum(day.night_active for day in active))),
        SummaryItem(t["non_working"], str(sum(day.non_working_day_active for day in completed))),
        SummaryItem(t["short_rest"], str(sum(day.rest_under_11h for day in completed))),
        SummaryItem(t["no_break"], out_of_active(sum(day.no_break_6h for day in active))),
        SummaryItem(t["breaks_per_day"], breaks_per_day),
        SummaryItem(t["reminders_shown"], f"{shown} ({detail})" if detail else str(shown)),
        SummaryItem(
            t["reminders_followed"],
            t["out_of"].format(count=followed, total=by_kind[ReminderKind.BREAK]),
        ),
        SummaryItem(t["reminders_snoozed"], str(snoozed)),
    ]
