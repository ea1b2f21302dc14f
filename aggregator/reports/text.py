"""How the reports write a figure, French and English, and where their words are.

Every format (HTML, CSV, PDF) writes a figure with ``display`` so that the
same figure reads the same everywhere. The language type and the number and
duration formats are the contract's (``contract.wording``), shared with the
agent. The words themselves are in ``catalogue`` (``TEXT``), the month names
in ``month_names``, the indicators' own wording in ``indicator_text``: all
re-exported here, where the pages have always found them.
"""

from __future__ import annotations

from aggregator.reports.catalogue import TEXT
from aggregator.reports.indicator_text import INDICATOR_TEXT, SHORT_LABEL
from aggregator.reports.indicators import BY_KEY, Figure, Unit
from aggregator.reports.month_names import MONTHS, SHORT_MONTHS, long_date, month_name, short_month
from contract.wording import (
    LANGUAGES,
    NBSP,
    Language,
    format_decimal,
    format_duration,
    format_number,
    format_percent,
)

__all__ = [
    "INDICATOR_TEXT",
    "LANGUAGES",
    "MONTHS",
    "NBSP",
    "SHORT_LABEL",
    "SHORT_MONTHS",
    "TEXT",
    "Language",
    "decimal",
    "detail",
    "display",
    "display_value",
    "label",
    "language",
    "long_date",
    "meaning",
    "month_name",
    "percent",
    "rounded",
    "short_month",
    "signed_change",
]


def language(text: str | None) -> Language:
    """``"en"`` when asked for, French otherwise (the default)."""
    return "en" if text == "en" else "fr"


def decimal(value: float, lang: Language, digits: int = 1) -> str:
    """``"1,3"`` / ``"1.3"``, with thousands separated (``contract.wording``)."""
    return format_decimal(value, lang, digits)


def percent(value: float, lang: Language, digits: int = 1) -> str:
    """``"23,4 %"`` / ``"23.4%"``."""
    return format_percent(value, lang, digits)


def display(found: Figure, lang: Language) -> str:
    """A figure as every format shows it: ``"23,4 %"``, ``"6 h 42 min"``, ``"1,3"``."""
    return display_value(found.key, found.value, lang)


def display_value(key: str, value: float | None, lang: Language) -> str:
    """A value of indicator ``key`` (a median, say) written as ``display`` writes figures."""
    if value is None:
        return TEXT[lang]["none"]
    unit = BY_KEY[key].unit
    if unit is Unit.SHARE:
        return percent(value, lang)
    if unit is Unit.MINUTES:
        return format_duration(value, lang)
    return decimal(value, lang)


def rounded(found: Figure) -> float | None:
    """The figure's value at the precision shown, for machine-readable columns."""
    value = found.value
    if value is None:
        return None
    return float(round(value)) if BY_KEY[found.key].unit is Unit.MINUTES else round(value, 1)


def detail(found: Figure, lang: Language) -> str:
    """How the figure was computed, from which released sums.

    ``"78 000 min sur 200 jours actifs"``: counts grouped by thousands, as every figure.
    """
    t = TEXT[lang]
    indicator = BY_KEY[found.key]
    if indicator.unit is Unit.SHARE:
        template = {
            "active_day": t["of_days"],
            "active_week": t["of_weeks"],
            "reminders_break": t["of_reminders"],
        }[indicator.denominator]
        return template.format(
            count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
        )
    if indicator.unit is Unit.MINUTES:
        return t["over_days"].format(
            count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
        )
    return t["count_over_days"].format(
        count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
    )


def label(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][0]


def meaning(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][1]


def signed_change(key: str, difference: float | None, lang: Language) -> str:
    """A change of indicator ``key``: ``"+3,2 pts"``, ``"−12 min"``, ``"+0,4"``; "—" for none."""
    if difference is None:
        return TEXT[lang]["none"]
    unit = BY_KEY[key].unit
    shown = round(abs(difference)) if unit is Unit.MINUTES else round(abs(difference), 1)
    sign = "+" if shown > 0 and difference > 0 else ("−" if shown > 0 else "")
    if unit is Unit.SHARE:
        return TEXT[lang]["points"].format(sign=sign, value=decimal(abs(difference), lang))
    if unit is Unit.MINUTES:
        return f"{sign}{shown}{NBSP}min"
    return f"{sign}{decimal(abs(difference), lang)}"
