"""Local calendar days and ISO weeks as absolute intervals (MEASURES.md §1).

A day is a local calendar date in the policy's time zone, so it lasts 23, 24
or 25 hours. Everything the figures and reminders need to know about a day
(its bounds, whether it is a working day, its working and night windows) is
turned into UTC seconds once, here, so the rules compare plain integers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from agent.core.intervals import Interval
from contract.policy.model import MINUTES_PER_DAY, Policy, Window


@dataclass(frozen=True, slots=True)
class DayContext:
    date: date
    start: int
    """First second of the day (UTC seconds)."""
    end: int
    """First second of the next day: the day is ``[start, end)``."""
    working_day: bool
    working_windows: tuple[Interval, ...]
    """The day's working windows, empty on a non-working day."""
    night_windows: tuple[Interval, ...]

    @property
    def length(self) -> int:
        return self.end - self.start

    def contains(self, instant: int) -> bool:
        return self.start <= instant < self.end


@dataclass(frozen=True, slots=True)
class WeekContext:
    label: str
    """``YYYY-Www``."""
    monday: date
    start: int
    end: int


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


HolidayYear = tuple[str, str, int]
"""(country, subdivision, year): the public holidays of one year of one place."""

_public_holidays_known: dict[HolidayYear, frozenset[date]] = {}
"""Years already computed, or given by ``know_public_holidays``."""


def public_holidays(country: str, subdivision: str, year: int) -> frozenset[date]:
    """The public holidays of ``year`` there, from the ``holidays`` package once per year.

    The package is imported only for a year not known yet: it loads every
    country it knows (some 19 MiB), which the running agent would otherwise
    carry for days for a few dates (``agent.holiday_cache`` keeps them).
    """
    key = (country, subdivision, year)
    known = _public_holidays_known.get(key)
    if known is None:
        import holidays

        found = holidays.country_holidays(country, subdiv=subdivision or None, years=year)
        known = frozenset(day for day in found if day.year == year)
        _public_holidays_known[key] = known
    return known


def know_public_holidays(years: dict[HolidayYear, frozenset[date]]) -> None:
    """Public holidays computed before (by the same ``holidays`` version): no import for them."""
    _public_holidays_known.update(years)


def known_public_holidays() -> dict[HolidayYear, frozenset[date]]:
    """Every year computed or given so far."""
    return dict(_public_holidays_known)


def is_working_day(policy: Policy, day: date) -> bool:
    """A working weekday of the policy that is neither a public holiday nor closed."""
    calendar = policy.calendar
    return (
        day.weekday() in calendar.working_days
        and day not in calendar.closed_dates
        and day not in public_holidays(calendar.country, calendar.subdivision, day.year)
    )


def local_date(instant: int, timezone: str) -> date:
    return datetime.fromtimestamp(instant, zone(timezone)).date()


def local_iso(instant: int, timezone: str) -> str:
    """ISO 8601 local time with its offset, to the second."""
    return datetime.fromtimestamp(instant, zone(timezone)).isoformat(timespec="seconds")


def local_hhmm(instant: int, timezone: str) -> str:
    return datetime.fromtimestamp(instant, zone(timezone)).strftime("%H:%M")


def local_instant(day: date, minutes: int, timezone: str) -> int:
    """The instant at ``minutes`` after local midnight on ``day``; 1440 is the next midnight.

    A wall time that does not exist (skipped when clocks go forward) maps to
    the instant of the change, the first existing time after it: mapping wall
    times this way keeps their order, so windows that do not overlap on the
    clock never overlap in time.
    """
    if minutes >= MINUTES_PER_DAY:
        day, minutes = day + timedelta(days=1), minutes - MINUTES_PER_DAY
    tz = zone(timezone)
    wall = datetime.combine(day, time(minutes // 60, minutes % 60))
    instant = int(wall.replace(tzinfo=tz).timestamp())
    if datetime.fromtimestamp(instant, tz).replace(tzinfo=None) == wall:
        return instant
    # In a gap, fold=0 reads the wall time with the offset before the change
    # (an instant after it) and fold=1 with the offset after (one before it).
    return _clock_change_between(int(wall.replace(tzinfo=tz, fold=1).timestamp()), instant, tz)


def _clock_change_between(before: int, after: int, tz: ZoneInfo) -> int:
    """The first second whose UTC offset differs from ``before``'s (bisection)."""
    offset = datetime.fromtimestamp(before, tz).utcoffset()
    while after - before > 1:
        middle = (before + after) // 2
        if datetime.fromtimestamp(middle, tz).utcoffset() == offset:
            before = middle
        else:
            after = middle
    return after


def _windows(day: date, windows: tuple[Window, ...], timezone: str) -> tuple[Interval, ...]:
    return tuple(
        (local_instant(day, w.start, timezone), local_instant(day, w.end, timezone))
        for w in windows
    )


def _night_windows(day: date, night: Window, timezone: str) -> tuple[Interval, ...]:
    # The night window of day D is its part of the clock window: for 22:00-05:00
    # that is [00:00, 05:00) and [22:00, 24:00), never a piece of D-1 or D+1.
    parts: tuple[Window, ...] = (
        (Window(0, night.end), Window(night.start, MINUTES_PER_DAY))
        if night.crosses_midnight
        else (night,)
    )
    return _windows(day, tuple(p for p in parts if p.start < p.end), timezone)


@lru_cache(maxsize=1024)
def day_context(policy: Policy, day: date) -> DayContext:
    timezone = policy.timezone
    working = is_working_day(policy, day)
    return DayContext(
        date=day,
        start=local_instant(day, 0, timezone),
        end=local_instant(day, MINUTES_PER_DAY, timezone),
        working_day=working,
        working_windows=(
            _windows(day, policy.hours.windows(day.weekday()), timezone) if working else ()
        ),
        night_windows=_night_windows(day, policy.hours.night, timezone),
    )


def day_context_at(policy: Policy, instant: int) -> DayContext:
    return day_context(policy, local_date(instant, policy.timezone))


def iso_week_label(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def monday_of(label: str) -> date:
    """The Monday of the ISO week ``label`` (``2026-W14``), ``iso_week_label``'s inverse."""
    year, week = label.split("-W")
    return date.fromisocalendar(int(year), int(week), 1)


def week_context(policy: Policy, day: date) -> WeekContext:
    """The ISO week (Monday to Sunday, local time) that contains ``day``."""
    monday = day - timedelta(days=day.weekday())
    return WeekContext(
        label=iso_week_label(monday),
        monday=monday,
        start=local_instant(monday, 0, policy.timezone),
        end=local_instant(monday + timedelta(days=7), 0, policy.timezone),
    )


def dates_between(first: date, last: date) -> list[date]:
    """Every date from ``first`` to ``last``, both included."""
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def mondays_between(first: date, last: date) -> list[date]:
    """The Monday of every ISO week from ``first``'s to ``last``'s, both included."""
    start = first - timedelta(days=first.weekday())
    return [start + timedelta(weeks=n) for n in range((last - start).days // 7 + 1)]
