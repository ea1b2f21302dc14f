"""``agent.core.spans``: what a span touches and which spans a day needs."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from agent.core.spans import Span, neighbourhood


def test_a_span_is_as_long_as_from_its_first_input_to_its_last() -> None:
    assert Span(100, 160).length == 60
    assert Span(100, 100).length == 0


def test_a_span_ending_where_an_interval_starts_does_not_touch_it() -> None:
    assert not Span(0, 100).touches(100, 200)  # the previous day's "24:00"
    assert Span(0, 101).touches(100, 200)


def test_a_lone_input_touches_the_interval_it_lies_in_and_no_other() -> None:
    assert Span(100, 100).touches(100, 200)
    assert not Span(200, 200).touches(100, 200)
    assert not Span(99, 99).touches(100, 200)


def test_the_neighbourhood_adds_one_span_on_each_side() -> None:
    spans = [Span(0, 10), Span(20, 30), Span(40, 50), Span(60, 70), Span(80, 90)]
    assert list(neighbourhood(spans, 35, 55)) == [Span(20, 30), Span(40, 50), Span(60, 70)]


def test_the_neighbourhood_at_the_ends_of_the_list_has_no_missing_neighbour() -> None:
    spans = [Span(0, 10), Span(20, 30)]
    assert list(neighbourhood(spans, 0, 15)) == spans
    assert list(neighbourhood(spans, 100, 200)) == [Span(20, 30)]
    assert list(neighbourhood([], 0, 10)) == []


@st.composite
def sorted_spans(draw: st.DrawFn) -> list[Span]:
    cursor, spans = 0, []
    for _ in range(draw(st.integers(0, 12))):
        start = cursor + draw(st.integers(1, 500))
        end = start + draw(st.integers(0, 500))
        spans.append(Span(start, end))
        cursor = end
    return spans


@settings(derandomize=True)  # the same examples on every run and every machine
@given(sorted_spans(), st.integers(0, 7000), st.integers(1, 3000))
def test_the_neighbourhood_holds_every_span_touching_the_interval(
    spans: list[Span], start: int, length: int
) -> None:
    end = start + length
    around = list(neighbourhood(spans, start, end))
    touching = [span for span in spans if span.touches(start, end)]
    assert all(span in around for span in touching)
    if around:  # a contiguous run of the list, at most one extra span on each side
        first = spans.index(around[0])
        assert around == spans[first : first + len(around)]
        assert len(around) <= len(touching) + 2
