"""What the tray asks of the running agent: ``TrayController``.

The agent's side (``agent.process``) implements it; its methods run in the
tray's GUI loop or in the scheduler's thread (``agent.tray.tray``'s notes on
threads), so they must be thread-safe and quick.
"""

from __future__ import annotations

from typing import Protocol

from agent.participation import IconState, Mode, ShareDestination


class TrayController(Protocol):
    """What the tray asks of the running agent."""

    language: str
    """"fr" or "en"."""

    def icon_state(self) -> IconState: ...

    def tooltip(self) -> str:
        """Today's screen time and the time since the last break, already localised."""
        ...

    def today_summary(self) -> str:
        """Today's figures, several lines, for the "today's figures" item."""
        ...

    def mode(self) -> Mode | None: ...

    def set_mode(self, mode: Mode) -> None: ...

    def take_break(self) -> None:
        """ "Je fais une pause": no reminder during the minimum break."""
        ...

    def snooze(self) -> None:
        """ "Dans 10 minutes": no reminder for 10 minutes."""
        ...

    def pause_reminders(self, until_tomorrow: bool) -> None:
        """Pauses reminders until tomorrow, or for 1 hour ("En réunion") when False."""
        ...

    def resume_reminders(self) -> None: ...

    def paused_until(self) -> str | None:
        """Until when reminders are paused, in words ("22 h 03"); None when they are not."""
        ...

    def share_destination(self) -> ShareDestination:
        """Where ``share`` would send: (aggregator's address, team); a ``PendingTeam`` while
        the helper's step of the enrollment waits; None when not enrolled."""
        ...

    def export_data(self) -> None:
        """Writes the person's data as a readable page and opens its folder."""
        ...

    def erase_data(self) -> None:
        """Erases all local data (the agent stops, then erases)."""
        ...

    def open_report(self) -> None: ...

    def open_privacy_notice(self) -> None: ...

    def open_tool_window(self) -> None:
        """Opens "Mon avis sur les outils" (TOOLS.md); offered in ``share`` mode only."""
        ...

    def quit(self) -> None:
        """Stops the agent; the tray stops itself right after."""
        ...
