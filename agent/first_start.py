"""A start's validation and public holidays, never beside the running agent (issue 16).

A start with nothing kept (a fresh folder, an edited policy, an upgrade)
validates its policies with pydantic and computes the year's public holidays
with ``holidays``: some 20 MiB that stayed in the running agent until it
stopped, days later, for a second's work. That work is done apart, by this
program, which keeps what it found (``agent.policy_cache``, the team policy's
validated copy of ``agent.policy_sync``, ``agent.holiday_cache``); the agent
then starts from those like any later start.

Where a process can replace its program (``exec``: Linux, macOS), the agent
*becomes* this program and this program becomes the agent again, same process,
same id: a child started beside the agent held both at once, about 30 MiB of
agent (click, sqlite-utils and the command modules, already imported) plus
the 50 MiB of the work, for the few seconds it took. Elsewhere (Windows has no
``exec``) a child does it while the agent waits. When the work fails (an
invalid policy, a read-only folder, past its deadline), the agent does it
itself, as before, and says what is wrong the same way.

    python -m agent.first_start DATA_DIR [POLICY_FILE]
        (as a child: exits 0 when everything was kept)
    python -m agent.first_start --then DATA_DIR POLICY_FILE|"" -- COMMAND...
        (in the agent's own process: then executes COMMAND, the agent again)
"""

from __future__ import annotations

import math
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, MutableMapping, Sequence
from contextlib import contextmanager, suppress
from datetime import timedelta
from pathlib import Path
from types import FrameType
from typing import Final, NoReturn

WORK_DEADLINE_SECONDS: Final = 300.0
"""Far above the few seconds it takes on a loaded machine; past it, the agent does it."""
WEEK: Final = timedelta(days=7)
DONE_VARIABLE: Final = "REPIT_FIRST_START_DONE"
"""Set for the agent that comes back: "PID:kept" or "PID:failed". The process id
makes it the agent's own (an ``exec`` keeps it): a program the agent starts later
inherits the variable, and ignores it."""
KEPT, FAILED = "kept", "failed"
THEN: Final = "--then"


def prepare_in_child(data_dir: Path, policy_path: Path | None) -> bool:
    """Has ``prepare`` done apart from the running agent; whether it kept everything.

    Where it can, this process becomes the work (and never returns here: the
    agent starts again, and this call then answers from ``DONE_VARIABLE``);
    else a child does it.
    """
    done = done_here(os.environ)
    if done is not None:
        return done
    if _can_become_another_program():
        agent = [sys.executable, *sys.orig_argv[1:]]  # this very command, to come back to
        work = [sys.executable, "-m", "agent.first_start", THEN, str(data_dir)]
        work += [str(policy_path or ""), "--", *agent]
        sys.stdout.flush()
        sys.stderr.flush()
        with suppress(OSError):  # then this process is still the agent: a child does it
            os.execv(sys.executable, work)
    return _in_child(data_dir, policy_path)


def done_here(environment: MutableMapping[str, str]) -> bool | None:
    """Whether the work this process did before it became the agent again kept
    everything; None when it did none (the variable is absent, or another
    process's). The variable is removed: it answers once."""
    value = environment.pop(DONE_VARIABLE, None)
    if value is None:
        return None
    pid, _, outcome = value.partition(":")
    if pid != str(os.getpid()):
        return None
    return outcome == KEPT


def _can_become_another_program() -> bool:
    # A frozen build (PyInstaller) has no ``-m``; Windows's exec starts a new
    # process and ends this one, which whoever waits for the agent would see.
    return (
        os.name == "posix"
        and not getattr(sys, "frozen", False)
        and bool(sys.executable)
        and bool(sys.orig_argv)
    )


def _in_child(data_dir: Path, policy_path: Path | None) -> bool:
    command = [sys.executable, "-m", "agent.first_start", str(data_dir)]
    if policy_path is not None:
        command.append(str(policy_path))
    try:
        done = subprocess.run(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,  # the agent validates again and says what is wrong
            timeout=WORK_DEADLINE_SECONDS,
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


def prepare_then_become(
    data_dir: Path, policy_path: Path | None, command: Sequence[str]
) -> NoReturn:
    """``prepare``, quietly and within its deadline, then executes ``command`` (the
    agent), telling it through ``DONE_VARIABLE`` whether everything was kept."""
    try:
        with _output_discarded(), deadline(WORK_DEADLINE_SECONDS):
            prepare(data_dir, policy_path)
        outcome = KEPT
    except (Exception, SystemExit):  # an invalid policy exits: the agent says what is wrong
        outcome = FAILED
    os.environ[DONE_VARIABLE] = f"{os.getpid()}:{outcome}"
    try:
        os.execv(command[0], list(command))
    except OSError as error:  # the interpreter gone meanwhile (an upgrade): nothing to run
        sys.exit(f"repit-agent\N{NO-BREAK SPACE}: impossible de redémarrer l’agent ({error})")


@contextmanager
def _output_discarded() -> Iterator[None]:
    """Standard output and error to /dev/null for the block, as a child's were: the
    agent that comes back validates again when this fails, and says it once."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(null, 1)
        os.dup2(null, 2)
        yield
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        for fd in (*saved, null):
            os.close(fd)


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """A ``TimeoutError`` in the block past ``seconds`` (a child was killed at its deadline)."""

    def expired(_number: int, _frame: FrameType | None) -> None:
        raise TimeoutError(f"the first start's work took over {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(math.ceil(seconds))
    try:
        yield
    finally:
        signal.alarm(0)  # an alarm would outlive the exec and end the agent
        signal.signal(signal.SIGALRM, previous)


def main(arguments: list[str]) -> None:
    if arguments[:1] == [THEN]:
        data_dir, policy, separator, *command = arguments[1:]
        if separator != "--" or not command:
            sys.exit(f"usage: python -m agent.first_start {THEN} DATA_DIR POLICY -- COMMAND...")
        prepare_then_become(Path(data_dir), Path(policy) if policy else None, command)
    prepare(Path(arguments[0]), Path(arguments[1]) if len(arguments) > 1 else None)


if __name__ == "__main__":
    main(sys.argv[1:])
