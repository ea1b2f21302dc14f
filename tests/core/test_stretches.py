"""``agent.core.stretches``: gaps, breaks and stretches of sorted spans."""

from __future__ import annotations

from hypothesis import given, settings

from agent.core.spans import Span
from agent.core.stretches import breaks, gaps, longest_clipped, stretches
from tests.core.test_spans import sorted_spans

SPANS = [Span(0, 100), Span(130, 200), Span(500, 600)]


def test_the_gaps_run_from_one_span_s_end_to_the_next_one_s_start() -> None:
    assert list(gaps(SPANS)) == [(100, 130), (200, 500)]
    assert list(gaps(SPANS[:1])) == []


def test_a_gap_as_long_as_the_minimum_break_is_a_break() -> None:
    assert list(breaks(SPANS, 300)) == [(200, 500)]
    assert list(breaks(SPANS, 301)) == []


def test_a_stretch_runs_over_short_gaps_and_ends_at_a_break() -> None:
    assert list(stretches(SPANS, 300)) == [(0, 200), (500, 600)]
    assert list(stretches(SPANS, 30)) == [(0, 100), (130, 200), (500, 600)]
    assert list(stretches([], 300)) == []


def test_the_longest_stretch_is_measured_within_the_interval_only() -> None:
    assert longest_clipped(iter([(0, 200), (500, 600)]), 150, 1000) == 100
    assert longest_clipped(iter([(0, 200)]), 300, 400) == 0  # outside: nothing


@settings(derandomize=True)  # the same examples on every run and every machine
@given(sorted_spans())
def test_breaks_cut_the_spans_into_one_stretch_more_than_there_are_breaks(
    spans: list[Span],
) -> None:
    found = list(stretches(spans, 120))
    assert len(found) == (len(list(breaks(spans, 120))) + 1 if spans else 0)
    # Stretches cover every span, in order, from the first start to the last end.
    if spans:
        assert found[0][0] == spans[0].start and found[-1][1] == spans[-1].end
        assert all(any(s <= span.start and span.end <= e for s, e in found) for span in spans)
