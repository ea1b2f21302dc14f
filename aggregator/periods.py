"""Periods and months: parsing and the time rules of a contribution, as pure functions.

- A day period is ``YYYY-MM-DD``, a week period ``YYYY-Www`` (ISO 8601 week).
- A period belongs to the batch of one month: a day to its own month, a week
  to the month of its Thursday (the ISO rule: the month that holds most of it).
- A period is complete once it has ended in the team's time zone: a day at the
  local midnight after it, a week at the local midnight after its Sunday.
  Only complete periods are accepted: a figure for a day still running would
  change, and a device sending it would reveal it is active right now.
- A period is too old once it ended more than ``max_age_days`` ago.

Every function takes ``now`` (an aware datetime) instead of reading the clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from contract.contribution import Kind

# [0-9], not \d: \d, int() and str.isdigit() all accept other scripts' digits
# ("２０２６", "٢٠٢٦"), which would let one period be written several ways and
# counted several times. The canonical text is the only text of a period.
_DAY = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})", re.ASCII)
_WEEK = re.compile(r"([0-9]{4})-W([0-9]{2})", re.ASCII)
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
FIRST_YEAR = 1970
LAST_YEAR = 9000
"""The accepted window of years: beyond it no real report exists, and the year
edges (0001, 9999) would overflow the date arithmetic of a period's neighbours."""


class PeriodError(ValueError):
    """A period or month that cannot be accepted; the message says why.

    The message is English (the API's and the operator's); ``french`` is the same
    reason for the French dashboard, where a reader typed the month.
    """

    def __init__(self, message: str, french: str | None = None) -> None:
        super().__init__(message)
        self.french = french or message

    def said_in(self, language: str) -> str:
        return self.french if language == "fr" else str(self)


@dataclass(frozen=True, slots=True)
class Period:
    kind: Kind
    label: str
    first: date
    last: date

    @property
    def month(self) -> str:
        """The batch month ``YYYY-MM``: a day's own month, a week's Thursday's month."""
        anchor = self.first if self.kind is Kind.DAY else self.first + timedelta(days=3)
        return month_label(anchor)


def month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def parse_period(kind: Kind, text: str) -> Period:
    """The period ``text`` of ``kind``; raises ``PeriodError`` naming the expected form."""
    if kind is Kind.DAY:
        match = _DAY.fullmatch(text)
        if not match:
            raise PeriodError(f'expected a day "YYYY-MM-DD" in digits 0-9, found {text!r}')
        _check_year(int(match[1]), text)
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            raise PeriodError(f"expected a real date, found {text!r}") from None
        return Period(kind, _canonical(kind, day, text), day, day)
    match = _WEEK.fullmatch(text)
    if not match:
        raise PeriodError(f'expected an ISO week "YYYY-Www" in digits 0-9, found {text!r}')
    _check_year(int(match[1]), text)
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise PeriodError(f"expected a week that exists, found {text!r}") from None
    return Period(kind, _canonical(kind, monday, text), monday, monday + timedelta(days=6))


def _check_year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise PeriodError(
            f"expected a year from {FIRST_YEAR} to {LAST_YEAR}, found {text!r}",
            f"année attendue entre {FIRST_YEAR} et {LAST_YEAR}, reçu «\u00a0{text}\u00a0»",
        )


def canonical_label(kind: Kind, first: date) -> str:
    """The one text of the period of ``kind`` that starts on ``first``."""
    if kind is Kind.DAY:
        return first.isoformat()
    year, week, _ = first.isocalendar()
    return f"{year:04d}-W{week:02d}"


def _canonical(kind: Kind, first: date, text: str) -> str:
    # The patterns already pin the form; this says so once more, so that the
    # stored period is the canonical one even if a pattern is ever loosened.
    label = canonical_label(kind, first)
    if label != text:
        raise PeriodError(f"expected the canonical form {label!r}, found {text!r}")
    return label


def parse_month(text: str) -> date:
    """The first day of the month ``YYYY-MM``; raises ``PeriodError``."""
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match[2]) <= 12:
        raise PeriodError(
            f'expected a month "YYYY-MM" in digits 0-9, found {text!r}',
            f"mois attendu sous la forme AAAA-MM (par exemple 2026-03), reçu «\u00a0{text}\u00a0»",
        )
    _check_year(int(match[1]), text)
    return date(int(match[1]), int(match[2]), 1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def local_midnight(day: date, timezone: str) -> datetime:
    """The instant local midnight starts ``day`` in ``timezone``, in UTC.

    In UTC so that comparisons and differences with ``now`` count real time
    whatever zone ``now`` carries (aware datetimes sharing one zone compare
    by wall clock).
    """
    return datetime.combine(day, time(0), tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def end_of(period: Period, timezone: str) -> datetime:
    """The instant the period ends: local midnight after its last day."""
    return local_midnight(period.last + timedelta(days=1), timezone)


def is_complete(period: Period, timezone: str, now: datetime) -> bool:
    return now.astimezone(UTC) >= end_of(period, timezone)


def is_too_old(period: Period, timezone: str, now: datetime, max_age_days: int) -> bool:
    return now.astimezone(UTC) - end_of(period, timezone) > timedelta(days=max_age_days)


def acceptable_period(
    kind: Kind, text: str, timezone: str, now: datetime, max_age_days: int
) -> Period:
    """The period if a contribution for it may be accepted now; else ``PeriodError``."""
    period = parse_period(kind, text)
    if not is_complete(period, timezone, now):
        raise PeriodError(
            f"the period {text} is not complete yet in the team's time zone ({timezone})"
        )
    if is_too_old(period, timezone, now, max_age_days):
        raise PeriodError(f"the period {text} ended more than {max_age_days} days ago")
    return period


def local_today(now: datetime, timezone: str) -> date:
    return now.astimezone(ZoneInfo(timezone)).date()
