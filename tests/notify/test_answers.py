"""Answering a reminder through D-Bus: the server's ``ActionInvoked`` signal, and its effect.

The agent runs on a fake clock (``tests.agent.desk.Desk``) with its real
notifier for Linux, on a private session bus where our own notification
server (``notification_server``) stands in for dunst: it can say whether it
shows actions, and click them. The real dunst shows the same reminder, with
its buttons, in ``test_a_reminder_with_answers_reaches_dunst``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.notify import Answer, LinuxNotifier
from agent.process import AnsweredReminders
from agent.texts import FR
from tests.agent.desk import Desk
from tests.fixtures.desktop import Desktop, NotificationDaemon
from tests.notify.notification_server import NotificationServer
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(120)

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def server_on(desktop: Desktop, capabilities: list[str]) -> Iterator[NotificationServer]:
    server = NotificationServer(desktop.bus_address, capabilities)
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(desktop: Desktop) -> Iterator[NotificationServer]:
    yield from server_on(desktop, ["actions", "body"])


@pytest.fixture
def desk() -> Desk:
    desk = Desk()
    desk.agent.set_mode(__import__("agent.participation").participation.Mode.REMINDERS)
    return desk


def answered(desk: Desk) -> AnsweredReminders:
    reminders = AnsweredReminders(LinuxNotifier(), "fr")
    reminders.agent = desk.agent
    return reminders


@pytest.mark.parametrize(
    ("key", "quiet_minutes", "snoozes"),
    [("break", 5, 0), ("snooze", 10, 1), ("meeting", 60, 1)],
)
def test_each_answer_invoked_through_d_bus_has_its_effect(
    server: NotificationServer, desk: Desk, key: str, quiet_minutes: int, snoozes: int
) -> None:
    reminders = answered(desk)
    assert reminders.notify("Répit : un moment pour souffler ?", "…")
    [shown] = server.shown
    assert shown.actions == [
        "break", FR.action_break, "snooze", FR.action_snooze, "meeting", FR.action_meeting,
    ]  # fmt: skip
    now = int(desk.clock.time())

    server.invoke(shown.id, key)

    # The snapshot is the last thing the answer updates (the store first).
    wait_until(
        lambda: desk.agent.snapshot.paused_until == now + quiet_minutes * 60,
        f"the answer {key!r} to pause reminders for {quiet_minutes} min",
    )
    assert desk.store.setting("paused_until") == str(now + quiet_minutes * 60)
    assert len(desk.store.export()["snoozes"]) == snoozes
    desk.agent.resume_reminders()
    assert desk.agent.snapshot.paused_until is None


def test_an_action_signal_from_anyone_but_the_server_is_ignored(
    server: NotificationServer, desk: Desk, desktop: Desktop
) -> None:
    reminders = answered(desk)
    reminders.notify("Répit : droit à la déconnexion", "…")
    [shown] = server.shown
    from jeepney import new_signal
    from jeepney.io.blocking import open_dbus_connection
    from jeepney.wrappers import DBusAddress

    with open_dbus_connection(desktop.bus_address) as connection:  # not the server's name
        here = DBusAddress(
            "/org/freedesktop/Notifications", interface="org.freedesktop.Notifications"
        )
        connection.send(new_signal(here, "ActionInvoked", "us", (shown.id, "meeting")))
    server.invoke(shown.id, "snooze")  # the real one, sent after the impostor's
    now = int(desk.clock.time())
    wait_until(lambda: desk.agent.snapshot.paused_until is not None, "the real answer")
    # Had the impostor been believed, its "meeting" would have used up the notification's
    # answers (an hour's pause) and the server's "snooze" would have found none.
    assert desk.store.setting("paused_until") == str(now + 600)  # snooze, not the meeting
    assert len(desk.store.export()["snoozes"]) == 1


def test_without_actions_the_reminder_is_shown_without_buttons(
    desktop: Desktop, desk: Desk
) -> None:
    for plain in server_on(desktop, ["body"]):
        assert answered(desk).notify("Répit : une longue journée d’écran", "…")
        assert [shown.actions for shown in plain.shown] == [[]]


def test_a_reminder_with_answers_reaches_dunst(
    notification_daemon: NotificationDaemon, desktop: Desktop
) -> None:
    ran: list[str] = []
    notifier = LinuxNotifier()
    answers = [Answer("snooze", FR.action_snooze, lambda: ran.append("snooze"))]
    body = "Vous êtes devant l’écran depuis 1\u00a0h\u00a005 sans pause de 5 minutes."
    assert notifier.notify("Répit\u00a0: un moment pour souffler\u00a0?", body, answers)
    [shown] = notification_daemon.wait_for(1)
    assert (shown.app_name, shown.summary) == (
        "Répit",
        "Répit\u00a0: un moment pour souffler\u00a0?",
    )
    ARTIFACTS.mkdir(exist_ok=True)
    from PIL import ImageGrab

    screenshot = ARTIFACTS / "finding10-notification-dunst.png"

    def drawn() -> bool:  # dunst runs its script before it draws its window
        image = ImageGrab.grab(xdisplay=desktop.display)
        image.save(screenshot)
        return image.convert("L").getbbox() is not None

    wait_until(drawn, "dunst to draw the notification")
    assert ran == []  # nothing answered until someone clicks
