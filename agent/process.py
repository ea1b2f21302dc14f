"""``repit-agent run``: the agent's process, its signals and its tray.

One agent per data folder (``agent.instance``). The process builds the
``Agent`` (``agent.jobs``), puts its jobs on the scheduler
(``agent.scheduler``) and then waits for a signal (headless) or runs the
tray's GUI loop in the main thread. SIGTERM, SIGINT and the tray's "Quit" all
end in the same clean shutdown: the scheduler finishes the local job under
way, the sources stop, the database closes, the single-instance lock is
released; network work under way is left to end by its deadline.
"""

from __future__ import annotations

import logging
import signal
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING

from agent.core.reminders import Reminder
from agent.instance import AlreadyRunning, InstanceLock
from agent.jobs import Agent, ReminderContext, SystemClock
from agent.participation import IconState, Mode
from agent.paths import database_path
from agent.scheduler import build_scheduler
from agent.store import Store
from agent.texts import Language, language_of
from contract.policy.model import Policy

if TYPE_CHECKING:
    from agent.tray import Tray

log = logging.getLogger("repit.agent")


def reminder_text(language: Language) -> Callable[[Reminder, ReminderContext], tuple[str, str]]:
    from agent.texts import reminder_message

    def text(reminder: Reminder, context: ReminderContext) -> tuple[str, str]:
        return reminder_message(
            reminder.kind,
            language,
            reason=reminder.reason,
            stretch_minutes=context.stretch_minutes,
            min_break_minutes=context.min_break_minutes,
            rest_minutes=context.rest_minutes,
            active_minutes=context.active_minutes,
        )

    return text


def run_agent(data_dir: Path, policy: Policy, *, headless: bool, language: Language) -> int:
    """Run until a signal or the tray's "Quit"; return the exit status."""
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyRunning as running:
        print(f"repit-agent: {running}; nothing to do.", file=sys.stderr)
        return 0
    try:
        return _run_locked(data_dir, policy, headless=headless, language=language)
    finally:
        lock.release()


def _run_locked(data_dir: Path, policy: Policy, *, headless: bool, language: Language) -> int:
    from agent.holiday_cache import keep_known_holidays, load_known_holidays
    from agent.machine_config import enroll_from_machine_config
    from agent.notify import default_notifier
    from agent.policy_sync import effective_policy
    from agent.sensing import choose_idle_source, choose_session_events
    from agent.texts import consent_prompt

    load_known_holidays(data_dir)  # no `holidays` import for the years computed before
    store = Store.open(database_path(data_dir))
    enroll_from_machine_config(store)
    policy = effective_policy(store, policy)  # the aggregator's last good one wins
    notifier = default_notifier()
    agent = Agent(
        store,
        policy,
        clock=SystemClock(),
        idle_source=choose_idle_source,
        session_events=choose_session_events,
        notifier=notifier,
        reminder_text=reminder_text(language),
    )
    stopping = threading.Event()
    tray = None if headless else _make_tray(agent, data_dir, policy, language, stopping)
    scheduler = build_scheduler(agent, policy, tray.refresh if tray is not None else lambda: None)

    def on_signal(number: int, frame: FrameType | None) -> None:
        stopping.set()
        if tray is not None:
            tray.stop()

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    try:
        if agent.snapshot.mode is None:
            notifier.notify(*consent_prompt(language))
        agent.roll_over()
        agent.purge()
        keep_known_holidays(data_dir)
        scheduler.start()
        log.info("agent started (policy %s)", policy.id)
        if tray is not None:
            tray.run()  # returns once stopped
        else:
            stopping.wait()
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        if scheduler.running:
            scheduler.shutdown(wait=True)
        agent.stop()
        store.close()
        keep_known_holidays(data_dir)  # a year first seen while running
        log.info("agent stopped")
    return 0


class TrayAdapter:
    """The agent as the tray sees it (``agent.tray.TrayController``)."""

    def __init__(
        self,
        agent: Agent,
        data_dir: Path,
        policy: Policy,
        language: Language,
        stopping: threading.Event,
    ) -> None:
        self.agent = agent
        self.data_dir = data_dir
        self.policy = policy
        self.language: str = language
        self._stopping = stopping
        self.on_quit: Callable[[], None] = lambda: None

    def icon_state(self) -> IconState:
        return self.agent.snapshot.icon

    def tooltip(self) -> str:
        from agent.texts import tooltip

        snapshot = self.agent.snapshot
        active = snapshot.today.active_minutes if snapshot.today is not None else None
        return tooltip(
            self.language,
            active_minutes=active,
            since_break_minutes=snapshot.since_break_minutes,
            mode=snapshot.mode,
        )

    def today_summary(self) -> str:
        from agent.texts import today_summary

        return today_summary(self.language, self.agent.snapshot.today)

    def mode(self) -> Mode | None:
        return self.agent.snapshot.mode

    def set_mode(self, mode: Mode) -> None:
        self.agent.set_mode(mode)

    def pause_reminders(self, until_tomorrow: bool) -> None:
        self.agent.pause_reminders(until_tomorrow)

    def reminders_paused(self) -> bool:
        return self.agent.snapshot.paused_until is not None

    def open_report(self) -> None:
        from agent.commands import write_report

        with self.agent.lock:  # the tick thread shares the store
            path = write_report(
                self.agent.store,
                self.agent.policy,
                language_of(self.language),
                self.data_dir / "report.html",
                now=self.agent.clock.time(),
            )
        import webbrowser

        webbrowser.open(path.as_uri())

    def open_privacy_notice(self) -> None:
        import webbrowser

        from agent.privacy import write_notice

        webbrowser.open(write_notice(self.language, self.data_dir).as_uri())

    def quit(self) -> None:
        self._stopping.set()
        self.on_quit()


def _make_tray(
    agent: Agent, data_dir: Path, policy: Policy, language: Language, stopping: threading.Event
) -> Tray | None:
    """The tray, or None (and a headless agent) when no tray works on this desktop."""
    from agent.tray import Tray, TrayUnavailable

    adapter = TrayAdapter(agent, data_dir, policy, language, stopping)
    try:
        tray = Tray(adapter)
    except TrayUnavailable as problem:
        log.warning("no tray icon, running without it: %s", problem)
        return None
    adapter.on_quit = tray.stop
    return tray
