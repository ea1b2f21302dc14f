"""The notifier's promises on every OS, with plyer's platform call faked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from agent.notify import (
    LinuxNotifier,
    MacNotifier,
    Notifier,
    PlyerNotifier,
    WindowsNotifier,
    default_notifier,
)
from agent.participation import IconState
from agent.tray.icons import write_icon


class FakePlyer:
    """Records plyer's notify calls; raises ``error`` while it is set."""

    def __init__(self) -> None:
        self.calls: list[dict[str, object]] = []
        self.error: Exception | None = None

    def __call__(
        self, *, title: str, message: str, app_name: str, app_icon: str, timeout: int
    ) -> None:
        if self.error is not None:
            raise self.error
        self.calls.append(
            {
                "title": title,
                "message": message,
                "app_name": app_name,
                "app_icon": app_icon,
                "timeout": timeout,
            }
        )


class FakeDBusException(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name}: no such service")
        self._name = name

    def get_dbus_name(self) -> str:
        return self._name


@pytest.mark.parametrize(
    ("platform", "kind"),
    [
        ("linux", LinuxNotifier),
        ("win32", WindowsNotifier),
        ("darwin", MacNotifier),
        ("sunos5", PlyerNotifier),
    ],
)
def test_default_notifier_per_platform(platform: str, kind: type[PlyerNotifier]) -> None:
    notifier: Notifier = default_notifier(platform)
    assert type(notifier) is kind


def test_windows_gets_an_ico_icon_and_texts_within_the_balloon_limits(tmp_path: Path) -> None:
    plyer = FakePlyer()
    png = write_icon(IconState.RECORDING, tmp_path / "repit.png")
    notifier = default_notifier("win32", app_icon=png, call=plyer)

    assert notifier.notify("T" * 100, "M" * 400)

    [call] = plyer.calls
    assert call["app_name"] == "Répit"
    assert call["timeout"] == 15
    assert len(str(call["title"])) <= 63 and str(call["title"]).endswith("…")
    assert len(str(call["message"])) <= 255
    icon = Path(str(call["app_icon"]))
    assert icon.suffix == ".ico" and icon.read_bytes()[:4] == b"\x00\x00\x01\x00"


def test_windows_short_texts_are_passed_unchanged(tmp_path: Path) -> None:
    plyer = FakePlyer()
    assert default_notifier("win32", call=plyer).notify("Une pause ?", "Vous êtes devant l'écran…")
    assert plyer.calls[0]["title"] == "Une pause ?"
    assert plyer.calls[0]["message"] == "Vous êtes devant l'écran…"
    assert plyer.calls[0]["app_icon"] == ""


def test_macos_passes_title_and_message_and_no_icon(tmp_path: Path) -> None:
    plyer = FakePlyer()
    png = write_icon(IconState.RECORDING, tmp_path / "repit.png")
    assert default_notifier("darwin", app_icon=png, call=plyer).notify("Titre", "Texte")
    assert plyer.calls == [
        {"title": "Titre", "message": "Texte", "app_name": "Répit", "app_icon": "", "timeout": 15}
    ]


def test_linux_passes_the_png_icon(tmp_path: Path) -> None:
    plyer = FakePlyer()
    png = write_icon(IconState.RECORDING, tmp_path / "repit.png")
    assert default_notifier("linux", app_icon=png, timeout=20, call=plyer).notify("Titre", "Texte")
    assert plyer.calls[0]["app_icon"] == str(png)
    assert plyer.calls[0]["timeout"] == 20


@pytest.mark.parametrize("platform", ["linux", "win32", "darwin"])
def test_a_failure_is_logged_once_until_a_notification_succeeds(
    platform: str, caplog: pytest.LogCaptureFixture
) -> None:
    plyer = FakePlyer()
    notifier = default_notifier(platform, call=plyer)
    plyer.error = NotImplementedError("No usable implementation found!")
    with caplog.at_level(logging.INFO, logger="repit.notify"):
        assert notifier.notify("a", "b") is False
        assert notifier.notify("a", "b") is False
        assert [record.levelname for record in caplog.records] == ["WARNING"]
        assert (
            "NotImplementedError: No usable implementation found!" in caplog.records[0].getMessage()
        )

        plyer.error = None
        assert notifier.notify("a", "b") is True
        assert [record.levelname for record in caplog.records] == ["WARNING", "INFO"]

        plyer.error = NotImplementedError("No usable implementation found!")
        assert notifier.notify("a", "b") is False  # failing again after a success: said again
        assert [record.levelname for record in caplog.records] == ["WARNING", "INFO", "WARNING"]


def test_another_kind_of_failure_is_logged_too(caplog: pytest.LogCaptureFixture) -> None:
    plyer = FakePlyer()
    notifier = default_notifier("darwin", call=plyer)
    with caplog.at_level(logging.WARNING, logger="repit.notify"):
        plyer.error = FakeDBusException("org.freedesktop.DBus.Error.ServiceUnknown")
        notifier.notify("a", "b")
        notifier.notify("a", "b")
        plyer.error = FakeDBusException("org.freedesktop.DBus.Error.NoReply")
        notifier.notify("a", "b")
        notifier.notify("a", "b")
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert "ServiceUnknown" in messages[0] and "NoReply" in messages[1]


def test_notify_never_raises_even_on_unexpected_errors() -> None:
    plyer = FakePlyer()
    plyer.error = RuntimeError("anything")
    assert default_notifier("win32", call=plyer).notify("a", "b") is False


def test_the_text_of_a_notification_is_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    plyer = FakePlyer()
    plyer.error = OSError("daemon gone")
    with caplog.at_level(logging.DEBUG):
        default_notifier("linux", call=plyer).notify(
            "Il est 21:10", "Votre journée de travail est terminée."
        )
    assert caplog.records
    assert all("21:10" not in record.getMessage() for record in caplog.records)
