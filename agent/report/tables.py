"""The report's tables: one row a day, a week, a week of reminders, a month of tool answers.

Each row is a view: the figures already written in the page's language, and
the flags (over the daily mark, short rest...) that the page highlights.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from agent.core.contribution import DayReminders
from agent.report.data import ReportData
from agent.report.summary import REMINDER_KINDS, shown_of
from agent.report.wording import (
    WEEKDAYS,
    format_date,
    format_hours,
    format_short_date,
    parse_date,
    week_label,
    week_monday,
)
from agent.texts import week_name
from agent.tools.wording import tool_words
from contract.wording import Language, format_duration


@dataclass(frozen=True, slots=True)
class DayRow:
    iso: str
    date: str
    weekday: str
    active: str
    first_last: str
    amplitude: str
    breaks: str
    stretch: str
    after_hours: str
    night: str
    rest_before: str
    flags: list[str]
    css: str


@dataclass(frozen=True, slots=True)
class WeekRow:
    week: str
    iso_week: str
    """The ISO label (``2026-W10``), for machines: the page's ``data-week``."""
    dates: str
    active: str
    flags: list[str]
    css: str


@dataclass(frozen=True, slots=True)
class ReminderRow:
    week: str
    counts: list[int]
    total: int
    followed: int
    snoozed: int


def day_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[DayRow]:
    limit = format_hours(data.daily_limit_minutes)
    rows = []
    for day in data.days:
        parsed = parse_date(day.date)
        flags = []
        if day.date == data.today:
            flags.append(t["flag_today"])
        if not day.working_day:
            flags.append(t["flag_non_working"])
        if day.active_minutes > data.daily_limit_minutes and not day.active_over_10h:
            flags.append(t["flag_over_limit"].format(limit=limit))
        if day.active_over_10h:
            flags.append(t["flag_over_10h"])
        if day.amplitude_over_12h:
            flags.append(t["flag_amplitude"])
        if day.rest_under_11h:
            flags.append(t["flag_rest"])
        if day.no_break_6h:
            flags.append(t["flag_no_break"])
        if day.long_stretch:
            flags.append(t["flag_long_stretch"].format(every=format_hours(data.every_minutes)))
        css = " ".join(
            name
            for name, on in (
                ("today", day.date == data.today),
                ("non-working", not day.working_day),
            )
            if on
        )
        first_last = (
            f"{day.first_activity} – {day.last_activity}"
            if day.first_activity is not None and day.last_activity is not None
            else t["none"]
        )
        rows.append(
            DayRow(
                iso=day.date,
                date=format_date(parsed, language) if parsed else day.date,
                weekday=WEEKDAYS[language][parsed.weekday()] if parsed else "",
                active=format_duration(day.active_minutes, language),
                first_last=first_last,
                amplitude=format_duration(day.amplitude_minutes, language)
                if day.first_activity
                else "—",
                breaks=str(day.breaks),
                stretch=format_duration(day.longest_stretch_minutes, language),
                after_hours=format_duration(day.after_hours_minutes, language),
                night=format_duration(day.night_minutes, language),
                rest_before=(
                    format_duration(day.rest_before_minutes, language)
                    if day.rest_before_minutes is not None
                    else t["none"]
                ),
                flags=flags,
                css=css,
            )
        )
    return rows


def current_week(data: ReportData) -> str | None:
    today = parse_date(data.today) if data.today else None
    return week_label(today) if today else None


def week_dates(label: str, language: Language) -> tuple[str, str] | None:
    monday = week_monday(label)
    if monday is None:
        return None
    sunday = date.fromordinal(monday.toordinal() + 6)
    return format_short_date(monday, language), format_short_date(sunday, language)


def week_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[WeekRow]:
    current = current_week(data)
    rows = []
    for week in data.weeks:
        flags = []
        if week.week == current:
            flags.append(t["flag_week_current"])
        if week.over_48h:
            flags.append(t["flag_over_48h"])
        if week.rest_under_35h:
            flags.append(t["flag_rest_35h"])
        if week.avg_12w_over_44h:
            flags.append(t["flag_avg_44h"])
        span = week_dates(week.week, language)
        rows.append(
            WeekRow(
                week=week_name(week.week, language),
                iso_week=week.week,
                dates=f"{span[0]} – {span[1]}" if span else "",
                active=format_duration(week.active_minutes, language),
                flags=flags,
                css="current" if week.week == current else "",
            )
        )
    return rows


def reminder_rows(data: ReportData, language: Language) -> list[ReminderRow]:
    """Reminders summed per ISO week, for the weeks that have any reminder record."""
    by_week: dict[str, list[DayReminders]] = {}
    for key in sorted(data.reminders):
        parsed = parse_date(key)
        if parsed is not None:
            by_week.setdefault(week_label(parsed), []).append(data.reminders[key])
    rows = []
    for week, records in sorted(by_week.items()):
        counts = [sum(shown_of(r, kind) for r in records) for kind in REMINDER_KINDS]
        rows.append(
            ReminderRow(
                week=week_name(week, language),
                counts=counts,
                total=sum(counts),
                followed=sum(r.breaks_after_reminder for r in records),
                snoozed=sum(r.snoozed for r in records),
            )
        )
    return rows


@dataclass(frozen=True)
class ToolRow:
    month: str
    tool_id: str
    tool: str
    satisfaction: str
    workload: str


def tool_rows(data: ReportData, language: Language) -> list[ToolRow]:
    words = tool_words(language)
    workloads = {
        "workload_lighter": words.lighter,
        "workload_same": words.same,
        "workload_heavier": words.heavier,
    }
    return [
        ToolRow(
            row.month,
            row.tool_id,
            row.tool,
            words.levels[row.satisfaction - 1] if row.satisfaction else words.not_used,
            workloads.get(row.workload or "", "—"),
        )
        for row in data.tool_answers
    ]
