"""Driving a simulated fleet through the agent's real upload path to a real server.

Each device has its own agent store (``Store.in_memory``), its own share
consent (``set_participation``) and its own enrollment (``agent.upload.enroll``
with a one-time code). Then, round after round, each device does what the
agent's jobs do: keep the days and weeks that have completed
(``save_day``/``save_week``, as the roll-over keeps them), queue them
(``fill_outbox``) and send what is due (``send_due``), over HTTP.

The server's clock. The aggregator accepts a period only once it is complete,
no more than ``max_age_days`` after its end, and never once its month is
released (``release_delay_days`` after the month's end): a month of history
cannot be sent in one go at the end. So the simulated fleet needs a server
whose clock moves with the simulated time, and there are two modes:

- ``simulate_history``: the simulator runs its own server on loopback, the
  production ``create_app`` with an injected ``Settings.clock`` that the
  simulator sets before each daily round, writing into the target database.
  The simulated clock never passes the real time, so nothing is written "from
  the future"; a later real ``serve`` on that file shows it as released data.
  (A ``serve --now`` option was rejected: a production server must never be
  told what time it is.)
- ``simulate_live``: against a running server at its own, real clock: one
  round at the real time, which can only bring the periods still acceptable
  today (the current month, and the previous one until its release).

In tests, ``run_rounds`` is given the test server's settable clock.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from typing import TextIO

import httpx

from agent.commands import set_participation
from agent.core.localdays import local_date
from agent.participation import Mode
from agent.store import Store
from agent.tools.proposals import send_pending_proposals
from agent.upload import enroll, fill_outbox, send_due
from aggregator.periods import next_month
from simulation.activity import DeviceHistory, DevicePlan, simulate_device
from simulation.tools import ToolStory, answer_month

ROUND_HOUR_UTC = 3
ANSWER_DAY = 25
"""From this day of a month on, a device may answer about its tools for the month."""
"""Daily rounds at 03:00 UTC: the day before is complete from Auckland to Paris."""
UPLOAD_THREADS = 8


class SharedTransport(httpx.BaseTransport):
    """One connection pool for every device: ``send_due`` closes its client, not this pool."""

    def __init__(self, transport: httpx.BaseTransport | None = None) -> None:
        self.inner = transport or httpx.HTTPTransport(retries=0)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self.inner.handle_request(request)

    def close(self) -> None:
        """Kept open across ``send_due`` calls; ``shutdown`` really closes it."""

    def shutdown(self) -> None:
        self.inner.close()


@dataclass
class SimulatedDevice:
    """One agent: its store, and the history its roll-over keeps as days complete."""

    history: DeviceHistory
    store: Store = field(default_factory=Store.in_memory)
    kept_days: int = 0
    kept_weeks: int = 0
    since: date | None = None
    """The enrollment day: the agent sends the days and weeks from then on."""
    stories: Sequence[ToolStory] = ()
    """What this device's answers about its department's tools tell (``simulation.tools``)."""
    answered: set[str] = field(default_factory=set)
    """The months this device was offered the tools window (answering or not)."""

    @property
    def team(self) -> str:
        return self.history.plan.team

    def join(
        self, url: str, code: str, since: date, now: int, transport: httpx.BaseTransport
    ) -> None:
        """Consent to share, then enroll with one code of each server, given as one
        ``LEADER_CODE.HELPER_CODE`` (SPLIT.md), from ``since`` on."""
        set_participation(self.store, Mode.SHARE, now)
        enroll(self.store, url, code, since, transport)
        self.since = since

    def to_send(self) -> int:
        """How many periods this device will offer: its days and weeks since enrollment.

        The week holding the enrollment day is offered too (MEASURES.md §8); a
        simulated history starts on that day, so its days before count as none.
        """
        since = self.since or date.min
        days = sum(1 for day in self.history.days if day.figures.date >= since.isoformat())
        first_monday = since - timedelta(days=since.weekday()) if self.since else date.min
        return days + sum(1 for week in self.history.weeks if week.monday >= first_monday)

    def roll_over(self, now: int) -> int:
        """Keep every day and week completed by ``now``, as the agent does; return how many."""
        days, weeks = self.history.days, self.history.weeks
        before = self.kept_days + self.kept_weeks
        while self.kept_days < len(days) and days[self.kept_days].complete_at <= now:
            day = days[self.kept_days]
            self.store.save_day(day.figures, day.contribution)
            self.kept_days += 1
        while self.kept_weeks < len(weeks) and weeks[self.kept_weeks].complete_at <= now:
            week = weeks[self.kept_weeks]
            self.store.save_week(week.monday, week.figures, week.contribution)
            self.kept_weeks += 1
        return self.kept_days + self.kept_weeks - before

    def rate_tools(self, now: int, rng: random.Random) -> int:
        """Late in each month (from the 25th), once: maybe answer about the tools (TOOLS.md)."""
        policy = self.history.plan.policy
        today = local_date(now, policy.timezone)
        month = today.isoformat()[:7]
        if not policy.tools or today.day < ANSWER_DAY or month in self.answered:
            return 0
        self.answered.add(month)
        return answer_month(self.store, policy, today, rng, self.stories)

    def upload(self, now: int, transport: httpx.BaseTransport, rng: random.Random) -> int:
        """The agent's upload job: queue the kept periods and the completed months of tool
        answers, send what is due, and the confirmed proposals."""
        fill_outbox(self.store, now, policy=self.history.plan.policy)
        sent = send_due(self.store, now, transport, rng.random)
        send_pending_proposals(self.store, transport)
        return sent

    def outbox(self) -> dict[str, int]:
        """How many outbox rows are in each state (pending, sent, refused)."""
        rows = self.store.db.execute("SELECT status, COUNT(*) FROM outbox GROUP BY status")
        return {str(status): int(count) for status, count in rows.fetchall()}


class Progress:
    """Progress lines on stderr, at most one every ``every`` seconds (and the last)."""

    def __init__(self, stream: TextIO | None = sys.stderr, every: float = 2.0) -> None:
        self.stream = stream
        self.every = every
        self._last = 0.0

    def say(self, message: str, force: bool = False) -> None:
        if self.stream is None:
            return
        now = time.monotonic()
        if force or now - self._last >= self.every:
            self._last = now
            print(f"simulate: {message}", file=self.stream, flush=True)


def _simulate(job: tuple[DevicePlan, date, date]) -> DeviceHistory:
    return simulate_device(*job)


def compute_histories(
    plans: Sequence[DevicePlan],
    first_day: date,
    last_day: date,
    processes: int = 1,
    progress: Progress | None = None,
) -> list[DeviceHistory]:
    """Run every device's activity through the measuring core (in ``processes`` processes)."""
    progress = progress or Progress(None)
    jobs = [(plan, first_day, last_day) for plan in plans]
    histories: list[DeviceHistory] = []
    started = time.monotonic()

    def note(history: DeviceHistory) -> None:
        histories.append(history)
        elapsed = time.monotonic() - started
        progress.say(
            f"activity {len(histories)}/{len(plans)} devices "
            f"({len(histories) / max(elapsed, 1e-9):.0f} devices/s)",
            force=len(histories) == len(plans),
        )

    if processes <= 1 or len(plans) < 8:
        for job in jobs:
            note(_simulate(job))
        return histories
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        for history in pool.map(_simulate, jobs, chunksize=4):
            note(history)
    return histories


