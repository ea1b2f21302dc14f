"""The tray icon and its menu, on pystray.

Threads: ``Tray.run()`` runs the GUI loop and must be called from the main
thread of the process (GTK and macOS require it); it returns after ``stop()``.
``refresh()`` and ``stop()`` may be called from any thread: the agent calls
``refresh()`` at every tick from its scheduler thread. The controller's
actions (``set_mode``, ``take_break``, ``snooze``, ``pause_reminders``,
``resume_reminders``, ``export_data``, ``erase_data``, ``open_report``,
``open_privacy_notice``, ``quit``) are called from the GUI thread, its getters
from whichever thread calls ``refresh()`` (the GUI thread too, right after an
action, so that check marks follow at once): the controller must be
thread-safe and its methods quick (they run in the GUI loop).

The backend is chosen in ``backends`` (``icon_class``), the menu built in
``menu_model``, the controller's interface is in ``controller``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any, Final

from agent.notify import Notifier, default_notifier
from agent.participation import IconState
from agent.texts import APP_NAME, texts
from agent.tray.backends import (
    BACKEND_MODULES,
    LINUX_BACKENDS,
    STATUS_NOTIFIER_WATCHER,
    WITH_STATUS_NOTIFIER_WATCHER,
    TrayUnavailable,
    icon_class,
    status_notifier_watcher_runs,
)
from agent.tray.controller import TrayController
from agent.tray.menu_model import MODES_IN_MENU, SHARE_LINES, Shown, build_menu
from agent.tray.pystray_model import pystray_module

__all__ = [
    "BACKEND_MODULES",
    "ICON_NAME",
    "LINUX_BACKENDS",
    "MODES_IN_MENU",
    "SHARE_LINES",
    "STATUS_NOTIFIER_WATCHER",
    "WITH_STATUS_NOTIFIER_WATCHER",
    "Tray",
    "TrayController",
    "TrayUnavailable",
    "icon_class",
    "status_notifier_watcher_runs",
]

log = logging.getLogger("repit.tray")

ICON_NAME: Final = "repit"


def _state_itself(state: IconState, _size: int) -> IconState:
    return state


def _drawn(state: IconState, size: int) -> Any:
    from agent.tray.icons import draw_icon

    return draw_icon(state, size)


def _name_the_gtk_program() -> None:
    """Names the windows GTK creates (icon, menus) "repit" / "Répit", not after the script."""
    from gi.repository import GLib

    if GLib.get_prgname() != ICON_NAME:
        GLib.set_prgname(ICON_NAME)
        GLib.set_application_name(APP_NAME)


class Tray:
    """The Répit icon in the system tray, with its menu; see the module's notes on threads."""

    def __init__(
        self,
        controller: TrayController,
        *,
        notifier: Notifier | None = None,
        backend: str | None = None,
        icon_size: int = 64,
    ) -> None:
        self._controller = controller
        self._notifier = notifier
        self._icon_size = icon_size
        self._lock = threading.RLock()
        self._stopped = False
        self._shown = self._read()
        backend_icon = icon_class(backend)  # raises TrayUnavailable first: no pystray, no tray
        if str(backend_icon.__module__) in {"pystray._appindicator", "pystray._gtk"}:
            _name_the_gtk_program()
        # The light tray shows the state from pixels it keeps (agent.tray.icon_cache);
        # pystray's backends take an image drawn with Pillow.
        light = str(backend_icon.__module__) == "agent.tray.xembed"
        self._picture: Callable[[IconState, int], Any] = _state_itself if light else _drawn
        self._pystray = pystray_module()
        self.icon: Any = backend_icon(
            ICON_NAME,
            icon=self._picture(self._shown.state, icon_size),
            title=self._shown.tooltip,
            menu=build_menu(
                self._pystray,
                controller,
                lambda: self._shown,
                self._action,
                show_today=self._show_today,
                quit_agent=self._quit,
            ),
        )

    @property
    def backend(self) -> str:
        """The backend in use: "xembed", "appindicator", "gtk", "win32", "darwin"..."""
        return str(type(self.icon).__module__).rsplit(".", 1)[-1].lstrip("_")

    def run(self) -> None:
        """Shows the icon and runs the GUI loop until ``stop()``; main thread only."""
        if threading.current_thread() is not threading.main_thread():
            raise RuntimeError("Tray.run() must be called from the main thread")
        if self._stopped:
            return
        self.icon.run(setup=self._setup)

    def stop(self) -> None:
        """Hides the icon and ends ``run()``; from any thread, any number of times."""
        with self._lock:
            self._stopped = True
        self.icon.stop()

    def refresh(self) -> None:
        """Brings the icon, tooltip and menu in line with the controller; from any thread."""
        with self._lock:
            before, now = self._shown, self._read()
            self._shown = now
            if now.state is not before.state:
                self.icon.icon = self._picture(now.state, self._icon_size)
            if now.tooltip != before.tooltip:
                self.icon.title = now.tooltip
                self._set_tooltip(now.tooltip)
            if now.menu_key != before.menu_key and self.icon.visible:
                self.icon.update_menu()

    # Inside.

    def _read(self) -> Shown:
        controller = self._controller
        return Shown(
            language=controller.language,
            state=controller.icon_state(),
            tooltip=controller.tooltip(),
            mode=controller.mode(),
            paused_until=controller.paused_until(),
            destination=controller.share_destination(),
        )

    def _setup(self, icon: Any) -> None:
        """Runs once the GUI loop is ready, in a thread of pystray's."""
        icon.visible = True
        self._set_tooltip(self._shown.tooltip)
        if self._stopped:  # stop() came while run() was starting: it found nothing to stop
            icon.stop()

    def _set_tooltip(self, text: str) -> None:
        """The gtk backend shows ``title`` nowhere: give its status icon a real tooltip."""
        status_icon = getattr(self.icon, "_status_icon", None)
        if status_icon is None:
            return
        from gi.repository import GLib

        def apply() -> bool:
            status_icon.set_tooltip_text(text)
            return False

        GLib.idle_add(apply)

    def _action(self, name: str, act: Callable[[], None]) -> Callable[[Any, Any], None]:
        """A menu action: the controller's errors are logged, never raised into the GUI loop."""

        def run(_icon: Any, _item: Any) -> None:
            try:
                act()
            except Exception:  # an error must not unwind into the GUI toolkit's loop
                log.exception("the tray's %s action failed", name)
            if not self._stopped:
                self.refresh()

        return run

    def _show_today(self) -> None:
        if self._notifier is None:
            self._notifier = default_notifier()
        title = texts(self._shown.language).today_title
        self._notifier.notify(title, self._controller.today_summary())

    def _quit(self) -> None:
        try:
            self._controller.quit()
        finally:
            self.stop()
