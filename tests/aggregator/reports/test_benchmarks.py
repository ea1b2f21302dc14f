"""What figures are set against: last month, the 12-month median, the department (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aggregator.reports.benchmarks import (
    FAR_POINTS,
    Side,
    difference,
    far_from,
    fewer_devices,
    median,
)
from aggregator.reports.indicators import Figure
from aggregator.reports.text import signed_change

shares = st.integers(min_value=1, max_value=500).flatmap(
    lambda total: st.tuples(st.integers(min_value=0, max_value=total), st.just(total))
)


@given(st.lists(st.floats(min_value=0, max_value=100, allow_nan=False), min_size=1, max_size=12))
def test_the_median_lies_between_the_smallest_and_the_largest(values: list[float]) -> None:
    found = median(values)
    assert found is not None and min(values) <= found <= max(values)


def test_no_month_no_median() -> None:
    assert median([]) is None


@given(shares, shares)
def test_far_is_symmetric_and_needs_the_gap(team: tuple[int, int], dept: tuple[int, int]) -> None:
    a, b = Figure("after_hours", *team), Figure("after_hours", *dept)
    gap = difference(a, b.value)
    assert gap is not None
    side, other = far_from(a, b), far_from(b, a)
    if abs(gap) < FAR_POINTS:
        assert side is None and other is None
    else:
        assert side is (Side.ABOVE if gap > 0 else Side.BELOW)
        assert other is (Side.BELOW if gap > 0 else Side.ABOVE)


def test_the_issues_example_is_far_and_durations_never_are() -> None:
    assert far_from(Figure("after_hours", 77, 100), Figure("after_hours", 2, 100)) is Side.ABOVE
    assert far_from(Figure("screen_time", 900, 1), Figure("screen_time", 1, 1)) is None


@given(st.integers(min_value=1, max_value=10_000), st.integers(min_value=1, max_value=10_000))
def test_fewer_devices_is_symmetric(before: int, after: int) -> None:
    assert fewer_devices(before, after) == fewer_devices(after, before)
    assert not fewer_devices(before, before)


def test_changes_are_written_with_their_unit_and_sign() -> None:
    assert signed_change("over_7h", 3.24, "fr") == "+3,2\u00a0pts"
    assert signed_change("over_7h", -0.04, "fr") == "0,0\u00a0pts"
    assert signed_change("screen_time", -12.4, "en") == "−12\u00a0min"
    assert signed_change("breaks", 0.5, "en") == "+0.5"
    assert signed_change("breaks", None, "fr") == "—"
