"""What the running agent shows: the notifier it calls, what a reminder's text may
say, and the snapshot the tray and ``status`` read after each tick."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from agent.core.days import DayFigures
from agent.core.reminders import Reminder
from agent.participation import IconState, Mode


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
