"""How the running agent's threads reach its store, and the clock its jobs read.

Network work takes the agent's lock again and again between requests
(``StoreAccess``), never while it waits for a server; once the agent stopped,
the store may be closed, and the next access raises ``AgentStopped``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Protocol


class AgentStopped(Exception):
    """The agent stopped while network work was under way: the store may be closed."""


class StoreAccess:
    """The agent's lock, taken again and again by network work between requests;
    raises ``AgentStopped`` once the agent stopped (its store may be closed)."""

    def __init__(self, lock: threading.RLock, stopped: Callable[[], bool]) -> None:
        self._lock = lock
        self._stopped = stopped

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._stopped():
            self._lock.release()
            raise AgentStopped

    def __exit__(self, *_exc: object) -> None:
        self._lock.release()


class Clock(Protocol):
    def time(self) -> float: ...
    def monotonic(self) -> float: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()
