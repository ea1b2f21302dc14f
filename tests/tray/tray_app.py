"""A tray on a fake controller, run as its own process by the desktop tests.

GTK wants the main thread of its process, so the tests run this script with
the private desktop's environment. Every controller call is appended to a
file as one JSON line; the test reads it.

    python -m tests.tray.tray_app CALLS.jsonl [--language fr|en] [--mode off|reminders|share]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
from pathlib import Path

from agent.participation import IconState, Mode
from agent.texts import today_summary, tooltip
from agent.tray import Tray
from tests.texts.test_catalogue import a_morning_at_the_screen

TODAY = a_morning_at_the_screen()


class RecordingController:
    """A ``TrayController`` that writes each call to ``calls`` and keeps a little state."""

    def __init__(self, calls: Path, language: str, mode: Mode | None) -> None:
        self.language = language
        self._calls = calls
        self._mode = mode
        self._paused = False
        self._lock = threading.Lock()
        self.tray: Tray | None = None

    def _record(self, name: str, *args: object) -> None:
        with self._lock, self._calls.open("a", encoding="utf-8") as file:
            file.write(json.dumps({"call": name, "args": [str(arg) for arg in args]}) + "\n")

    def icon_state(self) -> IconState:
        if self._mode is None:
            return IconState.NOT_CHOSEN
        if self._mode is Mode.OFF:
            return IconState.OFF
        return IconState.PAUSED if self._paused else IconState.RECORDING

    def tooltip(self) -> str:
        return tooltip(self.language, active_minutes=192, since_break_minutes=42, mode=self._mode)

    def today_summary(self) -> str:
        return today_summary(self.language, TODAY, since_break_minutes=42, reminders=1)

    def mode(self) -> Mode | None:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        self._record("set_mode", mode.value)
        self._mode = mode

    def pause_reminders(self, until_tomorrow: bool) -> None:
        self._record("pause_reminders", until_tomorrow)
        self._paused = True

    def take_break(self) -> None:
        self._record("take_break")

    def snooze(self) -> None:
        self._record("snooze")
        self._paused = True

    def resume_reminders(self) -> None:
        self._record("resume_reminders")
        self._paused = False

    def paused_until(self) -> str | None:
        return "jusqu’à 22\u00a0h\u00a003" if self._paused else None

    def share_destination(self) -> tuple[str, str] | None:
        return None  # enrolled nowhere: the confirmation says that nothing will be sent

    def export_data(self) -> None:
        self._record("export_data")

    def erase_data(self) -> None:
        self._record("erase_data")

    def open_report(self) -> None:
        self._record("open_report")

    def open_privacy_notice(self) -> None:
        self._record("open_privacy_notice")

    def open_tool_window(self) -> None:
        self._record("open_tool_window")

    def quit(self) -> None:
        self._record("quit")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("calls", type=Path)
    parser.add_argument("--language", default="fr")
    parser.add_argument("--mode", choices=[mode.value for mode in Mode])
    parser.add_argument("--backend")
    arguments = parser.parse_args()
    mode = Mode(arguments.mode) if arguments.mode else None
    controller = RecordingController(arguments.calls, arguments.language, mode)
    tray = Tray(controller, backend=arguments.backend)

    def stop_when_stdin_closes() -> None:
        # The test closes our stdin to stop us; that also ends us if the test dies.
        # os.read, not sys.stdin: a thread blocked inside a buffered reader
        # makes the interpreter abort at exit.
        while os.read(sys.stdin.fileno(), 4096):
            pass
        tray.stop()

    threading.Thread(target=stop_when_stdin_closes, daemon=True).start()
    controller._record("started", tray.backend)
    tray.run()
    controller._record("stopped")


if __name__ == "__main__":
    main()
