"""The tray's menu and refresh logic, without a display (pystray's dummy backend).

Menu items are invoked directly (``item(icon)``), as a click would; the real
clicks are in ``test_tray_desktop``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from agent.participation import IconState, Mode
from agent.texts import FR, mode_name
from agent.tray import Tray, TrayUnavailable, icon_class
from agent.tray.icons import draw_icon


class FakeController:
    def __init__(self, mode: Mode | None = Mode.REMINDERS, language: str = "fr") -> None:
        self.language = language
        self.calls: list[tuple[str, object]] = []
        self._mode = mode
        self._paused = False
        self.state = IconState.RECORDING
        self.tip = "Écran aujourd'hui : 3 h 12 · depuis la dernière pause : 42 min"
        self.fail_on: str | None = None

    def _call(self, name: str, argument: object = None) -> None:
        self.calls.append((name, argument))
        if self.fail_on == name:
            raise OSError(f"{name} failed")

    def icon_state(self) -> IconState:
        return self.state

    def tooltip(self) -> str:
        return self.tip

    def today_summary(self) -> str:
        return "Écran aujourd'hui : 3 h 12\nPauses : 3"

    def mode(self) -> Mode | None:
        return self._mode

    def set_mode(self, mode: Mode) -> None:
        self._call("set_mode", mode)
        self._mode = mode

    def pause_reminders(self, until_tomorrow: bool) -> None:
        self._call("pause_reminders", until_tomorrow)
        self._paused = True

    def reminders_paused(self) -> bool:
        return self._paused

    def open_report(self) -> None:
        self._call("open_report")

    def open_privacy_notice(self) -> None:
        self._call("open_privacy_notice")

    def open_tool_window(self) -> None:
        self._call("open_tool_window")

    def quit(self) -> None:
        self._call("quit")


class FakeNotifier:
    def __init__(self) -> None:
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, message: str) -> bool:
        self.shown.append((title, message))
        return True


@pytest.fixture(autouse=True)
def dummy_backend(monkeypatch: pytest.MonkeyPatch) -> None:
    # pystray picks its backend when first imported; the dummy one needs no display.
    monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")


def make_tray(controller: FakeController) -> tuple[Tray, FakeNotifier]:
    notifier = FakeNotifier()
    return Tray(controller, notifier=notifier, backend="dummy"), notifier


def labels(menu: Any) -> list[str]:
    return [item.text for item in menu.items if item.text != "- - - -"]


def item(menu: Any, text: str) -> Any:
    return next(entry for entry in menu.items if entry.text == text)


def test_menu_labels_are_french_by_default() -> None:
    tray, _ = make_tray(FakeController())
    assert labels(tray.icon.menu) == [
        "Mes chiffres du jour",
        "Suspendre les rappels",
        "Participation",
        "Mon rapport",
        "Mon avis sur les outils",
        "Confidentialité",
        "Quitter",
    ]
    assert labels(item(tray.icon.menu, "Participation").submenu) == [
        "Désactivé",
        "Rappels seulement",
        "Rappels et partage anonyme",
    ]
    assert labels(item(tray.icon.menu, "Suspendre les rappels").submenu) == [
        "Pendant 1 heure",
        "Jusqu'à demain",
    ]


def test_menu_labels_follow_the_controllers_language() -> None:
    controller = FakeController(language="en")
    tray, _ = make_tray(controller)
    assert labels(tray.icon.menu) == [
        "Today's figures",
        "Pause reminders",
        "Participation",
        "My report",
        "Rate my tools",
        "Privacy",
        "Quit",
    ]
    controller.language = "fr"
    tray.refresh()
    assert labels(tray.icon.menu)[0] == "Mes chiffres du jour"


def test_participation_items_are_radio_items_checked_on_the_current_mode() -> None:
    controller = FakeController(mode=Mode.REMINDERS)
    tray, _ = make_tray(controller)
    participation = item(tray.icon.menu, "Participation").submenu
    assert [entry.radio for entry in participation.items] == [True, True, True]
    assert [entry.checked for entry in participation.items] == [False, True, False]

    item(participation, mode_name(Mode.SHARE, "fr"))(tray.icon)

    assert controller.calls == [("set_mode", Mode.SHARE)]
    assert [entry.checked for entry in participation.items] == [False, False, True]


def test_no_mode_checked_until_one_is_chosen() -> None:
    tray, _ = make_tray(FakeController(mode=None))
    participation = item(tray.icon.menu, "Participation").submenu
    assert [entry.checked for entry in participation.items] == [False, False, False]


@pytest.mark.parametrize(
    ("label", "until_tomorrow"), [("Pendant 1 heure", False), ("Jusqu'à demain", True)]
)
def test_pause_items_pause_reminders(label: str, until_tomorrow: bool) -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    pause = item(tray.icon.menu, "Suspendre les rappels")
    item(pause.submenu, label)(tray.icon)
    assert controller.calls == [("pause_reminders", until_tomorrow)]
    assert pause.text == "Rappels suspendus"  # the label says so at once


@pytest.mark.parametrize(
    ("mode", "enabled"),
    [(None, False), (Mode.OFF, False), (Mode.REMINDERS, True), (Mode.SHARE, True)],
)
def test_pausing_is_offered_only_when_there_are_reminders(mode: Mode | None, enabled: bool) -> None:
    tray, _ = make_tray(FakeController(mode=mode))
    assert item(tray.icon.menu, FR.menu_pause).enabled is enabled


@pytest.mark.parametrize(
    ("label", "call"), [("Mon rapport", "open_report"), ("Confidentialité", "open_privacy_notice")]
)
def test_report_and_privacy_items_call_the_controller(label: str, call: str) -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    item(tray.icon.menu, label)(tray.icon)
    assert controller.calls == [(call, None)]


def test_todays_figures_item_shows_the_summary_in_a_notification() -> None:
    controller = FakeController()
    tray, notifier = make_tray(controller)
    today = item(tray.icon.menu, "Mes chiffres du jour")
    assert today.default  # what a left click does, where the backend has a default action
    today(tray.icon)
    assert notifier.shown == [("Répit : aujourd'hui", "Écran aujourd'hui : 3 h 12\nPauses : 3")]


def test_quit_calls_the_controller_and_stops_the_tray() -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    item(tray.icon.menu, "Quitter")(tray.icon)
    assert controller.calls == [("quit", None)]
    tray.run()  # stopped already: returns at once instead of blocking


def test_a_failing_action_is_logged_not_raised(caplog: pytest.LogCaptureFixture) -> None:
    controller = FakeController()
    controller.fail_on = "open_report"
    tray, _ = make_tray(controller)
    with caplog.at_level(logging.ERROR, logger="repit.tray"):
        item(tray.icon.menu, "Mon rapport")(tray.icon)
    assert [record.getMessage() for record in caplog.records] == ["the tray's report action failed"]


def test_refresh_updates_the_image_and_the_title() -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    assert tray.icon.title == controller.tip
    assert tray.icon.icon.tobytes() == draw_icon(IconState.RECORDING).tobytes()

    controller.state = IconState.BREAK_DUE
    controller.tip = "Écran aujourd'hui : 3 h 13 · depuis la dernière pause : 1 h 05"
    tray.refresh()

    assert tray.icon.icon.tobytes() == draw_icon(IconState.BREAK_DUE).tobytes()
    assert tray.icon.title == controller.tip


def test_refresh_from_many_threads_at_once() -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    states = list(IconState)

    def tick(index: int) -> None:
        for step in range(50):
            controller.state = states[(index + step) % len(states)]
            tray.refresh()

    threads = [threading.Thread(target=tick, args=(index,)) for index in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    controller.state = IconState.PAUSED
    tray.refresh()
    assert tray.icon.icon.tobytes() == draw_icon(IconState.PAUSED).tobytes()


def test_run_refuses_other_threads() -> None:
    tray, _ = make_tray(FakeController())
    errors: list[BaseException] = []

    def run() -> None:
        try:
            tray.run()
        except RuntimeError as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert len(errors) == 1


def test_an_unknown_backend_means_no_tray() -> None:
    with pytest.raises(TrayUnavailable):
        icon_class("nonexistent")


@pytest.mark.parametrize(
    ("mode", "enabled"),
    [(None, False), (Mode.OFF, False), (Mode.REMINDERS, False), (Mode.SHARE, True)],
)
def test_rating_the_tools_is_offered_in_share_mode_only(mode: Mode | None, enabled: bool) -> None:
    controller = FakeController(mode=mode)
    tray, _ = make_tray(controller)
    tools = item(tray.icon.menu, "Mon avis sur les outils")
    assert tools.enabled is enabled
    if enabled:
        tools(tray.icon)
        assert controller.calls == [("open_tool_window", None)]
