"""The running agent's jobs: live events into the engine, reminders out, figures kept.

``Agent`` is the one place where the measuring core meets the desktop. Its
jobs (tick, roll-over, purge, upload, policy fetch) are plain methods taking
their time from an injected ``Clock``, so tests drive them with a fake clock
through the real scheduler; ``agent.scheduler`` puts them on APScheduler,
``agent.sensing.lifecycle`` starts and reads the activity sources, and
``agent.process`` wires it all to the notifier, the signals and the tray.

Threading: the scheduler's thread runs ``tick``, ``roll_over`` and
``purge``; network work (``upload``, ``sync_policy``) runs in threads of its
own; the tray (main thread) calls the ``TrayController`` methods. All hold
``self._lock`` around the store and the engine, and network work never holds
it while waiting for the aggregator: a slow or hostile server cannot stop the
ticks or the reminders. The tray reads a snapshot refreshed at each tick.
"""

from __future__ import annotations

import logging
import threading
from datetime import date, timedelta
from typing import TYPE_CHECKING

from agent.core.days import DayFigures
from agent.core.engine import ActivityEngine, EngineState
from agent.core.events import Event
from agent.core.localdays import day_context, local_date
from agent.core.reminders import Reminder
from agent.core.spans import Span
from agent.net_limits import DEFAULT_LIMITS, Limits
from agent.participation import IconState, Mode
from agent.rollover import keep_completed
from agent.sensing.clock import ClockJumpDetector
from agent.sensing.lifecycle import IdleFactory, Sensing, SessionFactory
from agent.showing import Notify, ReminderContext, ReminderText, Snapshot
from agent.store import Store, figures_of_day
from agent.store_access import AgentStopped, Clock, StoreAccess, SystemClock
from contract.policy.model import Policy

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

__all__ = [
    "TICK_SECONDS",
    "Agent",
    "AgentStopped",
    "Clock",
    "Notify",
    "ReminderContext",
    "Snapshot",
    "SystemClock",
]

log = logging.getLogger("repit.agent")

TICK_SECONDS = 5
SNOOZE_MINUTES = 10
SUSPEND_TOLERANCE_SECONDS = 2 * TICK_SECONDS  # a late tick is not a suspend


