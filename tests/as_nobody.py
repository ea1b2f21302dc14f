"""Open a database as the unprivileged ``nobody``: the tests run as root, whom
permission bits do not stop, so a permission problem needs another user."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from contract.sqlite_files import DatabaseFileError

NOBODY = 65534


class Closable(Protocol):
    def close(self) -> None: ...


def opened_as_nobody(open_database: Callable[[Path], Closable], path: Path) -> str:
    """The message of ``open_database(path)`` in a child process turned into ``nobody``
    ("opened" when it opened)."""
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            try:
                open_database(path).close()
                message = "opened"
            except DatabaseFileError as error:
                message = str(error)
            except BaseException as error:
                message = f"unexpected {error!r}"
            os.write(writing, message.encode())
        finally:
            os._exit(0)
    os.close(writing)
    with os.fdopen(reading, "rb") as pipe:
        message = pipe.read().decode()
    os.waitpid(child, 0)
    return message
