"""How both programs write words and figures for people: one language type, one format.

The agent's desktop texts, the person's report and the aggregator's reports
show the same figure the same way, so the languages and the number and
duration formats live in the contract rather than in either program. French
is the default; its typography puts a non-breaking space before ``:`` ``;``
``%`` ``?`` ``!`` and inside numbers (``20,8 %``, ``778 679 min``); English
writes ``20.8%``, ``778,679 min``. Babel supplies the numbers' separators.
"""

from __future__ import annotations

from typing import Final, Literal

from babel.numbers import format_decimal as _babel_decimal

from contract.typography import NBSP as NBSP

Language = Literal["fr", "en"]
LANGUAGES: Final[tuple[Language, ...]] = ("fr", "en")
DEFAULT_LANGUAGE: Final[Language] = "fr"

_LOCALES: Final[dict[Language, str]] = {"fr": "fr_FR", "en": "en_GB"}
# CLDR's French groups digits with a narrow no-break space; the catalogues use
# the plain one throughout, so a figure and its unit break (or not) alike.
_NARROW_NBSP: Final = "\u202f"


def language_of(value: str | None) -> Language:
    """``"en"`` (or ``"en_GB.UTF-8"``, ``"EN"``) gives English; anything else French."""
    if value and value.strip().lower()[:2] == "en":
        return "en"
    return DEFAULT_LANGUAGE


def format_number(value: float, language: Language, digits: int = 0) -> str:
    """``778679`` as ``"778 679"`` / ``"778,679"``; ``20.84``, 1 digit: ``"20,8"`` / ``"20.8"``."""
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    text = _babel_decimal(value, format=pattern, locale=_LOCALES[language])
    return text.replace(_NARROW_NBSP, NBSP)


def format_decimal(value: float, language: Language, digits: int = 1) -> str:
    """A figure with ``digits`` decimals: ``"1,3"`` / ``"1.3"``."""
    return format_number(value, language, digits)


def format_percent(value: float, language: Language, digits: int = 1) -> str:
    """A share already in percent: ``"20,8 %"`` / ``"20.8%"`` (``digits=0``: ``"21 %"``)."""
    number = format_number(value, language, digits)
    return f"{number}{NBSP}%" if language == "fr" else f"{number}%"


def format_duration(minutes: float, language: Language = DEFAULT_LANGUAGE) -> str:
    """45 -> ``"45 min"``; 420 -> ``"7 h"``; 65 -> ``"1 h 05"`` (fr), ``"1 h 05 min"`` (en).

    Negative durations are written as zero: a duration shown to a person is
    never below nothing. Spaces are non-breaking in both languages.
    """
    whole = max(0, round(minutes))
    hours, rest = divmod(whole, 60)
    if hours == 0:
        return f"{rest}{NBSP}min"
    shown_hours = f"{format_number(hours, language)}{NBSP}h"
    if rest == 0:
        return shown_hours
    unit = "" if language == "fr" else f"{NBSP}min"
    return f"{shown_hours}{NBSP}{rest:02d}{unit}"
