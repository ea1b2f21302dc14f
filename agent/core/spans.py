"""Spans: continuous screen activity (MEASURES.md §3).

A span is a maximal run of ``input`` events in which each gap to the next is
strictly shorter than ``idle_after`` and no ``lock`` or ``suspend`` lies
between them. It covers ``[first input, last input]``; a lone input is a span
of length 0. The incremental tracker that builds spans lives in
``agent.core.engine``; this module holds the value and the ways to look at a
sorted list of them.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import NamedTuple


class Span(NamedTuple):
    start: int
    end: int

    @property
    def length(self) -> int:
        return self.end - self.start

    def touches(self, start: int, end: int) -> bool:
        """Whether the span has activity in ``[start, end)``.

        A span that merely ends at ``start`` has none there (it is the previous
        day's "24:00"); a lone input inside the interval has.
        """
        if self.start == self.end:
            return start <= self.start < end
        return self.start < end and self.end > start


def neighbourhood(spans: Sequence[Span], start: int, end: int) -> Sequence[Span]:
    """The spans touching ``[start, end)`` plus one neighbour on each side.

    ``spans`` must be sorted and disjoint (as the engine produces them). The
    neighbours are what a day or week figure needs beyond its own spans: the
    rest before the first span, a stretch or gap that crosses the boundary.
    """
    first = bisect_left(spans, start, key=_end)  # first span ending at or after start
    after = bisect_left(spans, end, key=_start)  # first span starting at or after end
    return spans[max(first - 1, 0) : after + 1]


def _end(span: Span) -> int:
    return span.end


def _start(span: Span) -> int:
    return span.start
