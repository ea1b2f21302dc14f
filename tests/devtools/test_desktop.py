"""The private desktop launcher (``devtools.desktop``) the tests and benchmarks share:
each service answers once started, everything is stopped and reaped after the
block, and a missing or failing program is a clear error that names it."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import psutil
import pytest

from devtools.desktop import (
    bus_name_has_owner,
    private_desktop,
    running_xvfb,
    shown_notifications,
    tray_selection_owned,
)
from devtools.processes import DesktopError, MissingProgram, read_line, started
from tests.fixtures.desktop import running_session_bus as failing_bus
from tests.fixtures.desktop import running_xvfb as failing_xvfb

pytestmark = pytest.mark.desktop


def _children() -> set[int]:
    return {child.pid for child in psutil.Process().children(recursive=True)}


def test_the_whole_desktop_answers_and_nothing_outlives_it(tmp_path: Path) -> None:
    before = _children()
    with private_desktop(tmp_path) as desktop:
        started_here = _children() - before
        names = {psutil.Process(pid).name() for pid in started_here}
        assert {"Xvfb", "dbus-daemon", "trayer", "dunst"} <= names
        assert tray_selection_owned(desktop.display)
        assert bus_name_has_owner(desktop.env, "org.freedesktop.Notifications")
        environment = desktop.env
    assert not (_children() & started_here)  # stopped and reaped: no zombie left either
    assert not any(psutil.pid_exists(pid) for pid in started_here)
    refused = subprocess.run(
        ["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
         "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"],
        env=environment, capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    assert refused.returncode != 0


def test_notifications_shown_are_recorded_with_any_text(tmp_path: Path) -> None:
    from devtools.desktop import Desktop, dunst_config, running_notification_daemon
    from devtools.processes import wait_until

    log = tmp_path / "shown.log"
    runtime = tmp_path / "runtime"
    runtime.mkdir(mode=0o700)
    with running_xvfb() as display, failing_bus(runtime) as address:
        desktop = Desktop(display=display, runtime_dir=runtime, bus_address=address)
        with running_notification_daemon(desktop, dunst_config(tmp_path, record_to=log)):
            desktop.run("notify-send", "--app-name=essai", "Pause", "deux\nlignes\tet un tab")
            wait_until(lambda: len(shown_notifications(log)) == 1, "the notification's record")
    [shown] = shown_notifications(log)
    assert shown.app_name == "essai"
    assert (shown.summary, shown.body) == ("Pause", "deux\nlignes\tet un tab")


def test_a_missing_program_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no program at all
    with pytest.raises(MissingProgram, match="`Xvfb` is not installed"), running_xvfb():
        pass
    # The fixtures add the way to install it.
    hint = "`Xvfb` is not installed: run `make system-deps`"
    with pytest.raises(pytest.fail.Exception, match=hint), failing_xvfb():
        pass


def test_an_xvfb_that_exits_at_once_is_a_clear_error() -> None:
    before = _children()
    exited = "no display number from Xvfb: the program exited"
    with pytest.raises(DesktopError, match=exited), running_xvfb("-no-such-option"):
        pass
    assert not (_children() - before)


def test_a_program_that_never_answers_is_given_up_on_at_its_deadline() -> None:
    read_fd, write_fd = os.pipe()
    try:
        given_up = "gave up waiting for its line after 0 s"
        with (
            started(["sleep", "600"], pass_fds=(write_fd,)),
            pytest.raises(DesktopError, match=given_up),
        ):
            read_line(read_fd, "its line", timeout=0.2)
    finally:
        os.close(read_fd)
        os.close(write_fd)