class Agent:
    def __init__(
        self,
        store: Store,
        policy: Policy,
        *,
        clock: Clock,
        idle_source: IdleFactory,
        notifier: Notify,
        reminder_text: ReminderText,
        session_events: SessionFactory | None = None,
        suspend_detector: ClockJumpDetector | None = None,
        upload_transport: httpx.BaseTransport | None = None,
        network_limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.store = store
        self.policy = policy
        self.clock = clock
        self.notifier = notifier
        self._reminder_text = reminder_text
        self._upload_transport = upload_transport
        self._network_limits = network_limits
        self._stopped = False
        jumps = suspend_detector or ClockJumpDetector(SUSPEND_TOLERANCE_SECONDS)
        self._sensing = Sensing(idle_source, session_events, jumps)
        self._lock = threading.RLock()
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
            self._save(shown)
            if self._mode is Mode.SHARE and self.policy.tools:
                from agent.tools.reminder_job import offer_if_due

                offer_if_due(
                    self.store, self.policy, int(now), self.notifier.notify, can_show=can_show
                )
            if self._today_changed(int(now)):
                self.roll_over()
            self._refresh(int(now))
            return shown

    def _save(self, shown: list[Reminder]) -> None:
        """What the tick learnt into the store; nothing at all when it learnt nothing
        (an idle tick: the same span, the same state), so that idling writes no page."""
        engine = self.engine
        learnt = (engine.current_span, engine.state)
        if shown or engine.closed or learnt != self._saved:
            self.store.save_tick(engine.closed, engine.current_span, engine.state, shown)
            engine.closed.clear()
            self._saved = (engine.current_span, engine.state.copy())  # the engine mutates its own
            self._spans_written += 1

    def roll_over(self) -> None:
        """Compute and keep the figures of every completed day and week not yet kept."""
        with self._lock:
            kept_until = keep_completed(self.store, self.policy, int(self.clock.time()))
            if kept_until is not None:
                self._kept_until = kept_until

    def upload(self) -> int:
        """In ``share`` mode once enrolled: learn the helper's key if a day has passed
        (``agent.helper_config``), queue the kept periods, send what is due."""
        from agent.helper_config import refresh_helper_config
        from agent.upload import fill_outbox, send_due

        with self._lock:
            if self._mode is not Mode.SHARE or self._stopped:
                return 0
            now = int(self.clock.time())
        try:
            refresh_helper_config(
                self.store,
                now,
                self._upload_transport,
                lock=self._store_access(),
                limits=self._network_limits,
            )
            with self._store_access():
                if self._mode is not Mode.SHARE:
                    return 0  # left share during the request: nothing is queued
                fill_outbox(self.store, now, policy=self.policy)
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
            remember(self.store, document, policy, int(self.clock.time()), today)
            if policy != self.policy:
                self.apply_policy(policy)
            return self.policy

    def next_policy_fetch(self) -> float:
        """When the policy job first runs: at once, unless the last good fetch is recent."""
        from agent.policy_sync import next_fetch

        with self._lock:
            return next_fetch(self.store, self.clock.time())

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
            self._spans_written += 1  # spans may have gone

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

    def snooze(self, minutes: int = SNOOZE_MINUTES) -> int:
        """A reminder answered "in 10 minutes": none for ``minutes``; return when they resume."""
        with self._lock:
            now = int(self.clock.time())
            return self._quiet_until(now, now + minutes * 60, counted=True)

    def take_break(self) -> int:
        """ "I'm taking a break": no reminder during the policy's minimum break.

        Not counted as a snooze: the break itself is recorded by the engine,
        from the inactivity that follows.
        """
        with self._lock:
            now = int(self.clock.time())
            until = now + self.policy.breaks.min_break_minutes * 60
            return self._quiet_until(now, until, counted=False)

    def resume_reminders(self) -> None:
        """Reminders again from now, whatever pause was under way."""
        with self._lock:
            self.store.set_setting("paused_until", None)
            self._refresh(int(self.clock.time()))

    def _quiet_until(self, now: int, until: int, *, counted: bool) -> int:
        self.store.set_setting("paused_until", str(until))
        if counted and self._mode is not None and self._mode.records:
            self.store.add_snooze(now)  # counted, as MEASURES.md §8 reminders_snoozed
        self._refresh(now)
        return until

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
    _saved: tuple[Span | None, EngineState] | None = None
    """The span and state of the last tick written: an idle tick that changes neither writes
    nothing."""
    _spans_written = 0
    """Counts the ticks written (and purges): the day's figures are kept until it moves."""
    _figures: tuple[date, int, Policy, DayFigures] | None = None
    """The day's figures as of the last computation, with the day, the count above and the
    policy (compared by identity: held here, its id cannot go to another) they were for."""

    def _today_changed(self, now: int) -> bool:
        return self._kept_until != local_date(now, self.policy.timezone)

    def _start_sensing(self, now: float) -> None:
        if self.store.setting("recording_since") is None:
            self.store.set_setting("recording_since", str(int(now)))
        started = self._sensing.start(now)
        if started is not None:
            self.store.set_setting("source", started)  # for `status`

    def _stop_sensing(self) -> None:
        if self._sensing.stop():
            self.store.set_setting("source", None)

    def _collect_events(self, now: float, monotonic: float) -> list[Event]:
        since = int(self.store.setting("recording_since") or now)
        return self._in_order(self._sensing.events(now, monotonic, since))

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

    def _refresh(self, now: int) -> None:
        today: DayFigures | None = None
        since_break: int | None = None
        if self._mode is not None and self._mode.records:
            today = self._figures_of(local_date(now, self.policy.timezone))
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
            source=self._sensing.source,
            source_problem=self._sensing.problem,
        )

    def _figures_of(self, day: date) -> DayFigures:
        """The day's figures, computed again only when a span or the policy changed since."""
        cached = self._figures
        if (
            cached is None
            or cached[:2] != (day, self._spans_written)
            or cached[2] is not self.policy
        ):
            figures = figures_of_day(self.store, self.policy, day)
            cached = self._figures = (day, self._spans_written, self.policy, figures)
        return cached[3]

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
