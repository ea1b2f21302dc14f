"""The person's participation (AGENT.md): chosen by them, never by a policy."""

from __future__ import annotations

from enum import StrEnum


class Mode(StrEnum):
    OFF = "off"
    """Nothing recorded, no reminders, nothing sent."""
    REMINDERS = "reminders"
    """Recorded locally and reminders shown; nothing sent."""
    SHARE = "share"
    """As ``reminders``, and the team contributions of MEASURES.md §8 are sent."""

    @property
    def records(self) -> bool:
        return self is not Mode.OFF


class IconState(StrEnum):
    """What the tray icon shows, most urgent first."""

    NOT_CHOSEN = "not_chosen"
    OFF = "off"
    PAUSED = "paused"
    BREAK_DUE = "break_due"
    RECORDING = "recording"
