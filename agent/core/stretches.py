"""Gaps, breaks and stretches (MEASURES.md §3): pure functions of sorted spans.

A gap is the time between two consecutive spans; a gap of at least
``min_break`` is a break. A stretch is a maximal run of spans whose gaps are
all shorter than the break threshold: the continuous screen session, short
gaps included. A *legal* stretch uses 20 minutes as the threshold, the break
that French public-service rules require once the day reaches 6 hours
(décret n° 2000-815, art. 3).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import pairwise

from agent.core.intervals import Interval
from agent.core.spans import Span

LEGAL_BREAK_SECONDS = 20 * 60
LEGAL_STRETCH_LIMIT_SECONDS = 6 * 3600


def gaps(spans: Sequence[Span]) -> Iterator[Interval]:
    """The gaps between consecutive spans, as ``(start, end)``."""
    for before, after in pairwise(spans):
        yield before.end, after.start


def breaks(spans: Sequence[Span], min_break: int) -> Iterator[Interval]:
    """The gaps of at least ``min_break`` seconds."""
    return ((start, end) for start, end in gaps(spans) if end - start >= min_break)


def stretches(spans: Sequence[Span], break_threshold: int) -> Iterator[Interval]:
    """Maximal runs of spans separated by gaps shorter than ``break_threshold``."""
    if not spans:
        return
    start, end = spans[0]
    for span in spans[1:]:
        if span.start - end >= break_threshold:
            yield start, end
            start = span.start
        end = span.end
    yield start, end


def longest_clipped(intervals: Iterator[Interval], start: int, end: int) -> int:
    """Length in seconds of the longest interval once clipped to ``[start, end)``."""
    return max([0, *(min(e, end) - max(s, start) for s, e in intervals)])
