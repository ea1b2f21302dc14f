"""A notification server of our own on a private session bus, to invoke actions as dunst would.

It owns ``org.freedesktop.Notifications``, answers ``GetCapabilities``
(with or without ``actions``), records each ``Notify`` and, on request, emits
the ``ActionInvoked`` and ``NotificationClosed`` signals a real server sends
when a button is clicked. Signals come from its own bus name, as a real
server's do, so the agent's check of the sender is exercised too.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from jeepney import (
    HeaderFields,
    MessageType,
    new_method_return,
    new_signal,
)
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection
from jeepney.wrappers import DBusAddress

PATH = "/org/freedesktop/Notifications"
NAME = "org.freedesktop.Notifications"


@dataclass
class Shown:
    id: int
    title: str
    body: str
    actions: list[str]


@dataclass
class NotificationServer:
    address: str
    capabilities: list[str]
    shown: list[Shown] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._connection = open_dbus_connection(self.address)
        reply = self._connection.send_and_get_reply(message_bus.RequestName(NAME, 4))
        assert reply.body[0] == 1, "the name is already owned"
        self._sending = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def invoke(self, notification_id: int, key: str) -> None:
        """What a click on the button ``key`` does: ActionInvoked, then NotificationClosed."""
        here = DBusAddress(PATH, interface=NAME)
        with self._sending:
            self._connection.send(new_signal(here, "ActionInvoked", "us", (notification_id, key)))
            self._connection.send(
                new_signal(here, "NotificationClosed", "uu", (notification_id, 2))
            )

    def stop(self) -> None:
        self._stop.set()
        self._connection.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                message = self._connection.receive(timeout=0.2)
            except TimeoutError:
                continue
            except OSError:
                return
            if message.header.message_type is not MessageType.method_call:
                continue
            member = message.header.fields.get(HeaderFields.member)
            reply: Any
            if member == "GetCapabilities":
                reply = new_method_return(message, "as", (self.capabilities,))
            elif member == "Notify":
                _app, _replaces, _icon, title, body, actions, _hints, _timeout = message.body
                self.shown.append(Shown(len(self.shown) + 1, title, body, list(actions)))
                reply = new_method_return(message, "u", (len(self.shown),))
            elif member == "GetServerInformation":
                reply = new_method_return(message, "ssss", ("fake", "repit", "1", "1.2"))
            else:
                reply = new_method_return(message)
            with self._sending:
                self._connection.send(reply)
