"""The running agent: live events into the engine, reminders out, figures kept.

``Agent`` is the one place where the measuring core meets the desktop. Its
jobs are plain methods taking their time from an injected ``Clock``, so tests
drive them with a fake clock through the real scheduler; ``run_agent`` wires
them to APScheduler (jobs run one at a time in the scheduler's thread), the sensing
sources, the notifier and, unless headless, the tray.

Threading: the scheduler's thread runs ``tick``, ``roll_over`` and
``purge``; network work (``upload``, ``sync_policy``) runs in threads of its
own; the tray (main thread) calls the ``TrayController`` methods. All hold
``self._lock`` around the store and the engine, and network work never holds
it while waiting for the aggregator: a slow or hostile server cannot stop the
ticks or the reminders. The tray reads a snapshot refreshed at each tick.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING, Protocol

from agent.core.contribution import day_contribution, day_reminders, week_contribution
from agent.core.days import DayFigures, day_figures
from agent.core.engine import ActivityEngine
from agent.core.events import Event, EventKind
from agent.core.localdays import (
    dates_between,
    day_context,
    local_date,
    mondays_between,
    week_context,
)
from agent.core.reminders import Reminder
from agent.core.weeks import joining_week_figures, week_figures
from agent.net_limits import DEFAULT_LIMITS, Limits
from agent.participation import IconState, Mode
from agent.sensing.base import SensingUnavailable
from agent.sensing.clock import ClockJumpDetector
from agent.store import Store, figures_of_day
from contract.policy.model import Policy

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

log = logging.getLogger("repit.agent")

TICK_SECONDS = 5
FOLLOW_UP_SECONDS = 600  # a break reminder's "followed" window reaches past midnight
INPUT_RESOLUTION = 0.5  # an idle reading this close to the last input is the same input
SUSPEND_TOLERANCE_SECONDS = 2 * TICK_SECONDS  # a late tick is not a suspend
SOURCE_RETRY_SECONDS = 60  # how often to look again for an activity source that failed


class AgentStopped(Exception):
    """The agent stopped while network work was under way: the store may be closed."""


class StoreAccess:
    """The agent's lock, taken again and again by network work between requests;
    raises ``AgentStopped`` once the agent stopped (its store may be closed)."""

    def __init__(self, lock: threading.RLock, stopped: Callable[[], bool]) -> None:
        self._lock = lock
        self._stopped = stopped

    def __enter__(self) -> None:
        self._lock.acquire()
        if self._stopped():
            self._lock.release()
            raise AgentStopped

    def __exit__(self, *_exc: object) -> None:
        self._lock.release()


class Clock(Protocol):
    def time(self) -> float: ...
    def monotonic(self) -> float: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()


class IdleReader(Protocol):
    """What the agent needs of an idle source (``agent.sensing.base.IdleSource``)."""

    name: str

    def start(self) -> None: ...
    def seconds_since_input(self) -> float: ...
    def stop(self) -> None: ...


class SessionEventSource(Protocol):
    name: str

    def start(self, on_event: Callable[[EventKind, float], None]) -> None: ...
    def stop(self) -> None: ...


class Notify(Protocol):
    def notify(self, title: str, message: str) -> bool: ...


ReminderText = Callable[[Reminder, "ReminderContext"], tuple[str, str]]


@dataclass(frozen=True)
class ReminderContext:
    """What a reminder's text may say: durations only, computed locally."""

    stretch_minutes: int
    active_minutes: int
    rest_minutes: int | None
    min_break_minutes: int


@dataclass(frozen=True)
class Snapshot:
    """What the tray and ``status`` show, as of the last tick."""

    mode: Mode | None
    today: DayFigures | None
    since_break_minutes: int | None
    """Minutes of the current stretch; None when not active now."""
    paused_until: int | None
    icon: IconState
    source: str | None
    source_problem: str | None


