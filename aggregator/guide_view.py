"""The Prévention guide (docs/prevention-guide.*.md) served as a page, linked from every page.

The guide is the project's own document, written in Markdown; it is turned
into HTML once per language and served under the pages' stylesheet, with no
script. It holds no figure, so it is shown to anyone, logged in or not (the
login page links to it too).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from aggregator.reports.render import ENVIRONMENT, STYLESHEET
from aggregator.reports.text import TEXT, Language

_HERE = Path(__file__).resolve().parent
PLACES = (_HERE / "guide", _HERE.parent / "docs")
"""Where the guide is: packaged beside the module (wheel), or the source tree's docs/."""


class GuideMissing(LookupError):
    """The guide's file is in none of ``PLACES`` (a broken installation)."""


def guide_file(lang: Language) -> Path:
    name = f"prevention-guide.{lang}.md"
    for place in PLACES:
        if (place / name).is_file():
            return place / name
    raise GuideMissing(f"{name} is in none of {', '.join(str(place) for place in PLACES)}")


class _LabelCells(Treeprocessor):
    """Give each table cell its column's heading as ``data-label`` (read at 400 px)."""

    def run(self, root: Any) -> None:
        for table in root.iter("table"):
            table.set("class", "stack")
            headings = ["".join(th.itertext()).strip() for th in table.iter("th")]
            for row in table.iter("tr"):
                for heading, cell in zip(headings, row.findall("td"), strict=False):
                    cell.set("data-label", heading)


class _LabelCellsExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LabelCells(md), "label_cells", 0)


@cache
def guide_html(lang: Language) -> str:
    """The guide's body as HTML (tables included)."""
    text = guide_file(lang).read_text(encoding="utf-8")
    html: str = markdown.markdown(
        text, extensions=["tables", "sane_lists", _LabelCellsExtension()], output_format="html"
    )
    return html


def render_guide(lang: Language) -> str:
    t = TEXT[lang]
    return ENVIRONMENT.get_template("guide.html.j2").render(
        t=t,
        lang=lang,
        style=Markup(STYLESHEET),
        title=t["guide"] + " — Répit",
        body=Markup(guide_html(lang)),
        switch=f"/guide?lang={'fr' if lang == 'en' else 'en'}",
    )
