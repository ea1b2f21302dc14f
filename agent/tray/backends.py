"""Which tray backend runs here: ``icon_class``.

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
import os
import signal
import sys
from typing import Any, Final

from agent.tray.pystray_model import pystray_module

LINUX_BACKENDS: Final = ("xembed", "appindicator", "gtk")
WITH_STATUS_NOTIFIER_WATCHER: Final = ("appindicator", "xembed", "gtk")
STATUS_NOTIFIER_WATCHER: Final = "org.kde.StatusNotifierWatcher"
BACKEND_MODULES: Final = {"xembed": "agent.tray.xembed"}
"""Backends of ours; any other name is one of pystray's (``pystray._NAME``)."""
WATCHER_QUESTION_SECONDS: Final = 2.0


class TrayUnavailable(RuntimeError):
    """No tray backend works here (no display, no GTK): run without a tray."""


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
