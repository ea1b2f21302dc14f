"""A report's surroundings: the months around it and its department, as released.

``build_report`` (content.py) gives one group's month; the pages also set
each figure against the month before, the department's, and the last 12
months. All of it is read through the same ``Reader`` (``group_stats``
results, typed as ``GroupMonth``), so a held-back month or group stays a
``GroupMonth(released=False)`` with no figure here too.

The trend's months end at the report's month, followed by the months after
it that are complete but not yet published (their public release date has
not come), so that "the next one is coming on …" shows on the chart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from aggregator.groups import Group
from aggregator.periods import parse_month
from aggregator.reports.benchmarks import median
from aggregator.reports.content import TREND_MONTHS, GroupMonth, Reader, shift_month
from aggregator.storage import Storage
from contract.policy.model import Policy

MAX_UNPUBLISHED_AFTER = 3
"""How many not-yet-published months may follow the report's month on its trend."""


@dataclass(frozen=True)
class Surroundings:
    previous: GroupMonth | None
    """The group's month before the report's."""
    department: GroupMonth | None
    """A team's department for the same month (None for a department)."""
    history: tuple[GroupMonth, ...]
    """The trend's months, oldest first."""

    @classmethod
    def empty(cls) -> Surroundings:
        return cls(None, None, ())


def trend_end(reader: Reader, group: Group, month: str) -> str:
    """``month``, or the last of the complete months after it that are not yet published."""
    last_complete = reader.last_complete_month(group)
    end = month
    for _ in range(MAX_UNPUBLISHED_AFTER):
        following = shift_month(end, 1)
        if following > last_complete or reader.group_month(group, following).published:
            break
        end = following
    return end


def history(reader: Reader, group: Group, month: str) -> tuple[GroupMonth, ...]:
    end = trend_end(reader, group, month)
    return tuple(
        reader.group_month(group, shift_month(end, offset)) for offset in range(1 - TREND_MONTHS, 1)
    )


def build_surroundings(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> Surroundings:
    """The report's surroundings; ``KeyError`` for an unknown group, ``PeriodError`` for a month."""
    reader = Reader(storage, policies, now)
    group = reader.group(group_id)
    parse_month(month)
    before = shift_month(month, -1)
    department = None if group.is_department else reader.group(group.department.id)
    return Surroundings(
        previous=reader.group_month(group, before),
        department=None if department is None else reader.group_month(department, month),
        history=history(reader, group, month),
    )


def released_median(months: tuple[GroupMonth, ...], key: str) -> tuple[float | None, int]:
    """The median of indicator ``key`` over the released ``months``, and how many there were."""
    values = [
        value for each in months if each.released and (value := each.figures[key].value) is not None
    ]
    return median(values), len(values)
