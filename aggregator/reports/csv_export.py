"""The report and the before / after as CSV files: the same worded view as the pages.

Written for the spreadsheet of the reader's language: in French, ``;``
between cells and a decimal comma (``23,4``), as French spreadsheets expect;
in English, ``,`` and a decimal point. Always UTF-8 with a byte-order mark,
so that spreadsheets read the accents.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from aggregator.reports.comparison_view import comparison_rows, warnings
from aggregator.reports.content import Comparison, Report, Side
from aggregator.reports.indicators import Figure
from aggregator.reports.report_view import report_view
from aggregator.reports.surroundings import Surroundings
from aggregator.reports.text import (
    TEXT,
    Language,
    display,
    label,
    rounded,
)

DELIMITER: dict[Language, str] = {"fr": ";", "en": ","}
BOM = "\ufeff"


def number(value: float | None, lang: Language) -> str:
    """A machine-readable number for the language's spreadsheets: ``23,4`` / ``23.4``."""
    if value is None:
        return ""
    text = f"{value:g}"
    return text.replace(".", ",") if lang == "fr" else text


def _csv_writer(lang: Language) -> tuple[io.StringIO, Any]:
    t = TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER[lang], lineterminator="\r\n")
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
        number(rounded(found), lang),
        str(found.numerator),
        str(found.denominator),
    ]


def _held_cells(held: str) -> list[str]:
    return ["", "", held, "", "", ""]


def _count_cells(key: str, name: str, count: str) -> list[str]:
    return [key, name, count, count, "", ""]


def render_csv(report: Report, lang: Language, surroundings: Surroundings | None = None) -> str:
    """The report as CSV (UTF-8 with a byte-order mark so that spreadsheets read accents).

    One row per figure shown on the page: the group's indicators, each team's
    (department), each month of the trends; a held-back group or month is one
    row whose only figure is "pas assez de participants".
    """
    view = report_view(report, lang, surroundings=surroundings)
    t = view.t
    out, writer = _csv_writer(lang)
    head = [t["section_indicators"], view.group_id, view.group_name, view.month]
    if not view.released:
        held = f"{view.held} — {view.held_why}" if view.held_why else view.held
        writer.writerow([*head, *_held_cells(held)])
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
    return BOM + out.getvalue()


def _side_rows(side: Side, name: str, lang: Language) -> list[list[str]]:
    t = TEXT[lang]
    first, last = side.months[0], side.months[-1]
    period = f"{first} – {last}"
    if not side.released:
        return [[name, period, "devices", t["devices"], t["held_back"], "", "", ""]]
    low, high = side.devices_low, side.devices_high
    devices = str(low) if low == high else f"{low} – {high}"
    months = f"{len(side.released_months)}/{len(side.months)}"
    rows = [
        [name, period, "devices", t["devices"], devices, str(low), "", ""],
        [name, period, "months_released", t["months_released"], months, "", "", ""],
    ]
    for key, found in side.figures.items():
        rows.append(
            [
                name,
                period,
                key,
                label(key, lang),
                display(found, lang),
                number(rounded(found), lang),
                str(found.numerator),
                str(found.denominator),
            ]
        )
    return rows


def render_comparison_csv(comparison: Comparison, lang: Language) -> str:
    """The before / after as CSV: each side's figures, one a row, then the changes and warnings."""
    t = TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITER[lang], lineterminator="\r\n")
    writer.writerow(
        [
            t["csv_side"],
            t["csv_month"],
            t["csv_indicator_id"],
            t["csv_indicator"],
            t["csv_display"],
            t["csv_value"],
            t["csv_numerator"],
            t["csv_denominator"],
        ]
    )
    writer.writerows(_side_rows(comparison.before, t["section_before"], lang))
    writer.writerows(_side_rows(comparison.after, t["section_after"], lang))
    for row in comparison_rows(comparison, lang):
        writer.writerow([t["col_change"], comparison.around, row.key, row.label, row.change])
    for warning in warnings(comparison, lang):
        writer.writerow([t["compare_section"], comparison.around, "warning", warning])
    return BOM + out.getvalue()
