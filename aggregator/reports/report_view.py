"""A report worded in one language: ``report_view``, which every format is written from.

``report_view`` words a ``Report`` (content.py): every label and every figure
as shown, the held-back groups' reasons, the trend charts. The HTML page and
its PDF (``render``) and the CSV file (``csv_export``) are all written from
this view, so they carry the same content.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from aggregator.organisation import Organisation
from aggregator.reports.charts import ChartMonth, State, Words, trend_chart
from aggregator.reports.content import GroupMonth, Report
from aggregator.reports.indicators import INDICATORS, TEAM_COLUMNS, TREND_KEYS, Figure
from aggregator.reports.surroundings import Surroundings
from aggregator.reports.text import (
    SHORT_LABEL,
    TEXT,
    Language,
    detail,
    display,
    label,
    long_date,
    meaning,
    month_name,
    percent,
    short_month,
)


@dataclass(frozen=True)
class Row:
    """One indicator of one group, as shown."""

    key: str
    label: str
    shown: str
    detail: str
    meaning: str
    figure: Figure
    previous: str = ""
    """The same indicator the month before, as shown (or why it is not)."""
    department: str = ""
    """A team's department for the same month, as shown (or why it is not)."""


def held_text(group: GroupMonth, lang: Language) -> str:
    """What a held-back group reads: "not yet" before its public release date, else too few.

    From the public ``release_date`` and today alone, never from the data.
    """
    t = TEXT[lang]
    if not group.published and group.release_date is not None:
        return t["not_yet"].format(date=long_date(group.release_date, lang))
    return t["held_back"]


def held_why(group: GroupMonth, size: int, lang: Language) -> str:
    """Why a held-back group shows nothing, the same words for every one; "" for "not yet"."""
    if not group.published and group.release_date is not None:
        return ""
    return TEXT[lang]["held_why"].format(size=size)


def held_explained(group: GroupMonth, size: int, lang: Language) -> str:
    """``held_text`` and, after it, ``held_why``: for a table cell or a list item."""
    why = held_why(group, size, lang)
    return f"{held_text(group, lang)} — {why}" if why else held_text(group, lang)


@dataclass(frozen=True)
class TeamRow:
    id: str
    name: str
    released: bool
    held: str
    devices: str
    cells: tuple[str, ...]
    """One per ``TEAM_COLUMNS`` when released; empty otherwise."""
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Point:
    month: str
    name: str
    shown: str
    figure: Figure | None


@dataclass(frozen=True)
class ChartView:
    key: str
    title: str
    svg: Markup
    caption: str
    points: tuple[Point, ...]
    legend: str = ""


@dataclass(frozen=True)
class Links:
    """Navigation of the web page; None for a file (offline HTML, PDF)."""

    home: str
    switch: str
    csv: str
    pdf: str
    compare: str
    previous: str
    next: str
    previous_name: str
    next_name: str
    csrf: str | None = None
    """The session's CSRF token for the logout form (none with an API token)."""


@dataclass(frozen=True)
class ReportView:
    lang: Language
    t: dict[str, str]
    group_id: str
    group_name: str
    kind_line: str
    month: str
    month_name: str
    generated: str
    released: bool
    held: str
    held_why: str
    devices: str
    active_days: str
    active_weeks: str
    rows: tuple[Row, ...]
    team_columns: tuple[str, ...]
    teams: tuple[TeamRow, ...]
    is_department: bool
    charts: tuple[ChartView, ...]
    method: tuple[str, ...]
    abbreviations: tuple[tuple[str, str], ...]
    organisation: Organisation
    previous_name: str
    department_name: str
    department_id: str
    links: Links | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def generated_line(moment: datetime, lang: Language) -> str:
    when = f"{moment:%d/%m/%Y %H:%M} UTC" if lang == "fr" else f"{moment:%Y-%m-%d %H:%M} UTC"
    return TEXT[lang]["generated"].format(when=when)


def method_note(min_group_size: int, lang: Language) -> tuple[str, ...]:
    t = TEXT[lang]
    return (
        t["method_proxy"],
        t["method_threshold"].format(size=min_group_size),
        t["method_suppression"],
        t["method_sums"],
    )


def _beside(found: GroupMonth | None, key: str, size: int, lang: Language) -> str:
    """Indicator ``key`` of another month or group, as shown, or why it is not shown."""
    if found is None:
        return ""
    if not found.released:
        return held_text(found, lang)
    return display(found.figures[key], lang)


def _rows(
    group: GroupMonth, surroundings: Surroundings, size: int, lang: Language
) -> tuple[Row, ...]:
    if not group.released:
        return ()
    return tuple(
        Row(
            indicator.key,
            label(indicator.key, lang),
            display(group.figures[indicator.key], lang),
            detail(group.figures[indicator.key], lang),
            meaning(indicator.key, lang),
            group.figures[indicator.key],
            _beside(surroundings.previous, indicator.key, size, lang),
            _beside(surroundings.department, indicator.key, size, lang),
        )
        for indicator in INDICATORS
    )


