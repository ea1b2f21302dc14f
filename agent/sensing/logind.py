"""Lock/unlock and suspend/resume on Linux, from D-Bus signals.

* system bus, ``org.freedesktop.login1.Manager.PrepareForSleep(b)``: true → suspend,
  false → resume;
* system bus, ``org.freedesktop.login1.Session.Lock`` / ``Unlock`` of this session;
* session bus, ``org.freedesktop.ScreenSaver.ActiveChanged(b)`` and
  ``org.gnome.ScreenSaver.ActiveChanged(b)``: true → lock, false → unlock.

Each bus gets one jeepney blocking connection read by one daemon thread. Either bus may
be missing (containers, some desktops); the source works with whichever answers and
lists the rest in ``problems``.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from collections.abc import Mapping
from typing import Any

from agent.core.events import EventKind
from agent.sensing import dbus_connection
from agent.sensing.base import EventCallback, SensingUnavailable

log = logging.getLogger(__name__)

LOGIN1 = "org.freedesktop.login1"
LOGIN1_PATH = "/org/freedesktop/login1"
MANAGER = "org.freedesktop.login1.Manager"
SESSION = "org.freedesktop.login1.Session"
SCREENSAVERS = ("org.freedesktop.ScreenSaver", "org.gnome.ScreenSaver")
JOIN_TIMEOUT_SECONDS = 2.0


def decode_signal(interface: str, member: str, body: tuple[Any, ...]) -> EventKind | None:
    """The event a D-Bus signal stands for, or None if it is not one of ours."""
    if interface == MANAGER and member == "PrepareForSleep" and body:
        return EventKind.SUSPEND if body[0] else EventKind.RESUME
    if interface == SESSION and member == "Lock":
        return EventKind.LOCK
    if interface == SESSION and member == "Unlock":
        return EventKind.UNLOCK
    if interface in SCREENSAVERS and member == "ActiveChanged" and body:
        return EventKind.LOCK if body[0] else EventKind.UNLOCK
    return None


def session_object_path(session_id: str) -> str:
    """logind's object path for a session id (systemd's ``bus_label_escape``)."""
    label = "".join(
        char
        if char.isascii() and (char.isalpha() or (char.isdigit() and index > 0))
        else f"_{ord(char):02x}"
        for index, char in enumerate(session_id)
    )
    return f"{LOGIN1_PATH}/session/{label or '_'}"


class LockDeduplicator:
    """Drops a lock while already locked, or an unlock while already unlocked.

    Several signals report the same lock (logind's Lock request, then the screensaver's
    ActiveChanged); the span rules need it once. Shared by both bus threads, hence the lock.
    """

    def __init__(self) -> None:
        self._locked: bool | None = None  # unknown until the first lock/unlock
        self._mutex = threading.Lock()

    def admit(self, kind: EventKind) -> bool:
        if kind not in (EventKind.LOCK, EventKind.UNLOCK):
            return True
        locked = kind is EventKind.LOCK
        with self._mutex:
            if self._locked == locked:
                return False
            self._locked = locked
            return True


class _BusListener:
    """One bus connection and the daemon thread that reads its signals."""

    def __init__(
        self, connection: Any, what: str, deliver: EventCallback, dedup: LockDeduplicator
    ) -> None:
        self.connection = connection
        self.what = what
        self._deliver = deliver
        self._dedup = dedup
        self._stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"repit-{what}-bus", daemon=True)

    def subscribe(self, rules: list[Any]) -> None:
        from jeepney.bus_messages import message_bus

        for rule in rules:
            dbus_connection.call(self.connection, message_bus.AddMatch(rule))

    def _run(self) -> None:
        from jeepney import HeaderFields, MessageType

        while not self._stopping.is_set():
            try:
                message = self.connection.receive()
            except Exception as error:  # end of stream after stop(), or the bus went away
                if not self._stopping.is_set():
                    log.warning("lost the %s bus: %s", self.what, error)
                return
            header = message.header
            if header.message_type is not MessageType.signal:
                continue
            kind = decode_signal(
                str(header.fields.get(HeaderFields.interface, "")),
                str(header.fields.get(HeaderFields.member, "")),
                tuple(message.body),
            )
            if kind is None or not self._dedup.admit(kind) or self._stopping.is_set():
                continue
            try:
                self._deliver(kind, time.time())
            except Exception:  # a faulty callback must not end the listener
                log.exception("session event callback failed")

    def stop(self) -> None:
        self._stopping.set()
        dbus_connection.interrupt(self.connection)
        if self.thread.is_alive():
            self.thread.join(JOIN_TIMEOUT_SECONDS)
        dbus_connection.close(self.connection)


class LogindSessionEvents:
    """``SessionEvents`` from logind (system bus) and the screensaver (session bus)."""

    name = "logind"

    def __init__(
        self,
        env: Mapping[str, str] | None = None,
        *,
        session_bus: str | None = None,
        system_bus: str | None = None,
        session_id: str | None = None,
    ) -> None:
        """Bus addresses default to the environment; ``session_id`` to ``$XDG_SESSION_ID``."""
        environment = os.environ if env is None else env
        self._session_bus = session_bus or environment.get("DBUS_SESSION_BUS_ADDRESS", "")
        self._system_bus = system_bus or dbus_connection.system_bus_address(environment)
        self._session_id = (
            session_id if session_id is not None else environment.get("XDG_SESSION_ID", "")
        )
        self._listeners: list[_BusListener] = []
        self.subscriptions: list[str] = []
        """What is being listened to, for ``repit-agent status``."""
        self.problems: list[str] = []
        """Why a part is missing (e.g. no system bus), for ``repit-agent status``."""

    def start(self, on_event: EventCallback) -> None:
        if self._listeners:
            return
        self.subscriptions, self.problems = [], []
        dedup = LockDeduplicator()
        for what, starter in (
            ("session", self._start_session_bus),
            ("system", self._start_system_bus),
        ):
            try:
                self._listeners.append(starter(on_event, dedup))
            except SensingUnavailable as error:
                self.problems.append(f"{what} bus: {error}")
                log.info("session events without the %s bus: %s", what, error)
        if not self._listeners:
            raise SensingUnavailable("; ".join(self.problems))
        for listener in self._listeners:
            listener.thread.start()

    def _start_session_bus(self, on_event: EventCallback, dedup: LockDeduplicator) -> _BusListener:
        from jeepney import MatchRule

        if not self._session_bus:
            raise SensingUnavailable("DBUS_SESSION_BUS_ADDRESS is not set")
        listener = _BusListener(
            dbus_connection.connect(self._session_bus, "session"), "session", on_event, dedup
        )
        rules = [
            MatchRule(type="signal", interface=name, member="ActiveChanged")
            for name in SCREENSAVERS
        ]
        try:
            listener.subscribe(rules)
        except SensingUnavailable:
            dbus_connection.close(listener.connection)
            raise
        self.subscriptions += [f"{name}.ActiveChanged" for name in SCREENSAVERS]
        return listener

    def _start_system_bus(self, on_event: EventCallback, dedup: LockDeduplicator) -> _BusListener:
        from jeepney import MatchRule

        connection = dbus_connection.connect(self._system_bus, "system")
        listener = _BusListener(connection, "system", on_event, dedup)
        rules = [
            MatchRule(type="signal", interface=MANAGER, member="PrepareForSleep", path=LOGIN1_PATH)
        ]
        names = [f"{MANAGER}.PrepareForSleep"]
        try:
            session_path = self._session_path(connection)
            if session_path is None:
                self.problems.append(
                    "system bus: this process is in no logind session (no Lock/Unlock)"
                )
            else:
                for member in ("Lock", "Unlock"):
                    rules.append(
                        MatchRule(
                            type="signal", interface=SESSION, member=member, path=session_path
                        )
                    )
                    names.append(f"{SESSION}.{member}")
            listener.subscribe(rules)
        except SensingUnavailable:
            dbus_connection.close(connection)
            raise
        self.subscriptions += names
        return listener

    def _session_path(self, connection: Any) -> str | None:
        if self._session_id:
            return session_object_path(self._session_id)
        from jeepney import DBusAddress, new_method_call

        manager = DBusAddress(LOGIN1_PATH, bus_name=LOGIN1, interface=MANAGER)
        try:
            (path,) = dbus_connection.call(
                connection, new_method_call(manager, "GetSessionByPID", "u", (os.getpid(),))
            )
        except SensingUnavailable:  # not in a session (e.g. a systemd user service), or no logind
            return None
        return str(path)

    def stop(self) -> None:
        listeners, self._listeners = self._listeners, []
        for listener in listeners:
            listener.stop()

    def threads(self) -> list[threading.Thread]:
        """The bus threads (for tests and diagnostics)."""
        return [listener.thread for listener in self._listeners]
