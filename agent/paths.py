"""Where the agent keeps the person's data: ``--data-dir``, ``REPIT_DATA_DIR``,
or the platform's user data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from agent.store import DATABASE_NAME

DATA_DIR_VARIABLE = "REPIT_DATA_DIR"


def data_dir(explicit: Path | None = None) -> Path:
    if explicit is not None:
        return explicit
    from_environment = os.environ.get(DATA_DIR_VARIABLE)
    if from_environment:
        return Path(from_environment)
    return Path(platformdirs.user_data_dir("repit", appauthor=False))


def database_path(folder: Path) -> Path:
    return folder / DATABASE_NAME
