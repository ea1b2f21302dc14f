"""Benchmark: the running agent's footprint with its tray, beside a sleeping Python.

Starts a private desktop of its own (``devtools.desktop``: Xvfb, a session
D-Bus, trayer as the tray host, dunst as the notification daemon, as in
shared/TESTING.md), sets consent ``reminders`` in a fresh data folder and
runs the real ``repit-agent run`` (with its tray). Its first start in the
fresh folder validates the policy and computes the year's public holidays
(``agent.first_start``, which the agent's process becomes for that work
before it becomes the agent again: the highest RSS of the process tree
sampled during the whole start, work included, is printed too), draws the
icon, and keeps all three for the next starts (``agent.policy_cache``,
``agent.holiday_cache``, ``agent.tray.icon_cache``): its peak RSS is printed
apart, then it is stopped and started again, as at every later login; that
second start is measured.
A ``python -c 'time.sleep(...)'`` runs beside it, measured the same way, as
the floor no Python program goes below. After a warm-up:

* idle: nobody touches the keyboard or the mouse for ``--idle-minutes``;
* busy: one long-running ``xdotool -`` reads pointer motions from a pipe,
  ``--rate`` per second (in batches every 50 ms), for ``--busy-minutes``.

For each half it prints CPU % of one core (user + system time of the process
tree over wall time) and context switches per minute (voluntary +
involuntary, summed over every thread's /proc/PID/task/TID/status); for the
whole run, peak RSS (the kernel's high-water mark VmHWM, summed over the
tree, and the highest 1-s sample), USS (private memory, from
/proc/PID/smaps_rollup), threads, and whether the icon docked in trayer.
CPU is read three ways over the same window, the machine being shared: user +
system time in the kernel's clock ticks of /proc/PID/stat (1/100 s: coarse,
printed raw too) and the run time in nanoseconds of every thread's
/proc/PID/task/TID/schedstat (precise, the one to compare runs by).
``--long`` runs 30 minutes idle and prints RSS every minute (memory must stay
flat); ``--quick`` is a smoke run of a few seconds a half. It stops every
process it started, whatever happens, and never fails on a missed target.

``--mode share`` measures the real case of an enrolled workstation: its
store holds an enrollment at both servers (closed loopback ports: a request
would fail, and show as httpx in its memory) and its team's policy, fetched
an hour before, as an earlier agent kept it; ``reminders`` (the default) is
a workstation that is not enrolled.

    .venv/bin/python bench/footprint.py [--quick | --long] [--mode reminders|share]
        [--idle-minutes 2] [--busy-minutes 2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devtools.desktop import private_desktop  # noqa: E402 (after the root is on the path)
from devtools.processes import (  # noqa: E402
    DesktopError,
    MissingProgram,
    started,
    stop,
    wait_until,
)

AGENT = Path(sys.executable).parent / "repit-agent"
TICK_SECONDS = 5
WARM_UP_SECONDS = 3 * TICK_SECONDS
START_DEADLINE_SECONDS = 60.0
TARGET_PEAK_RSS_MIB = 40.0
TARGET_IDLE_CPU = 0.03
BATCHES_PER_SECOND = 20
MIB = 2**20
LONG_MINUTES = 30.0


class BenchError(SystemExit):
    def __init__(self, message: str) -> None:
        super().__init__(f"footprint: {message}")


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def wait_for(
    condition: Callable[[], bool], what: str, timeout: float = START_DEADLINE_SECONDS
) -> None:
    """``wait_until`` with the benchmark's deadline; ``BenchError`` naming ``what`` past it."""
    try:
        wait_until(condition, what, timeout)
    except DesktopError as error:
        raise BenchError(str(error)) from None


def icon_docked(display: str) -> bool:
    """Whether a window of class "repit" sits inside trayer's window."""
    from Xlib.display import Display
    from Xlib.error import BadDrawable, BadWindow

    connection = Display(display)

    def walk(window: object, inside: bool) -> bool:
        for child in window.query_tree().children:  # type: ignore[attr-defined]
            wm_class = child.get_wm_class() or ()
            here = inside or "trayer" in wm_class
            if (here and "repit" in wm_class) or walk(child, here):
                return True
        return False

    try:
        return walk(connection.screen().root, False)
    except (BadWindow, BadDrawable):
        return False
    finally:
        connection.close()


