"""Notifications on Linux for real: plyer over a private session bus, to a real dunst."""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.core.reminders import DisconnectReason, ReminderKind
from agent.notify import LinuxNotifier, default_notifier
from agent.notify.linux import forget_session_bus
from agent.participation import IconState
from agent.texts import reminder_message
from agent.tray.icons import write_icon
from tests.fixtures.desktop import NotificationDaemon

pytestmark = pytest.mark.timeout(120)

# A session bus that can start no service: the standard one would D-Bus-activate
# dunst from /usr/share/dbus-1/services when asked for org.freedesktop.Notifications.
BARE_BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC
 "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""


def start_bare_bus(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    folder.mkdir(parents=True, exist_ok=True)
    config = folder / "bus.conf"
    config.write_text(BARE_BUS_CONFIG.format(socket=folder / "bus"))
    process = subprocess.Popen(
        ["dbus-daemon", f"--config-file={config}", "--nofork", "--nopidfile", "--print-address=1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    assert process.stdout is not None
    return process, process.stdout.readline().decode().strip()


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    process.wait(timeout=30)


@pytest.fixture
def bus_without_daemon(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """A private session bus where no notification daemon runs or can be started."""
    process, address = start_bare_bus(tmp_path / "bare-bus")
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", address)
    try:
        yield address
    finally:
        stop(process)


@pytest.fixture(autouse=True)
def fresh_shared_connection() -> Iterator[None]:
    # dbus-python shares one session connection per process: do not lend ours to other tests.
    forget_session_bus()
    yield
    forget_session_bus()


def test_the_linux_notifier_is_the_default_on_linux() -> None:
    assert type(default_notifier("linux")) is LinuxNotifier


def test_a_reminder_reaches_the_notification_daemon(
    notification_daemon: NotificationDaemon, tmp_path: Path
) -> None:
    title, body = reminder_message(ReminderKind.BREAK, "fr", stretch_minutes=65)
    notifier = default_notifier(app_icon=write_icon(IconState.BREAK_DUE, tmp_path / "repit.png"))

    assert notifier.notify(title, body) is True

    [shown] = notification_daemon.wait_for(1)
    assert (shown.app_name, shown.summary, shown.body) == ("Répit", title, body)
    assert "depuis 1\u00a0h\u00a005 sans pause de 5 minutes" in shown.body


def test_every_kind_of_reminder_reaches_the_daemon_word_for_word(
    notification_daemon: NotificationDaemon,
) -> None:
    messages = [
        reminder_message(
            ReminderKind.DISCONNECT, "fr", reason=DisconnectReason.EVENING, local_time="21:10"
        ),
        reminder_message(ReminderKind.SHORT_REST, "en", rest_minutes=470),
        reminder_message(ReminderKind.DAILY_LIMIT, "fr", active_minutes=420),
    ]
    notifier = default_notifier()
    for title, body in messages:
        assert notifier.notify(title, body)
    shown = notification_daemon.wait_for(len(messages))
    # dunst runs its rule's script once per notification, concurrently: the
    # order the script records them in is not the order they were sent.
    assert sorted((each.app_name, each.summary, each.body) for each in shown) == sorted(
        ("Répit", title, body) for title, body in messages
    )


def test_without_a_daemon_notify_returns_false_and_logs_once(
    bus_without_daemon: str, caplog: pytest.LogCaptureFixture
) -> None:
    notifier = default_notifier()
    with caplog.at_level(logging.INFO, logger="repit.notify"):
        assert notifier.notify("Un moment pour souffler\u00a0?", "…") is False
        assert notifier.notify("Un moment pour souffler\u00a0?", "…") is False
        assert notifier.notify("Droit à la déconnexion", "…") is False
    [warning] = caplog.records
    assert warning.levelno == logging.WARNING
    assert warning.name == "repit.notify"
    assert "org.freedesktop.DBus.Error.ServiceUnknown" in warning.getMessage()
    assert "souffler" not in warning.getMessage()  # never the text: it may carry times


def test_notifications_come_back_when_a_daemon_starts(
    bus_without_daemon: str,
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    request: pytest.FixtureRequest,
) -> None:
    notifier = default_notifier()
    with caplog.at_level(logging.INFO, logger="repit.notify"):
        assert notifier.notify("premier", "aucun démon") is False
        # A daemon on a new session bus, as after logging in again: the old
        # shared connection is dead and must be replaced, not reported.
        daemon: NotificationDaemon = request.getfixturevalue("notification_daemon")
        assert notifier.notify("second", "un démon") is True
        assert notifier.notify("troisième", "un démon") is True
    # Sorted: dunst's rule script records concurrent notifications in any order.
    assert sorted(each.summary for each in daemon.wait_for(2)) == ["second", "troisième"]
    assert [record.levelno for record in caplog.records] == [logging.WARNING, logging.INFO]
