"""Benchmark: the cost of one input in the running agent's path.

Feeds ``ActivityEngine.input()`` (spans, stretches, today's active time, and
the four reminder rules evaluated at every input) with realistic activity: an
input every 5 seconds during working days, 08:00-12:00 and 13:30-18:00
Europe/Paris, plus a half-hour in the evening so that the disconnect rule fires
too. Closed spans are collected and forgotten between batches, as the agent
stores them.

Times batches of inputs with ``time.perf_counter_ns`` and prints the median
and p99 cost per input against the 10 µs target.

    .venv/bin/python bench/incremental.py [--days N] [--batch N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from agent.core.engine import ActivityEngine  # noqa: E402
from agent.core.reminders import Reminder  # noqa: E402
from contract.policy.model import Policy  # noqa: E402

PARIS = ZoneInfo("Europe/Paris")
START = date(2026, 3, 2)  # a Monday; 20 working days cross the change to summer time
STEP_SECONDS = 5
SESSIONS = (("08:00", "12:00"), ("13:30", "18:00"), ("21:00", "21:30"))
TARGET_MICROSECONDS = 10.0


def input_times(days: int) -> list[int]:
    """Inputs every 5 s in each working day's sessions, in order (UTC seconds)."""
    times: list[int] = []
    for n in range(days):
        day = START + timedelta(days=n)
        if day.weekday() >= 5:
            continue
        for start, end in SESSIONS:
            first = int(datetime.fromisoformat(f"{day}T{start}").replace(tzinfo=PARIS).timestamp())
            last = int(datetime.fromisoformat(f"{day}T{end}").replace(tzinfo=PARIS).timestamp())
            times.extend(range(first, last + 1, STEP_SECONDS))
    return times


def per_input_costs(times: list[int], batch: int) -> tuple[list[float], list[Reminder]]:
    """Nanoseconds per input of each batch (the first, warm-up batch left out)."""
    engine = ActivityEngine(Policy())
    feed = engine.input
    clock = time.perf_counter_ns
    costs: list[float] = []
    reminders: list[Reminder] = []
    for begin in range(0, len(times) - batch + 1, batch):
        chunk = times[begin : begin + batch]
        shown: list[Reminder | None] = [None] * batch
        started = clock()
        for index, instant in enumerate(chunk):
            shown[index] = feed(instant)
        elapsed = clock() - started
        costs.append(elapsed / batch)
        reminders.extend(r for r in shown if r is not None)
        engine.closed.clear()  # the agent stores closed spans and forgets them
    return costs[1:], reminders


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=28, help="days of activity (default 28)")
    parser.add_argument("--batch", type=int, default=100, help="inputs per timed batch")
    args = parser.parse_args()

    times = input_times(args.days)
    costs, reminders = per_input_costs(times, args.batch)
    median = statistics.median(costs) / 1000
    p99 = percentile(costs, 0.99) / 1000
    mean = statistics.fmean(costs) / 1000
    print(f"inputs:    {len(times)} over {args.days} days, {len(reminders)} reminders shown")
    print(f"batches:   {len(costs)} of {args.batch} inputs (warm-up batch left out)")
    print(f"median:    {median:.2f} µs/input")
    print(f"p99:       {p99:.2f} µs/input (of batch means)")
    print(f"mean:      {mean:.2f} µs/input")
    print(f"target:    < {TARGET_MICROSECONDS:.0f} µs/input")
    print(f"median {'PASS' if median < TARGET_MICROSECONDS else 'MISS'}")
    print(f"p99    {'PASS' if p99 < TARGET_MICROSECONDS else 'MISS'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
