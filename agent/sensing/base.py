"""The sensing interface: what the agent asks of the OS, and nothing more.

Threading rules
---------------
* The agent has one *tick thread* (a tick every 5 s). ``IdleSource.start()``,
  ``IdleSource.seconds_since_input()`` and ``IdleSource.stop()`` are called from that
  thread only; an idle source needs no locking for its own state.
* A source may own listener threads (pynput's, a D-Bus receiver). Such a thread only
  stores a timestamp (idle sources) or calls the ``on_event`` callback (session events).
* ``on_event`` is called from the source's own thread: it must only enqueue
  (e.g. ``queue.SimpleQueue.put``) and return; the tick thread does the work.
* ``SessionEvents.start()`` and ``stop()`` are called from the tick thread; ``stop()``
  returns once the source's thread has ended, and no callback runs after it returns.

Privacy (AGENT.md, "What it never records"): a source only ever knows *that* some
input happened and *when*, never which key, which button or where the pointer is.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from agent.core.events import EventKind

EventCallback = Callable[[EventKind, float], None]
"""``on_event(kind, wall_time)``: ``kind`` is LOCK, UNLOCK, SUSPEND or RESUME and
``wall_time`` is ``time.time()`` when the source learnt of it."""


class SensingUnavailable(Exception):
    """A source cannot work here; the message says why (shown to the user)."""


class IdleSource(Protocol):
    """Time since the last keyboard or mouse input, polled once per tick.

    Threading: ``start()``, ``seconds_since_input()`` and ``stop()`` are called from the
    agent's tick thread only; any listener thread a source owns only stores a timestamp.
    """

    name: str
    """Short, stable identifier shown by ``repit-agent status`` (e.g. ``x11-screensaver``)."""

    def start(self) -> None:
        """Begin sensing; may raise :class:`SensingUnavailable`. Calling it twice is harmless."""
        ...

    def seconds_since_input(self) -> float:
        """Seconds since the last input, ``>= 0``.

        ``math.inf`` means that no input has been seen since ``start()`` and the source
        cannot know about earlier input (pynput only). Raises :class:`SensingUnavailable`
        if the source stopped working (display or bus gone) or was not started.
        """
        ...

    def stop(self) -> None:
        """Release everything (threads joined, connections closed). Idempotent."""
        ...


class SessionEvents(Protocol):
    """Lock/unlock and suspend/resume notifications.

    Delivered from the source's own thread to a callback that must only enqueue.
    """

    name: str

    def start(self, on_event: EventCallback) -> None:
        """Subscribe and start the source's thread; may raise :class:`SensingUnavailable`."""
        ...

    def stop(self) -> None:
        """Unsubscribe and join the source's thread. Idempotent."""
        ...
