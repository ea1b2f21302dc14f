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

from agent.core.contribution import Kind
from agent.core.localdays import zone

_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_WEEK = re.compile(r"(\d{4})-W(\d{2})")
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class PeriodError(ValueError):
    """A period or month that cannot be accepted; the message says why."""


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
        if not _DAY.fullmatch(text):
            raise PeriodError(f'expected a day "YYYY-MM-DD", found {text!r}')
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise PeriodError(f"expected a real date, found {text!r}") from None
        return Period(kind, text, day, day)
    match = _WEEK.fullmatch(text)
    if not match:
        raise PeriodError(f'expected an ISO week "YYYY-Www", found {text!r}')
    try:
        monday = date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        raise PeriodError(f"expected a week that exists, found {text!r}") from None
    return Period(kind, text, monday, monday + timedelta(days=6))


def parse_month(text: str) -> date:
    """The first day of the month ``YYYY-MM``; raises ``PeriodError``."""
    match = _MONTH.fullmatch(text)
    if not match or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1:
        raise PeriodError(f'expected a month "YYYY-MM", found {text!r}')
    return date(int(match[1]), int(match[2]), 1)


def next_month(first: date) -> date:
    return date(first.year + first.month // 12, first.month % 12 + 1, 1)


def local_midnight(day: date, timezone: str) -> datetime:
    """The instant local midnight starts ``day`` in ``timezone``, in UTC.

    In UTC so that comparisons and differences with ``now`` count real time
    whatever zone ``now`` carries (aware datetimes sharing one zone compare
    by wall clock).
    """
    return datetime.combine(day, time(0), tzinfo=zone(timezone)).astimezone(UTC)


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
    return now.astimezone(zone(timezone)).date()
