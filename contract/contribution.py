"""What leaves the machine (MEASURES.md §8): the contribution layout, defined once.

A contribution is an integer vector for one completed local day or ISO week,
sent only in ``share`` mode: no identifier, no time of day, no free text. Its
fields, their order and their bounds are declared here and nowhere else; the
agent builds and clips contributions with this module, and the aggregator
validates them and generates its models and reports from it.

Bounds are part of the privacy argument: a value that cannot exceed its bound
cannot carry anything but the figure it stands for.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

SCHEMA_VERSION = 1
HOURS_BUCKETS = 13  # hours_0 .. hours_12: whole hours of screen time, 12 and more together


class Kind(StrEnum):
    DAY = "day"
    WEEK = "week"


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    low: int
    high: int


def _flags(*names: str) -> tuple[Field, ...]:
    return tuple(Field(name, 0, 1) for name in names)


def _counts(*names: str, high: int = 50) -> tuple[Field, ...]:
    return tuple(Field(name, 0, high) for name in names)


DAY_FIELDS: tuple[Field, ...] = (
    Field("reports", 1, 1),
    *_flags("active_day", "working_day"),
    Field("active_minutes", 0, 1500),  # a fall-back day has 25 hours
    *_flags(*(f"hours_{n}" for n in range(HOURS_BUCKETS))),
    Field("after_hours_minutes", 0, 1500),
    *_flags(
        "after_hours_active",
        "night_active",
        "non_working_day_active",
        "active_over_10h",
        "amplitude_over_12h",
        "rest_under_11h",
        "no_break_6h",
        "long_stretch",
    ),
    Field("breaks", 0, 96),
    *_counts(
        "reminders_break",
        "reminders_disconnect",
        "reminders_short_rest",
        "reminders_daily_limit",
        "breaks_after_reminder",
        "reminders_snoozed",
    ),
)

WEEK_FIELDS: tuple[Field, ...] = (
    Field("reports", 1, 1),
    Field("active_week", 0, 1),
    Field("active_minutes", 0, 10140),  # a week with a fall-back day
    *_flags("over_48h", "rest_under_35h", "avg_12w_over_44h"),
)

FIELDS: Mapping[Kind, tuple[Field, ...]] = {Kind.DAY: DAY_FIELDS, Kind.WEEK: WEEK_FIELDS}

Values = dict[str, int]


def clip(kind: Kind, values: Mapping[str, int | bool]) -> Values:
    """The layout's fields in order, each value made an int and clipped to its bounds."""
    return {f.name: min(max(int(values[f.name]), f.low), f.high) for f in FIELDS[kind]}


def problems(kind: Kind, values: Mapping[str, object]) -> list[str]:
    """Why ``values`` is not a valid vector of ``kind``: unknown, missing, non-integer or
    out-of-bounds fields. Empty when valid."""
    fields = {f.name: f for f in FIELDS[kind]}
    found: list[str] = [f"unknown field `{name}`" for name in values if name not in fields]
    for name, field in fields.items():
        if name not in values:
            found.append(f"missing field `{name}`")
            continue
        value = values[name]
        if isinstance(value, bool) or not isinstance(value, int):
            found.append(f"`{name}`: expected an integer, found {value!r}")
        elif not field.low <= value <= field.high:
            found.append(f"`{name}`: expected {field.low}..{field.high}, found {value}")
    return found
