"""French typography, for every French text of both programs.

The catalogues are written with ordinary spaces and straight apostrophes, so
that they read easily in an editor; this turns them into what a French reader
expects: a non-breaking space (U+00A0) before ``:`` ``;`` ``?`` ``!`` ``%``
and ``»``, after ``«``, between a figure and its unit (``11 h``), and curly
apostrophes (``aujourd’hui``). The agent's catalogues and both programs'
command lines (``contract.cli_words``) use it; ``tests/texts`` scans the result.
"""

from __future__ import annotations

import re
from typing import Final

NBSP: Final = "\u00a0"
"""The one non-breaking space of every French text: a unit or a ``:`` never starts a line."""

_BEFORE_HIGH_SIGNS: Final = re.compile(r" ([:;?!%»])")
_AFTER_OPENING_QUOTE: Final = re.compile(r"« ")
_FIGURE_AND_UNIT: Final = re.compile(r"([0-9}]) (h|min|Mo|MB)\b")


def french_typography(text: str) -> str:
    """``"Pause : l'heure ?"`` -> ``"Pause\u00a0: l’heure\u00a0?"``; idempotent."""
    text = text.replace("'", "\u2019")
    text = _BEFORE_HIGH_SIGNS.sub(NBSP + r"\1", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    return _FIGURE_AND_UNIT.sub(r"\1" + NBSP + r"\2", text)
