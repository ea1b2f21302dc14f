"""Reminders a person can answer: notification actions over D-Bus, with jeepney.

A reminder carries ``Answer`` s ("Je fais une pause", "Dans 10 minutes", "En
réunion"). Where the notification server lists ``actions`` among its
capabilities (org.freedesktop.Notifications), they become buttons; the server
emits ``ActionInvoked`` when one is chosen and the answer runs. Elsewhere the
same answers are in the tray menu, and the reminder is shown without them.

jeepney rather than dbus-python or GTK: it is pure Python and small, it needs
no main loop (a thread waits for the signals), and it reads the session bus
address from the environment at each connection.

Only signals sent by the server that took our notification are believed: the
unique bus name that replied to ``Notify``. Answers are kept until the
server says the notification closed, at most ``MAX_PENDING`` of them.
"""

from __future__ import annotations

import contextlib
import logging
import os
import queue
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Final

log = logging.getLogger("repit.notify")

BUS_NAME: Final = "org.freedesktop.Notifications"
OBJECT_PATH: Final = "/org/freedesktop/Notifications"
INTERFACE: Final = "org.freedesktop.Notifications"
REPLY_SECONDS: Final = 5.0
MAX_PENDING: Final = 16
"""Notifications whose answers are kept; older ones (never closed by a server) are dropped."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One way to answer a reminder: ``key`` on the bus, ``label`` on the button."""

    key: str
    label: str
    run: Callable[[], object]


class NotificationServerError(RuntimeError):
    """The notification server is missing or refused the notification."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name

    def get_dbus_name(self) -> str:  # read by ``failure_kind``, like dbus-python's errors
        return self.name


class _Connection:
    """One router on the session bus of ``address``, and the thread that reads its signals."""

    def __init__(self, address: str, on_signal: Callable[[Any], None]) -> None:
        from jeepney import MatchRule, message_bus
        from jeepney.io.threading import DBusRouter, Proxy, open_dbus_connection

        class QuietRouter(DBusRouter):  # type: ignore[misc]
            def _receiver(self) -> None:
                try:
                    super()._receiver()
                except OSError:  # the bus went away: the next notification connects again
                    log.debug("the session bus connection closed", exc_info=True)

        self.address = address
        self.router = QuietRouter(open_dbus_connection(address))
        self._signals: queue.Queue[Any] = queue.Queue(maxsize=64)
        rule = MatchRule(type="signal", interface=INTERFACE, path=OBJECT_PATH)
        self._filter = self.router.filter(rule, queue=self._signals)
        Proxy(message_bus, self.router, timeout=REPLY_SECONDS).AddMatch(rule)
        self._on_signal = on_signal
        self._reader = threading.Thread(target=self._read, name="repit-answers", daemon=True)
        self._reader.start()

    @property
    def alive(self) -> bool:
        return self.router._rcv_thread.is_alive() and self._reader.is_alive()

    def call(self, method: str, signature: str = "", body: tuple[Any, ...] = ()) -> Any:
        from jeepney import DBusAddress, MessageType, new_method_call

        address = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        reply = self.router.send_and_get_reply(
            new_method_call(address, method, signature, body), timeout=REPLY_SECONDS
        )
        if reply.header.message_type is MessageType.error:
            from jeepney import HeaderFields

            name = str(reply.header.fields.get(HeaderFields.error_name, "error"))
            raise NotificationServerError(name, " ".join(map(str, reply.body)) or name)
        return reply

    def close(self) -> None:
        self._filter.close()
        with contextlib.suppress(queue.Full):  # a full queue: the reader ends with the process
            self._signals.put_nowait(None)
        self.router.close()
        self.router.conn.close()

    def _read(self) -> None:
        while (message := self._signals.get()) is not None:
            try:
                self._on_signal(message)
            except Exception:  # one bad answer must not end the reading of the others
                log.exception("answering a reminder failed")


class AnsweringNotifications:
    """Notifications with answers on the session bus; thread-safe; connects at first use."""

    def __init__(self, *, app_name: str, app_icon: str = "", timeout_seconds: int = 15) -> None:
        self.app_name = app_name
        self.app_icon = app_icon
        self.timeout_seconds = timeout_seconds
        self._lock = threading.Lock()
        self._connection: _Connection | None = None
        self._pending: OrderedDict[int, tuple[str, Sequence[Answer]]] = OrderedDict()

    def supports_answers(self) -> bool:
        """Whether the server shows actions; raises ``NotificationServerError`` without one."""
        with self._lock:
            reply = self._connected().call("GetCapabilities")
            return "actions" in reply.body[0]

    def notify(self, title: str, message: str, answers: Sequence[Answer]) -> int:
        """Shows the notification with its answers; returns its id. Raises on failure."""
        from jeepney import HeaderFields

        actions: list[str] = []
        for answer in answers:
            actions += [answer.key, answer.label]
        body: tuple[object, ...] = (
            self.app_name,
            0,
            self.app_icon,
            title,
            message,
            actions,
            {},
            self.timeout_seconds * 1000,
        )
        with self._lock:
            reply = self._connected().call("Notify", "susssasa{sv}i", body)
            notification_id = int(reply.body[0])
            server = str(reply.header.fields.get(HeaderFields.sender, ""))
            self._pending[notification_id] = (server, tuple(answers))
            while len(self._pending) > MAX_PENDING:
                self._pending.popitem(last=False)
        return notification_id

    def close(self) -> None:
        with self._lock:
            if self._connection is not None:
                self._connection.close()
                self._connection = None

    def _connected(self) -> _Connection:
        """The connection to ``$DBUS_SESSION_BUS_ADDRESS``'s bus, made again when it changed."""
        address = os.environ.get("DBUS_SESSION_BUS_ADDRESS", "")
        if not address:
            raise NotificationServerError(
                "org.freedesktop.DBus.Error.NoServer", "no session bus (DBUS_SESSION_BUS_ADDRESS)"
            )
        current = self._connection
        if current is not None and current.address == address and current.alive:
            return current
        if current is not None:
            current.close()
        self._connection = None
        try:
            self._connection = _Connection(address, self._on_signal)
        except OSError as error:
            raise NotificationServerError(
                "org.freedesktop.DBus.Error.NoServer", f"cannot reach the session bus: {error}"
            ) from error
        return self._connection

    def _on_signal(self, message: Any) -> None:
        from jeepney import HeaderFields

        member = message.header.fields.get(HeaderFields.member)
        sender = str(message.header.fields.get(HeaderFields.sender, ""))
        if member not in {"ActionInvoked", "NotificationClosed"}:
            return
        notification_id = int(message.body[0])
        with self._lock:
            pending = self._pending.get(notification_id)
            if pending is None or pending[0] != sender:
                return  # not ours, or not from the server that showed it
            del self._pending[notification_id]
        if member == "ActionInvoked":
            key = str(message.body[1])
            for answer in pending[1]:
                if answer.key == key:
                    answer.run()
