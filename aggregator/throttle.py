"""Slowing down guesses (AGGREGATOR.md "Limits every route keeps"): pure logic, clock injected.

A ``Throttle`` counts failed attempts per key (an account name) and overall
(an attempt counts as failed from the moment it is let through until it is
known right, so concurrent guesses gain nothing):
- per key, the first ``free_failures`` cost nothing; each further one closes
  the key for a delay that doubles, up to ``max_delay``; a success reopens it;
- overall, failures spend an allowance that refills at ``global_per_second``
  up to ``global_burst``: spreading guesses over many names gains nothing.

While a key (or the whole) is closed, attempts are refused without being
checked, so the delay the refusal names is exact: once it has passed, and
with no new failure meanwhile, the owner's right password is checked and
works. Memory is bounded: at most ``max_keys`` keys are remembered (the
oldest forgotten first), each forgotten ``forget_after`` seconds after its
last failure.

``HashGate`` bounds how many password hashes run at once (argon2 takes
64 MiB each) and how many requests may wait for one; beyond that a request
is refused at once, rather than queued without end.
"""

from __future__ import annotations

import math
import os
import threading
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import suppress
from dataclasses import dataclass
from typing import TypeVar

_T = TypeVar("_T")


@dataclass(frozen=True)
class Limits:
    free_failures: int = 3
    first_delay: float = 2.0
    """Seconds a key stays closed after its first failure beyond the free ones."""
    max_delay: float = 300.0
    forget_after: float = 3600.0
    global_burst: int = 30
    global_per_second: float = 1.0
    max_keys: int = 10_000


@dataclass
class _Key:
    failures: int
    last_failure: float
    closed_until: float


class Throttle:
    def __init__(self, limits: Limits, clock: Callable[[], float]) -> None:
        self.limits = limits
        self._clock = clock
        self._keys: OrderedDict[str, _Key] = OrderedDict()
        self._allowance = float(limits.global_burst)
        self._refilled_at = clock()
        self._lock = threading.Lock()

    def attempt(self, key: str) -> float:
        """0: check this attempt now; else the seconds until one will be (nothing counted).

        An attempt let through counts as a failure until ``succeeded(key)``:
        counted before it is checked, so that concurrent guesses cannot all
        pass while the first ones are still being checked.
        """
        with self._lock:
            now = self._clock()
            delay = self._wait(key, now)
            if delay > 0:
                return delay
            self._allowance = max(0.0, self._allowance - 1)
            entry = self._known(key, now) or _Key(0, now, now)
            entry.failures += 1
            entry.last_failure = now
            beyond = entry.failures - self.limits.free_failures
            if beyond > 0:
                entry.closed_until = now + self.delay_after(beyond)
            self._keys[key] = entry
            self._keys.move_to_end(key)
            while len(self._keys) > self.limits.max_keys:
                self._keys.popitem(last=False)
            return 0.0

    def succeeded(self, key: str) -> None:
        """The attempt let through for ``key`` was right: the key reopens, the allowance is back."""
        with self._lock:
            self._keys.pop(key, None)
            self._allowance = min(float(self.limits.global_burst), self._allowance + 1)

    def retry_after(self, key: str) -> float:
        """Seconds until an attempt for ``key`` will be checked; 0: now."""
        with self._lock:
            return self._wait(key, self._clock())

    def _wait(self, key: str, now: float) -> float:
        self._refill(now)
        own = self._known(key, now)
        own_wait = 0.0 if own is None else max(0.0, own.closed_until - now)
        global_wait = 0.0
        if self._allowance < 1:
            global_wait = (1 - self._allowance) / self.limits.global_per_second
        return max(own_wait, global_wait)

    def delay_after(self, beyond: int) -> float:
        """The delay after the ``beyond``-th failure past the free ones (1, 2...)."""
        exponent = min(beyond - 1, 64)  # 2**64 seconds is past any max_delay
        return min(self.limits.max_delay, self.limits.first_delay * 2.0**exponent)

    def remembered(self) -> int:
        return len(self._keys)

    def _known(self, key: str, now: float) -> _Key | None:
        entry = self._keys.get(key)
        if entry is not None and now - entry.last_failure > self.limits.forget_after:
            del self._keys[key]
            return None
        return entry

    def _refill(self, now: float) -> None:
        elapsed = max(0.0, now - self._refilled_at)
        self._allowance = min(
            float(self.limits.global_burst),
            self._allowance + elapsed * self.limits.global_per_second,
        )
        self._refilled_at = now


def whole_seconds(delay: float) -> int:
    """A delay as the ``Retry-After`` header and the messages say it: whole seconds, rounded up."""
    return max(1, math.ceil(delay))


class Busy(Exception):
    """Too many requests already wait for the hashing: try again in a moment."""


class HashGate:
    """At most ``at_once`` hashes run, at most ``waiting`` requests queue for one.

    The hashes run on the gate's own threads, at the lowest CPU priority
    where the system allows it: a flood of logins then takes only the CPU
    that nothing else wants, and ``/healthz`` or an upload is served first.
    """

    def __init__(self, at_once: int = 1, waiting: int = 4, patience: float = 10.0) -> None:
        self._workers = ThreadPoolExecutor(
            max_workers=at_once, thread_name_prefix="repit-hash", initializer=_lowest_priority
        )
        self._room = at_once + waiting
        self._admitted = 0
        self._lock = threading.Lock()
        self._patience = patience

    def admitted(self) -> int:
        """Requests hashing or waiting to."""
        with self._lock:
            return self._admitted

    def full(self) -> bool:
        """True when ``run`` would raise ``Busy`` now: every hashing and waiting place is taken."""
        with self._lock:
            return self._admitted >= self._room

    def run(self, work: Callable[[], _T]) -> _T:
        """``work()`` on a hashing thread; raises ``Busy`` rather than queue further."""
        with self._lock:
            if self._admitted >= self._room:
                raise Busy
            self._admitted += 1
        try:
            future = self._workers.submit(work)
            try:
                return future.result(timeout=self._patience)
            except FutureTimeout:
                raise Busy from None
        finally:
            with self._lock:
                self._admitted -= 1


def _lowest_priority() -> None:
    """Nice 19 for the calling thread (Linux: per thread), inherited by argon2's lane threads."""
    if hasattr(os, "setpriority"):
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
