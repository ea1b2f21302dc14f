"""Small helpers over jeepney (pure-Python D-Bus) shared by the Mutter and logind sources.

jeepney has no type hints; everything it returns is treated as ``Any`` here and turned
into plain Python values before it leaves this module.
"""

from __future__ import annotations

import contextlib
import os
import socket
from collections.abc import Mapping
from typing import Any

from agent.sensing.base import SensingUnavailable

DEFAULT_SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket"
CALL_TIMEOUT_SECONDS = 2.0


def session_bus_address(env: Mapping[str, str] | None = None) -> str:
    environment = os.environ if env is None else env
    address = environment.get("DBUS_SESSION_BUS_ADDRESS", "")
    if not address:
        raise SensingUnavailable("DBUS_SESSION_BUS_ADDRESS is not set (no session bus)")
    return address


def system_bus_address(env: Mapping[str, str] | None = None) -> str:
    environment = os.environ if env is None else env
    return environment.get("DBUS_SYSTEM_BUS_ADDRESS", "") or DEFAULT_SYSTEM_BUS


def connect(address: str, what: str) -> Any:
    """A jeepney blocking connection to the bus at ``address`` (a D-Bus address string)."""
    try:
        from jeepney.io.blocking import open_dbus_connection
    except ImportError as error:
        raise SensingUnavailable(f"jeepney is not installed ({error})") from error
    try:
        return open_dbus_connection(bus=address, auth_timeout=CALL_TIMEOUT_SECONDS)
    except Exception as error:  # refused, missing socket, bad address, auth failure
        raise SensingUnavailable(f"cannot connect to the {what} bus: {error}") from error


def call(connection: Any, message: Any, timeout: float = CALL_TIMEOUT_SECONDS) -> tuple[Any, ...]:
    """Send a method call and return the reply's body; D-Bus errors raise ``SensingUnavailable``."""
    from jeepney.wrappers import unwrap_msg

    try:
        reply = connection.send_and_get_reply(message, timeout=timeout)
        return tuple(unwrap_msg(reply))
    except Exception as error:  # DBusErrorResponse, TimeoutError, connection reset
        raise SensingUnavailable(str(error) or type(error).__name__) from error


def interrupt(connection: Any) -> None:
    """Wake a thread blocked in ``connection.receive()``: it then sees end-of-stream.

    jeepney's blocking connection has no cancel; shutting the socket down makes the
    blocked ``select`` return at once, so ``stop()`` never waits on a poll interval.
    """
    with contextlib.suppress(OSError):  # already closed by the peer
        connection.sock.shutdown(socket.SHUT_RDWR)


def close(connection: Any) -> None:
    with contextlib.suppress(OSError):
        connection.close()
