"""Helpers to run the real agent: ``repit-agent run --headless`` as a subprocess.

Every agent a test starts is a ``Popen`` handle owned by the ``agents``
fixture, which stops it (SIGTERM, then SIGKILL) and reaps it at the end, so
no test leaves an orphan. Input comes from the X server itself (xdotool,
or XTEST through python-xlib), exactly as a person's would.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.fixtures.desktop import Desktop
from tests.waiting import wait_until

AGENT = Path(sys.executable).parent / "repit-agent"
ROOT = Path(__file__).resolve().parents[2]
TICK_SECONDS = 5.0
"""``agent.jobs.TICK_SECONDS``: the first tick comes this long after "agent started"."""
STARTED = "agent started"
STOPPED = "agent stopped"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass
class AgentProcess:
    """One ``repit-agent run --headless``, its output going to two files."""

    process: subprocess.Popen[bytes]
    stdout_path: Path
    stderr_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    def stderr(self) -> str:
        return self.stderr_path.read_text(encoding="utf-8", errors="replace")

    def stdout(self) -> str:
        return self.stdout_path.read_text(encoding="utf-8", errors="replace")

    def running(self) -> bool:
        return self.process.poll() is None

    def wait_started(self, timeout: float = 30) -> None:
        """Until the scheduler runs (the first tick comes ``TICK_SECONDS`` later)."""

        def started() -> bool:
            if not self.running():
                raise AssertionError(
                    f"the agent exited ({self.process.returncode}) before starting:\n"
                    + self.stderr()
                )
            return STARTED in self.stderr()

        wait_until(started, "the agent to start", timeout)

    def stop(self, number: signal.Signals = signal.SIGTERM, timeout: float = 30) -> int:
        """Send ``number`` and wait for the exit; fail (after killing it) if it hangs."""
        if self.running():
            self.process.send_signal(number)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            raise AssertionError(
                f"the agent did not exit within {timeout} s of {number.name}:\n" + self.stderr()
            ) from None

    def wait_exit(self, what: str, timeout: float = 30) -> int:
        """Wait for the agent to exit by itself; fail (after killing it) naming ``what``."""
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            raise AssertionError(
                f"gave up waiting for {what} after {timeout:.0f} s:\n" + self.stderr()
            ) from None

    def kill(self) -> None:
        if self.running():
            self.process.kill()
        self.process.wait()


class AgentHarness:
    """Starts agents and runs the other commands on one data folder and environment."""

    def __init__(self, env: dict[str, str], data_dir: Path, logs: Path) -> None:
        self.env = {**env, "REPIT_DATA_DIR": str(data_dir)}
        self.env.pop("REPIT_POLICY", None)
        self.env.pop("REPIT_LANGUAGE", None)
        self.data_dir = data_dir
        self.logs = logs
        self.started: list[AgentProcess] = []

    @property
    def database(self) -> Path:
        return self.data_dir / "repit.db"

    def with_data_dir(self, data_dir: Path) -> AgentHarness:
        """The same desktop, another data folder (agents still stopped by this fixture)."""
        other = AgentHarness(self.env, data_dir, self.logs)
        other.started = self.started
        return other

    def cli(
        self, *args: str, check: bool = True, timeout: float = 60
    ) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            [str(AGENT), *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        if check and result.returncode != 0:
            raise AssertionError(
                f"repit-agent {' '.join(args)} exited {result.returncode}:\n{result.stderr}"
            )
        return result

    def consent(self, mode: str) -> None:
        self.cli("consent", mode, "--data-dir", str(self.data_dir))

    def status(self, *policy: str) -> dict[str, Any]:
        document: dict[str, Any] = json.loads(
            self.cli("status", "--json", "--data-dir", str(self.data_dir), *policy).stdout
        )
        return document

    def export(self) -> dict[str, list[dict[str, Any]]]:
        document: dict[str, list[dict[str, Any]]] = json.loads(
            self.cli("export", "--format", "json", "--data-dir", str(self.data_dir)).stdout
        )
        return document

    def start(self, *extra: str, env: dict[str, str] | None = None) -> AgentProcess:
        number = len(self.started)
        stdout_path = self.logs / f"agent-{number}.out"
        stderr_path = self.logs / f"agent-{number}.err"
        with stdout_path.open("wb") as stdout, stderr_path.open("wb") as stderr:
            process = subprocess.Popen(
                [str(AGENT), "run", "--headless", "--data-dir", str(self.data_dir), *extra],
                env=env if env is not None else self.env,
                stdout=stdout,
                stderr=stderr,
                stdin=subprocess.DEVNULL,
            )
        agent = AgentProcess(process, stdout_path, stderr_path)
        self.started.append(agent)
        return agent

    def stop_all(self) -> None:
        for agent in self.started:
            if agent.running():
                agent.process.terminate()
                try:
                    agent.process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    agent.process.kill()
                    agent.process.wait()


# -- the database, read-only ----------------------------------------------------------


def read_only(database: Path) -> sqlite3.Connection:
    """A connection that cannot change the file (nor checkpoint its WAL)."""
    return sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)


def query(database: Path, sql: str) -> list[tuple[Any, ...]]:
    connection = read_only(database)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def integrity(database: Path) -> str:
    rows = query(database, "PRAGMA integrity_check")
    return "\n".join(str(row[0]) for row in rows)


def span_count(database: Path) -> int:
    if not database.exists():
        return 0
    return int(query(database, "SELECT COUNT(*) FROM spans")[0][0])


@dataclass(frozen=True)
class Committed:
    """What the agent's committed ticks left in the database, read by another connection."""

    spans: dict[int, int]
    """Every span, start -> end."""
    last_event: int | None
    """The engine's latest event (``EngineState.last_event``): one new value per tick
    that recorded new input (``Store.save_tick`` writes it with the spans)."""

    def keeps(self, earlier: Committed) -> str | None:
        """What of ``earlier`` is missing here (a span gone or shortened, the engine
        gone back), or None when everything ``earlier`` held is still kept."""
        for start, end in earlier.spans.items():
            if self.spans.get(start, -1) < end:
                return f"span {start}-{end} became {start}-{self.spans.get(start)}"
        if (earlier.last_event or 0) > (self.last_event or 0):
            return f"the engine's last event went back: {earlier.last_event} -> {self.last_event}"
        return None


