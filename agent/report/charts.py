"""The report's two charts: active time a day over the period, and a week over the weeks."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from markupsafe import Markup

from agent.core.days import ACTIVE_OVER_10H_MINUTES
from agent.core.weeks import AVERAGE_OVER_44H_MINUTES, OVER_48H_MINUTES
from agent.report.data import ReportData
from agent.report.tables import current_week, week_dates
from agent.report.wording import format_date, format_hours, format_short_date, parse_date
from contract.charts import Mark, bar_chart
from contract.wording import Language, format_duration


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    caption: str


def days_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
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


def weeks_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
    labels = []
    for week in data.weeks:
        number = week.week.split("-W")[-1].lstrip("0") or week.week
        span = week_dates(week.week, language)
        labels.append(
            t["week_long"].format(number=number, start=span[0], end=span[1])
            if span and len(data.weeks) <= 4
            else t["week_short"].format(number=number)
        )
    current = current_week(data)
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
