"""What a figure is set against on the pages: last month, the 12-month median, the department.

Pure, on released figures only: every input is a ``Figure`` a reader can
already see on some page (a released month of the group, or its released
department), so nothing computed here tells more than the released figures
do. A held-back month is simply absent from these inputs.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from enum import StrEnum

from aggregator.reports.indicators import BY_KEY, Figure, Unit

FAR_POINTS = 15.0
"""A team is "far from its department" on a share when the two differ by this many points."""


class Side(StrEnum):
    ABOVE = "above"
    BELOW = "below"


def median(values: Sequence[float]) -> float | None:
    """The median of ``values``, None when there are none."""
    return statistics.median(values) if values else None


def difference(current: Figure, reference: float | None) -> float | None:
    """``current``'s value minus ``reference`` (None when either is missing)."""
    value = current.value
    if value is None or reference is None:
        return None
    return value - reference


def far_from(team: Figure, department: Figure) -> Side | None:
    """Whether ``team`` stands far from ``department`` on a share, and on which side."""
    if BY_KEY[team.key].unit is not Unit.SHARE:
        return None
    gap = difference(team, department.value)
    if gap is None or abs(gap) < FAR_POINTS:
        return None
    return Side.ABOVE if gap > 0 else Side.BELOW


DEVICE_SHORTFALL = 0.9
"""A before / after side "has fewer devices" when its fewest are under 90 % of the other's."""


def fewer_devices(before: int, after: int) -> bool:
    """Whether one side of a before / after rests on clearly fewer devices than the other."""
    return min(before, after) < DEVICE_SHORTFALL * max(before, after)
