"""The report's indicators, each computed from released sums only (MEASURES.md §4, §5, §8).

Pure: the ``day`` and ``week`` sums of one ``released_stats`` result (or the
field-by-field sum of several released results) in, one ``Figure`` per
indicator out. An indicator is a ratio of sums: a share of active days or
weeks, an average per active day, or a rate per 100 active days. Nothing here
reads the database or knows about devices: what may be shown was decided
before, by ``aggregator.release``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from contract.contribution import HOURS_BUCKETS, Kind


class Unit(StrEnum):
    SHARE = "share"
    """numerator / denominator, shown as a percentage."""
    MINUTES = "minutes"
    """Average minutes per unit of the denominator, shown as a duration."""
    PER_DAY = "per_day"
    """Average count per unit of the denominator."""
    PER_100_DAYS = "per_100_days"
    """Count per 100 units of the denominator (reminders, rarer than one a day)."""


@dataclass(frozen=True, slots=True)
class Indicator:
    key: str
    unit: Unit
    numerator: tuple[str, ...]
    """The fields of ``kind`` whose sums are added up."""
    denominator: str
    """The field of ``kind`` whose sum divides: active days or active weeks."""
    kind: Kind = Kind.DAY


# The 2023 staff survey's mark: days of 7 hours or more of screen time are the
# `hours_7` .. `hours_12` buckets (whole hours, 12 and more together).
_SEVEN_HOURS_AND_MORE = tuple(f"hours_{n}" for n in range(7, HOURS_BUCKETS))

INDICATORS: tuple[Indicator, ...] = (
    Indicator("over_7h", Unit.SHARE, _SEVEN_HOURS_AND_MORE, "active_day"),
    Indicator("over_10h", Unit.SHARE, ("active_over_10h",), "active_day"),
    Indicator("after_hours", Unit.SHARE, ("after_hours_active",), "active_day"),
    Indicator("night", Unit.SHARE, ("night_active",), "active_day"),
    Indicator("non_working_day", Unit.SHARE, ("non_working_day_active",), "active_day"),
    Indicator("amplitude_12h", Unit.SHARE, ("amplitude_over_12h",), "active_day"),
    Indicator("rest_11h", Unit.SHARE, ("rest_under_11h",), "active_day"),
    Indicator("no_break_6h", Unit.SHARE, ("no_break_6h",), "active_day"),
    Indicator("over_48h", Unit.SHARE, ("over_48h",), "active_week", Kind.WEEK),
    Indicator("avg_44h", Unit.SHARE, ("avg_12w_over_44h",), "active_week", Kind.WEEK),
    Indicator("rest_35h", Unit.SHARE, ("rest_under_35h",), "active_week", Kind.WEEK),
    Indicator("screen_time", Unit.MINUTES, ("active_minutes",), "active_day"),
    Indicator("breaks", Unit.PER_DAY, ("breaks",), "active_day"),
    Indicator("reminders_break", Unit.PER_100_DAYS, ("reminders_break",), "active_day"),
    Indicator("reminders_disconnect", Unit.PER_100_DAYS, ("reminders_disconnect",), "active_day"),
    Indicator("reminders_short_rest", Unit.PER_100_DAYS, ("reminders_short_rest",), "active_day"),
    Indicator("reminders_daily_limit", Unit.PER_100_DAYS, ("reminders_daily_limit",), "active_day"),
    Indicator("reminders_followed", Unit.SHARE, ("breaks_after_reminder",), "reminders_break"),
)
BY_KEY: Mapping[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}

TEAM_COLUMNS: tuple[str, ...] = (
    "over_7h",
    "over_10h",
    "after_hours",
    "night",
    "non_working_day",
    "no_break_6h",
    "over_48h",
    "screen_time",
)
"""The indicators of the department page's table of teams (each team's page has them all)."""

TREND_KEYS: tuple[str, ...] = ("over_7h", "after_hours", "no_break_6h")
"""The shares drawn month by month over 12 months."""


@dataclass(frozen=True, slots=True)
class Figure:
    key: str
    numerator: int
    denominator: int

    @property
    def value(self) -> float | None:
        """The ratio in the indicator's unit, or None when there is nothing to divide by."""
        if self.denominator <= 0:
            return None
        ratio = self.numerator / self.denominator
        unit = BY_KEY[self.key].unit
        if unit is Unit.SHARE:
            return 100.0 * ratio
        if unit is Unit.PER_100_DAYS:
            return 100.0 * ratio
        return ratio


Sums = Mapping[str, Mapping[str, int]]
"""``{"day": {field: sum}, "week": {field: sum}}`` as ``released_stats`` gives them."""


def figure(indicator: Indicator, sums: Sums) -> Figure:
    fields = sums[indicator.kind.value]
    numerator = sum(int(fields[name]) for name in indicator.numerator)
    return Figure(indicator.key, numerator, int(fields[indicator.denominator]))


def figures(sums: Sums) -> dict[str, Figure]:
    """Every indicator of ``INDICATORS``, in order, from one set of released sums."""
    return {indicator.key: figure(indicator, sums) for indicator in INDICATORS}


def add_sums(*many: Sums) -> dict[str, dict[str, int]]:
    """The field-by-field total of several released sums (e.g. the months of one side)."""
    total: dict[str, dict[str, int]] = {}
    for sums in many:
        for kind, fields in sums.items():
            into = total.setdefault(kind, {})
            for name, value in fields.items():
                into[name] = into.get(name, 0) + int(value)
    return total
