"""The Prévention guide (docs/prevention-guide.*.md) served as a page, linked from every page.

The guide is the project's own document, written in Markdown; it is turned
into HTML once per language and served under the pages' stylesheet, with no
script. It holds no figure, so it is shown to anyone, logged in or not (the
login page links to it too).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from aggregator.reports.render import ENVIRONMENT, STYLESHEET
from aggregator.reports.text import TEXT, Language
from contract.wording import NBSP

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


_BEFORE_HIGH_SIGNS = re.compile(r" ([:;?!%»])")
_AFTER_OPENING_QUOTE = re.compile(r"« ")
_VERBATIM = frozenset({"code", "pre"})


def french_typography(text: str) -> str:
    """A non-breaking space before ``:`` ``;`` ``?`` ``!`` ``%`` ``»`` and after ``«``: the
    guide is written with plain spaces, to read easily in an editor."""
    return _AFTER_OPENING_QUOTE.sub("«" + NBSP, _BEFORE_HIGH_SIGNS.sub(NBSP + r"\1", text))


class _FrenchTypography(Treeprocessor):
    """French typography on the guide's text, code and commands left as they are."""

    def run(self, root: Any) -> None:
        self._typeset(root)

    def _typeset(self, element: Any) -> None:
        if element.tag in _VERBATIM:
            return
        if element.text:
            element.text = french_typography(element.text)
        for child in element:
            self._typeset(child)
            if child.tail:
                child.tail = french_typography(child.tail)


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
    def __init__(self, lang: Language) -> None:
        super().__init__()
        self.lang = lang

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_LabelCells(md), "label_cells", 0)
        if self.lang == "fr":
            # After the inline patterns (priority 20): their text is in the tree by then.
            md.treeprocessors.register(_FrenchTypography(md), "french_typography", 1)


@cache
def guide_html(lang: Language) -> str:
    """The guide's body as HTML (tables included)."""
    text = guide_file(lang).read_text(encoding="utf-8")
    html: str = markdown.markdown(
        text, extensions=["tables", "sane_lists", _LabelCellsExtension(lang)], output_format="html"
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
