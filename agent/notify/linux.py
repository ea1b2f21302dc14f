"""Notifications on Linux: plyer over D-Bus (dbus-python), else ``notify-send``;
reminders with answers over D-Bus with jeepney (``agent.notify.answers``).

With dbus-python, plyer calls ``org.freedesktop.Notifications`` directly:
fast, the timeout honoured, and a missing daemon raises (ServiceUnknown),
which ``PlyerNotifier`` logs once. Without it, plyer runs ``notify-send``,
whose failures are silent and which ignores the timeout.

plyer asks dbus-python for its *shared* session connection, and libdbus reads
``DBUS_SESSION_BUS_ADDRESS`` once per process: a session bus that went away
(a new login session, a test's private bus) would leave every later
notification failing. So the shared connection is made here, to the address
in the environment at the time of the notification, and made again when that
address changed or the connection died. A shared connection made by someone
else is left alone while it works.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from typing import Any

from agent.notify.answers import Answer, AnsweringNotifications
from agent.notify.base import PlyerNotifier, failure_kind

log = logging.getLogger("repit.notify")

_STALE_CONNECTION: frozenset[str] = frozenset(
    {
        "org.freedesktop.DBus.Error.Disconnected",
        "org.freedesktop.DBus.Error.NoServer",
        "org.freedesktop.DBus.Error.FileNotFound",
    }
)

_lock = threading.Lock()
_ours: dict[str, Any] = {}
"""The shared session connection made here ("connection"), and its address ("address")."""


def _shared_bus_class() -> Any:
    try:
        from dbus._dbus import Bus
    except ImportError:  # no dbus-python: plyer uses notify-send
        return None
    return Bus


def forget_session_bus() -> None:
    """Closes dbus-python's shared session connection, so that the next use reconnects."""
    bus_class = _shared_bus_class()
    if bus_class is None:
        return
    with _lock:
        _ours.clear()
        shared = bus_class._shared_instances.pop(bus_class.TYPE_SESSION, None)
        if shared is not None:
            try:
                shared.close()
            except Exception:  # a dead connection fails to close in any way; it is dropped anyway
                log.debug("closing a stale session bus connection failed", exc_info=True)


def use_session_bus_of_environment(force: bool = False) -> None:
    """Makes dbus-python's shared session connection one to ``$DBUS_SESSION_BUS_ADDRESS``.

    Without ``force``, a working connection to that address is kept, and so is
    a shared connection made elsewhere; ``force`` replaces either (it failed).
    """
    bus_class = _shared_bus_class()
    address = os.environ.get("DBUS_SESSION_BUS_ADDRESS")
    if bus_class is None or not address:
        return
    from dbus.bus import BusConnection

    with _lock:
        shared: Any = bus_class._shared_instances.get(bus_class.TYPE_SESSION)
        if shared is not None and not force:
            ours = shared is _ours.get("connection")
            if not ours:
                return
            if _ours.get("address") == address and shared.get_is_connected():
                return
        connection = BusConnection(address)
        bus_class._shared_instances[bus_class.TYPE_SESSION] = connection
        _ours.update(connection=connection, address=address)
        if shared is not None:
            try:
                shared.close()
            except Exception:  # as above: the previous connection is replaced either way
                log.debug("closing the previous session bus connection failed", exc_info=True)


class LinuxNotifier(PlyerNotifier):
    _answering: AnsweringNotifications | None = None

    def _send(self, title: str, message: str, answers: Sequence[Answer] = ()) -> None:
        if answers:
            # Straight over D-Bus, buttons or not: the server is asked what it shows.
            answering = self._answering_notifications()
            shown = answers if answering.supports_answers() else ()
            answering.notify(title, message, shown)
            return
        try:
            use_session_bus_of_environment()
            super()._send(title, message)
        except Exception as error:  # sorted by failure_kind: only a stale bus is retried
            if failure_kind(error) not in _STALE_CONNECTION:
                raise
            use_session_bus_of_environment(force=True)
            super()._send(title, message)

    def _answering_notifications(self) -> AnsweringNotifications:
        if self._answering is None:
            self._answering = AnsweringNotifications(
                app_name=self.app_name, app_icon=self._icon_argument(), timeout_seconds=self.timeout
            )
        return self._answering
