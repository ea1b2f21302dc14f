"""What figures are set against: last month, the 12-month median, the department (pure)."""

from __future__ import annotations

from datetime import UTC, datetime

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
from aggregator.reports.comparison_view import warnings
from aggregator.reports.content import Comparison, GroupRef
from aggregator.reports.content import Side as Side_
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


def _side(months: tuple[str, ...], released: tuple[str, ...], devices: int) -> Side_:
    return Side_(months, released, devices, devices, {})


def _comparison(before: Side_, after: Side_) -> Comparison:
    group = GroupRef("dept", "Département", True, "dept", "Département", 5)
    return Comparison(group, "2026-01", 3, datetime(2026, 3, 10, tzinfo=UTC), before, after)


MONTHS_BEFORE = ("2025-10", "2025-11", "2025-12")
MONTHS_AFTER = ("2026-01", "2026-02", "2026-03")


def test_even_sides_need_no_warning() -> None:
    even = _comparison(
        _side(MONTHS_BEFORE, MONTHS_BEFORE, 40), _side(MONTHS_AFTER, MONTHS_AFTER, 38)
    )
    assert warnings(even, "fr") == ()


def test_uneven_sides_are_said_in_words() -> None:
    fewer_months = _comparison(
        _side(MONTHS_BEFORE, MONTHS_BEFORE[2:], 40), _side(MONTHS_AFTER, MONTHS_AFTER, 40)
    )
    assert warnings(fewer_months, "fr") == (
        "Attention\u00a0: les deux côtés n'ont pas le même nombre de mois publiés "
        "(1 avant, 3 après)\u00a0; l'écart compare des périodes inégales.",
    )
    fewer_devices_after = _comparison(
        _side(MONTHS_BEFORE, MONTHS_BEFORE, 40), _side(MONTHS_AFTER, MONTHS_AFTER, 20)
    )
    (found,) = warnings(fewer_devices_after, "en")
    assert found.startswith("Warning: fewer devices on one side (40 before, 20 after)")
    nothing = _comparison(_side(MONTHS_BEFORE, (), 0), _side(MONTHS_AFTER, MONTHS_AFTER, 20))
    assert warnings(nothing, "en") == (
        "Warning: one side has no released month; no comparison is possible.",
    )