def committed(database: Path) -> Committed:
    """The spans and the engine's last event as committed; empty before the database exists."""
    if not database.exists():
        return Committed({}, None)
    connection = read_only(database)
    try:
        connection.execute("BEGIN")  # one read transaction: spans and engine of one commit
        spans = dict(connection.execute("SELECT start, end FROM spans").fetchall())
        row = connection.execute(
            "SELECT json_extract(state, '$.last_event') FROM engine WHERE id = 1"
        ).fetchone()
    finally:
        connection.close()
    return Committed(spans, None if row is None or row[0] is None else int(row[0]))


# -- input ----------------------------------------------------------------------------


def move_pointer(desktop: Desktop) -> None:
    """Some input, as a person's: a pointer motion and a Shift press."""
    x, y = random.randint(100, 900), random.randint(100, 700)
    desktop.run("xdotool", "mousemove", str(x), str(y))
    desktop.run("xdotool", "key", "shift")


@dataclass
class InputInjector:
    """A thread sending XTEST pointer motions every ``interval`` seconds until stopped."""

    display: str
    interval: float = 0.1
    sent: int = 0
    _stopping: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None
    _problem: BaseException | None = None

    def __enter__(self) -> InputInjector:
        self._thread = threading.Thread(target=self._run, name="xtest-input", daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(5)
        if self._problem is not None:
            raise AssertionError(f"input injection failed: {self._problem}")

    def _run(self) -> None:
        from Xlib import X
        from Xlib.display import Display
        from Xlib.ext import xtest

        try:
            display = Display(self.display)
        except BaseException as problem:  # reported by __exit__
            self._problem = problem
            return
        try:
            while not self._stopping.is_set():
                x = 100 + self.sent % 700
                xtest.fake_input(display, X.MotionNotify, x=x, y=300)
                display.sync()
                self.sent += 1
                self._stopping.wait(self.interval)
        except BaseException as problem:
            self._problem = problem
        finally:
            display.close()


# -- policies -------------------------------------------------------------------------


@dataclass(frozen=True)
class OutsideHoursPolicy:
    path: Path
    reason: str
    """The disconnect reason it makes true now: "evening" or "non_working_day"."""


def outside_hours_policy(folder: Path, now: datetime | None = None) -> OutsideHoursPolicy:
    """A department policy under which the present moment lies after working hours.

    Every weekday works and the only window is 00:00-00:05, so from 00:10 to
    23:50 (Paris time) "now" is in the evening, at least five minutes after
    the window and ten minutes before the next day. Nearer midnight, today and
    tomorrow are closed dates instead: a non-working day, at any second.
    """
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "policies" / "default.toml", folder / "default.toml")
    local = now or datetime.now(ZoneInfo("Europe/Paris"))
    minutes = local.hour * 60 + local.minute
    closed: list[date] = []
    reason = "evening"
    if not 10 <= minutes < 23 * 60 + 50:
        today = local.date()
        closed = [today - timedelta(days=1), today, today + timedelta(days=1)]
        reason = "non_working_day"
    path = folder / "testing-evening.toml"
    path.write_text(
        "[policy]\n"
        'id = "testing-evening"\n'
        'name = "Tests : la journée est finie"\n'
        'extends = "default"\n\n'
        "[calendar]\n"
        f"working_days = {json.dumps(list(WEEKDAYS))}\n"
        f"closed_dates = {json.dumps([d.isoformat() for d in closed])}\n\n"
        "[hours]\n"
        'default = ["00:00-00:05"]\n',
        encoding="utf-8",
    )
    return OutsideHoursPolicy(path, reason)


def wait_for_ticks(
    agents: AgentHarness,
    desktop: Desktop,
    count: int = 1,
    give_input: Callable[[], object] | None = None,
) -> Committed:
    """Give input until ``count`` more ticks committed it; return what is then kept.

    Each tick that sees new input moves the engine's last event and the span
    it extends, so each new value is one tick, read from the database the
    agent wrote: no guess at how long ticks take on this machine. The input
    is ``give_input()`` between two looks at the database (typing, say), else
    XTEST pointer motions from a thread, as a person's.
    """
    seen = [committed(agents.database).last_event]

    def ticked() -> bool:
        if give_input is not None:
            give_input()
        latest = committed(agents.database).last_event
        if latest is not None and latest != seen[-1]:
            seen.append(latest)
        return len(seen) > count

    what = f"{count} tick(s) to commit input to {agents.database}"
    deadline = count * TICK_SECONDS + 30
    if give_input is not None:
        wait_until(ticked, what, deadline)
    else:
        with InputInjector(desktop.display, interval=0.2):
            wait_until(ticked, what, deadline)
    return committed(agents.database)


def wait_for_tick_with_span(agents: AgentHarness, desktop: Desktop) -> None:
    """Give input until the database holds a span (the first tick with input wrote it)."""
    wait_for_ticks(agents, desktop, 1)
    assert span_count(agents.database) > 0, "a tick committed input but no span"


def child_pids_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc), to check none is left behind."""
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        for line in text.splitlines():
            if line.startswith("PPid:") and int(line.split()[1]) == pid:
                children.append(int(status.parent.name))
    return children
