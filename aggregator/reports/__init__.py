"""The Prévention service's reports: a department's or team's month, in HTML, CSV and PDF.

``build_report`` is the one source of every format's content and reads the
figures only through ``aggregator.releases.group_stats``; ``render_html``,
``render_csv`` and ``render_pdf`` write that content, French by default.
"""

from aggregator.reports.comparison_view import render_comparison_html
from aggregator.reports.content import (
    Comparison,
    Report,
    build_comparison,
    build_overview,
    build_report,
)
from aggregator.reports.csv_export import render_csv
from aggregator.reports.home_view import build_home, render_home
from aggregator.reports.render import Links, render_html, render_pdf
from aggregator.reports.surroundings import Surroundings, build_surroundings
from aggregator.reports.text import Language, language

__all__ = [
    "Comparison",
    "Language",
    "Links",
    "Report",
    "Surroundings",
    "build_comparison",
    "build_home",
    "build_overview",
    "build_report",
    "build_surroundings",
    "language",
    "render_comparison_html",
    "render_csv",
    "render_home",
    "render_html",
    "render_pdf",
]
