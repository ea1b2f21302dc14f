"""Overlap of half-open time intervals, in seconds.

Every "active time in a window" of MEASURES.md is a sum of these overlaps, so
the arithmetic lives in one place.
"""

from __future__ import annotations

from collections.abc import Sequence

Interval = tuple[int, int]


def overlap(start: int, end: int, window_start: int, window_end: int) -> int:
    """Seconds that ``[start, end)`` shares with ``[window_start, window_end)``."""
    return max(0, min(end, window_end) - max(start, window_start))


def overlap_with_all(start: int, end: int, windows: Sequence[Interval]) -> int:
    """Seconds that ``[start, end)`` shares with disjoint ``windows``."""
    return sum(overlap(start, end, w_start, w_end) for w_start, w_end in windows)
