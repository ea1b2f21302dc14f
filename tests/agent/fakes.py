"""Fakes for the agent runtime: a clock to step, an idle source to poke, a recording notifier."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from agent.core.reminders import Reminder
from agent.jobs import ReminderContext

PARIS = ZoneInfo("Europe/Paris")


def paris(text: str) -> float:
    return datetime.fromisoformat(text).replace(tzinfo=PARIS).timestamp()


@dataclass
class FakeClock:
    now: float
    mono: float = 1000.0

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def advance(self, seconds: float, *, asleep: bool = False) -> None:
        """Let time pass; during a suspend the monotonic clock stands still."""
        self.now += seconds
        if not asleep:
            self.mono += seconds


@dataclass
class FakeIdleSource:
    clock: FakeClock
    name: str = "fake-idle"
    last_input: float = 0.0
    started: int = 0
    stopped: int = 0

    def start(self) -> None:
        self.started += 1

    def stop(self) -> None:
        self.stopped += 1

    def seconds_since_input(self) -> float:
        return max(0.0, self.clock.time() - self.last_input)

    def touch(self) -> None:
        self.last_input = self.clock.time()


@dataclass
class RecordingNotifier:
    works: bool = True
    shown: list[tuple[str, str]] = field(default_factory=list)

    def notify(self, title: str, message: str) -> bool:
        if self.works:
            self.shown.append((title, message))
        return self.works


def plain_text(reminder: Reminder, context: ReminderContext) -> tuple[str, str]:
    reason = f" {reminder.reason.value}" if reminder.reason else ""
    return reminder.kind.value, f"{reminder.kind.value}{reason} after {context.stretch_minutes} min"
