"""Month and day names of the reports, French and English: "février 2026", "févr. 26",
"1er mars 2026"."""

from __future__ import annotations

from datetime import date

from aggregator.periods import parse_month
from contract.wording import Language

MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
SHORT_MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_name(month: str, lang: Language) -> str:
    """``"2026-02"`` as ``"février 2026"`` / ``"February 2026"``."""
    first = parse_month(month)
    return f"{MONTHS[lang][first.month - 1]} {first.year}"


def long_date(day: date, lang: Language) -> str:
    """``date(2026, 3, 5)`` as ``"5 mars 2026"`` / ``"5 March 2026"`` (``1er`` for the 1st)."""
    if lang == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {MONTHS[lang][day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def short_month(month: str, lang: Language) -> str:
    """``"2026-02"`` as ``"févr. 26"`` / ``"Feb 26"`` (chart labels)."""
    first = parse_month(month)
    return f"{SHORT_MONTHS[lang][first.month - 1]} {first.year % 100:02d}"
