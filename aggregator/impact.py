"""The impact study of a tool deployment (TOOLS.md), from released figures only.

The baseline is the last three released months of the group before the
deployment's month (looked for within the two years before it: an older month
says nothing about the tool); the comparison points are the first, third and sixth
month after it. Each figure is a ratio of released sums (per active day, or a
share of active days or weeks), shown with the device count of the batches it
comes from: a month that is not released shows nothing. Pure: the caller
reads the released statistics and passes them in.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from aggregator.releases import GroupStats
from aggregator.tool_releases import ToolFigures

BASELINE_MONTHS = 3
LOOKBACK_MONTHS = 24  # how far back the baseline's released months are looked for
AFTER = (1, 3, 6)


def month_label(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def shift(month: str, months: int) -> str:
    year, number = int(month[:4]), int(month[5:7])
    index = year * 12 + (number - 1) + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


@dataclass(frozen=True)
class Figures:
    """One column of the study: the months summed and their figures."""

    months: tuple[str, ...]
    devices: tuple[int, ...]
    """The device count of each month's day batch, in the order of ``months``."""
    week_devices: tuple[int, ...]
    screen_minutes: float | None
    after_hours_minutes: float | None
    breaks: float | None
    no_break_6h: float | None
    over_10h: float | None
    rest_under_11h: float | None
    over_48h: float | None
    satisfaction: float | None
    heavier: float | None
    tool_answers: int | None

    @property
    def released(self) -> bool:
        return bool(self.months)


EMPTY = Figures((), (), (), *([None] * 10))


def _ratio(numerator: int, denominator: int) -> float | None:
    return None if denominator == 0 else numerator / denominator


def figures_of(stats: Sequence[GroupStats], tools: Sequence[ToolFigures]) -> Figures:
    """One column from the months' released statistics (all shown)."""
    if not stats:
        return EMPTY

    def day(name: str) -> int:
        return sum(int((s.day.sums or {}).get(name, 0)) for s in stats)

    def week(name: str) -> int:
        return sum(int((s.week.sums or {}).get(name, 0)) for s in stats)

    active = day("active_day")
    counts: dict[str, int] = {}
    for tool in tools:
        for slot, value in tool.counts.items():
            counts[slot] = counts.get(slot, 0) + value
    merged = ToolFigures(sum(t.answers for t in tools), counts) if tools else None
    return Figures(
        months=tuple(s.month for s in stats),
        devices=tuple(s.day.devices for s in stats),
        week_devices=tuple(s.week.devices for s in stats),
        screen_minutes=_ratio(day("active_minutes"), active),
        after_hours_minutes=_ratio(day("after_hours_minutes"), active),
        breaks=_ratio(day("breaks"), active),
        no_break_6h=_ratio(day("no_break_6h"), active),
        over_10h=_ratio(day("active_over_10h"), active),
        rest_under_11h=_ratio(day("rest_under_11h"), active),
        over_48h=_ratio(week("over_48h"), week("active_week")),
        satisfaction=merged.mean_satisfaction() if merged else None,
        heavier=merged.heavier_share() if merged else None,
        tool_answers=merged.answers if merged else None,
    )


@dataclass(frozen=True)
class Study:
    baseline: Figures
    after: Mapping[int, Figures]
    """Keyed by months after the deployment: 1, 3, 6."""
    before_deployment: bool
    """True while the deployment date is ahead: the page is the baseline alone."""


StatsOf = Callable[[str], GroupStats | None]
"""A month's released statistics of the group, None when not shown (not released, held)."""
ToolOf = Callable[[str], ToolFigures | None]


def study(deployed: date, today: date, stats_of: StatsOf, tool_of: ToolOf) -> Study:
    start = month_label(deployed)
    baseline: list[GroupStats] = []
    for back in range(1, LOOKBACK_MONTHS + 1):
        if len(baseline) == BASELINE_MONTHS:
            break
        found = stats_of(shift(start, -back))
        if found is not None:
            baseline.append(found)
    baseline.reverse()

    def tools_of(months: Sequence[str]) -> list[ToolFigures]:
        return [t for t in (tool_of(m) for m in months) if t is not None]

    before = today < deployed
    after: dict[int, Figures] = {}
    for months in AFTER:
        month = shift(start, months)
        found = None if before else stats_of(month)
        after[months] = figures_of([found], tools_of([month])) if found is not None else EMPTY
    return Study(figures_of(baseline, tools_of([s.month for s in baseline])), after, before)