# -- measuring ------------------------------------------------------------------------------


def tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _status_fields(path: Path, *names: str) -> dict[str, int]:
    found = dict.fromkeys(names, 0)
    try:
        text = path.read_text()
    except OSError:  # ended meanwhile
        return found
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in found:
            found[key] = int(value.split()[0])
    return found


def switches(pid: int) -> int:
    """Voluntary + involuntary context switches of every thread of ``pid``'s tree."""
    total = 0
    for process in tree(pid):
        try:
            tasks = list(Path(f"/proc/{process.pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            fields = _status_fields(
                task / "status", "voluntary_ctxt_switches", "nonvoluntary_ctxt_switches"
            )
            total += sum(fields.values())
    return total


def cpu_seconds(pid: int) -> float:
    total = 0.0
    for process in tree(pid):
        try:
            times = process.cpu_times()
        except psutil.NoSuchProcess:
            continue
        total += times.user + times.system
    return total


def clock_ticks(pid: int) -> int:
    """utime + stime of the tree, in the kernel's clock ticks (/proc/PID/stat fields 14, 15)."""
    total = 0
    for process in tree(pid):
        try:
            fields = Path(f"/proc/{process.pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # after "pid (comm)": state is field 3
    return total


def run_nanoseconds(pid: int) -> int:
    """Time on a CPU of every thread of the tree, in ns (/proc/PID/task/TID/schedstat)."""
    total = 0
    for process in tree(pid):
        try:
            tasks = list(Path(f"/proc/{process.pid}/task").iterdir())
        except OSError:
            continue
        for task in tasks:
            with suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
    return total


def rss_bytes(pid: int) -> int:
    return sum(
        _status_fields(Path(f"/proc/{p.pid}/status"), "VmRSS")["VmRSS"] * 1024 for p in tree(pid)
    )


def peak_rss_bytes(pid: int) -> int:
    """The kernel's high-water mark of resident memory, summed over the tree."""
    return sum(
        _status_fields(Path(f"/proc/{p.pid}/status"), "VmHWM")["VmHWM"] * 1024 for p in tree(pid)
    )


def uss_bytes(pid: int) -> int:
    """Private memory (clean + dirty) of the tree, from smaps_rollup."""
    total = 0
    for process in tree(pid):
        fields = _status_fields(
            Path(f"/proc/{process.pid}/smaps_rollup"), "Private_Clean", "Private_Dirty"
        )
        total += sum(fields.values()) * 1024
    return total


def threads(pid: int) -> int:
    return sum(p.num_threads() for p in tree(pid))


@dataclass
class Half:
    name: str
    seconds: float = 0.0
    cpu: dict[str, float] = field(default_factory=dict)
    """CPU % of one core, by program measured (from the clock ticks)."""
    ticks: dict[str, int] = field(default_factory=dict)
    """Clock ticks used in the half (1/100 s each)."""
    cpu_precise: dict[str, float] = field(default_factory=dict)
    """CPU % of one core from the threads' run time in ns."""
    switches_per_minute: dict[str, float] = field(default_factory=dict)
    rss_max: dict[str, int] = field(default_factory=dict)


def measure(pids: dict[str, int], name: str, seconds: float, every_minute: bool = False) -> Half:
    """Samples each of ``pids`` once a second for ``seconds``."""
    half = Half(name)
    cpu_before = {label: cpu_seconds(pid) for label, pid in pids.items()}
    ticks_before = {label: clock_ticks(pid) for label, pid in pids.items()}
    ns_before = {label: run_nanoseconds(pid) for label, pid in pids.items()}
    switches_before = {label: switches(pid) for label, pid in pids.items()}
    half.rss_max = {label: rss_bytes(pid) for label, pid in pids.items()}
    began = time.monotonic()
    next_report = 60.0
    while (left := seconds - (elapsed := time.monotonic() - began)) > 0:
        time.sleep(min(1.0, left))
        for label, pid in pids.items():
            half.rss_max[label] = max(half.rss_max[label], rss_bytes(pid))
        if every_minute and elapsed >= next_report:
            next_report += 60.0
            figures = ", ".join(
                f"{label} {rss_bytes(pid) / MIB:.1f}" for label, pid in pids.items()
            )
            progress(f"{name} {elapsed / 60:4.0f} min: RSS MiB {figures}")
    half.seconds = time.monotonic() - began
    for label, pid in pids.items():
        half.cpu[label] = 100 * (cpu_seconds(pid) - cpu_before[label]) / half.seconds
        half.ticks[label] = clock_ticks(pid) - ticks_before[label]
        ns = run_nanoseconds(pid) - ns_before[label]
        half.cpu_precise[label] = 100 * ns / 1e9 / half.seconds
        half.switches_per_minute[label] = (
            (switches(pid) - switches_before[label]) * 60 / half.seconds
        )
    return half


class Motions:
    """One long-running ``xdotool -``, fed ``rate`` pointer motions a second from a thread."""

    def __init__(self, env: dict[str, str], rate: float) -> None:
        self.rate = rate
        self.sent = 0
        self._stop = threading.Event()
        self._process = subprocess.Popen(
            ["xdotool", "-"],
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self._thread = threading.Thread(target=self._feed, name="motions", daemon=True)

    def __enter__(self) -> Motions:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=10)
        assert self._process.stdin is not None
        with suppress(BrokenPipeError):
            self._process.stdin.close()
        stop(self._process)

    def _feed(self) -> None:
        assert self._process.stdin is not None
        per_batch = max(1, round(self.rate / BATCHES_PER_SECOND))
        start, batch = time.monotonic(), 0
        while not self._stop.is_set():
            lines = []
            for _ in range(per_batch):
                lines.append(f"mousemove {300 + self.sent % 600} {200 + self.sent % 400}\n")
                self.sent += 1
            try:
                self._process.stdin.write("".join(lines).encode())
                self._process.stdin.flush()
            except (BrokenPipeError, ValueError):
                return
            batch += 1
            self._stop.wait(max(0.0, start + batch / BATCHES_PER_SECOND - time.monotonic()))


# -- the run --------------------------------------------------------------------------------


AGENT_LABEL = "agent + tray"
SLEEPER_LABEL = "sleeping Python"


def report(halves: list[Half], peaks: dict[str, int], uss: dict[str, int],
           thread_counts: dict[str, int], load: tuple[float, float, float],
           mode: str) -> None:  # fmt: skip
    labels = [AGENT_LABEL, SLEEPER_LABEL]
    columns = [f"CPU % {h.name} (ticks, ns)" for h in halves]
    columns += ["peak RSS MiB", "USS MiB", "threads"]
    columns += [f"switches/min {h.name}" for h in halves]
    print()
    print(f"mode {mode}")
    print("| | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for label in labels:
        cells = [
            f"{h.cpu[label]:.3f} ({h.ticks[label]} ticks), {h.cpu_precise[label]:.3f}"
            for h in halves
        ]
        peak = max(peaks[label], *(h.rss_max[label] for h in halves))
        cells += [f"{peak / MIB:.1f}", f"{uss[label] / MIB:.1f}", str(thread_counts[label])]
        cells += [f"{h.switches_per_minute[label]:.0f}" for h in halves]
        print(f"| {label} | " + " | ".join(cells) + " |")
    print()
    agent_peak = max(peaks[AGENT_LABEL], *(h.rss_max[AGENT_LABEL] for h in halves))
    idle = next((h for h in halves if h.name == "idle"), None)
    print(
        f"peak RSS {agent_peak / MIB:.1f} MiB (target <= {TARGET_PEAK_RSS_MIB:.0f}): "
        + ("PASS" if agent_peak / MIB <= TARGET_PEAK_RSS_MIB else "MISS")
    )
    if idle is not None:
        print(
            f"idle CPU {idle.cpu[AGENT_LABEL]:.3f} % of a core from /proc/PID/stat "
            f"({idle.ticks[AGENT_LABEL]} ticks in {idle.seconds:.0f} s), "
            f"{idle.cpu_precise[AGENT_LABEL]:.3f} % from schedstat "
            f"(target <= {TARGET_IDLE_CPU}): "
            + ("PASS" if idle.cpu_precise[AGENT_LABEL] <= TARGET_IDLE_CPU else "MISS")
        )
    averages = " ".join(f"{value:.2f}" for value in load)
    print(f"machine load average (1, 5, 15 min) at the end: {averages} on {os.cpu_count()} cores")


def start_agent(
    stack: ExitStack,
    env: dict[str, str],
    data_dir: Path,
    stderr_path: Path,
    tree_rss: list[int] | None = None,
) -> subprocess.Popen[bytes]:
    """``repit-agent run`` (with its tray), once started and its icon docked; ``tree_rss``
    gets the RSS of its whole tree (any child included) at every poll, until it docks."""
    agent = stack.enter_context(
        started(
            [str(AGENT), "run", "--data-dir", str(data_dir)],
            env=env, stderr=stderr_path.open("wb"), stdin=subprocess.DEVNULL,
        )
    )  # fmt: skip

    def agent_started() -> bool:
        if tree_rss is not None:
            tree_rss.append(rss_bytes(agent.pid))
        if agent.poll() is not None:
            print(stderr_path.read_text(errors="replace"), file=sys.stderr)
            raise BenchError(f"the agent exited ({agent.returncode}) before starting")
        return b"agent started" in stderr_path.read_bytes()

    def docked() -> bool:
        if tree_rss is not None:
            tree_rss.append(rss_bytes(agent.pid))
        return icon_docked(env["DISPLAY"])

    wait_for(agent_started, "the agent to start")
    wait_for(docked, "the tray icon to dock in trayer")
    return agent


def enrolled_in_share_mode(data_dir: Path) -> None:
    """The store of an enrolled workstation in ``share``, its team's policy an hour old."""
    import json

    from agent.commands import set_participation
    from agent.participation import Mode
    from agent.paths import database_path
    from agent.policy_sync import FETCHED_AT, KEPT, STATUS
    from agent.store import Store
    from aggregator.policyjson import policy_document
    from contract.policy.loader import bundled_policies_dir, load_policy
    from contract.split.hpke import generate_keypair

    closed = "http://127.0.0.1:9"  # discard: nothing listens
    enrollment = {
        "url": closed, "token": "tok", "team": "dnum-infra", "department": "dnum",
        "since": time.strftime("%Y-%m-%d"), "helper_url": closed, "helper_token": "htok",
        "hpke_config": generate_keypair()[0].to_json(),
    }  # fmt: skip
    store = Store.open(database_path(data_dir))
    try:
        store.set_setting("enrollment", json.dumps(enrollment))
        store.set_setting("team", "dnum-infra")
        set_participation(store, Mode.SHARE, time.time())
        team_policy = policy_document(load_policy(bundled_policies_dir() / "dnum.toml"))
        store.set_setting(KEPT, json.dumps(team_policy))
        store.set_setting(FETCHED_AT, str(int(time.time()) - 3600))
        fetched = {"ok": True, "message": "", "fetched_on": time.strftime("%Y-%m-%d")}
        store.set_setting(STATUS, json.dumps(fetched))
    finally:
        store.close()


def run(idle_minutes: float, busy_minutes: float, rate: float, long: bool, mode: str) -> int:
    with tempfile.TemporaryDirectory(prefix="repit-footprint-") as temporary, ExitStack() as stack:
        folder = Path(temporary)
        data_dir = folder / "data"
        progress("starting Xvfb, D-Bus, trayer and dunst")
        desktop = stack.enter_context(private_desktop(folder))
        # The agent's own settings are the benchmark's, whatever this shell's.
        ignored = {"REPIT_POLICY", "REPIT_LANGUAGE", "PYSTRAY_BACKEND"}
        env = {k: v for k, v in desktop.env.items() if k not in ignored}
        env["REPIT_DATA_DIR"] = str(data_dir)
        subprocess.run(
            [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
            env=env, check=True, capture_output=True,
        )  # fmt: skip
        if mode == "share":
            enrolled_in_share_mode(data_dir)
        # The first start in a fresh folder validates the policy and computes
        # the year's public holidays (pydantic, every country of `holidays`),
        # then keeps both for the next starts: measured apart, then stopped.
        with ExitStack() as first_run:
            first_tree: list[int] = []
            first = start_agent(first_run, env, data_dir, folder / "first.err", first_tree)
            kept = [data_dir / "policy-cache.json", data_dir / "public-holidays.json"]
            wait_for(
                lambda: all(path.exists() for path in kept),
                "the first start to keep its caches",
                timeout=2 * START_DEADLINE_SECONDS,  # it validates and computes
            )
            icons = Path(env["XDG_CACHE_HOME"]) / "repit" / "tray-icons.json"
            with suppress(BenchError):
                wait_for(icons.exists, "the first start to draw its icon")
            if not icons.exists():  # the next start draws it, and its figures show it
                progress("the first start's icon was never painted: tray-icons.json missing")
            first_peak = peak_rss_bytes(first.pid)
            first_tree_peak = max(first_tree, default=0)
        progress(f"first start in a fresh folder: peak RSS {first_peak / MIB:.1f} MiB; stopped")
        agent = start_agent(stack, env, data_dir, folder / "agent.err")
        sleeper = stack.enter_context(
            started([sys.executable, "-c", "import time; time.sleep(86400)"], env=env)
        )
        progress(f"agent pid {agent.pid} started again, icon docked; warm-up {WARM_UP_SECONDS} s")
        time.sleep(WARM_UP_SECONDS)
        pids = {AGENT_LABEL: agent.pid, SLEEPER_LABEL: sleeper.pid}
        halves = []
        if long:
            progress(f"long run: {LONG_MINUTES:.0f} min idle, RSS every minute")
            halves.append(measure(pids, "idle", LONG_MINUTES * 60, every_minute=True))
        else:
            progress(f"idle: {idle_minutes} min")
            halves.append(measure(pids, "idle", idle_minutes * 60))
            progress(f"idle done: {halves[0].cpu[AGENT_LABEL]:.3f} % CPU")
            progress(f"busy: {busy_minutes} min at {rate:.0f} motions/s through `xdotool -`")
            with Motions(env, rate) as motions:
                halves.append(measure(pids, "busy", busy_minutes * 60))
            achieved = motions.sent / halves[-1].seconds
            progress(
                f"busy done: {halves[-1].cpu[AGENT_LABEL]:.3f} % CPU, {achieved:.0f} motions/s"
            )
        peaks = {label: peak_rss_bytes(pid) for label, pid in pids.items()}
        uss = {label: uss_bytes(pid) for label, pid in pids.items()}
        counts = {label: threads(pid) for label, pid in pids.items()}
        if agent.poll() is not None:
            raise BenchError(f"the agent died during the run ({agent.returncode})")
        report(halves, peaks, uss, counts, os.getloadavg(), mode)
        print(f"first start in a fresh folder (policy validated, holidays computed, both kept): "
              f"agent peak RSS {first_peak / MIB:.1f} MiB; whole process tree, the work "
              f"included, highest sampled {first_tree_peak / MIB:.1f} MiB")  # fmt: skip
        progress("stopping everything")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--quick", action="store_true", help="a smoke run: 10 s a half")
    mode.add_argument(
        "--long", action="store_true", help=f"{LONG_MINUTES:.0f} min idle, RSS each minute"
    )
    parser.add_argument(
        "--mode",
        choices=("reminders", "share"),
        default="reminders",
        help="share: an enrolled workstation sharing its figures",
    )
    parser.add_argument("--idle-minutes", type=float, default=2.0)
    parser.add_argument("--busy-minutes", type=float, default=2.0)
    parser.add_argument("--rate", type=float, default=200.0, help="input events per second")
    args = parser.parse_args()
    if args.quick:
        args.idle_minutes = args.busy_minutes = 10 / 60
    try:
        return run(args.idle_minutes, args.busy_minutes, args.rate, args.long, args.mode)
    except MissingProgram as error:
        raise BenchError(f"{error} (make system-deps)") from None
    except DesktopError as error:
        raise BenchError(str(error)) from None


if __name__ == "__main__":
    sys.exit(main())
