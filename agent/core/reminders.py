"""Reminder rules (MEASURES.md §6): which reminder, if any, to show now.

The rules are judged at an input event, with what the engine knows at that
instant (the current stretch, today's active time, the day's windows). They
keep only the little state their pacing needs, in ``ReminderState``, so that
the running agent can save and restore it.

Global pacing: nothing is shown less than ``min_gap`` after the last reminder
of any kind; otherwise the due reminder of highest priority is shown. A
reminder not shown stays due and is judged again at the next evaluation by
its own rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import NamedTuple

from agent.core.localdays import DayContext
from contract.policy.model import Policy


class ReminderKind(StrEnum):
    # Declared in priority order, highest first: leaving work after hours
    # matters more than a pause, and a too-short night more than a long day.
    DISCONNECT = "disconnect"
    SHORT_REST = "short_rest"
    DAILY_LIMIT = "daily_limit"
    BREAK = "break"


class DisconnectReason(StrEnum):
    EARLY = "early"
    EVENING = "evening"
    BETWEEN_WINDOWS = "between_windows"
    NON_WORKING_DAY = "non_working_day"


class Reminder(NamedTuple):
    time: int
    kind: ReminderKind
    reason: DisconnectReason | None = None


@dataclass(slots=True)
class ReminderState:
    last_shown: int | None = None
    """When any reminder was last shown, for the global ``min_gap``."""
    break_last: int | None = None
    """The last break reminder of the current stretch."""
    break_repeats: int = 0
    """Break reminders shown in the current stretch after the first."""
    disconnect_last: int | None = None
    """The last disconnect reminder of the current after-hours episode."""
    short_rest_shown: bool = False
    """Whether today's short-rest reminder was shown (reset each day)."""
    daily_limit_shown: bool = False
    """Whether today's daily-limit reminder was shown (reset each day)."""


def disconnect_reason(day: DayContext, instant: int) -> DisconnectReason | None:
    """Why an input at ``instant`` lies outside working hours, or None inside them."""
    if not day.working_day:
        return DisconnectReason.NON_WORKING_DAY
    windows = day.working_windows
    if instant < windows[0][0]:
        return DisconnectReason.EARLY
    if instant >= windows[-1][1]:
        return DisconnectReason.EVENING
    for start, end in windows:
        if start <= instant < end:
            return None
    return DisconnectReason.BETWEEN_WINDOWS


class ReminderRules:
    """The four rules of MEASURES.md §6 and their pacing, for one policy."""

    __slots__ = (
        "_break_enabled",
        "_daily_limit",
        "_disconnect_enabled",
        "_disconnect_repeat",
        "_every",
        "_max_repeats",
        "_min_gap",
        "_repeat",
        "_short_rest_enabled",
        "state",
    )

    def __init__(self, policy: Policy, state: ReminderState | None = None) -> None:
        self.state = state if state is not None else ReminderState()
        self._break_enabled = policy.breaks.enabled
        self._every = policy.breaks.every_minutes * 60
        self._repeat = policy.breaks.repeat_minutes * 60
        self._max_repeats = policy.breaks.max_repeats
        self._disconnect_enabled = policy.disconnect.enabled
        self._disconnect_repeat = policy.disconnect.repeat_minutes * 60
        self._short_rest_enabled = policy.short_rest.enabled
        self._daily_limit = policy.daily_limit.minutes * 60 if policy.daily_limit.enabled else None
        self._min_gap = policy.reminders.min_gap_minutes * 60

    def new_day(self) -> None:
        """Forget the once-a-day reminders: called at the first input of a day."""
        self.state.short_rest_shown = False
        self.state.daily_limit_shown = False

    def new_stretch(self) -> None:
        """A break was taken: break reminders start afresh."""
        self.state.break_last = None
        self.state.break_repeats = 0

    def evaluate(
        self,
        now: int,
        day: DayContext,
        stretch_start: int,
        active_today: int,
        short_rest_due: bool,
        can_show: bool = True,
    ) -> Reminder | None:
        """The reminder to show at the input event ``now``, if any, updating the pacing state.

        ``can_show`` is False while the person has paused reminders: nothing is
        shown and every due reminder stays due.
        """
        state = self.state
        reason = disconnect_reason(day, now) if self._disconnect_enabled else None
        if reason is None:
            state.disconnect_last = None  # back within working hours: the episode is over
        if not can_show or (
            state.last_shown is not None and now - state.last_shown < self._min_gap
        ):
            return None

        if reason is not None and (
            state.disconnect_last is None or now - state.disconnect_last >= self._disconnect_repeat
        ):
            state.disconnect_last = now
            return self._shown(Reminder(now, ReminderKind.DISCONNECT, reason))
        if self._short_rest_enabled and short_rest_due and not state.short_rest_shown:
            state.short_rest_shown = True
            return self._shown(Reminder(now, ReminderKind.SHORT_REST))
        if (
            self._daily_limit is not None
            and active_today >= self._daily_limit
            and not state.daily_limit_shown
        ):
            state.daily_limit_shown = True
            return self._shown(Reminder(now, ReminderKind.DAILY_LIMIT))
        if self._break_enabled and now - stretch_start >= self._every and self._break_due(now):
            if state.break_last is not None:
                state.break_repeats += 1
            state.break_last = now
            return self._shown(Reminder(now, ReminderKind.BREAK))
        return None

    def _break_due(self, now: int) -> bool:
        last = self.state.break_last
        if last is None:
            return True
        return now - last >= self._repeat and self.state.break_repeats < self._max_repeats

    def _shown(self, reminder: Reminder) -> Reminder:
        self.state.last_shown = reminder.time
        return reminder
