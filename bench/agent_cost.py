"""Benchmark: what the running agent costs the workstation, idle and under input.

Starts its own private desktop (Xvfb and a session D-Bus, from ``devtools.desktop``
as the test fixtures), sets consent ``reminders`` in a fresh data folder and runs
the real ``repit-agent run --headless``. After a warm-up (the first ticks open the idle
source), two phases:

* idle: nobody touches the keyboard or the mouse for ``--idle-minutes``;
* busy: a separate process sends ``--rate`` XTEST pointer motions per second
  (python-xlib ``fake_input``, batched every 50 ms with ``display.sync()``)
  for ``--busy-minutes``.

For each phase it samples the agent's process with psutil and /proc: CPU % of
one core (user + system time over wall time), RSS (the highest of one sample
per second) and wake-ups per minute (voluntary + involuntary context switches
of all its threads, /proc/PID/task/*/status), with the busiest threads named.
Prints a table with PASS/MISS against the targets; it never fails on a missed
target (exit status 0 unless the agent or the desktop could not run).

    .venv/bin/python bench/agent_cost.py [--idle-minutes 10] [--busy-minutes 10] [--rate 200]
"""

from __future__ import annotations

import argparse
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devtools.desktop import Desktop, running_session_bus, running_xvfb  # noqa: E402
from devtools.processes import DesktopError, MissingProgram  # noqa: E402

AGENT = Path(sys.executable).parent / "repit-agent"
TICK_SECONDS = 5
WARM_UP_SECONDS = 3 * TICK_SECONDS
TARGET_IDLE_CPU = 0.1
TARGET_BUSY_CPU = 1.0
TARGET_RSS_MB = 50.0
TICK_WAKE_UPS = 60 // TICK_SECONDS  # per minute: what one wake-up per tick needs
WAKE_UP_ALLOWANCE = 8  # "plus a few": the scheduler's own bookkeeping
BATCHES_PER_SECOND = 20

INJECTOR = """
import sys, time
from Xlib import X
from Xlib.display import Display
from Xlib.ext import xtest

rate, seconds, batches = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3])
display = Display()
per_batch = max(1, round(rate / batches))
sent, start, k = 0, time.monotonic(), 0
while time.monotonic() - start < seconds:
    for _ in range(per_batch):
        xtest.fake_input(display, X.MotionNotify, x=100 + sent % 800, y=200 + sent % 300)
        sent += 1
    display.sync()
    k += 1
    delay = start + k / batches - time.monotonic()
    if delay > 0:
        time.sleep(delay)
display.close()
print(sent, time.monotonic() - start)
"""


# -- the private desktop ------------------------------------------------------------------


@contextmanager
def private_desktop(folder: Path) -> Iterator[dict[str, str]]:
    """Xvfb and a session bus of our own (``devtools.desktop``); yields the environment
    that reaches them, without this shell's agent settings."""
    runtime = folder / "runtime"
    runtime.mkdir(mode=0o700)
    try:
        with running_xvfb() as display, running_session_bus(runtime) as address:
            desktop = Desktop(display=display, runtime_dir=runtime, bus_address=address)
            ignored = {"REPIT_POLICY", "REPIT_LANGUAGE"}
            yield {k: v for k, v in desktop.env.items() if k not in ignored}
    except MissingProgram as error:
        raise SystemExit(f"agent_cost: {error} (make system-deps)") from None
    except DesktopError as error:
        raise SystemExit(f"agent_cost: {error}") from None


# -- measuring ------------------------------------------------------------------------------


def thread_switches(pid: int) -> dict[str, int]:
    """Context switches (voluntary + involuntary) per thread, keyed by thread id."""
    counts: dict[str, int] = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            status = (task / "status").read_text()
        except OSError:  # the thread ended meanwhile
            continue
        total = 0
        for line in status.splitlines():
            if line.startswith(("voluntary_ctxt_switches:", "nonvoluntary_ctxt_switches:")):
                total += int(line.split()[1])
        main = " (main)" if task.name == str(pid) else ""
        counts[f"tid {task.name}{main}"] = total
    return counts


@dataclass
class Phase:
    name: str
    seconds: float
    cpu_percent: float
    rss_max_mb: float
    wake_ups_per_minute: float
    busiest: list[tuple[str, float]]
    events_sent: int = 0


def measure(process: psutil.Process, name: str, seconds: float) -> Phase:
    """Sample ``process`` once a second for ``seconds``."""
    cpu_before = process.cpu_times()
    switches_before = thread_switches(process.pid)
    began = time.monotonic()
    rss_max = process.memory_info().rss
    while (left := seconds - (time.monotonic() - began)) > 0:
        time.sleep(min(1.0, left))
        rss_max = max(rss_max, process.memory_info().rss)
    wall = time.monotonic() - began
    cpu_after = process.cpu_times()
    switches_after = thread_switches(process.pid)
    cpu = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    per_thread = {
        thread: (count - switches_before.get(thread, 0)) * 60 / wall
        for thread, count in switches_after.items()
    }
    busiest = sorted(per_thread.items(), key=lambda item: -item[1])[:4]
    return Phase(
        name=name,
        seconds=wall,
        cpu_percent=100 * cpu / wall,
        rss_max_mb=rss_max / 2**20,
        wake_ups_per_minute=sum(per_thread.values()),
        busiest=busiest,
    )


