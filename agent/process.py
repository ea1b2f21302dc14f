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
from agent.jobs import Agent, Notify, ReminderContext, SystemClock
from agent.participation import IconState, Mode, ShareDestination
from agent.paths import database_path
from agent.scheduler import build_scheduler
from agent.store import Store
from agent.texts import Language, language_of
from contract.policy.model import Policy

if TYPE_CHECKING:
    from agent.notify import AnsweringNotifier
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


class AnsweredReminders:
    """The agent's notifier, whose reminders can be answered (``agent.notify.answers``).

    Every reminder offers "Je fais une pause", "Dans 10 minutes" and "En
    réunion" (an hour's pause); the tray menu offers the same where the
    desktop shows no buttons. ``agent`` is set once the agent is built.
    """

    def __init__(self, notifier: AnsweringNotifier, language: Language) -> None:
        self.notifier = notifier
        self.language = language
        self.agent: Agent | None = None

    def notify(self, title: str, message: str) -> bool:
        from agent.notify import Answer
        from agent.texts import texts

        agent = self.agent
        if agent is None:
            return self.notifier.notify(title, message)
        words = texts(self.language)
        answers = (
            Answer("break", words.action_break, agent.take_break),
            Answer("snooze", words.action_snooze, lambda: agent.snooze()),
            Answer("meeting", words.action_meeting, lambda: agent.pause_reminders(False)),
        )
        return self.notifier.notify(title, message, answers)


def run_agent(data_dir: Path, policy: Policy, *, headless: bool, language: Language) -> int:
    """Run until a signal or the tray's "Quit"; return the exit status."""
    lock = InstanceLock(data_dir)
    try:
        lock.acquire()
    except AlreadyRunning as running:
        from agent.texts import texts

        print(texts(language).cli_already_running.format(pid=running.pid), file=sys.stderr)
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
    reminders = AnsweredReminders(notifier, language)
    agent = Agent(
        store,
        policy,
        clock=SystemClock(),
        idle_source=choose_idle_source,
        session_events=choose_session_events,
        notifier=reminders,
        reminder_text=reminder_text(language),
    )
    reminders.agent = agent
    stopping = threading.Event()
    erase = threading.Event()
    tray = None if headless else _make_tray(agent, data_dir, policy, language, stopping, erase)
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
    if erase.is_set():
        _erase(data_dir, notifier, language)
    return 0


def _erase(data_dir: Path, notifier: Notify, language: Language) -> None:
    """The tray's "Effacer mes données", once the store is closed: nothing is left open on it."""
    from agent.commands import forget_everything
    from agent.texts import texts

    forget_everything(data_dir, database_path(data_dir))
    log.info("local data erased at the person's request")
    words = texts(language)
    notifier.notify(words.erased_title, words.erased_body)


def open_folder(folder: Path) -> None:
    """Shows ``folder`` in the desktop's file manager."""
    import os
    import subprocess

    if sys.platform == "win32":
        os.startfile(folder)  # type: ignore[attr-defined]  # Windows only
        return
    opener = "open" if sys.platform == "darwin" else "xdg-open"
    try:
        opening = subprocess.Popen(
            [opener, str(folder)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # the file manager outlives the agent if need be
        )
    except OSError as error:
        log.warning("could not open the export folder: %s", error.strerror or error)
        return
    # Reaped when it ends, so that no zombie waits for the agent to exit.
    threading.Thread(target=opening.wait, name="repit-open-folder", daemon=True).start()


class TrayAdapter:
    """The agent as the tray sees it (``agent.tray.TrayController``)."""

    def __init__(
        self,
        agent: Agent,
        data_dir: Path,
        policy: Policy,
        language: Language,
        stopping: threading.Event,
        erase: threading.Event | None = None,
        export_dir: Path | None = None,
    ) -> None:
        self.agent = agent
        self.data_dir = data_dir
        self.policy = policy
        self.language: str = language
        self._stopping = stopping
        self._erase = erase or threading.Event()
        self.export_dir = export_dir
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

        snapshot = self.agent.snapshot
        return today_summary(
            self.language,
            snapshot.today,
            since_break_minutes=snapshot.since_break_minutes,
            mode=snapshot.mode,
        )

    def mode(self) -> Mode | None:
        return self.agent.snapshot.mode

    def set_mode(self, mode: Mode) -> None:
        self.agent.set_mode(mode)

    def pause_reminders(self, until_tomorrow: bool) -> None:
        self.agent.pause_reminders(until_tomorrow)

    def snooze(self) -> None:
        self.agent.snooze()

    def take_break(self) -> None:
        self.agent.take_break()

    def resume_reminders(self) -> None:
        self.agent.resume_reminders()

    def paused_until(self) -> str | None:
        from datetime import datetime

        from agent.core.localdays import local_date, zone
        from agent.texts import until_words

        until = self.agent.snapshot.paused_until
        if until is None:
            return None
        timezone = self.agent.policy.timezone
        moment = datetime.fromtimestamp(until, zone(timezone))
        today = local_date(int(self.agent.clock.time()), timezone)
        return until_words(moment, today, self.language)

    def share_destination(self) -> ShareDestination:
        from agent.enrollment import share_destination
        from agent.pending_enrollment import pending_team

        with self.agent.lock:
            return share_destination(self.agent.store) or pending_team(self.agent.store)

    def export_data(self) -> None:
        from platformdirs import user_documents_dir

        from agent.commands import export_readable

        folder = self.export_dir or Path(user_documents_dir())
        with self.agent.lock:
            path = export_readable(
                self.agent.store,
                folder,
                language_of(self.language),
                self.agent.policy.timezone,
                self.agent.clock.time(),
            )
        open_folder(path.parent)
        from agent.texts import texts

        words = texts(self.language)
        body = words.exported_body.format(name=path.name, folder=path.parent)
        self.agent.notifier.notify(words.exported_title, body)

    def erase_data(self) -> None:
        """Stops the agent, which erases everything once its store is closed."""
        self._erase.set()
        self.quit()

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

        # The policy in force: the team's, synced from the aggregator.
        notice = write_notice(self.language, self.data_dir, self.agent.policy)
        webbrowser.open(notice.as_uri())

    def open_tool_window(self) -> None:
        from agent.tools.launch import open_tool_window

        open_tool_window(self.data_dir, self.agent.policy, self.language)

    def quit(self) -> None:
        self._stopping.set()
        self.on_quit()


def _make_tray(
    agent: Agent,
    data_dir: Path,
    policy: Policy,
    language: Language,
    stopping: threading.Event,
    erase: threading.Event,
) -> Tray | None:
    """The tray, or None (and a headless agent) when no tray works on this desktop."""
    from agent.tray import Tray, TrayUnavailable

    adapter = TrayAdapter(agent, data_dir, policy, language, stopping, erase)
    try:
        tray = Tray(adapter)
    except TrayUnavailable as problem:
        log.warning("no tray icon, running without it: %s", problem)
        return None
    adapter.on_quit = tray.stop
    return tray
