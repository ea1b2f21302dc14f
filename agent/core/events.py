"""Activity events: only a time and a kind (MEASURES.md §2).

An ``input`` event says that *some* keyboard or mouse input happened at an
instant, never which key or where: nothing else exists to be recorded.
Times are whole seconds since the Unix epoch (UTC).
"""

from __future__ import annotations

from enum import StrEnum
from typing import NamedTuple


class EventKind(StrEnum):
    INPUT = "input"
    LOCK = "lock"
    UNLOCK = "unlock"
    SUSPEND = "suspend"
    RESUME = "resume"


BARRIERS = frozenset({EventKind.LOCK, EventKind.SUSPEND})
"""Events that end a span: no span runs across a lock or a suspend."""


class Event(NamedTuple):
    time: int
    kind: EventKind
