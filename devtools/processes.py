"""Starting a helper program, waiting until it answers, and stopping it, for tests and benchmarks.

Every program started here is stopped (TERM, then KILL) and reaped when its
block ends, whatever happens: an orphan becomes a zombie in a container, and a
stray X server or bus outlives the run. Waiting is on a condition, until a
generous named deadline, never for a fixed time: a machine twice as slow (or
shared with seven others) still passes, and a real failure says what it waited
for.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final

SERVICE_DEADLINE_SECONDS: Final = 60.0
"""How long a service may take to answer: many times what it takes on an idle machine."""
STOP_DEADLINE_SECONDS: Final = 30.0
"""How long a program may take to end after TERM before it is killed."""
POLL_SECONDS: Final = 0.02


class DesktopError(RuntimeError):
    """A program of the private desktop is missing, or did not start or answer."""


class MissingProgram(DesktopError):
    """A program the private desktop needs is not installed."""

    def __init__(self, program: str) -> None:
        super().__init__(f"`{program}` is not installed")
        self.program = program


def require(program: str) -> str:
    """The path of ``program``; ``MissingProgram`` names it when it is not installed."""
    path = shutil.which(program)
    if path is None:
        raise MissingProgram(program)
    return path


def stop(process: subprocess.Popen[bytes]) -> None:
    """Ends ``process`` (TERM, then KILL past the deadline) and reaps it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=STOP_DEADLINE_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    for stream in (process.stdin, process.stdout, process.stderr):
        if stream is not None:
            stream.close()


@contextmanager
def started(
    command: Sequence[str], env: dict[str, str] | None = None, **options: Any
) -> Iterator[subprocess.Popen[bytes]]:
    """``command`` running for the block (its output discarded unless ``options`` say
    otherwise), stopped and reaped after; ``MissingProgram`` when its program is absent."""
    program = require(command[0])
    options.setdefault("stdout", subprocess.DEVNULL)
    options.setdefault("stderr", subprocess.DEVNULL)
    process: subprocess.Popen[bytes] = subprocess.Popen([program, *command[1:]], env=env, **options)
    try:
        yield process
    finally:
        stop(process)


def wait_until(
    condition: Callable[[], bool], what: str, timeout: float = SERVICE_DEADLINE_SECONDS
) -> None:
    """Polls ``condition`` until it is true; ``DesktopError`` naming ``what`` past ``timeout``."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise DesktopError(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(POLL_SECONDS)


def read_line(fd: int, what: str, timeout: float = SERVICE_DEADLINE_SECONDS) -> str:
    """The first line a program writes to the pipe ``fd`` (stripped), read up to its newline.

    Some programs write a line in pieces (Xvfb writes its display number, then
    the newline), so a line is read whole; ``DesktopError`` names ``what`` (as
    in "Xvfb's display number") when the pipe closes first (the program
    exited) or the deadline passes.
    """
    deadline = time.monotonic() + timeout
    line = b""
    while not line.endswith(b"\n"):
        left = deadline - time.monotonic()
        if left <= 0:
            raise DesktopError(f"gave up waiting for {what} after {timeout:.0f} s")
        readable, _, _ = select.select([fd], [], [], left)
        if not readable:
            continue
        chunk = os.read(fd, 256)
        if not chunk:
            raise DesktopError(f"no {what}: the program exited before writing it")
        line += chunk
    return line.decode(errors="replace").strip()
