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

Backends on Linux: ``xembed`` (``agent.tray.xembed``: an XEmbed icon on
python-xlib with menus of its own, no GTK: the running agent with its tray
peaks near 38 MiB instead of 147, bench/footprint.py), unless a
StatusNotifierWatcher runs on the session bus (KDE, GNOME's AppIndicator
extension...), where pystray's ``appindicator`` comes first
(a StatusNotifierItem); then ``appindicator`` (an XEmbed icon when no
watcher runs) and ``gtk`` (XEmbed) as fallbacks where the light one cannot
start (no X display). All dock in XEmbed trays and have working menus.
pystray's ``xorg`` backend is not used on its own accord: it has no menu (its
window does not ask for button presses) and loses its dock in a start-up race
(shared/TESTING.md); without X nor GTK the agent runs without a tray
(``TrayUnavailable``). ``PYSTRAY_BACKEND`` or the ``backend`` argument still
forces a backend (``xembed`` or one of pystray's).
"""

from __future__ import annotations

import contextlib
import importlib
import logging
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Protocol

from agent.notify import Notifier, default_notifier
from agent.participation import IconState, Mode
from agent.texts import APP_NAME, mode_with_detail, share_explanation, texts
from agent.tools.wording import tool_words
from agent.tray.pystray_model import pystray_module

log = logging.getLogger("repit.tray")

ICON_NAME: Final = "repit"
LINUX_BACKENDS: Final = ("xembed", "appindicator", "gtk")
WITH_STATUS_NOTIFIER_WATCHER: Final = ("appindicator", "xembed", "gtk")
STATUS_NOTIFIER_WATCHER: Final = "org.kde.StatusNotifierWatcher"
BACKEND_MODULES: Final = {"xembed": "agent.tray.xembed"}
"""Backends of ours; any other name is one of pystray's (``pystray._NAME``)."""
WATCHER_QUESTION_SECONDS: Final = 2.0
MODES_IN_MENU: Final = (Mode.OFF, Mode.REMINDERS, Mode.SHARE)
SHARE_LINES: Final = 5
"""The most lines ``share_explanation`` gives (not enrolled: question, what, values, two)."""


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

    def share_destination(self) -> tuple[str, str] | None:
        """Where ``share`` would send: (aggregator's address, team); None when not enrolled."""
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


class TrayUnavailable(RuntimeError):
    """No tray backend works here (no display, no GTK): run without a tray."""


@dataclass(frozen=True, slots=True)
class _Shown:
    """What the icon shows now; the menu is rebuilt only when its part changes."""

    language: str
    state: IconState
    tooltip: str
    mode: Mode | None
    paused_until: str | None
    destination: tuple[str, str] | None

    @property
    def menu_key(self) -> tuple[object, ...]:
        return (self.language, self.mode, self.paused_until, self.destination)


def icon_class(backend: str | None = None, platform: str = sys.platform) -> Any:
    """pystray's ``Icon`` class of ``backend``, or of the preferred backend that works here.

    Raises ``TrayUnavailable`` when none does. ``PYSTRAY_BACKEND`` is honoured
    when ``backend`` is None.
    """
    requested = backend or os.environ.get("PYSTRAY_BACKEND") or None
    try:
        # pystray picks a backend when imported (its dummy one on Linux, see
        # agent.tray.pystray_model), so any error at all means "no tray here".
        pystray = pystray_module(platform)
    except Exception as error:
        raise TrayUnavailable(f"no tray backend: {error}") from error
    if requested is not None:
        candidates: tuple[str, ...] = (requested,)
    elif platform.startswith("linux") or "bsd" in platform:
        candidates = (
            WITH_STATUS_NOTIFIER_WATCHER if status_notifier_watcher_runs() else LINUX_BACKENDS
        )
    else:
        return pystray.Icon
    errors = []
    for name in candidates:
        module = BACKEND_MODULES.get(name, f"pystray._{name}")
        try:
            return _without_pystray_notifications(importlib.import_module(module).Icon)
        except Exception as error:  # each backend imports its own toolkit: any error, next one
            errors.append(f"{name}: {error}")
    raise TrayUnavailable("no tray backend: " + "; ".join(errors))


def status_notifier_watcher_runs() -> bool:
    """Whether the session bus has a StatusNotifierWatcher (tray icons over D-Bus)."""
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        return False
    try:
        from jeepney import DBusAddress, new_method_call
        from jeepney.io.blocking import open_dbus_connection

        bus = DBusAddress("/org/freedesktop/DBus", "org.freedesktop.DBus", "org.freedesktop.DBus")
        with open_dbus_connection(bus="SESSION") as connection:
            question = new_method_call(bus, "NameHasOwner", "s", (STATUS_NOTIFIER_WATCHER,))
            reply = connection.send_and_get_reply(question, timeout=WATCHER_QUESTION_SECONDS)
        return bool(reply.body[0])
    except Exception:  # no bus, a bus that does not answer: no watcher to count on
        return False


class _NoNotifications:
    """Stands in for pystray's own D-Bus notifier, which the agent does not use."""

    def notify(self, *_args: object) -> None:
        return None

    def hide(self) -> None:
        return None


def _without_pystray_notifications(base: Any) -> Any:
    """``base``, except that the GTK backends no longer connect to a notification daemon.

    pystray's GTK backends (0.19) open a proxy to org.freedesktop.Notifications
    when the loop starts, which D-Bus-activates a daemon, and the tray dies when
    that fails (no daemon, or one that cannot start). Notifications go through
    ``agent.notify``; the tray must work without any.
    """
    if not hasattr(base, "_initialize"):
        return base

    class Icon(base):  # type: ignore[misc]
        def _initialize(self) -> None:
            # pystray's GtkIcon._initialize, less the notifier. Like pystray, let
            # Ctrl+C end a process blocked in the GTK loop, where a KeyboardInterrupt
            # would be swallowed; unlike it, keep a SIGINT handler the agent installed.
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
                with contextlib.suppress(ValueError):  # not the main thread
                    signal.signal(signal.SIGINT, signal.SIG_DFL)
            self._notifier = _NoNotifications()
            self._mark_ready()

    Icon.__module__ = base.__module__
    Icon.__qualname__ = f"{base.__qualname__}WithoutNotifications"
    return Icon


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
            menu=self._build_menu(),
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

    def _read(self) -> _Shown:
        controller = self._controller
        return _Shown(
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

    def _text(self, key: str) -> Callable[[Any], str]:
        return lambda _item: str(getattr(texts(self._shown.language), key))

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

    def _build_menu(self) -> Any:
        """The menu model: pystray ``Menu``/``MenuItem`` s whose texts and states are read
        from ``self._shown`` each time the menu is drawn, so the model never changes shape.

        A choice that cannot be undone, or that sends data, opens a submenu
        that says what it does, then "Oui" / "Non": any backend shows it.
        """
        pystray = self._pystray
        item, menu = pystray.MenuItem, pystray.Menu
        controller = self._controller

        def words() -> Any:
            return texts(self._shown.language)

        def records(_item: Any) -> bool:
            return self._shown.mode is not None and self._shown.mode.records

        def reminders_on(_item: Any) -> bool:
            return records(_item) and self._shown.paused_until is None

        def paused(_item: Any) -> bool:
            return records(_item) and self._shown.paused_until is not None

        def paused_label(_item: Any) -> str:
            return str(words().menu_paused.format(until=self._shown.paused_until or ""))

        def note(text: Callable[[Any], str], visible: Callable[[Any], bool] | bool = True) -> Any:
            """A line of explanation: shown, not clickable."""
            return item(text, None, enabled=False, visible=visible)

        def mode_item(mode: Mode) -> Any:
            return item(
                lambda _item: mode_with_detail(mode, self._shown.language),
                self._action(f"set_mode({mode})", lambda: controller.set_mode(mode)),
                checked=lambda _item: self._shown.mode is mode,
                radio=True,
                visible=mode is not Mode.SHARE or (lambda _item: self._shown.mode is Mode.SHARE),
            )

        def share_line(index: int) -> Any:
            def text(_item: Any) -> str:
                lines = share_explanation(self._shown.destination, self._shown.language)
                return lines[index] if index < len(lines) else ""

            def shown(_item: Any) -> bool:
                return index < len(share_explanation(self._shown.destination, self._shown.language))

            return note(text, shown)

        confirm_share = item(
            lambda _item: mode_with_detail(Mode.SHARE, self._shown.language) + "…",
            menu(
                *map(share_line, range(SHARE_LINES)),
                menu.SEPARATOR,
                item(
                    lambda _item: words().share_yes,
                    self._action("set_mode(share)", lambda: controller.set_mode(Mode.SHARE)),
                ),
                item(lambda _item: words().share_no, self._action("keep mode", lambda: None)),
            ),
            visible=lambda _item: self._shown.mode is not Mode.SHARE,
        )
        erase = item(
            self._text("menu_erase"),
            menu(
                note(lambda _item: words().erase_what),
                note(lambda _item: words().erase_what_then),
                note(lambda _item: words().erase_stops),
                menu.SEPARATOR,
                item(lambda _item: words().erase_yes, self._action("erase", controller.erase_data)),
                item(lambda _item: words().erase_no, self._action("keep data", lambda: None)),
            ),
        )
        return menu(
            item(
                self._text("menu_today"),
                self._action("today", self._show_today),
                default=True,  # a left click on the icon shows today's figures
            ),
            item(
                self._text("action_break"),
                self._action("take_break", controller.take_break),
                visible=records,
                enabled=reminders_on,
            ),
            item(
                self._text("menu_pause"),
                menu(
                    item(
                        self._text("action_snooze"),
                        self._action("snooze", controller.snooze),
                    ),
                    item(
                        self._text("menu_meeting"),
                        self._action("pause", lambda: controller.pause_reminders(False)),
                    ),
                    item(
                        self._text("menu_pause_tomorrow"),
                        self._action("pause", lambda: controller.pause_reminders(True)),
                    ),
                ),
                enabled=records,
                visible=lambda _item: not paused(_item),
            ),
            note(paused_label, paused),
            item(
                self._text("menu_resume"),
                self._action("resume", controller.resume_reminders),
                visible=paused,
            ),
            item(
                self._text("menu_participation"),
                menu(
                    *map(mode_item, MODES_IN_MENU),
                    confirm_share,
                    note(
                        lambda _item: words().share_nothing_sent,
                        lambda _item: (
                            self._shown.mode is Mode.SHARE and self._shown.destination is None
                        ),
                    ),
                ),
            ),
            menu.SEPARATOR,
            item(self._text("menu_report"), self._action("report", controller.open_report)),
            item(self._text("menu_export"), self._action("export", controller.export_data)),
            erase,
            item(
                lambda _item: tool_words(self._shown.language).menu_item,
                self._action("tools", controller.open_tool_window),
                enabled=lambda _item: self._shown.mode is Mode.SHARE,
            ),
            item(
                self._text("menu_privacy"),
                self._action("privacy", controller.open_privacy_notice),
            ),
            menu.SEPARATOR,
            item(self._text("menu_quit"), self._action("quit", self._quit)),
        )

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
