"""A start's validation and public holidays in a short-lived child process (issue 16).

A start with nothing kept (a fresh folder, an edited policy, an upgrade)
validates its policies with pydantic and computes the year's public holidays
with ``holidays``: some 20 MiB that stayed in the running agent until it
stopped, days later, for a second's work. Done in a child that keeps what it
found (``agent.policy_cache``, the team policy's validated copy of
``agent.policy_sync``, ``agent.holiday_cache``) and exits, the agent then
starts from those like any later start. When the child fails (an invalid
policy, a read-only folder), the agent does the work itself, as before, and
says what is wrong the same way.

    python -m agent.first_start DATA_DIR [POLICY_FILE]
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path
from typing import Final

CHILD_DEADLINE_SECONDS: Final = 300.0
"""Far above the few seconds it takes on a loaded machine; past it, the agent does it."""
WEEK: Final = timedelta(days=7)


def prepare_in_child(data_dir: Path, policy_path: Path | None) -> bool:
    """Runs ``prepare`` in a child process; whether it kept everything."""
    command = [sys.executable, "-m", "agent.first_start", str(data_dir)]
    if policy_path is not None:
        command.append(str(policy_path))
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # the agent validates again and says what is wrong
            timeout=CHILD_DEADLINE_SECONDS,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def prepare(data_dir: Path, policy_path: Path | None) -> None:
    """Validates the policies and computes the public holidays a start needs, and keeps them."""
    from agent.cli_shared import running_policy
    from agent.core.localdays import is_working_day, local_date
    from agent.holiday_cache import keep_known_holidays, load_known_holidays
    from agent.paths import database_path
    from agent.policy_sync import effective_policy
    from agent.store import Store

    store = Store.open(database_path(data_dir))  # creates the folder, private, for the caches
    try:
        policy = effective_policy(store, running_policy(policy_path, data_dir, in_child=False))
    finally:
        store.close()
    load_known_holidays(data_dir)
    today = local_date(int(time.time()), policy.timezone)
    for day in {today, today - WEEK}:  # the week completed at start may begin last year
        is_working_day(policy, day)
    keep_known_holidays(data_dir)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    prepare(Path(arguments[0]), Path(arguments[1]) if len(arguments) > 1 else None)