def round_instants(first_day: date, last_day: date, now: datetime) -> list[datetime]:
    """The instants the devices upload: each Monday and each of the first eight days of a
    month, at 03:00 UTC, up to two days after ``last_day``; none after ``now``.

    A device uploading once a week is enough for days and weeks inside a
    month; around a month's end, daily rounds send its last days and its last
    week (complete up to the 4th) before the month is released and frozen.
    Every round re-reads each device's kept periods (``fill_outbox``), so
    fewer rounds keep the simulation fast.
    """
    instants = []
    for offset in range(1, (last_day - first_day).days + 3):
        day = first_day + timedelta(days=offset)
        if day.weekday() != 0 and day.day > 8 and day <= last_day:
            continue
        instant = datetime.combine(day, clock_time(ROUND_HOUR_UTC), tzinfo=UTC)
        if instant > now:
            instants.append(now)
            break
        instants.append(instant)
    return instants


@dataclass
class Totals:
    sent: int = 0
    rounds: int = 0
    seconds: float = 0.0
    outbox: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0


def _each(
    devices: Sequence[SimulatedDevice], work: Callable[[SimulatedDevice], int], threads: int
) -> int:
    if threads <= 1:
        return sum(work(device) for device in devices)
    with ThreadPoolExecutor(threads) as pool:
        return sum(pool.map(work, devices))


def run_rounds(
    devices: Sequence[SimulatedDevice],
    instants: Iterable[datetime],
    set_clock: Callable[[datetime], None],
    transport: httpx.BaseTransport,
    seed: int = 0,
    threads: int = UPLOAD_THREADS,
    progress: Progress | None = None,
) -> Totals:
    """At each instant: set the server's clock, then every device keeps, queues and sends."""
    progress = progress or Progress(None)
    expected = sum(device.to_send() for device in devices)
    totals = Totals()
    rngs = {id(device): random.Random(f"upload:{seed}:{n}") for n, device in enumerate(devices)}
    started = time.monotonic()
    instants = list(instants)
    for number, instant in enumerate(instants, start=1):
        set_clock(instant)
        now = int(instant.timestamp())

        def work(device: SimulatedDevice, now: int = now) -> int:
            device.roll_over(now)
            device.rate_tools(now, rngs[id(device)])
            return device.upload(now, transport, rngs[id(device)])

        totals.sent += _each(devices, work, threads)
        totals.rounds += 1
        totals.seconds = time.monotonic() - started
        progress.say(
            f"{instant:%Y-%m-%d} round {number}/{len(instants)}: {len(devices)} devices, "
            f"{totals.sent}/{expected} contributions sent, {totals.rate:.0f}/s",
            force=number == len(instants),
        )
    totals.outbox = outbox_totals(devices)
    return totals


def outbox_totals(devices: Iterable[SimulatedDevice]) -> dict[str, int]:
    found: dict[str, int] = {}
    for device in devices:
        for status, count in device.outbox().items():
            found[status] = found.get(status, 0) + count
    return found


def enroll_all(
    devices: Sequence[SimulatedDevice],
    url: str,
    codes: dict[str, Iterator[str]],
    since: date,
    now: datetime,
    transport: httpx.BaseTransport,
    threads: int = UPLOAD_THREADS,
) -> None:
    """Enroll every device in its team with a ``LEADER.HELPER`` code pair of that team."""
    pairs = [(device, next(codes[device.team])) for device in devices]

    def join(pair: tuple[SimulatedDevice, str]) -> int:
        pair[0].join(url, pair[1], since, int(now.timestamp()), transport)
        return 1

    with ThreadPoolExecutor(max(1, threads)) as pool:
        list(pool.map(join, pairs))


def first_acceptable_day(today: date, release_delay_days: int, max_age_days: int) -> date:
    """The oldest day a live server still accepts today (its month not yet released)."""
    month = today.replace(day=1)
    previous = (month - timedelta(days=1)).replace(day=1)
    released = today >= next_month(previous) + timedelta(days=release_delay_days)
    first = month if released else previous
    return max(first, today - timedelta(days=max_age_days - 1))
