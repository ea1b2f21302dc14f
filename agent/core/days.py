"""Day figures (MEASURES.md §4): a pure function of one local day and its spans.

Seconds are summed first and floored to minutes once per figure: figures are
never sums of rounded parts. Spans, stretches and gaps that cross midnight
are clipped to the day.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from agent.core.intervals import overlap, overlap_with_all
from agent.core.localdays import DayContext, local_hhmm
from agent.core.spans import Span
from agent.core.stretches import (
    LEGAL_BREAK_SECONDS,
    LEGAL_STRETCH_LIMIT_SECONDS,
    breaks,
    longest_clipped,
    stretches,
)
from contract.policy.model import Policy

MINUTE = 60
ACTIVE_OVER_10H_MINUTES = 600  # the daily maximum of the public-service working-time decree
AMPLITUDE_OVER_12H_MINUTES = 720  # the maximum amplitude of a working day, same decree
MIN_DAILY_REST_MINUTES = 660  # 11 hours of daily rest, same decree


@dataclass(frozen=True, slots=True)
class DayFigures:
    date: str
    working_day: bool
    active_minutes: int
    first_activity: str | None
    last_activity: str | None
    amplitude_minutes: int
    breaks: int
    longest_stretch_minutes: int
    after_hours_minutes: int
    night_minutes: int
    rest_before_minutes: int | None
    active_over_10h: bool
    amplitude_over_12h: bool
    rest_under_11h: bool
    no_break_6h: bool
    long_stretch: bool
    after_hours_active: bool
    night_active: bool
    non_working_day_active: bool


def day_figures(day: DayContext, spans: Sequence[Span], policy: Policy) -> DayFigures:
    """The figures of ``day``.

    ``spans`` are sorted and must include every span touching the day plus its
    neighbour on each side when there is one (``spans.neighbourhood``): the
    neighbours carry the rest before the day's first span and the stretches
    that cross midnight.
    """
    own = [span for span in spans if span.touches(day.start, day.end)]
    active = sum(overlap(s.start, s.end, day.start, day.end) for s in own)
    active_minutes = active // MINUTE

    if day.working_day:
        in_windows = sum(overlap_with_all(s.start, s.end, day.working_windows) for s in own)
        after_hours_minutes = (active - in_windows) // MINUTE
    else:
        after_hours_minutes = active_minutes
    night_minutes = sum(overlap_with_all(s.start, s.end, day.night_windows) for s in own) // MINUTE

    first = max(own[0].start, day.start) if own else None
    last = min(own[-1].end, day.end) if own else None
    amplitude_minutes = (last - first) // MINUTE if first is not None and last is not None else 0

    min_break = policy.breaks.min_break_minutes * MINUTE
    day_breaks = sum(
        1 for start, end in breaks(spans, min_break) if day.contains(start) and day.contains(end)
    )
    longest_stretch = longest_clipped(stretches(spans, min_break), day.start, day.end)
    longest_legal_stretch = longest_clipped(
        stretches(spans, LEGAL_BREAK_SECONDS), day.start, day.end
    )
    rest_before = _rest_before_minutes(day, spans)

    return DayFigures(
        date=day.date.isoformat(),
        working_day=day.working_day,
        active_minutes=active_minutes,
        first_activity=_clock(first, day, policy),
        last_activity=_clock(last, day, policy),
        amplitude_minutes=amplitude_minutes,
        breaks=day_breaks,
        longest_stretch_minutes=longest_stretch // MINUTE,
        after_hours_minutes=after_hours_minutes,
        night_minutes=night_minutes,
        rest_before_minutes=rest_before,
        active_over_10h=active_minutes > ACTIVE_OVER_10H_MINUTES,
        amplitude_over_12h=amplitude_minutes > AMPLITUDE_OVER_12H_MINUTES,
        rest_under_11h=rest_before is not None and rest_before < MIN_DAILY_REST_MINUTES,
        no_break_6h=longest_legal_stretch >= LEGAL_STRETCH_LIMIT_SECONDS,
        long_stretch=longest_stretch // MINUTE >= policy.breaks.every_minutes,
        after_hours_active=after_hours_minutes > 0,
        night_active=night_minutes > 0,
        non_working_day_active=not day.working_day and active_minutes > 0,
    )


def _rest_before_minutes(day: DayContext, spans: Sequence[Span]) -> int | None:
    """Minutes from the end of the span before the first span starting in the day to its start."""
    for index, span in enumerate(spans):
        if day.contains(span.start):
            if index == 0:
                return None
            return (span.start - spans[index - 1].end) // MINUTE
    return None


def _clock(instant: int | None, day: DayContext, policy: Policy) -> str | None:
    if instant is None:
        return None
    if instant >= day.end:
        return "24:00"
    return local_hhmm(instant, policy.timezone)
