"""The tray for real: a private X server, trayer as the tray host, real clicks and keys.

The tray runs in its own process (``tests.tray.tray_app``: GTK wants its
process's main thread) on a fake controller that writes each call to a file.
Screenshots are saved under the test's ``tmp_path``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from agent.participation import IconState
from agent.tray.icons import FILL
from tests.fixtures.desktop import Desktop, NotificationDaemon
from tests.waiting import WaitTimeout, wait_until

REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.timeout(180)


@dataclass(frozen=True)
class Geometry:
    window: int
    x: int
    y: int
    width: int
    height: int

    @property
    def centre(self) -> tuple[int, int]:
        return self.x + self.width // 2, self.y + self.height // 2


class TrayProcess:
    def __init__(self, process: subprocess.Popen[bytes], calls: Path, desktop: Desktop) -> None:
        self.process = process
        self.calls_file = calls
        self.desktop = desktop

    def calls(self) -> list[dict[str, Any]]:
        if not self.calls_file.exists():
            return []
        lines = self.calls_file.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]

    def calls_named(self, name: str) -> list[list[str]]:
        return [call["args"] for call in self.calls() if call["call"] == name]

    def docked_icon(self) -> Geometry | None:
        """Our icon's window when it sits inside trayer's panel, else None.

        Windows come and go while the tree is walked (the tray docks, GTK
        maps and unmaps its own windows): a window gone in between is simply
        not there, and the caller asks again.
        """
        from Xlib.display import Display
        from Xlib.error import BadDrawable, BadWindow

        display = Display(self.desktop.display)
        try:
            root = display.screen().root

            def walk(window: Any, inside_trayer: bool) -> Geometry | None:
                for child in window.query_tree().children:
                    wm_class = child.get_wm_class() or ()
                    in_trayer = inside_trayer or "trayer" in wm_class
                    if in_trayer and "repit" in wm_class:
                        geometry = child.get_geometry()
                        origin = child.translate_coords(root, 0, 0)
                        if geometry.width > 1 and geometry.height > 1:
                            return Geometry(
                                child.id, -origin.x, -origin.y, geometry.width, geometry.height
                            )
                    found = walk(child, in_trayer)
                    if found is not None:
                        return found
                return None

            try:
                return walk(root, False)
            except (BadWindow, BadDrawable):
                return None
        finally:
            display.close()

    def docked_icon_or_wait(self) -> Geometry:
        return self.docked_icon() or self.wait_docked()

    def wait_docked(self) -> Geometry:
        docked: list[Geometry] = []

        def is_docked() -> bool:
            if self.process.poll() is not None:
                raise AssertionError(f"the tray exited early ({self.process.returncode})")
            geometry = self.docked_icon()
            if geometry is not None:
                docked.append(geometry)
            return geometry is not None

        wait_until(is_docked, "the tray icon to dock in trayer")
        return docked[-1]

    def screenshot(self, path: Path) -> Any:
        from PIL import ImageGrab

        image = ImageGrab.grab(xdisplay=self.desktop.display)
        image.save(path)
        return image

    def xdotool(self, *arguments: str) -> None:
        self.desktop.run("xdotool", *arguments)


@pytest.fixture
def start_tray(tray_host: Desktop, tmp_path: Path) -> Iterator[Any]:
    started: list[TrayProcess] = []

    def start(*arguments: str) -> TrayProcess:
        calls = tmp_path / f"calls-{len(started)}.jsonl"
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.tray.tray_app", str(calls), *arguments],
            cwd=REPO,
            env=tray_host.env,
            stdin=subprocess.PIPE,
            stderr=(tmp_path / f"tray-{len(started)}.log").open("wb"),
        )
        tray = TrayProcess(process, calls, tray_host)
        started.append(tray)
        wait_until(lambda: bool(tray.calls_named("started")), "the tray process to start")
        return tray

    try:
        yield start
    finally:
        for tray in started:
            assert tray.process.stdin is not None
            tray.process.stdin.close()  # the helper stops its tray when its stdin closes
            try:
                tray.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                tray.process.kill()
                tray.process.wait()


def share_of_pixels_near(
    image: Any, box: tuple[int, int, int, int], colour: tuple[int, ...]
) -> float:
    data = image.convert("RGB").crop(box).tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    near = sum(
        1
        for pixel in pixels
        if all(abs(a - b) <= 40 for a, b in zip(pixel, colour[:3], strict=True))
    )
    return near / len(pixels)


def test_icon_docks_in_the_tray_host_with_its_tooltip_as_title(
    start_tray: Any, tmp_path: Path
) -> None:
    tray = start_tray("--mode", "reminders", "--language", "fr")
    icon = tray.wait_docked()
    assert tray.calls_named("started") == [["xembed"]]  # the preferred backend under trayer
    box = (icon.x, icon.y, icon.x + icon.width, icon.y + icon.height)
    wait_until(
        lambda: (
            share_of_pixels_near(
                tray.screenshot(tmp_path / "docked.png"), box, FILL[IconState.RECORDING]
            )
            > 0.2
        ),
        "the green icon to be drawn",
    )
    name = tray.desktop.run("xdotool", "getwindowname", str(icon.window)).stdout.strip()
    assert (
        name
        == "Écran aujourd’hui\u00a0: 3\u00a0h\u00a012 · depuis la dernière pause\u00a0: 42\u00a0min"
    )


@pytest.mark.parametrize("backend", ["xembed", "appindicator", "gtk"])
def test_choosing_share_from_the_menu_with_real_input(
    start_tray: Any, tmp_path: Path, backend: str
) -> None:
    tray = start_tray("--language", "fr", "--backend", backend)  # no mode chosen: grey "?"
    icon = tray.wait_docked()
    assert tray.calls_named("started") == [[backend]]
    box = (icon.x, icon.y, icon.x + icon.width, icon.y + icon.height)
    wait_until(
        lambda: (
            share_of_pixels_near(
                tray.screenshot(tmp_path / "not-chosen.png"), box, FILL[IconState.NOT_CHOSEN]
            )
            > 0.2
        ),
        "the grey icon to be drawn",
    )

    x, y = icon.centre
    tray.xdotool("mousemove", str(x), str(y))
    tray.xdotool("click", "--delay", "1", "3")
    wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open")
    tray.screenshot(tmp_path / "menu.png")
    # Today's figures, (pause: disabled, and skipped, while no mode is chosen),
    # *participation* -> off, reminders, *share*.
    tray.xdotool("key", "--delay", "30", "Down", "Down", "Right")
    # Keys sent before the submenu is mapped would move in the menu instead.
    wait_until(lambda: _open_menus(tray) >= 2, "the participation submenu to open")
    tray.xdotool("key", "--delay", "30", "Down", "Down")
    tray.screenshot(tmp_path / "submenu.png")
    # "Rappels et partage anonyme…" opens the confirmation: what is sent, to whom.
    tray.xdotool("key", "Right")
    wait_until(lambda: _open_menus(tray) >= 3, "the share confirmation to open")
    ARTIFACTS.mkdir(exist_ok=True)
    tray.screenshot(ARTIFACTS / f"finding9-share-confirmation-{backend}.png")
    assert tray.calls_named("set_mode") == []  # nothing chosen before "Oui, partager"
    tray.xdotool("key", "Return")  # the first item that can be chosen: "Oui, partager"

    wait_until(lambda: bool(tray.calls_named("set_mode")), "set_mode to be called")
    assert tray.calls_named("set_mode") == [["share"]]
    # The icon follows the new mode at once (the tray refreshes after an action).
    wait_until(
        lambda: (
            share_of_pixels_near(
                tray.screenshot(tmp_path / "share.png"), box, FILL[IconState.RECORDING]
            )
            > 0.2
        ),
        "the icon to turn green",
    )


def test_todays_figures_reach_the_notification_daemon(
    start_tray: Any, notification_daemon: NotificationDaemon, tmp_path: Path
) -> None:
    tray = start_tray("--mode", "reminders", "--language", "en")
    x, y = tray.wait_docked().centre
    tray.xdotool("mousemove", str(x), str(y))
    tray.xdotool("click", "--delay", "1", "3")
    wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open")
    ARTIFACTS.mkdir(exist_ok=True)
    tray.screenshot(ARTIFACTS / "finding10-tray-menu-en.png")
    tray.xdotool("key", "--delay", "30", "Down", "Return")

    [shown] = notification_daemon.wait_for(1)
    assert (shown.app_name, shown.summary) == ("Répit", "Répit: today")
    assert shown.body.splitlines() == [
        "Screen today: 3\u00a0h\u00a012\u00a0min",
        "Since the last break: 42\u00a0min",
        "First and last activity: 08:42 – 12:30",
        "Breaks: 3",
        "Longest stretch without a break: 1\u00a0h\u00a020\u00a0min",
        "Reminders shown: 1",
    ]


def _open_menus(tray: TrayProcess) -> int:
    """How many menus are open: a GTK menu (or submenu) maps an override-redirect window."""
    from Xlib import X
    from Xlib.display import Display
    from Xlib.error import BadDrawable, BadWindow

    display = Display(tray.desktop.display)
    try:
        menus = 0
        for child in display.screen().root.query_tree().children:
            try:
                attributes = child.get_attributes()
                if not attributes.override_redirect or attributes.map_state != X.IsViewable:
                    continue
                geometry = child.get_geometry()
            except (BadWindow, BadDrawable):  # gone while the tree was read
                continue
            menus += geometry.width > 20 and geometry.height > 20
        return menus
    finally:
        display.close()


MENU_ATTEMPTS = 3
"""A menu rebuilt after an action (its labels changed) may swallow the first click or
keys while GTK swaps it in; the gesture is then made again, from a closed menu."""


def choose_from_menu(
    tray: TrayProcess,
    keys: list[str],
    call: str,
    *,
    screenshot: Path | None = None,
    submenu: bool = False,
) -> None:
    """Right-click the icon, press ``keys``, and wait for the controller's ``call``.

    ``submenu``: the last key opens a submenu (a confirmation), where Return then
    chooses its first item that can be chosen.
    """
    x, y = tray.docked_icon_or_wait().centre
    before = len(tray.calls_named(call))
    for _attempt in range(MENU_ATTEMPTS):
        wait_until(lambda: _open_menus(tray) == 0, "the menus to be closed")
        tray.xdotool("mousemove", str(x), str(y))
        tray.xdotool("click", "--delay", "1", "3")
        try:
            wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open", timeout=10)
            tray.xdotool("key", "--delay", "30", *keys)
            if submenu:
                wait_until(lambda: _open_menus(tray) >= 2, "the submenu to open", timeout=10)
            if screenshot is not None:
                tray.screenshot(screenshot)
            if submenu:
                assert len(tray.calls_named(call)) == before  # nothing done before the answer
                tray.xdotool("key", "Return")
            wait_until(lambda: len(tray.calls_named(call)) > before, f"{call} to be called", 10)
            return
        except WaitTimeout:
            tray.xdotool("key", "Escape", "Escape", "Escape")
    raise WaitTimeout(f"{call} was not called after {MENU_ATTEMPTS} attempts")


def test_suspending_then_resuming_reminders_from_the_menu(start_tray: Any) -> None:
    tray = start_tray("--mode", "reminders", "--language", "fr")
    tray.wait_docked()
    ARTIFACTS.mkdir(exist_ok=True)
    # Today's figures, "Je fais une pause", *Suspendre les rappels* -> *Dans 10 minutes*.
    choose_from_menu(
        tray,
        ["Down", "Down", "Down", "Right"],
        "snooze",
        screenshot=ARTIFACTS / "finding10-pause-submenu.png",
        submenu=True,
    )
    # Today's figures, ("Je fais une pause": disabled while paused; "Rappels suspendus
    # jusqu'à 22 h 03": a note), *Reprendre les rappels*.
    choose_from_menu(
        tray,
        ["Down", "Down", "Return"],
        "resume_reminders",
        screenshot=ARTIFACTS / "finding10-paused-menu.png",
    )
    assert [call["call"] for call in tray.calls()][1:] == ["snooze", "resume_reminders"]


def test_export_and_erase_from_the_menu(start_tray: Any) -> None:
    tray = start_tray("--mode", "reminders", "--language", "fr")
    tray.wait_docked()
    ARTIFACTS.mkdir(exist_ok=True)
    # Up from the top wraps to "Quitter": Quitter, Confidentialité, Effacer…, *Exporter*.
    choose_from_menu(tray, ["Up", "Up", "Up", "Up", "Return"], "export_data")
    choose_from_menu(
        tray,
        ["Up", "Up", "Up", "Right"],
        "erase_data",
        screenshot=ARTIFACTS / "finding11-erase-confirmation.png",
        submenu=True,
    )
    assert [call["call"] for call in tray.calls()][1:] == ["export_data", "erase_data"]
