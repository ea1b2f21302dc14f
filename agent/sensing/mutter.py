"""Idle time from GNOME's compositor (Wayland, also GNOME on X11): the session-bus
method ``org.gnome.Mutter.IdleMonitor.GetIdletime`` (milliseconds).

On a Wayland session the X11 counters only see XWayland clients, so this is the one
source there that knows about all input.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from agent.sensing import dbus_connection
from agent.sensing.base import SensingUnavailable

BUS_NAME = "org.gnome.Mutter.IdleMonitor"
OBJECT_PATH = "/org/gnome/Mutter/IdleMonitor/Core"
INTERFACE = "org.gnome.Mutter.IdleMonitor"
TICK_CALL_TIMEOUT_SECONDS = 1.0


class MutterIdleMonitor:
    """``IdleSource`` calling ``GetIdletime`` once per tick over the session bus."""

    name = "mutter-idle-monitor"

    def __init__(
        self, env: Mapping[str, str] | None = None, bus_address: str | None = None
    ) -> None:
        """Connect to the session bus and check that the idle monitor answers."""
        address = bus_address or dbus_connection.session_bus_address(env)
        self._connection: Any = dbus_connection.connect(address, "session")
        try:
            self._query_milliseconds(dbus_connection.CALL_TIMEOUT_SECONDS)
        except SensingUnavailable as error:
            dbus_connection.close(self._connection)
            raise SensingUnavailable(f"{BUS_NAME} does not answer: {error}") from error
        self._started = False
        self._closed = False

    def _query_milliseconds(self, timeout: float) -> int:
        from jeepney import DBusAddress, new_method_call

        monitor = DBusAddress(OBJECT_PATH, bus_name=BUS_NAME, interface=INTERFACE)
        (milliseconds,) = dbus_connection.call(
            self._connection, new_method_call(monitor, "GetIdletime"), timeout
        )
        return int(milliseconds)

    def start(self) -> None:
        if self._closed:
            raise SensingUnavailable("this source was stopped; create a new one")
        self._started = True

    def seconds_since_input(self) -> float:
        if not self._started or self._closed:
            raise SensingUnavailable("mutter-idle-monitor source is not started")
        try:
            return self._query_milliseconds(TICK_CALL_TIMEOUT_SECONDS) / 1000.0
        except SensingUnavailable as error:
            raise SensingUnavailable(f"{BUS_NAME} stopped answering: {error}") from error

    def stop(self) -> None:
        if self._closed:
            return
        self._closed = True
        self._started = False
        dbus_connection.close(self._connection)
