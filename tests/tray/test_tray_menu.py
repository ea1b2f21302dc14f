"""The tray's menu and refresh logic, without a display (pystray's dummy backend).

Menu items are invoked directly (``item(icon)``), as a click would; the real
clicks are in ``test_tray_desktop``.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import pytest

from agent.participation import IconState, Mode, PendingTeam, ShareDestination
from agent.texts import FR
from agent.tray import Tray, TrayUnavailable, icon_class
from agent.tray.icons import draw_icon


class FakeController:
    def __init__(self, mode: Mode | None = Mode.REMINDERS, language: str = "fr") -> None:
        self.language = language
        self.calls: list[tuple[str, object]] = []
        self._mode = mode
        self._paused = False
        self.state = IconState.RECORDING
        self.tip = "Écran aujourd’hui\u00a0: 3\u00a0h\u00a012 · " + (
            "depuis la dernière pause\u00a0: 42\u00a0min"
        )
        self.fail_on: str | None = None
        self.destination: ShareDestination = ("https://repit.example", "team-a")

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

    def take_break(self) -> None:
        self._call("take_break")

    def snooze(self) -> None:
        self._call("snooze")
        self._paused = True

    def resume_reminders(self) -> None:
        self._call("resume_reminders")
        self._paused = False

    def paused_until(self) -> str | None:
        return "jusqu’à 22\u00a0h\u00a003" if self._paused else None

    def share_destination(self) -> ShareDestination:
        return self.destination

    def export_data(self) -> None:
        self._call("export_data")

    def erase_data(self) -> None:
        self._call("erase_data")

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
    """The texts of the items shown (``visible``), as the backend draws them."""
    return [item.text for item in menu.items if item.text != "- - - -" and item.visible]


def item(menu: Any, text: str) -> Any:
    return next(entry for entry in menu.items if entry.text == text and entry.visible)


def test_menu_labels_are_french_by_default() -> None:
    tray, _ = make_tray(FakeController())
    assert labels(tray.icon.menu) == [
        "Mes chiffres du jour",
        "Je fais une pause",
        "Suspendre les rappels",
        "Participation",
        "Mon rapport",
        "Exporter mes données",
        "Effacer mes données…",
        "Mon avis sur les outils",
        "Confidentialité",
        "Quitter",
    ]
    assert labels(item(tray.icon.menu, "Participation").submenu) == [
        "Désactivé — rien n’est enregistré, aucun rappel",
        "Rappels seulement — des rappels\u00a0; tout reste sur cet ordinateur",
        "Rappels et partage anonyme — des rappels, et des sommes anonymes pour votre équipe…",
    ]
    assert labels(item(tray.icon.menu, "Suspendre les rappels").submenu) == [
        "Dans 10 minutes",
        "En réunion (1 heure)",
        "Jusqu’à demain",
    ]


def test_menu_labels_follow_the_controllers_language() -> None:
    controller = FakeController(language="en")
    tray, _ = make_tray(controller)
    assert labels(tray.icon.menu) == [
        "Today's figures",
        "I'm taking a break",
        "Pause reminders",
        "Participation",
        "My report",
        "Export my data",
        "Erase my data…",
        "Rate my tools",
        "Privacy",
        "Quit",
    ]
    controller.language = "fr"
    tray.refresh()
    assert labels(tray.icon.menu)[0] == "Mes chiffres du jour"


SHARE_ITEM = "Rappels et partage anonyme — des rappels, et des sommes anonymes pour votre équipe…"
SHARE_ITEM_EN = "Reminders and anonymous sharing — reminders, and anonymous sums for your team…"


def test_participation_items_are_radio_items_checked_on_the_current_mode() -> None:
    controller = FakeController(mode=Mode.REMINDERS)
    tray, _ = make_tray(controller)
    participation = item(tray.icon.menu, "Participation").submenu
    shown = [entry for entry in participation.items if entry.visible]
    assert [entry.radio for entry in shown] == [True, True, False]  # share: asks first
    assert [bool(entry.checked) for entry in shown] == [False, True, False]


def test_choosing_share_says_what_is_sent_and_to_whom_and_asks_first() -> None:
    controller = FakeController(mode=Mode.REMINDERS)
    tray, _ = make_tray(controller)
    participation = item(tray.icon.menu, "Participation").submenu
    confirm = item(participation, SHARE_ITEM).submenu
    assert labels(confirm) == [
        "Partager des sommes anonymes avec votre équipe\u00a0?",
        "Seront envoyés, par jour et par semaine, des nombres entiers\u00a0:",
        "durées d’écran, pauses, rappels\u00a0; jamais une heure, un nom ou un texte.",
        "Destinataire\u00a0: l’agrégateur https://repit.example, équipe team-a, "
        "qui ne publie que des totaux de groupe.",
        "Oui, partager",
        "Non, ne rien changer",
    ]
    assert [entry.enabled for entry in confirm.items if entry.visible][:4] == [False] * 4
    item(confirm, "Non, ne rien changer")(tray.icon)
    assert controller.calls == []
    item(confirm, "Oui, partager")(tray.icon)
    assert controller.calls == [("set_mode", Mode.SHARE)]
    # Now sharing: a checked radio item, and no confirmation left to give.
    shown = [entry for entry in participation.items if entry.visible]
    assert [bool(entry.checked) for entry in shown] == [False, False, True]
    assert shown[2].text == SHARE_ITEM.removesuffix("…")


def test_choosing_share_on_a_device_enrolled_nowhere_says_nothing_will_be_sent() -> None:
    controller = FakeController(mode=None)
    controller.destination = None
    tray, _ = make_tray(controller)
    confirm = item(item(tray.icon.menu, "Participation").submenu, SHARE_ITEM).submenu
    assert labels(confirm)[3:5] == [
        "Cet ordinateur n’est inscrit dans aucune équipe\u00a0:",
        "rien ne sera envoyé tant que votre administrateur ne l’aura pas inscrit.",
    ]


def test_sharing_on_a_device_enrolled_nowhere_says_that_nothing_is_sent() -> None:
    controller = FakeController(mode=Mode.SHARE)
    controller.destination = None
    tray, _ = make_tray(controller)
    assert labels(item(tray.icon.menu, "Participation").submenu)[-1] == (
        "Rien n’est envoyé\u00a0: cet ordinateur n’est inscrit dans aucune équipe."
    )
    controller.destination = ("https://repit.example", "team-a")
    tray.refresh()
    assert len(labels(item(tray.icon.menu, "Participation").submenu)) == 3


def test_choosing_share_during_a_half_done_enrollment_names_the_team_as_status_does() -> None:
    controller = FakeController(mode=Mode.REMINDERS)
    controller.destination = PendingTeam("dnum-infra", "enroll_again")
    tray, _ = make_tray(controller)
    confirm = item(item(tray.icon.menu, "Participation").submenu, SHARE_ITEM).submenu
    assert labels(confirm)[3:] == [
        "Équipe\u00a0: dnum-infra, inscription au second serveur en attente\u00a0; relancez "
        "repit-agent enroll avec les mêmes codes (le code du serveur principal n’est pas "
        "redemandé)",
        "rien ne sera envoyé avant la fin de l’inscription.",
        "Oui, partager",
        "Non, ne rien changer",
    ]
    assert not any("aucune équipe" in label for label in labels(confirm))
    controller.language = "en"
    controller.destination = PendingTeam("dnum-infra", "at_start")
    tray.refresh()
    confirm = item(item(tray.icon.menu, "Participation").submenu, SHARE_ITEM_EN).submenu
    assert labels(confirm)[3:5] == [
        "Team: dnum-infra, enrollment at the helper server pending "
        "(tried again automatically at the agent's next start)",
        "nothing will be sent until the enrollment is complete.",
    ]


def test_sharing_during_a_half_done_enrollment_says_that_nothing_is_sent_yet() -> None:
    controller = FakeController(mode=Mode.SHARE)
    controller.destination = PendingTeam("dnum-infra", "at_start")
    tray, _ = make_tray(controller)
    assert labels(item(tray.icon.menu, "Participation").submenu)[-1] == (
        "Rien n’est envoyé pour l’instant. Équipe\u00a0: dnum-infra, inscription au second "
        "serveur en attente (nouvel essai automatique au prochain démarrage de l’agent)."
    )
    controller.destination = ("https://repit.example", "dnum-infra")  # the helper answered
    tray.refresh()
    assert len(labels(item(tray.icon.menu, "Participation").submenu)) == 3


def test_no_mode_checked_until_one_is_chosen() -> None:
    tray, _ = make_tray(FakeController(mode=None))
    participation = item(tray.icon.menu, "Participation").submenu
    assert [bool(entry.checked) for entry in participation.items if entry.visible] == [
        False,
        False,
        False,
    ]


@pytest.mark.parametrize(
    ("label", "call"),
    [
        ("Dans 10 minutes", ("snooze", None)),
        ("En réunion (1 heure)", ("pause_reminders", False)),
        ("Jusqu’à demain", ("pause_reminders", True)),
    ],
)
def test_pause_items_pause_reminders(label: str, call: tuple[str, object]) -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    pause = item(tray.icon.menu, "Suspendre les rappels")
    item(pause.submenu, label)(tray.icon)
    assert controller.calls == [call]
    # The menu says until when, and offers to resume, at once.
    assert "Suspendre les rappels" not in labels(tray.icon.menu)
    assert labels(tray.icon.menu)[1:4] == [
        "Je fais une pause",
        "Rappels suspendus jusqu’à 22\u00a0h\u00a003",
        "Reprendre les rappels",
    ]
    item(tray.icon.menu, "Reprendre les rappels")(tray.icon)
    assert controller.calls[-1] == ("resume_reminders", None)
    assert "Suspendre les rappels" in labels(tray.icon.menu)


def test_taking_a_break_from_the_menu() -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    item(tray.icon.menu, "Je fais une pause")(tray.icon)
    assert controller.calls == [("take_break", None)]


@pytest.mark.parametrize(
    ("mode", "enabled"),
    [(None, False), (Mode.OFF, False), (Mode.REMINDERS, True), (Mode.SHARE, True)],
)
def test_pausing_is_offered_only_when_there_are_reminders(mode: Mode | None, enabled: bool) -> None:
    tray, _ = make_tray(FakeController(mode=mode))
    assert item(tray.icon.menu, FR.menu_pause).enabled is enabled
    assert (FR.action_break in labels(tray.icon.menu)) is enabled


def test_erasing_says_what_goes_and_asks_first() -> None:
    controller = FakeController()
    tray, _ = make_tray(controller)
    erase = item(tray.icon.menu, "Effacer mes données…").submenu
    assert labels(erase) == [
        "Efface de cet ordinateur\u00a0: activité, chiffres, réglages, rapport",
        "et inscription dans l’équipe.",
        "Répit s’arrête ensuite.",
        "Oui, tout effacer",
        "Non, garder mes données",
    ]
    item(erase, "Non, garder mes données")(tray.icon)
    assert controller.calls == []
    item(erase, "Oui, tout effacer")(tray.icon)
    assert controller.calls == [("erase_data", None)]


@pytest.mark.parametrize(
    ("label", "call"),
    [
        ("Mon rapport", "open_report"),
        ("Exporter mes données", "export_data"),
        ("Confidentialité", "open_privacy_notice"),
    ],
)
def test_report_export_and_privacy_items_call_the_controller(label: str, call: str) -> None:
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
    assert notifier.shown == [
        ("Répit\u00a0: aujourd’hui", "Écran aujourd'hui : 3 h 12\nPauses : 3")
    ]


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
