"""The report as an HTML page and as a PDF, and the bare message pages.

Both formats are written from one worded view of the content
(``report_view``): the PDF is WeasyPrint printing the same HTML with its
print stylesheet, so the two carry the same content; the page only adds
navigation, which the print stylesheet hides. The CSV is written in
``csv_export``, the before / after page in ``comparison_view``, the home page
in ``home_view``; they share this module's templates and stylesheet.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import jinja2
from markupsafe import Markup

from aggregator.organisation import Organisation
from aggregator.reports.content import Report
from aggregator.reports.report_view import (
    ChartView,
    Links,
    Point,
    ReportView,
    Row,
    TeamRow,
    abbreviations,
    generated_line,
    held_explained,
    held_text,
    held_why,
    method_note,
    report_view,
)
from aggregator.reports.surroundings import Surroundings
from aggregator.reports.text import TEXT, Language

__all__ = [
    "ENVIRONMENT",
    "PDF_VARIANT",
    "STYLESHEET",
    "STYLE_HASH",
    "ChartView",
    "Links",
    "Point",
    "ReportView",
    "Row",
    "TeamRow",
    "abbreviations",
    "generated_line",
    "held_explained",
    "held_text",
    "held_why",
    "html_to_pdf",
    "method_note",
    "render_html",
    "render_message",
    "render_pdf",
    "report_view",
]

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


# -- HTML ----------------------------------------------------------------------------------


def render_html(
    report: Report,
    lang: Language,
    links: Links | None = None,
    surroundings: Surroundings | None = None,
    organisation: Organisation | None = None,
) -> str:
    """The report as one self-contained HTML document (inline style and SVG, no script)."""
    view = report_view(report, lang, links, surroundings, organisation)
    return ENVIRONMENT.get_template("report.html.j2").render(
        v=view,
        t=view.t,
        lang=lang,
        style=Markup(STYLESHEET),
        title=_title(view),
        organisation=view.organisation,
        offline=links is None,
    )


def _title(view: ReportView) -> str:
    return f"{view.group_name} — {view.month_name} — Répit"


# -- PDF ---------------------------------------------------------------------------------

PDF_VARIANT = "pdf/ua-1"
"""Tagged for screen readers: structure, reading order, language and title (PDF/UA-1)."""


def html_to_pdf(document: str) -> bytes:
    """Print an HTML document of these reports to a tagged PDF (A4, the print stylesheet)."""
    # Imported here: WeasyPrint takes a second to import and only the PDF needs it.
    from weasyprint import HTML

    pdf: bytes = HTML(string=document).write_pdf(pdf_variant=PDF_VARIANT)
    return pdf


def render_pdf(
    report: Report,
    lang: Language,
    surroundings: Surroundings | None = None,
    organisation: Organisation | None = None,
) -> bytes:
    """The same HTML as the page, printed for a committee meeting."""
    return html_to_pdf(render_html(report, lang, None, surroundings, organisation))


def render_message(message: str, lang: Language) -> str:
    """A bare page for an error (unknown group, bad month)."""
    t = TEXT[lang]
    return ENVIRONMENT.get_template("message.html.j2").render(
        t=t, lang=lang, style=Markup(STYLESHEET), title=t["app"], message=message
    )
