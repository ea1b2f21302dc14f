"""Real D-Bus peers for the sensing tests: an extra private bus standing in for the
system bus, and a tiny ``org.gnome.Mutter.IdleMonitor`` service (jeepney, server side)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jeepney import HeaderFields, MessageType, new_error, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

from agent.sensing import dbus_connection, mutter
from tests.fixtures.desktop import running_session_bus


@contextmanager
def private_bus(folder: Path) -> Iterator[str]:
    """A dbus-daemon of our own; yields its address (used as a stand-in system bus)."""
    with running_session_bus(folder, socket="system_bus") as address:
        yield address


class FakeIdleMonitor:
    """Answers ``GetIdletime`` with ``idle_ms``, like gnome-shell's Mutter does."""

    def __init__(self, bus_address: str, idle_ms: int = 0) -> None:
        self.idle_ms = idle_ms
        self.calls = 0
        self._connection: Any = open_dbus_connection(bus=bus_address)
        reply = self._connection.send_and_get_reply(
            message_bus.RequestName(mutter.BUS_NAME), timeout=5
        )
        assert tuple(reply.body) == (1,), "could not own the Mutter bus name"
        self._thread = threading.Thread(target=self._serve, name="fake-mutter", daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                message = self._connection.receive()
            except Exception:  # socket shut down by close()
                return
            header = message.header
            if header.message_type is not MessageType.method_call:
                continue
            fields = header.fields
            if (
                fields.get(HeaderFields.member) == "GetIdletime"
                and fields.get(HeaderFields.path) == mutter.OBJECT_PATH
                and fields.get(HeaderFields.interface) == mutter.INTERFACE
            ):
                self.calls += 1
                self._connection.send(new_method_return(message, "t", (self.idle_ms,)))
            else:
                self._connection.send(
                    new_error(message, "org.freedesktop.DBus.Error.UnknownMethod")
                )

    def close(self) -> None:
        dbus_connection.interrupt(self._connection)
        self._thread.join(5)
        dbus_connection.close(self._connection)
