"""The person's participation (AGENT.md): chosen by them, never by a policy."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


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


@dataclass(frozen=True)
class PendingTeam:
    """A team joined at the leader only (SPLIT.md "Enrollment"): nothing is sent until the
    helper enrolls the device too.

    ``resumes`` says how that step goes on without a new leader code:
    ``at_start`` when the machine's configuration holds the codes (the agent
    tries again at each start), ``enroll_again`` when the person runs the same
    command again.
    """

    team: str
    resumes: Literal["at_start", "enroll_again"]


ShareDestination = tuple[str, str] | PendingTeam | None
"""Where ``share`` sends: the leader's (url, team); a ``PendingTeam`` while the helper's
step of the enrollment waits; None when the device is enrolled in no team."""


class IconState(StrEnum):
    """What the tray icon shows, most urgent first."""

    NOT_CHOSEN = "not_chosen"
    OFF = "off"
    PAUSED = "paused"
    BREAK_DUE = "break_due"
    RECORDING = "recording"
