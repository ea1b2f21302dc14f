"""One agent per user session: an exclusive lock on a file in the data folder.

The operating system releases the lock when the process dies, even after
``kill -9``, so a lock is never stale; the file also records the owner's pid,
which ``status`` uses (with psutil) to show whether the agent runs and what it
costs.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import IO

import psutil

from agent.private import FILE_MODE, private_folder, restrict

LOCK_NAME = "agent.lock"
ACQUIRE_PATIENCE_SECONDS = 1.0


class AlreadyRunning(Exception):
    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        super().__init__("Répit is already running" + (f" (pid {pid})" if pid else ""))


class InstanceLock:
    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._file: IO[str] | None = None

    def acquire(self) -> None:
        private_folder(self.path.parent)
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, FILE_MODE)
        restrict(self.path, FILE_MODE)
        handle = os.fdopen(descriptor, "r+", encoding="ascii")
        # ``running_pid`` (status, forget) probes by taking the lock for an
        # instant: retry for a moment before concluding another agent runs.
        deadline = time.monotonic() + ACQUIRE_PATIENCE_SECONDS
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                handle.close()
                raise AlreadyRunning(running_pid(self.path.parent))
            time.sleep(0.02)
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.seek(0)
            self._file.truncate()
            self._file.close()  # closing releases the lock
            self._file = None


def running_pid(folder: Path) -> int | None:
    """The pid of the agent holding the lock on this data folder, or None.

    Whether an agent runs is asked of the lock itself, not of the pid in the
    file: a pid left by a process that died may belong to another program now.
    """
    path = folder / LOCK_NAME
    try:
        handle = path.open("r", encoding="ascii")
    except OSError:
        return None
    with handle:
        if _try_lock(handle):
            return None  # nobody holds it; closing the handle releases it again
        text = handle.read().strip()
    return int(text) if text.isdigit() and psutil.pid_exists(int(text)) else None


def _try_lock(handle: IO[str]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        try:
            handle.seek(0)
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True
