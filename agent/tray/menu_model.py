"""The tray's menu: what it offers, in which words, and when each item shows.

One model (pystray ``Menu`` / ``MenuItem``) for every backend: pystray's draw
it, the light one (``agent.tray.xembed``) reads it (``menu_rows``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final

from agent.participation import IconState, Mode, ShareDestination
from agent.texts import mode_with_detail, nothing_sent_note, share_explanation, texts
from agent.tools.wording import tool_words
from agent.tray.controller import TrayController

MODES_IN_MENU: Final = (Mode.OFF, Mode.REMINDERS, Mode.SHARE)
SHARE_LINES: Final = 5
"""The most lines ``share_explanation`` gives (not enrolled: question, what, values, two)."""

Action = Callable[[str, Callable[[], None]], Callable[[Any, Any], None]]
"""Makes a menu callback of a named action."""


@dataclass(frozen=True, slots=True)
class Shown:
    """What the icon shows now; the menu is rebuilt only when its part changes."""

    language: str
    state: IconState
    tooltip: str
    mode: Mode | None
    paused_until: str | None
    destination: ShareDestination

    @property
    def menu_key(self) -> tuple[object, ...]:
        return (self.language, self.mode, self.paused_until, self.destination)


def build_menu(
    pystray: Any,
    controller: TrayController,
    shown: Callable[[], Shown],
    action: Action,
    *,
    show_today: Callable[[], None],
    quit_agent: Callable[[], None],
) -> Any:
    """The menu model: pystray ``Menu``/``MenuItem`` s whose texts and states are read
    from ``shown()`` each time the menu is drawn, so the model never changes shape.

    ``action`` wraps each of the controller's actions (``Tray`` logs their
    errors and refreshes the icon after them).

    A choice that cannot be undone, or that sends data, opens a submenu
    that says what it does, then "Oui" / "Non": any backend shows it.
    """
    item, menu = pystray.MenuItem, pystray.Menu

    def words() -> Any:
        return texts(shown().language)

    def text(key: str) -> Callable[[Any], str]:
        return lambda _item: str(getattr(words(), key))

    def records(_item: Any) -> bool:
        mode = shown().mode
        return mode is not None and mode.records

    def reminders_on(_item: Any) -> bool:
        return records(_item) and shown().paused_until is None

    def paused(_item: Any) -> bool:
        return records(_item) and shown().paused_until is not None

    def paused_label(_item: Any) -> str:
        return str(words().menu_paused.format(until=shown().paused_until or ""))

    def note(text: Callable[[Any], str], visible: Callable[[Any], bool] | bool = True) -> Any:
        """A line of explanation: shown, not clickable."""
        return item(text, None, enabled=False, visible=visible)

    def mode_item(mode: Mode) -> Any:
        return item(
            lambda _item: mode_with_detail(mode, shown().language),
            action(f"set_mode({mode})", lambda: controller.set_mode(mode)),
            checked=lambda _item: shown().mode is mode,
            radio=True,
            visible=mode is not Mode.SHARE or (lambda _item: shown().mode is Mode.SHARE),
        )

    def share_line(index: int) -> Any:
        def text(_item: Any) -> str:
            lines = share_explanation(shown().destination, shown().language)
            return lines[index] if index < len(lines) else ""

        def has_line(_item: Any) -> bool:
            return index < len(share_explanation(shown().destination, shown().language))

        return note(text, has_line)

    confirm_share = item(
        lambda _item: mode_with_detail(Mode.SHARE, shown().language) + "…",
        menu(
            *map(share_line, range(SHARE_LINES)),
            menu.SEPARATOR,
            item(
                lambda _item: words().share_yes,
                action("set_mode(share)", lambda: controller.set_mode(Mode.SHARE)),
            ),
            item(lambda _item: words().share_no, action("keep mode", lambda: None)),
        ),
        visible=lambda _item: shown().mode is not Mode.SHARE,
    )
    erase = item(
        text("menu_erase"),
        menu(
            note(lambda _item: words().erase_what),
            note(lambda _item: words().erase_what_then),
            note(lambda _item: words().erase_stops),
            menu.SEPARATOR,
            item(lambda _item: words().erase_yes, action("erase", controller.erase_data)),
            item(lambda _item: words().erase_no, action("keep data", lambda: None)),
        ),
    )
    return menu(
        item(
            text("menu_today"),
            action("today", show_today),
            default=True,  # a left click on the icon shows today's figures
        ),
        item(
            text("action_break"),
            action("take_break", controller.take_break),
            visible=records,
            enabled=reminders_on,
        ),
        item(
            text("menu_pause"),
            menu(
                item(
                    text("action_snooze"),
                    action("snooze", controller.snooze),
                ),
                item(
                    text("menu_meeting"),
                    action("pause", lambda: controller.pause_reminders(False)),
                ),
                item(
                    text("menu_pause_tomorrow"),
                    action("pause", lambda: controller.pause_reminders(True)),
                ),
            ),
            enabled=records,
            visible=lambda _item: not paused(_item),
        ),
        note(paused_label, paused),
        item(
            text("menu_resume"),
            action("resume", controller.resume_reminders),
            visible=paused,
        ),
        item(
            text("menu_participation"),
            menu(
                *map(mode_item, MODES_IN_MENU),
                confirm_share,
                note(
                    lambda _item: nothing_sent_note(shown().destination, shown().language) or "",
                    lambda _item: (
                        shown().mode is Mode.SHARE
                        and nothing_sent_note(shown().destination, shown().language) is not None
                    ),
                ),
            ),
        ),
        menu.SEPARATOR,
        item(text("menu_report"), action("report", controller.open_report)),
        item(text("menu_export"), action("export", controller.export_data)),
        erase,
        item(
            lambda _item: tool_words(shown().language).menu_item,
            action("tools", controller.open_tool_window),
            enabled=lambda _item: shown().mode is Mode.SHARE,
        ),
        item(
            text("menu_privacy"),
            action("privacy", controller.open_privacy_notice),
        ),
        menu.SEPARATOR,
        item(text("menu_quit"), action("quit", quit_agent)),
    )