def _team_row(team: GroupMonth, size: int, lang: Language) -> TeamRow:
    if not team.released:
        return TeamRow(team.id, team.name, False, held_explained(team, size, lang), "", (), ())
    chosen = tuple(team.figures[key] for key in TEAM_COLUMNS)
    return TeamRow(
        team.id,
        team.name,
        True,
        "",
        str(team.devices),
        tuple(display(found, lang) for found in chosen),
        chosen,
    )


def _history(report: Report, surroundings: Surroundings) -> tuple[GroupMonth, ...]:
    """The trend's months: the surroundings', else rebuilt from the report's own trends."""
    if surroundings.history:
        return surroundings.history
    if not report.trends:
        return ()
    group = report.group
    months = []
    for index, month in enumerate(report.trends[0].months):
        found = {trend.key: trend.points[index] for trend in report.trends}
        shown = {key: figure for key, figure in found.items() if figure is not None}
        released = len(shown) == len(found)
        months.append(GroupMonth(group.id, group.name, month, released, figures=shown))
    return tuple(months)


def _point(group: GroupMonth, key: str, lang: Language) -> Point:
    found = group.figures[key] if group.released else None
    shown = held_text(group, lang) if found is None else display(found, lang)
    return Point(group.month, month_name(group.month, lang), shown, found)


def _chart_month(group: GroupMonth, key: str, lang: Language) -> ChartMonth:
    name = short_month(group.month, lang)
    if group.released:
        return ChartMonth(name, State.SHOWN, group.figures[key].value or 0.0)
    if not group.published:
        return ChartMonth(name, State.NOT_YET)
    return ChartMonth(name, State.HELD)


def _chart(key: str, months: tuple[GroupMonth, ...], lang: Language) -> ChartView:
    t = TEXT[lang]
    title = label(key, lang)
    caption = t["trend_caption"].format(
        label=title,
        first=month_name(months[0].month, lang),
        last=month_name(months[-1].month, lang),
    )
    words = Words(
        caption=caption,
        axis=t["axis_share"],
        months=t["axis_month"],
        not_yet=t["chart_not_yet"],
        held=t["held_back"],
    )
    svg = trend_chart(
        [_chart_month(each, key, lang) for each in months],
        words,
        key=key.replace("_", "-"),
        format_value=lambda value: percent(value, lang),
        format_tick=lambda value: percent(value, lang, digits=0),
    )
    points = tuple(_point(each, key, lang) for each in months)
    return ChartView(key, title, Markup(svg), caption, points, t["chart_legend"])


def abbreviations(lang: Language) -> tuple[tuple[str, str], ...]:
    """Every abbreviation the pages and PDFs use, with what it stands for."""
    t = TEXT[lang]
    short = tuple(
        (SHORT_LABEL[lang][key], label(key, lang))
        for key in TEAM_COLUMNS
        if SHORT_LABEL[lang][key] != label(key, lang)
    )
    return (
        ("%", t["abbr_percent"]),
        (t["abbr_points"], t["abbr_points_long"]),
        ("min", t["abbr_min"]),
        ("h", t["abbr_h"]),
        ("CSV", t["abbr_csv"]),
        ("PDF", t["abbr_pdf"]),
        ("F3SCT", t["abbr_f3sct"]),
        *short,
    )


def report_view(
    report: Report,
    lang: Language,
    links: Links | None = None,
    surroundings: Surroundings | None = None,
    organisation: Organisation | None = None,
) -> ReportView:
    t = TEXT[lang]
    group = report.group
    main = report.main
    around = surroundings or Surroundings.empty()
    size = group.min_group_size
    kind_line = (
        t["department"]
        if group.is_department
        else t["team_of"].format(department=group.department_name)
    )
    history = _history(report, around) if main.released else ()
    return ReportView(
        lang=lang,
        t=t,
        group_id=group.id,
        group_name=group.name,
        kind_line=kind_line,
        month=report.month,
        month_name=month_name(report.month, lang),
        generated=generated_line(report.generated, lang),
        released=main.released,
        held=held_text(main, lang),
        held_why=held_why(main, size, lang),
        devices=str(main.devices) if main.released else "",
        active_days=str(main.active_days) if main.released else "",
        active_weeks=str(main.active_weeks) if main.released else "",
        rows=_rows(main, around, size, lang),
        team_columns=tuple(SHORT_LABEL[lang][key] for key in TEAM_COLUMNS),
        teams=tuple(_team_row(team, size, lang) for team in report.teams),
        is_department=group.is_department,
        charts=tuple(_chart(key, history, lang) for key in TREND_KEYS) if history else (),
        method=method_note(size, lang),
        abbreviations=abbreviations(lang),
        organisation=organisation or Organisation(),
        previous_name=month_name(around.previous.month, lang) if around.previous else "",
        department_name="" if group.is_department else group.department_name,
        department_id="" if group.is_department else group.department_id,
        links=links,
    )
