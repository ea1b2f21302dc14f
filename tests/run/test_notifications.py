"""Reminders from the real agent reach a real notification daemon (dunst), and a pause
keeps them away while activity is still recorded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from agent.core.reminders import DisconnectReason, ReminderKind
from agent.store import Store
from agent.texts import APP_NAME, reminder_message
from tests.fixtures.desktop import Desktop, NotificationDaemon, ShownNotification
from tests.run.harness import (
    TICK_SECONDS,
    AgentHarness,
    InputInjector,
    outside_hours_policy,
    wait_for_tick_with_span,
    wait_for_ticks,
)

# The French text itself, written here independently of agent/texts.py.
DISCONNECT_TITLE = "Répit\u00a0: droit à la déconnexion"
DISCONNECT_FRAGMENTS = {
    "evening": "Votre journée de travail est terminée",
    "non_working_day": "un jour non travaillé",
}


def wait_for_notification(daemon: NotificationDaemon, desktop: Desktop) -> list[ShownNotification]:
    """Keep giving input (as a person would) until the daemon showed something: the
    reminder comes at the first tick that sees input, within a few ticks."""
    with InputInjector(desktop.display, interval=0.2):
        return daemon.wait_for(1, timeout=4 * TICK_SECONDS + 30)


@pytest.mark.timeout(180)
def test_disconnect_reminder_is_shown_by_the_notification_daemon(
    agents: AgentHarness,
    desktop: Desktop,
    notification_daemon: NotificationDaemon,
    tmp_path: Path,
) -> None:
    policy = outside_hours_policy(tmp_path / "policies")
    agents.cli("policy", "check", str(policy.path))
    agents.consent("reminders")
    agent = agents.start("--policy", str(policy.path))
    agent.wait_started()

    shown = wait_for_notification(notification_daemon, desktop)

    assert len(shown) == 1, shown
    notification = shown[0]
    assert notification.app_name == APP_NAME == "Répit"
    assert notification.summary == DISCONNECT_TITLE
    assert DISCONNECT_FRAGMENTS[policy.reason] in notification.body
    expected = reminder_message(
        ReminderKind.DISCONNECT, "fr", reason=DisconnectReason(policy.reason)
    )
    assert (notification.summary, notification.body) == expected

    # Shown once per after-hours episode (repeat_minutes = 60), not at every tick:
    # a repeat would come at the very next tick with input, and be recorded with it.
    wait_for_ticks(agents, desktop, 1)
    assert len(notification_daemon.shown()) == 1
    reminders = agents.export()["reminders"]
    assert [(r["kind"], r["reason"]) for r in reminders] == [("disconnect", policy.reason)]
    assert agent.stop() == 0


@pytest.mark.timeout(180)
def test_paused_reminders_are_not_shown_but_activity_is_recorded(
    agents: AgentHarness,
    desktop: Desktop,
    notification_daemon: NotificationDaemon,
    tmp_path: Path,
) -> None:
    policy = outside_hours_policy(tmp_path / "policies")
    agents.consent("reminders")
    # What the tray's "Pause 1\u00a0h" writes (agent.jobs.Agent.pause_reminders).
    store = Store.open(agents.database)
    try:
        store.set_setting("paused_until", str(int(time.time()) + 3600))
    finally:
        store.close()
    agent = agents.start("--policy", str(policy.path))
    agent.wait_started()

    # The reminder is due from the first tick with input; one more tick lets a
    # notification shown by mistake reach the daemon's log.
    wait_for_tick_with_span(agents, desktop)
    wait_for_ticks(agents, desktop, 1)

    assert notification_daemon.shown() == []
    status = agents.status("--policy", str(policy.path))
    assert status["reminders_paused_until"] is not None
    assert status["today"] is not None and status["today"]["active_minutes"] >= 0
    exported = agents.export()
    assert exported["spans"], "activity is still recorded while reminders are paused"
    assert exported["reminders"] == []

    # The control: once the pause is lifted, the due reminder comes at the next input.
    store = Store.open(agents.database)
    try:
        store.set_setting("paused_until", None)
    finally:
        store.close()
    shown = wait_for_notification(notification_daemon, desktop)
    assert [n.summary for n in shown] == [DISCONNECT_TITLE]
    assert agent.stop() == 0


@pytest.mark.timeout(180)
def test_answering_a_reminder_through_d_bus_pauses_the_running_agent(
    agents: AgentHarness, desktop: Desktop, tmp_path: Path
) -> None:
    """The real agent, a notification server that shows actions (``notification_server``)
    and a click on "En réunion" as the server reports it: an ``ActionInvoked`` signal."""
    from datetime import datetime

    from tests.notify.notification_server import NotificationServer
    from tests.waiting import wait_until

    server = NotificationServer(desktop.bus_address, ["actions", "body"])
    try:
        policy = outside_hours_policy(tmp_path / "policies")
        agents.consent("reminders")
        agent = agents.start("--policy", str(policy.path))
        agent.wait_started()
        with InputInjector(desktop.display, interval=0.2):
            wait_until(lambda: len(server.shown) >= 1, "the reminder", 4 * TICK_SECONDS + 30)
        [reminder] = server.shown
        assert reminder.title == DISCONNECT_TITLE
        assert reminder.actions == [
            "break", "Je fais une pause", "snooze", "Dans 10 minutes", "meeting", "En réunion",
        ]  # fmt: skip
        clicked = time.time()

        server.invoke(reminder.id, "meeting")

        wait_until(
            lambda: (
                agents.status("--policy", str(policy.path))["reminders_paused_until"] is not None
            ),
            "the agent to pause its reminders",
        )
        until = datetime.fromisoformat(
            agents.status("--policy", str(policy.path))["reminders_paused_until"]
        )
        assert clicked + 3600 - 5 <= until.timestamp() <= time.time() + 3600
        said = agents.cli("status", "--policy", str(policy.path)).stdout.splitlines()
        expected = f"Rappels\u00a0: suspendus jusqu’à {until.hour}\u00a0h\u00a0{until.minute:02d}"
        assert expected in said or any(
            line.startswith("Rappels\u00a0: suspendus jusqu’à demain") for line in said
        )
        assert len(agents.export()["snoozes"]) == 1  # counted, as MEASURES.md §8 says
        assert agent.stop() == 0
    finally:
        server.stop()
