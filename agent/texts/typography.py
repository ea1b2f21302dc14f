"""French typography, applied once to the French catalogue.

The catalogue is written with ordinary spaces and straight apostrophes, so
that it reads easily in an editor; this turns it into what a French reader
expects: a non-breaking space (U+00A0) before ``:`` ``;`` ``?`` ``!`` ``%``
and ``»``, after ``«``, between a figure and its unit (``11 h``), and curly
apostrophes (``aujourd’hui``). ``tests/texts`` scans the result.
"""

from __future__ import annotations

import re
from typing import Final

from contract.wording import NBSP

_BEFORE_HIGH_SIGNS: Final = re.compile(r" ([:;?!%»])")
_AFTER_OPENING_QUOTE: Final = re.compile(r"« ")
_FIGURE_AND_UNIT: Final = re.compile(r"([0-9}]) (h|min|Mo|MB)\b")


def french_typography(text: str) -> str:
    """``"Pause : l'heure ?"`` -> ``"Pause\u00a0: l’heure\u00a0?"``; idempotent."""
    text = text.replace("'", "\u2019")
    text = _BEFORE_HIGH_SIGNS.sub(NBSP + r"\1", text)
    text = _AFTER_OPENING_QUOTE.sub("«" + NBSP, text)
    return _FIGURE_AND_UNIT.sub(r"\1" + NBSP + r"\2", text)
