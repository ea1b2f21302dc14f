"""The report in its three formats, from one worded view of the content.

``report_view`` words a ``Report`` (content.py) in one language: every label
and every figure as shown. The HTML page, the CSV file and the PDF (WeasyPrint
printing the same HTML with its print stylesheet) are all written from that
view, so they carry the same content; the page only adds navigation, which
the print stylesheet hides. The CSV is written in ``csv_export``, the
before / after page in ``comparison_view``; the home page and the bare
message pages are here.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from aggregator.reports.charts import trend_chart
from aggregator.reports.content import DepartmentEntry, GroupMonth, Report
from aggregator.reports.indicators import INDICATORS, TEAM_COLUMNS, Figure
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

_TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = (_TEMPLATES / "report.css").read_text(encoding="utf-8")
STYLE_HASH = "sha256-" + base64.b64encode(hashlib.sha256(STYLESHEET.encode()).digest()).decode()
"""The Content-Security-Policy source of the inline stylesheet (the pages load nothing else)."""

ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


# -- the worded view ---------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    """One indicator of one group, as shown."""

    key: str
    label: str
    shown: str
    detail: str
    meaning: str
    figure: Figure


def held_text(group: GroupMonth, lang: Language) -> str:
    """What a held-back group reads: "not yet" before its public release date, else too few.

    From the public ``release_date`` and today alone, never from the data.
    """
    t = TEXT[lang]
    if not group.published and group.release_date is not None:
        return t["not_yet"].format(date=long_date(group.release_date, lang))
    return t["held_back"]


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
    devices: str
    active_days: str
    active_weeks: str
    rows: tuple[Row, ...]
    team_columns: tuple[str, ...]
    teams: tuple[TeamRow, ...]
    is_department: bool
    charts: tuple[ChartView, ...]
    method: tuple[str, ...]
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


def _rows(group: GroupMonth, lang: Language) -> tuple[Row, ...]:
    return tuple(
        Row(
            indicator.key,
            label(indicator.key, lang),
            display(group.figures[indicator.key], lang),
            detail(group.figures[indicator.key], lang),
            meaning(indicator.key, lang),
            group.figures[indicator.key],
        )
        for indicator in INDICATORS
        if group.released
    )


def _team_row(team: GroupMonth, lang: Language) -> TeamRow:
    if not team.released:
        return TeamRow(team.id, team.name, False, held_text(team, lang), "", (), ())
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


def _chart(report: Report, index: int, lang: Language) -> ChartView:
    t = TEXT[lang]
    trend = report.trends[index]
    held = t["held_back"]
    points = tuple(
        Point(
            month,
            month_name(month, lang),
            held if found is None else display(found, lang),
            found,
        )
        for month, found in zip(trend.months, trend.points, strict=True)
    )
    title = label(trend.key, lang)
    caption = t["trend_caption"].format(
        label=title,
        first=month_name(trend.months[0], lang),
        last=month_name(trend.months[-1], lang),
    )
    svg = trend_chart(
        [None if found is None else (found.value or 0.0) for found in trend.points],
        [short_month(month, lang) for month in trend.months],
        caption=caption,
        gap_label=held,
        format_value=lambda value: percent(value, lang),
        format_tick=lambda value: percent(value, lang, digits=0),
    )
    return ChartView(trend.key, title, Markup(svg), caption, points)


def report_view(report: Report, lang: Language, links: Links | None = None) -> ReportView:
    t = TEXT[lang]
    group = report.group
    main = report.main
    kind_line = (
        t["department"]
        if group.is_department
        else t["team_of"].format(department=group.department_name)
    )
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
        devices=str(main.devices) if main.released else "",
        active_days=str(main.active_days) if main.released else "",
        active_weeks=str(main.active_weeks) if main.released else "",
        rows=_rows(main, lang),
        team_columns=tuple(SHORT_LABEL[lang][key] for key in TEAM_COLUMNS),
        teams=tuple(_team_row(team, lang) for team in report.teams),
        is_department=group.is_department,
        charts=tuple(_chart(report, index, lang) for index in range(len(report.trends))),
        method=method_note(group.min_group_size, lang),
        links=links,
    )


# -- HTML ----------------------------------------------------------------------------------


def render_html(report: Report, lang: Language, links: Links | None = None) -> str:
    """The report as one self-contained HTML document (inline style and SVG, no script)."""
    view = report_view(report, lang, links)
    return ENVIRONMENT.get_template("report.html.j2").render(
        v=view, t=view.t, lang=lang, style=Markup(STYLESHEET), title=_title(view)
    )


def _title(view: ReportView) -> str:
    return f"{view.group_name} — {view.month_name} — Répit"


# -- PDF ---------------------------------------------------------------------------------


def html_to_pdf(document: str) -> bytes:
    """Print an HTML document of these reports to PDF (A4, the print stylesheet)."""
    # Imported here: WeasyPrint takes a second to import and only the PDF needs it.
    from weasyprint import HTML

    pdf: bytes = HTML(string=document).write_pdf()
    return pdf


def render_pdf(report: Report, lang: Language) -> bytes:
    """The same HTML as the page, printed for a committee meeting."""
    return html_to_pdf(render_html(report, lang))


# -- home ----------------------------------------------------------------------------------


def render_home(
    entries: Sequence[DepartmentEntry],
    lang: Language,
    account: str,
    csrf: str | None,
    switch: str,
    admin_link: str | None = None,
) -> str:
    """The home page; ``admin_link`` (to the administration) for an administrator's session."""
    t = TEXT[lang]
    departments = [
        {
            "id": entry.department.id,
            "name": entry.department.name,
            "month": entry.department.month,
            "latest": (
                t["latest"].format(month=month_name(entry.latest, lang))
                if entry.latest
                else t["no_release"]
            ),
            "devices": (
                t["devices_value"].format(count=entry.department.devices)
                if entry.department.released
                else held_text(entry.department, lang)
            ),
            "teams": [
                {
                    "id": team.id,
                    "name": team.name,
                    "status": (
                        t["devices_value"].format(count=team.devices)
                        if team.released
                        else held_text(team, lang)
                    ),
                }
                for team in entry.teams
            ],
        }
        for entry in entries
    ]
    return ENVIRONMENT.get_template("home.html.j2").render(
        t=t,
        lang=lang,
        style=Markup(STYLESHEET),
        title=t["app"],
        departments=departments,
        account=account,
        csrf=csrf,
        switch=switch,
        admin_link=admin_link,
    )


def render_message(message: str, lang: Language) -> str:
    """A bare page for an error (unknown group, bad month)."""
    t = TEXT[lang]
    return ENVIRONMENT.get_template("message.html.j2").render(
        t=t, lang=lang, style=Markup(STYLESHEET), title=t["app"], message=message
    )
