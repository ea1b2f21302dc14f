"""Suspend detection that needs nothing from the OS: compare two clocks.

On Linux ``time.monotonic()`` (CLOCK_MONOTONIC) stops while the machine sleeps and the
wall clock does not, so after a resume the wall clock has advanced more than the
monotonic one since the previous tick. (macOS's monotonic clock also stops during sleep;
on Windows prefer the power broadcasts of ``windows.py``.)
"""

from __future__ import annotations

from typing import NamedTuple


class Sleep(NamedTuple):
    suspend_at: float
    """Wall time the machine went to sleep (estimated: see ``ClockJumpDetector.observe``)."""
    resume_at: float
    """Wall time it woke up."""


class ClockJumpDetector:
    """Feed it ``(time.time(), time.monotonic())`` at every tick, from one thread.

    ``tolerance_seconds`` absorbs small wall-clock adjustments (NTP steps) and must be
    larger than any expected one; 10 s is a good value with 5-second ticks.
    """

    def __init__(self, tolerance_seconds: float) -> None:
        if tolerance_seconds < 0:
            raise ValueError("tolerance_seconds must be >= 0")
        self.tolerance_seconds = tolerance_seconds
        self._previous: tuple[float, float] | None = None

    def observe(self, wall: float, monotonic: float) -> Sleep | None:
        """The sleep since the previous observation, as wall times, or None.

        When the wall clock advanced more than the monotonic clock plus the tolerance,
        the difference is time spent asleep. When in the interval it fell asleep is not
        knowable; it is placed right after the previous observation, so that the resume
        is as early as possible and any input seen at this tick lies after it.

        A wall clock set backwards (or any jump within the tolerance) is not a sleep:
        the detector only resynchronises.
        """
        previous, self._previous = self._previous, (wall, monotonic)
        if previous is None:
            return None
        previous_wall, previous_monotonic = previous
        awake = max(0.0, monotonic - previous_monotonic)
        asleep = (wall - previous_wall) - awake
        if asleep <= self.tolerance_seconds:
            return None
        return Sleep(suspend_at=previous_wall, resume_at=previous_wall + asleep)
