"""Benchmark: replay one year of dense activity through the real ``replay`` path.

Writes a trace with an input every 5 seconds during working hours, Monday to
Friday 08:00-12:00 and 13:30-18:00 Europe/Paris (about 1.6 million events for
a year), then replays it in a child process, stdout to /dev/null:

* ``repit-agent replay --policy policies/default.toml TRACE`` when the CLI and
  its policy loader are ready,
* otherwise the same library calls in a child Python (``parse_trace``,
  ``replay_events`` with ``Policy()``, ``result_document``, JSON dump).

Prints the number of events, the wall time of the child, events per second,
the child's peak RSS and PASS/MISS against the targets (< 10 s, < 300 MB).

    .venv/bin/python bench/replay_year.py [--days N] [--via cli|library] [--profile]

``--profile`` runs the library path under cProfile and prints the top functions
(the timing then includes the profiler's overhead).
"""

from __future__ import annotations

import argparse
import importlib.util
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PARIS = ZoneInfo("Europe/Paris")
START = date(2026, 1, 1)
STEP_SECONDS = 5
WINDOWS = ((8 * 3600, 12 * 3600), (13 * 3600 + 1800, 18 * 3600))  # local seconds, end included
TARGET_SECONDS = 10.0
TARGET_MB = 300.0

_LIBRARY_CHILD = """
import cProfile, json, pstats, sys, time
from pathlib import Path
sys.path.insert(0, {root!r})
from agent.core.replay import replay_events, result_document
from agent.core.trace import parse_trace
from contract.policy.model import Policy

profile = {profile!r}
began = time.perf_counter()
profiler = cProfile.Profile() if profile else None
if profiler is not None:
    profiler.enable()
policy = Policy()
with Path({trace!r}).open(encoding="utf-8", newline="") as lines:
    result = replay_events(parse_trace(lines, "year.csv"), policy)
json.dump(result_document(result, policy), sys.stdout, ensure_ascii=False)
sys.stdout.write("\\n")
if profiler is not None:
    profiler.disable()
print(f"in-process: {{time.perf_counter() - began:.2f}} s", file=sys.stderr)
if profiler is not None:
    stats = pstats.Stats(profiler, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(20)
    stats.sort_stats("cumulative").print_stats(25)
"""


def _clock_strings() -> list[str]:
    """``HH:MM:SS`` of every input of a working day, in order."""
    clocks: list[str] = []
    for start, end in WINDOWS:
        for second in range(start, end + 1, STEP_SECONDS):
            clocks.append(f"{second // 3600:02d}:{second % 3600 // 60:02d}:{second % 60:02d}")
    return clocks


def _offset(day: date) -> str:
    """The Europe/Paris UTC offset at noon on ``day``, as ``+01:00`` or ``+02:00``."""
    text = datetime(day.year, day.month, day.day, 12, tzinfo=PARIS).strftime("%z")
    return f"{text[:3]}:{text[3:]}"


def write_trace(path: Path, days: int) -> int:
    """Write ``days`` days of dense working-hours activity; return the number of events."""
    clocks = _clock_strings()
    count = 0
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write("time,event\n")
        for n in range(days):
            day = START + timedelta(days=n)
            if day.weekday() >= 5:
                continue
            prefix, suffix = f"{day.isoformat()}T", f"{_offset(day)},input\n"
            out.write("".join(f"{prefix}{clock}{suffix}" for clock in clocks))
            count += len(clocks)
    return count


def _cli_ready() -> bool:
    return (
        importlib.util.find_spec("contract.policy.loader") is not None
        and (ROOT / "policies" / "default.toml").is_file()
        and (Path(sys.executable).parent / "repit-agent").is_file()
    )


def _command(trace: Path, via: str, profile: bool) -> list[str]:
    if via == "cli":
        cli = str(Path(sys.executable).parent / "repit-agent")
        return [cli, "replay", "--policy", str(ROOT / "policies" / "default.toml"), str(trace)]
    code = _LIBRARY_CHILD.format(root=str(ROOT), trace=str(trace), profile=profile)
    return [sys.executable, "-c", code]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=365, help="days of trace (default 365)")
    parser.add_argument(
        "--via",
        choices=("auto", "cli", "library"),
        default="auto",
        help="replay through the CLI or replay_trace_file (default: the CLI when ready)",
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the library path")
    args = parser.parse_args()
    via = "library" if args.profile else args.via
    if via == "auto":
        via = "cli" if _cli_ready() else "library"

    with tempfile.TemporaryDirectory(prefix="repit-bench-") as folder:
        trace = Path(folder) / "year.csv"
        began = time.perf_counter()
        events = write_trace(trace, args.days)
        written = time.perf_counter() - began
        size_mb = trace.stat().st_size / 1e6
        print(f"trace: {events} events, {args.days} days, {size_mb:.1f} MB ({written:.2f} s)")
        print(f"replay via: {via}")

        began = time.perf_counter()
        child = subprocess.run(
            _command(trace, via, args.profile),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            check=False,
        )
        seconds = time.perf_counter() - began

    if child.stderr:
        print(child.stderr.rstrip())
    if child.returncode != 0:
        print(f"replay failed with exit status {child.returncode}")
        return 1
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    print(f"events:    {events}")
    print(f"seconds:   {seconds:.2f}")
    print(f"events/s:  {events / seconds:,.0f}")
    print(f"peak RSS:  {peak_mb:.0f} MB")
    if args.profile:
        print("(profiled run: the time includes cProfile's overhead)")
    print(f"time   < {TARGET_SECONDS:.0f} s:   {'PASS' if seconds < TARGET_SECONDS else 'MISS'}")
    print(f"memory < {TARGET_MB:.0f} MB: {'PASS' if peak_mb < TARGET_MB else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
