"""Waiting in tests: on a condition, until a named deadline, never for a fixed time.

A test that sleeps "long enough" for something to happen fails on a machine
slower or busier than the author's; one that polls a condition passes as soon
as the thing happens, and when it does not, says what it waited for and how
long. Deadlines are generous (``WAIT_SECONDS`` is several times what any wait
takes on an idle machine, so one twice as slow, with a CPU hog beside it,
still passes): they only bound how long a real failure takes to report.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")

WAIT_SECONDS = 30.0
POLL_SECONDS = 0.02


class WaitTimeout(AssertionError):
    """What a test waited for did not happen before its deadline."""


def wait_for(
    value: Callable[[], T | None],
    what: str,
    timeout: float = WAIT_SECONDS,
    interval: float = POLL_SECONDS,
) -> T:
    """Poll ``value`` until it returns something other than None (or False); return it.

    ``what`` names the awaited thing in the failure message, as in
    "gave up waiting for the icon to dock in trayer after 30 s".
    """
    deadline = time.monotonic() + timeout
    while True:
        found = value()
        if found is not None and found is not False:
            return found
        if time.monotonic() > deadline:
            raise WaitTimeout(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(interval)


def wait_until(
    condition: Callable[[], bool],
    what: str,
    timeout: float = WAIT_SECONDS,
    interval: float = POLL_SECONDS,
) -> None:
    """Poll ``condition`` until it is true; fail naming ``what`` after ``timeout`` seconds."""
    wait_for(lambda: True if condition() else None, what, timeout, interval)
