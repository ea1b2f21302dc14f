"""The person's own report (AGENT.md, ``repit-agent report``): one self-contained HTML page.

Pure rendering: figures in, an HTML document out. Nothing is fetched or sent;
the page has no script and refers to no external resource, so it can be
opened, printed or kept without anything leaving the workstation.

The summary covers the completed days only: the current day, when included,
appears in the charts and tables flagged as in progress.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import jinja2
from markupsafe import Markup

from agent.core.contribution import DayReminders
from agent.core.days import ACTIVE_OVER_10H_MINUTES
from agent.core.reminders import ReminderKind
from agent.core.weeks import AVERAGE_OVER_44H_MINUTES, OVER_48H_MINUTES
from agent.report.data import ReportData
from agent.report.wording import (
    TEXT,
    WEEKDAYS,
    format_date,
    format_hours,
    format_short_date,
    generated,
    parse_date,
    week_label,
    week_monday,
)
from agent.texts import week_name
from agent.tools.wording import tool_words
from contract.charts import Mark, bar_chart
from contract.wording import Language, format_decimal, format_duration

REMINDER_KINDS: tuple[ReminderKind, ...] = (
    ReminderKind.BREAK,
    ReminderKind.DISCONNECT,
    ReminderKind.SHORT_REST,
    ReminderKind.DAILY_LIMIT,
)


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True, slots=True)
class SummaryItem:
    label: str
    value: str


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
class Chart:
    svg: Markup
    caption: str


@dataclass(frozen=True, slots=True)
class ReminderRow:
    week: str
    counts: list[int]
    total: int
    followed: int
    snoozed: int


def _shown(reminders: DayReminders, kind: ReminderKind) -> int:
    return reminders.shown.get(kind, 0)


def _summary(data: ReportData, t: Mapping[str, str], language: Language) -> list[SummaryItem]:
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
    by_kind = {kind: sum(_shown(r, kind) for r in day_reminders) for kind in REMINDER_KINDS}
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


def _day_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[DayRow]:
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


def _current_week(data: ReportData) -> str | None:
    today = parse_date(data.today) if data.today else None
    return week_label(today) if today else None


def _week_dates(label: str, language: Language) -> tuple[str, str] | None:
    monday = week_monday(label)
    if monday is None:
        return None
    sunday = date.fromordinal(monday.toordinal() + 6)
    return format_short_date(monday, language), format_short_date(sunday, language)


def _week_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[WeekRow]:
    current = _current_week(data)
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
        span = _week_dates(week.week, language)
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


def _reminder_rows(data: ReportData, language: Language) -> list[ReminderRow]:
    """Reminders summed per ISO week, for the weeks that have any reminder record."""
    by_week: dict[str, list[DayReminders]] = {}
    for key in sorted(data.reminders):
        parsed = parse_date(key)
        if parsed is not None:
            by_week.setdefault(week_label(parsed), []).append(data.reminders[key])
    rows = []
    for week, records in sorted(by_week.items()):
        counts = [sum(_shown(r, kind) for r in records) for kind in REMINDER_KINDS]
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


def _days_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
    parsed = [parse_date(day.date) for day in data.days]
    labels = [
        format_short_date(p, language) if p else day.date
        for p, day in zip(parsed, data.days, strict=True)
    ]
    first, last = parsed[0], parsed[-1]
    limit = format_hours(data.daily_limit_minutes)
    caption = t["days_caption"].format(
        start=format_date(first, language) if first else data.days[0].date,
        end=format_date(last, language) if last else data.days[-1].date,
        limit=limit,
    )
    svg = bar_chart(
        [day.active_minutes for day in data.days],
        labels,
        stacked=[day.after_hours_minutes for day in data.days],
        muted=[day.date == data.today for day in data.days],
        marks=[
            Mark(data.daily_limit_minutes, t["mark_limit"].format(limit=limit), "#b00020", "6 4"),
            Mark(ACTIVE_OVER_10H_MINUTES, t["mark_10h"], "#333333", "2 3"),
        ],
        caption=caption,
        tick_step=120,
        format_value=lambda minutes: format_duration(round(minutes), language),
        format_tick=format_hours,
        series=(t["series_active"], t["series_after"]),
    )
    return Chart(Markup(svg), caption)


def _weeks_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
    labels = []
    for week in data.weeks:
        number = week.week.split("-W")[-1].lstrip("0") or week.week
        span = _week_dates(week.week, language)
        labels.append(
            t["week_long"].format(number=number, start=span[0], end=span[1])
            if span and len(data.weeks) <= 4
            else t["week_short"].format(number=number)
        )
    current = _current_week(data)
    caption = t["weeks_caption"].format(count=len(data.weeks))
    svg = bar_chart(
        [week.active_minutes for week in data.weeks],
        labels,
        muted=[week.week == current for week in data.weeks],
        marks=[
            Mark(OVER_48H_MINUTES, t["mark_48h"], "#b00020", "6 4"),
            Mark(AVERAGE_OVER_44H_MINUTES, t["mark_44h"], "#333333", "2 3"),
        ],
        caption=caption,
        tick_step=600,
        format_value=lambda minutes: format_duration(round(minutes), language),
        format_tick=format_hours,
    )
    return Chart(Markup(svg), caption)


# --------------------------------------------------------------------------- rendering

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("agent.report"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_report(data: ReportData, language: Language = "fr") -> str:
    """The complete, self-contained HTML document of the person's own report.

    With no day at all, a friendly "no data yet" page.
    """
    if language not in TEXT:
        raise ValueError(f"unknown language {language!r}: expected 'fr' or 'en'")
    t = TEXT[language]
    common = {
        "lang": language,
        "t": t,
        "generated": t["generated"].format(when=generated(data.generated_at, language)),
        "policy": t["policy"].format(policy=data.policy_name),
    }
    if not data.days:
        empty = {None: "empty_not_chosen", "off": "empty_off"}.get(data.mode, "empty")
        return _ENVIRONMENT.get_template("empty.html.j2").render(**common, empty=empty)

    first, last = parse_date(data.days[0].date), parse_date(data.days[-1].date)
    today = parse_date(data.today) if data.today else None
    has_today = any(day.date == data.today for day in data.days)
    completed = sum(day.date != data.today for day in data.days)
    return _ENVIRONMENT.get_template("report.html.j2").render(
        **common,
        period=t["period"].format(
            start=format_date(first, language) if first else data.days[0].date,
            end=format_date(last, language) if last else data.days[-1].date,
            count=len(data.days),
        ),
        today_note=(
            t["today_note"].format(day=format_date(today, language) if today else data.today)
            if has_today
            else None
        ),
        summary_days=t["summary_days"].format(count=completed),
        summary=_summary(data, t, language),
        days_chart=_days_chart(data, t, language),
        weeks_chart=_weeks_chart(data, t, language) if data.weeks else None,
        reminder_kinds=[t["kind_" + kind.value] for kind in REMINDER_KINDS],
        reminder_rows=_reminder_rows(data, language),
        day_rows=_day_rows(data, t, language),
        week_rows=_week_rows(data, t, language),
        tw=tool_words(language),
        tool_rows=_tool_rows(data, language),
        tool_proposals=data.tool_proposals,
    )


@dataclass(frozen=True)
class _ToolRow:
    month: str
    tool_id: str
    tool: str
    satisfaction: str
    workload: str


def _tool_rows(data: ReportData, language: Language) -> list[_ToolRow]:
    words = tool_words(language)
    workloads = {
        "workload_lighter": words.lighter,
        "workload_same": words.same,
        "workload_heavier": words.heavier,
    }
    return [
        _ToolRow(
            row.month,
            row.tool_id,
            row.tool,
            words.levels[row.satisfaction - 1] if row.satisfaction else words.not_used,
            workloads.get(row.workload or "", "—"),
        )
        for row in data.tool_answers
    ]
