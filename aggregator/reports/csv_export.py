"""The report as a CSV file: the same worded view as the page, one indicator a row."""

from __future__ import annotations

import csv
import io
from typing import Any

from aggregator.reports.content import Report
from aggregator.reports.indicators import Figure
from aggregator.reports.render import report_view
from aggregator.reports.text import (
    TEXT,
    Language,
    display,
    label,
    rounded,
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _csv_writer(lang: Language) -> tuple[io.StringIO, Any]:
    t = TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(
        [
            t["csv_section"],
            t["csv_group_id"],
            t["csv_group"],
            t["csv_month"],
            t["csv_indicator_id"],
            t["csv_indicator"],
            t["csv_display"],
            t["csv_value"],
            t["csv_numerator"],
            t["csv_denominator"],
        ]
    )
    return out, writer


def _figure_cells(found: Figure, lang: Language) -> list[str]:
    return [
        found.key,
        label(found.key, lang),
        display(found, lang),
        _number(rounded(found)),
        str(found.numerator),
        str(found.denominator),
    ]


def _held_cells(held: str) -> list[str]:
    return ["", "", held, "", "", ""]


def _count_cells(key: str, name: str, count: str) -> list[str]:
    return [key, name, count, count, "", ""]


def render_csv(report: Report, lang: Language) -> str:
    """The report as CSV (UTF-8 with a byte-order mark so that spreadsheets read accents).

    One row per figure shown on the page: the group's indicators, each team's
    (department), each month of the trends; a held-back group or month is one
    row whose only figure is "pas assez de participants".
    """
    view = report_view(report, lang)
    t = view.t
    out, writer = _csv_writer(lang)
    head = [t["section_indicators"], view.group_id, view.group_name, view.month]
    if not view.released:
        writer.writerow([*head, *_held_cells(view.held)])
    else:
        writer.writerow([*head, *_count_cells("devices", t["devices"], view.devices)])
        writer.writerow([*head, *_count_cells("active_days", t["active_days"], view.active_days)])
        writer.writerow(
            [*head, *_count_cells("active_weeks", t["active_weeks"], view.active_weeks)]
        )
        for row in view.rows:
            writer.writerow([*head, *_figure_cells(row.figure, lang)])
    for team in view.teams:
        team_head = [t["section_teams"], team.id, team.name, view.month]
        if not team.released:
            writer.writerow([*team_head, *_held_cells(team.held)])
            continue
        writer.writerow([*team_head, *_count_cells("devices", t["devices"], team.devices)])
        for found in team.figures:
            writer.writerow([*team_head, *_figure_cells(found, lang)])
    for chart in view.charts:
        for point in chart.points:
            point_head = [t["section_trends"], view.group_id, view.group_name, point.month]
            if point.figure is None:
                writer.writerow([*point_head, chart.key, chart.title, point.shown, "", "", ""])
            else:
                writer.writerow([*point_head, *_figure_cells(point.figure, lang)])
    return "\ufeff" + out.getvalue()
