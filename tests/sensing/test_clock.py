"""Suspend detection from the wall and monotonic clocks: properties and examples."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.sensing.clock import ClockJumpDetector, Sleep

TOLERANCE = 10.0


def test_examples() -> None:
    detector = ClockJumpDetector(TOLERANCE)
    assert detector.observe(1_000.0, 50.0) is None  # first observation: nothing to compare
    assert detector.observe(1_005.0, 55.0) is None  # a normal tick
    assert detector.observe(1_011.0, 56.0) is None  # +5 s NTP step: within tolerance
    assert detector.observe(4_616.0, 61.0) == Sleep(suspend_at=1_011.0, resume_at=4_611.0)
    assert detector.observe(3_000.0, 66.0) is None  # wall clock set back an hour: resync
    assert detector.observe(3_005.0, 71.0) is None  # ...and later ticks compare from there
    assert detector.observe(3_100.0, 72.0) == (3_005.0, 3_099.0)


def test_negative_tolerance_is_refused() -> None:
    with pytest.raises(ValueError, match="tolerance"):
        ClockJumpDetector(-1)


@dataclass(frozen=True)
class Step:
    awake: float  # monotonic seconds elapsed
    asleep: float  # seconds asleep (0 for none)
    drift: float  # small wall-clock adjustment, within tolerance
    set_back: float  # the wall clock set backwards by this much (0 for none)


awake_seconds = st.floats(0, 3_600, allow_nan=False)
steps = st.builds(
    Step,
    awake=awake_seconds,
    asleep=st.one_of(st.just(0.0), st.floats(TOLERANCE + 1, 10 * 86_400)),
    drift=st.floats(-TOLERANCE / 2, TOLERANCE / 2),
    set_back=st.one_of(st.just(0.0), st.floats(1, 86_400)),
)


@given(
    start_wall=st.floats(1e9, 2e9),
    start_monotonic=st.floats(0, 1e6),
    walk=st.lists(steps, max_size=30),
)
def test_each_sleep_is_reported_once_and_nothing_else_is(
    start_wall: float, start_monotonic: float, walk: list[Step]
) -> None:
    detector = ClockJumpDetector(TOLERANCE)
    wall, monotonic = start_wall, start_monotonic
    assert detector.observe(wall, monotonic) is None
    for step in walk:
        previous_wall = wall
        # A step is either a sleep, a clock set back, or an ordinary tick with drift.
        if step.asleep:
            wall += step.awake + step.asleep
        elif step.set_back:
            wall -= step.set_back
        else:
            wall += step.awake + step.drift
        monotonic += step.awake
        report = detector.observe(wall, monotonic)
        if step.asleep:
            assert report is not None
            assert previous_wall <= report.suspend_at <= report.resume_at <= wall
            assert report.resume_at - report.suspend_at == pytest.approx(step.asleep, abs=1e-3)
        else:
            assert report is None


@given(
    wall=st.floats(1e9, 2e9),
    monotonic=st.floats(0, 1e6),
    ticks=st.lists(st.tuples(awake_seconds, st.floats(-TOLERANCE, TOLERANCE)), max_size=50),
)
def test_no_report_without_a_jump(
    wall: float, monotonic: float, ticks: list[tuple[float, float]]
) -> None:
    detector = ClockJumpDetector(TOLERANCE)
    assert detector.observe(wall, monotonic) is None
    for awake, drift in ticks:
        wall += awake + drift * 0.999  # strictly within the tolerance, rounding aside
        monotonic += awake
        assert detector.observe(wall, monotonic) is None
