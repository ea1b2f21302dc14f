"""The person's files, readable by them alone (AGENT.md "Local data").

The database holds the device token and activity spans with exact times;
exports and reports hold the same figures. So the data folder is 0700 and
every file the agent writes is 0600, created so from the start (``os.open``
with a mode, never a chmod after the bytes are there), and a folder left by an
older version, wider than that, is narrowed when the agent opens it. SQLite
creates its ``-wal`` and ``-shm`` files with the database's own mode.

Per OS, one small function makes a path private:
- Linux and macOS: POSIX modes.
- Windows: nothing to do. The data folder is under ``%LOCALAPPDATA%``, whose
  ACL (inherited from the user's profile) grants only the user, SYSTEM and
  Administrators; files created there inherit it. Python's ``os.chmod`` on
  Windows only toggles the read-only flag, so the agent never calls it and
  never edits an ACL: it cannot widen what the profile grants.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

FOLDER_MODE = 0o700
FILE_MODE = 0o600

Restrict = Callable[[Path, int], None]
chmod = os.chmod  # through this name, so that a test can watch every call


def _restrict_posix(path: Path, mode: int) -> None:
    current = path.lstat()
    if stat.S_ISLNK(current.st_mode):
        return  # a link's target is not ours to change
    if stat.S_IMODE(current.st_mode) != mode:
        chmod(path, mode)


def _restrict_windows(path: Path, mode: int) -> None:
    """The profile's inherited ACL already makes it private (see the module's docstring)."""


def restrict_for(platform: str) -> Restrict:
    return _restrict_windows if platform == "win32" else _restrict_posix


restrict: Restrict = restrict_for(sys.platform)


def private_folder(folder: Path) -> Path:
    """Create ``folder`` private, or narrow an existing one and everything in it."""
    # ``mode`` applies to the last folder only; the ones above it are the
    # user's own (~/.local/share) or were chosen with --data-dir.
    folder.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    restrict(folder, FOLDER_MODE)
    for root, folders, files in os.walk(folder):
        for name in folders:
            restrict(Path(root, name), FOLDER_MODE)
        for name in files:
            restrict(Path(root, name), FILE_MODE)
    return folder


def create_private(path: Path) -> Path:
    """Make sure ``path`` exists as a private file (created empty if missing)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    restrict(path, FILE_MODE)
    return path


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path``, a file only its owner can read."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
        restrict(path, FILE_MODE)  # a file that already existed keeps its mode otherwise
        file.write(text)
    return path
