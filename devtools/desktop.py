"""A private desktop: X server, session bus, tray host, notification daemon (shared/TESTING.md).

The tests (``tests/fixtures/desktop.py``, pytest fixtures over these) and the
benchmarks (``bench/footprint.py``) run the real agent on it. Everything runs
for real (Xvfb, dbus-daemon, trayer, dunst) and privately: nothing here
touches the user's display, bus or folders. Each context manager starts one
service, waits until it answers (on a condition, until a named deadline),
and stops and reaps it when the block ends; a missing program is a
``MissingProgram`` that names it, a service that does not answer a
``DesktopError`` that says what was awaited.

    with private_desktop(folder) as desktop:
        subprocess.run(["repit-agent", "run"], env=desktop.env)
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from devtools.processes import (
    SERVICE_DEADLINE_SECONDS,
    DesktopError,
    read_line,
    require,
    started,
    wait_until,
)

NOTIFICATIONS_NAME = "org.freedesktop.Notifications"
TRAY_SELECTION = "_NET_SYSTEM_TRAY_S0"
FIELD, RECORD = "\x1f", "\x1e"
"""ASCII unit and record separators in the notification log: a body may hold any
printable text, newlines and tabs included."""


@dataclass(frozen=True)
class Desktop:
    """The environment a desktop program needs to reach the private services."""

    display: str
    runtime_dir: Path
    bus_address: str

    @property
    def env(self) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS"}
        }
        env.update(
            DISPLAY=self.display,
            DBUS_SESSION_BUS_ADDRESS=self.bus_address,
            XDG_RUNTIME_DIR=str(self.runtime_dir),
            XDG_CACHE_HOME=str(self.runtime_dir / "cache"),  # the tray's icon cache
            NO_AT_BRIDGE="1",  # no accessibility bus to look for
        )
        return env

    def run(self, *command: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, env=self.env, capture_output=True, text=True, timeout=timeout, check=True
        )


@contextmanager
def running_xvfb(*options: str) -> Iterator[str]:
    """A private Xvfb with ``options``; yields its display name (":N").

    MIT-SCREEN-SAVER, RECORD and XTEST are on by default; ``-noreset`` keeps
    the server as it is between the programs that connect and leave.
    """
    read_fd, write_fd = os.pipe()
    try:
        with started(
            ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", "1024x768x24",
             "-nolisten", "tcp", "-noreset", *options],
            pass_fds=(write_fd,),
        ):  # fmt: skip
            os.close(write_fd)
            write_fd = -1
            # Read up to the newline: Xvfb writes the number and the newline
            # apart, and closing the pipe before it has written both kills it.
            number = read_line(read_fd, "display number from Xvfb")
            os.close(read_fd)
            read_fd = -1
            yield f":{number}"
    finally:
        for fd in (read_fd, write_fd):
            if fd >= 0:
                os.close(fd)


@contextmanager
def running_session_bus(runtime_dir: Path, socket: str = "bus") -> Iterator[str]:
    """A private D-Bus session bus listening on ``runtime_dir/socket``; yields its address."""
    with started(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", "--print-address=1",
         f"--address=unix:path={runtime_dir / socket}"],
        stdout=subprocess.PIPE,
    ) as bus:  # fmt: skip
        assert bus.stdout is not None
        yield read_line(bus.stdout.fileno(), "bus address from dbus-daemon")


def bus_name_has_owner(env: dict[str, str], name: str) -> bool:
    """Whether someone owns ``name`` on the session bus that ``env`` reaches."""
    reply = subprocess.run(
        [require("dbus-send"), "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", f"string:{name}"],
        env=env, capture_output=True, text=True, timeout=SERVICE_DEADLINE_SECONDS, check=False,
    )  # fmt: skip
    return "boolean true" in reply.stdout


def tray_selection_owned(display: str) -> bool:
    """Whether a system tray owns ``_NET_SYSTEM_TRAY_S0`` on ``display``."""
    from Xlib import X
    from Xlib.display import Display

    connection = Display(display)
    try:
        atom = connection.intern_atom(TRAY_SELECTION)
        return bool(connection.get_selection_owner(atom) != X.NONE)
    finally:
        connection.close()


@contextmanager
def running_tray_host(desktop: Desktop) -> Iterator[subprocess.Popen[bytes]]:
    """trayer, a real XEmbed system tray, up and owning the tray selection.

    Waited for before any icon is shown: pystray's xorg backend never docks in
    a tray that comes later.
    """
    with started(
        ["trayer", "--edge", "top", "--align", "left", "--widthtype", "pixel", "--width", "200",
         "--height", "32", "--SetDockType", "false", "--SetPartialStrut", "false"],
        env=desktop.env,
    ) as trayer:  # fmt: skip
        wait_until(
            lambda: tray_selection_owned(desktop.display), "trayer to own the tray selection"
        )
        yield trayer


@dataclass(frozen=True)
class ShownNotification:
    app_name: str
    summary: str
    body: str


def dunst_config(folder: Path, record_to: Path | None = None) -> Path:
    """A dunstrc in ``folder``; with ``record_to``, every notification shown is also
    appended to that file (read back by ``shown_notifications``)."""
    config = "[global]\n    monitor = 0\n    follow = none\n"
    if record_to is not None:
        script = folder / "record-notification.sh"
        script.write_text(
            "#!/bin/sh\n"
            "printf '%s\\037%s\\037%s\\036' "
            f'"$DUNST_APP_NAME" "$DUNST_SUMMARY" "$DUNST_BODY" >> \'{record_to}\'\n'
        )
        script.chmod(0o755)
        config += f'\n[record]\n    summary = "*"\n    script = {script}\n'
    path = folder / "dunstrc"
    path.write_text(config)
    return path


def shown_notifications(log: Path) -> list[ShownNotification]:
    """The notifications recorded in ``log`` (see ``dunst_config``), oldest first."""
    if not log.exists():
        return []
    records = log.read_text(encoding="utf-8").split(RECORD)
    return [ShownNotification(*record.split(FIELD)[:3]) for record in records if record.strip()]


@contextmanager
def running_notification_daemon(
    desktop: Desktop, config: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """dunst with ``config`` (``dunst_config``), up and owning the notifications' bus name."""
    with started(["dunst", "-config", str(config)], env=desktop.env) as dunst:
        wait_until(
            lambda: bus_name_has_owner(desktop.env, NOTIFICATIONS_NAME),
            f"dunst to own {NOTIFICATIONS_NAME}",
        )
        yield dunst


@contextmanager
def private_desktop(folder: Path, *, tray_host: bool = True) -> Iterator[Desktop]:
    """Xvfb, a session bus, dunst and (with ``tray_host``) trayer, all of our own, in
    ``folder`` (an empty one: its ``runtime`` folder is created private)."""
    runtime_dir = folder / "runtime"
    runtime_dir.mkdir(mode=0o700)
    with ExitStack() as stack:
        display = stack.enter_context(running_xvfb())
        address = stack.enter_context(running_session_bus(runtime_dir))
        desktop = Desktop(display=display, runtime_dir=runtime_dir, bus_address=address)
        if tray_host:
            stack.enter_context(running_tray_host(desktop))
        stack.enter_context(running_notification_daemon(desktop, dunst_config(folder)))
        yield desktop


__all__ = [
    "Desktop",
    "DesktopError",
    "ShownNotification",
    "bus_name_has_owner",
    "dunst_config",
    "private_desktop",
    "running_notification_daemon",
    "running_session_bus",
    "running_tray_host",
    "running_xvfb",
    "shown_notifications",
    "tray_selection_owned",
]
