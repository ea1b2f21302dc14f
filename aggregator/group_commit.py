"""Group commit: the writes of concurrent requests share one transaction, one sync.

With ``synchronous=FULL`` every commit waits for the disk (a few milliseconds
on a virtual disk), and the database lock makes the commits of concurrent
uploads wait one behind the other: the disk, not the processor, then bounds
the uploads per second. Here a request hands its write (a function of the
database) to ``GroupCommit.run``; the first request to find no group being
written becomes the group's writer: it runs, in one transaction, its own write
and every write queued meanwhile, each in its own savepoint (a write that
raises undoes only itself, and its request gets the exception), commits once,
and wakes the others. Writes queued during that commit form the next group,
written by the first of them.

The guarantee of ``synchronous=FULL`` stays whole: ``run`` returns only after
the commit holding its write has returned, so a request answers (``202``)
only for a write already on disk; a commit that fails fails every write of its
group, and none of their requests is answered as stored.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

import sqlite_utils

from aggregator.storage import Storage

T = TypeVar("T")


@dataclass
class _Write(Generic[T]):
    work: Callable[[sqlite_utils.Database], T]
    done: threading.Event = field(default_factory=threading.Event)
    """Set when the write is finished, or when its request must write the next group."""
    finished: bool = False
    result: T | None = None
    error: BaseException | None = None


class GroupCommit:
    """Runs writes from many threads in shared transactions (see the module's docstring)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage
        self._lock = threading.Lock()
        self._queue: list[_Write[Any]] = []
        self._writing = False

    def run(self, work: Callable[[sqlite_utils.Database], T]) -> T:
        """``work(db)`` committed to disk; what it returned, or what it raised."""
        write: _Write[T] = _Write(work)
        with self._lock:
            self._queue.append(write)
            if not self._writing:
                self._writing = True
                write.done.set()
        while True:
            write.done.wait()
            if write.finished:
                break
            write.done.clear()
            self._write_group()
        if write.error is not None:
            raise write.error
        return write.result  # type: ignore[return-value]

    def _write_group(self) -> None:
        with self._lock:
            group, self._queue = self._queue, []
        try:
            with self.storage.transaction():
                for write in group:
                    try:
                        with self.storage.transaction() as db:  # a savepoint
                            write.result = write.work(db)
                    except Exception as error:  # the request's own error, for it alone
                        write.error = error
        except BaseException as error:  # the commit failed: nothing of the group is stored
            for write in group:
                write.error = error
        with self._lock:
            if self._queue:
                self._queue[0].done.set()  # its request writes the next group
            else:
                self._writing = False
        for write in group:
            write.finished = True
            write.done.set()