def spans_recorded(database: Path) -> tuple[int, int]:
    connection = sqlite3.connect(f"file:{database}?mode=ro", uri=True, timeout=10)
    try:
        ((count, latest),) = connection.execute(
            "SELECT COUNT(*), COALESCE(MAX(end), 0) FROM spans"
        ).fetchall()
    finally:
        connection.close()
    return int(count), int(latest)


# -- the run --------------------------------------------------------------------------------


def verdict(value: float, target: float) -> str:
    return "PASS" if value <= target else "MISS"


def report(phases: list[Phase], rate: float) -> None:
    wake_target = TICK_WAKE_UPS + WAKE_UP_ALLOWANCE
    print()
    print(
        f"{'phase':<6} {'minutes':>7} {'CPU % (1 core)':>15} {'target':>7} {'':>5} "
        f"{'RSS max MB':>10} {'target':>7} {'':>5} {'wake-ups/min':>12} {'target':>7}"
    )
    for phase in phases:
        cpu_target = TARGET_IDLE_CPU if phase.name == "idle" else TARGET_BUSY_CPU
        print(
            f"{phase.name:<6} {phase.seconds / 60:>7.1f} {phase.cpu_percent:>15.3f} "
            f"{cpu_target:>7.1f} {verdict(phase.cpu_percent, cpu_target):>5} "
            f"{phase.rss_max_mb:>10.1f} {TARGET_RSS_MB:>7.0f} "
            f"{verdict(phase.rss_max_mb, TARGET_RSS_MB):>5} "
            f"{phase.wake_ups_per_minute:>12.1f} {wake_target:>7} "
            f"{verdict(phase.wake_ups_per_minute, wake_target):>5}"
        )
    print()
    print(
        f"wake-ups: a {TICK_SECONDS}-s tick needs {TICK_WAKE_UPS}/min; "
        f"target {TICK_WAKE_UPS} + {WAKE_UP_ALLOWANCE}. Busiest threads (per minute):"
    )
    for phase in phases:
        threads = ", ".join(f"{thread} {count:.1f}" for thread, count in phase.busiest)
        print(f"  {phase.name}: {threads}")
    busy = [p for p in phases if p.name == "busy"]
    if busy:
        achieved = busy[0].events_sent / busy[0].seconds if busy[0].seconds else 0.0
        print(f"busy input: {busy[0].events_sent} motions, {achieved:.0f}/s (asked {rate:.0f}/s)")


def run(idle_minutes: float, busy_minutes: float, rate: float) -> int:
    with tempfile.TemporaryDirectory(prefix="repit-agent-cost-") as temporary:
        folder = Path(temporary)
        data_dir = folder / "data"
        with private_desktop(folder) as env:
            env["REPIT_DATA_DIR"] = str(data_dir)
            subprocess.run(
                [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
                env=env,
                check=True,
                capture_output=True,
            )
            stderr_path = folder / "agent.err"
            with stderr_path.open("wb") as stderr:
                agent = subprocess.Popen(
                    [str(AGENT), "run", "--headless", "--data-dir", str(data_dir)],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=stderr,
                    stdin=subprocess.DEVNULL,
                )
            injector: subprocess.Popen[str] | None = None
            try:
                deadline = time.monotonic() + 30
                while b"agent started" not in stderr_path.read_bytes():
                    if agent.poll() is not None or time.monotonic() > deadline:
                        print(stderr_path.read_text(errors="replace"), file=sys.stderr)
                        raise SystemExit("agent_cost: the agent did not start")
                    time.sleep(0.05)
                process = psutil.Process(agent.pid)
                print(
                    f"agent pid {agent.pid}; warm-up {WARM_UP_SECONDS} s, "
                    f"idle {idle_minutes} min, busy {busy_minutes} min at {rate:.0f} events/s",
                    flush=True,
                )
                time.sleep(WARM_UP_SECONDS)
                phases = [measure(process, "idle", idle_minutes * 60)]
                print(f"idle done: {phases[0].cpu_percent:.3f} % CPU", flush=True)

                busy_seconds = busy_minutes * 60
                injector = subprocess.Popen(
                    [sys.executable, "-c", INJECTOR, str(rate), str(busy_seconds),
                     str(BATCHES_PER_SECOND)],
                    env=env,
                    stdout=subprocess.PIPE,
                    text=True,
                )  # fmt: skip
                busy = measure(process, "busy", busy_seconds)
                output, _ = injector.communicate(timeout=60)
                busy.events_sent = int(output.split()[0]) if output.strip() else 0
                phases.append(busy)
                time.sleep(TICK_SECONDS + 1)
                count, latest = spans_recorded(data_dir / "repit.db")
                print(
                    f"busy done: {busy.cpu_percent:.3f} % CPU; spans recorded: {count}, "
                    f"last input kept {int(time.time()) - latest} s ago",
                    flush=True,
                )
                report(phases, rate)
            finally:
                if injector is not None and injector.poll() is None:
                    injector.kill()
                    injector.wait()
                if agent.poll() is None:
                    agent.send_signal(signal.SIGTERM)
                    try:
                        agent.wait(timeout=15)
                    except subprocess.TimeoutExpired:
                        agent.kill()
                        agent.wait()
            print(f"agent exit status after SIGTERM: {agent.returncode}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--idle-minutes", type=float, default=10.0)
    parser.add_argument("--busy-minutes", type=float, default=10.0)
    parser.add_argument("--rate", type=float, default=200.0, help="input events per second")
    args = parser.parse_args()
    return run(args.idle_minutes, args.busy_minutes, args.rate)


if __name__ == "__main__":
    sys.exit(main())