class Agent:
    def __init__(
        self,
        store: Store,
        policy: Policy,
        *,
        clock: Clock,
        idle_source: Callable[[], IdleReader],
        notifier: Notify,
        reminder_text: ReminderText,
        session_events: Callable[[], SessionEventSource | None] | None = None,
        suspend_detector: ClockJumpDetector | None = None,
        upload_transport: httpx.BaseTransport | None = None,
        network_limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.notifier = notifier
        self._make_idle_source = idle_source
        self._make_session_events = session_events
        self._reminder_text = reminder_text
        self._upload_transport = upload_transport
        self._network_limits = network_limits
        self._stopped = False
        self._jumps = suspend_detector or ClockJumpDetector(SUSPEND_TOLERANCE_SECONDS)
        self._lock = threading.RLock()
        self._source: IdleReader | None = None
        self._source_problem: str | None = None
        self._source_retry_at = 0.0
        self._session: SessionEventSource | None = None
        self._session_queue: queue.SimpleQueue[tuple[EventKind, float]] = queue.SimpleQueue()
        self._last_input: float | None = None
        self.engine = ActivityEngine(policy, store.engine_state())
        self._mode = store.mode()
        self._snapshot = Snapshot(self._mode, None, None, None, self._icon(None, None), None, None)

    # -- jobs ------------------------------------------------------------------

    def tick(self) -> list[Reminder]:
        """One sensing tick: read the sources, feed the engine, show, save; return the shown."""
        with self._lock:
            now = self.clock.time()
            monotonic = self.clock.monotonic()
            if self._mode is None or not self._mode.records:
                # Nothing is read, nothing is kept: consent comes first.
                self._stop_sensing()
                self._refresh(int(now))
                return []
            self._start_sensing(now)
            shown: list[Reminder] = []
            can_show = self._can_show(int(now))
            for event in self._collect_events(now, monotonic):
                reminder = self.engine.feed(event, can_show)
                if reminder is not None and self._show(reminder):
                    shown.append(reminder)
            self.store.save_tick(
                self.engine.closed, self.engine.current_span, self.engine.state, shown
            )
            self.engine.closed.clear()
            if self._today_changed(int(now)):
                self.roll_over()
            self._refresh(int(now))
            return shown

    def roll_over(self) -> None:
        """Compute and keep the figures of every completed day and week not yet kept."""
        with self._lock:
            now = int(self.clock.time())
            since = self.store.setting("recording_since")
            if since is None:
                return
            first_day = local_date(int(since), self.policy.timezone)
            today = local_date(now, self.policy.timezone)
            last_kept = self.store.last_day()
            start = max(first_day, last_kept + timedelta(days=1)) if last_kept else first_day
            for day in dates_between(start, today - timedelta(days=1)):
                self._keep_day(day)
            self._keep_weeks(first_day, today, now)
            self._kept_until = today

    def upload(self) -> int:
        """In ``share`` mode once enrolled: queue the kept periods, send what is due."""
        from agent.upload import fill_outbox, send_due

        with self._lock:
            if self._mode is not Mode.SHARE or self._stopped:
                return 0
            now = int(self.clock.time())
            fill_outbox(self.store, now)
        try:
            return send_due(
                self.store,
                now,
                transport=self._upload_transport,
                lock=self._store_access(),
                limits=self._network_limits,
            )
        except AgentStopped:
            return 0  # the agent quit while a request was under way

    def sync_policy(self) -> Policy:
        """Fetch the team's policy from the aggregator and apply it when it changed.

        A refused or unreachable policy leaves the one in force; the reason is
        kept for ``status``. Returns the policy in force afterwards.
        """
        from agent.policy_sync import PolicySyncError, fetch_policy, record_failure, remember
        from agent.upload import enrollment

        with self._lock:
            joined = enrollment(self.store)
            if joined is None or self._stopped:
                return self.policy
        try:  # without the lock: the aggregator may take its time
            fetched = fetch_policy(joined, self._upload_transport, self._network_limits)
        except PolicySyncError as problem:
            fetched = None
            refusal = str(problem)
        with self._lock:
            if self._stopped:
                return self.policy
            today = local_date(int(self.clock.time()), self.policy.timezone).isoformat()
            if fetched is None:
                log.warning("keeping policy %s: %s", self.policy.id, refusal)
                record_failure(self.store, refusal, today)
                return self.policy
            policy, document = fetched
            remember(self.store, document, today)
            if policy != self.policy:
                self.apply_policy(policy)
            return self.policy

    def apply_policy(self, policy: Policy) -> None:
        """Use ``policy`` from now on, without restart: spans, stretch and pacing carry over."""
        with self._lock:
            closed = self.engine.closed
            self.policy = policy
            self.engine = ActivityEngine(policy, self.engine.state)
            self.engine.closed = closed
            self._refresh(int(self.clock.time()))
            log.info("policy %s applied", policy.id)

    def purge(self) -> None:
        with self._lock:
            now = int(self.clock.time())
            self.store.purge(now, local_date(now, self.policy.timezone))

    # -- what the person does ---------------------------------------------------

    def set_mode(self, mode: Mode) -> None:
        from agent.commands import set_participation

        with self._lock:
            set_participation(self.store, mode, self.clock.time())
            self._mode = mode
            self._refresh(int(self.clock.time()))

    def pause_reminders(self, until_tomorrow: bool) -> int:
        """Pause reminders for an hour or until tomorrow; return when they resume."""
        with self._lock:
            now = int(self.clock.time())
            if until_tomorrow:
                tomorrow = local_date(now, self.policy.timezone) + timedelta(days=1)
                until = day_context(self.policy, tomorrow).start
            else:
                until = now + 3600
            self.store.set_setting("paused_until", str(until))
            if self._mode is not None and self._mode.records:
                self.store.add_snooze(now)  # counted, as MEASURES.md §8 reminders_snoozed
            self._refresh(now)
            return until

    def resume_reminders(self) -> None:
        with self._lock:
            self.store.set_setting("paused_until", None)
            self._refresh(int(self.clock.time()))

    @property
    def lock(self) -> threading.RLock:
        """Held by every job; hold it to use the store from another thread."""
        return self._lock

    @property
    def snapshot(self) -> Snapshot:
        return self._snapshot

    def stop(self) -> None:
        """Stop sensing; network work still under way will not touch the store again."""
        with self._lock:
            self._stopped = True
            self._stop_sensing()

    def _store_access(self) -> StoreAccess:
        return StoreAccess(self._lock, lambda: self._stopped)

    # -- internals -----------------------------------------------------------------

    _kept_until: date | None = None

    def _today_changed(self, now: int) -> bool:
        return self._kept_until != local_date(now, self.policy.timezone)

    def _start_sensing(self, now: float) -> None:
        if self.store.setting("recording_since") is None:
            self.store.set_setting("recording_since", str(int(now)))
        if self._source is None and now >= self._source_retry_at:
            try:
                source = self._make_idle_source()
                source.start()
            except Exception as problem:  # the source names why it cannot work here
                self._source_failed(now, problem)
            else:
                self._source = source
                self._source_problem = None
                self.store.set_setting("source", source.name)  # for `status`
        if self._session is None and self._make_session_events is not None:
            try:
                self._session = self._make_session_events()
                if self._session is not None:
                    self._session.start(self._enqueue_session_event)
            except Exception as problem:
                log.warning("no lock/suspend notifications: %s", problem)
                self._make_session_events = None

    def _stop_source(self) -> None:
        if self._source is not None:
            try:
                self._source.stop()
            except Exception as problem:
                log.warning("stopping %s: %s", self._source.name, problem)
            self._source = None

    def _stop_sensing(self) -> None:
        for source in (self._source, self._session):
            if source is not None:
                try:
                    source.stop()
                except Exception as problem:
                    log.warning("stopping %s: %s", source.name, problem)
        if self._source is not None:
            self.store.set_setting("source", None)
        self._source = self._session = None
        self._source_problem = None
        self._source_retry_at = 0.0
        self._last_input = None

    def _source_failed(self, now: float, problem: Exception) -> None:
        """Note why there is no activity source (once), and look again in a minute."""
        if str(problem) != self._source_problem:
            log.warning("no activity source: %s", problem)
        self._source_problem = str(problem)
        self._source_retry_at = now + SOURCE_RETRY_SECONDS

    def _enqueue_session_event(self, kind: EventKind, wall: float) -> None:
        self._session_queue.put((kind, wall))  # called from the source's thread

    def _collect_events(self, now: float, monotonic: float) -> list[Event]:
        events: list[Event] = []
        while not self._session_queue.empty():
            kind, wall = self._session_queue.get_nowait()
            events.append(Event(int(wall), kind))
        jump = self._jumps.observe(now, monotonic)
        if jump is not None:
            events += [
                Event(int(jump[0]), EventKind.SUSPEND),
                Event(int(jump[1]), EventKind.RESUME),
            ]
        if self._source is not None:
            try:
                idle = self._source.seconds_since_input()
            except SensingUnavailable as problem:  # the display or the bus went away
                self._stop_source()
                self._source_failed(now, problem)
                return self._in_order(events)
            last_input = now - idle
            since = int(self.store.setting("recording_since") or now)
            if last_input >= since and (
                self._last_input is None or last_input > self._last_input + INPUT_RESOLUTION
            ):
                self._last_input = last_input
                events.append(Event(int(last_input), EventKind.INPUT))
        return self._in_order(events)

    def _in_order(self, events: list[Event]) -> list[Event]:
        floor = self.engine.state.last_event or 0
        # The engine takes events in time order; a reading a hair older than
        # the last event (clock granularity) is taken as simultaneous.
        return sorted(Event(max(e.time, floor), e.kind) for e in events)

    def _can_show(self, now: int) -> bool:
        paused_until = self.store.setting("paused_until")
        return paused_until is None or now >= int(paused_until)

    def _show(self, reminder: Reminder) -> bool:
        state = self.engine.state
        context = ReminderContext(
            stretch_minutes=(reminder.time - state.stretch_start) // 60,
            active_minutes=self.engine.active_today() // 60,
            rest_minutes=None if state.rest_before is None else state.rest_before // 60,
            min_break_minutes=self.policy.breaks.min_break_minutes,
        )
        title, body = self._reminder_text(reminder, context)
        return self.notifier.notify(title, body)

    def _keep_day(self, day: date) -> None:
        context = day_context(self.policy, day)
        spans = self.store.spans_around(context.start, context.end)
        figures = day_figures(context, spans, self.policy)
        reminders = day_reminders(
            context.start,
            context.end,
            self.store.reminders_between(context.start, context.end + FOLLOW_UP_SECONDS),
            spans,
            self.policy.breaks.min_break_minutes * 60,
            snoozed=self.store.snoozes_between(context.start, context.end),
        )
        self.store.save_day(figures, day_contribution(figures, reminders))

    def _keep_weeks(self, first_day: date, today: date, now: int) -> None:
        from agent.upload import enrollment

        joined = enrollment(self.store)
        first_monday = first_day - timedelta(days=first_day.weekday())
        kept = {w.week: w.active_minutes for w in self.store.weeks(first_monday)}
        for monday in mondays_between(first_day, today):
            week = week_context(self.policy, monday)
            if week.end > day_context(self.policy, today).start:
                break  # the current week is not complete
            if week.label in kept:
                continue
            earlier: list[int | None] = []
            for back in range(11, 0, -1):
                before = monday - timedelta(weeks=back)
                label = week_context(self.policy, before).label
                earlier.append(None if before < first_monday else kept.get(label, 0))
            spans = self.store.spans_around(week.start, week.end)
            figures = week_figures(week, spans, now, earlier)
            reported = figures
            if joined is not None and monday <= joined.since <= monday + timedelta(days=6):
                # The joining week is reported from the joining day on (MEASURES.md §8);
                # the person's own report keeps the whole week.
                joined_at = day_context(self.policy, joined.since).start
                reported = joining_week_figures(week, spans, now, joined_at)
            self.store.save_week(monday, figures, week_contribution(reported))
            kept[figures.week] = figures.active_minutes

    def _refresh(self, now: int) -> None:
        today: DayFigures | None = None
        since_break: int | None = None
        if self._mode is not None and self._mode.records:
            today = figures_of_day(self.store, self.policy, local_date(now, self.policy.timezone))
            since_break = self.engine.state.minutes_since_break(
                now, self.policy.breaks.min_break_minutes * 60
            )
        paused = self.store.setting("paused_until")
        paused_until = int(paused) if paused is not None and int(paused) > now else None
        self._snapshot = Snapshot(
            mode=self._mode,
            today=today,
            since_break_minutes=since_break,
            paused_until=paused_until,
            icon=self._icon(since_break, paused_until),
            source=self._source.name if self._source is not None else None,
            source_problem=self._source_problem,
        )

    def _icon(self, since_break: int | None, paused_until: int | None) -> IconState:
        if self._mode is None:
            return IconState.NOT_CHOSEN
        if self._mode is Mode.OFF:
            return IconState.OFF
        if paused_until is not None:
            return IconState.PAUSED
        if since_break is not None and since_break >= self.policy.breaks.every_minutes:
            return IconState.BREAK_DUE
        return IconState.RECORDING
