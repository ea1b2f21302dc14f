"""The light tray (``agent.tray.xembed``) for real: pointer clicks in its menus, and a
tray host that starts after the icon (pystray's xorg backend never docks then)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from agent.tray.menu_drawing import PADDING, ROW_HEIGHT, SEPARATOR_HEIGHT
from tests.fixtures.desktop import Desktop, tray_selection_owned
from tests.tray import test_tray_desktop
from tests.tray.test_tray_desktop import REPO, TrayProcess, _open_menus
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(180)

start_tray = test_tray_desktop.start_tray  # the fixture: a tray process under trayer


def _menu_windows(tray: TrayProcess) -> list[tuple[int, int, int, int]]:
    """(x, y, width, height) of each open menu, in the order they were mapped."""
    from Xlib import X
    from Xlib.display import Display

    display = Display(tray.desktop.display)
    try:
        found = []
        for child in display.screen().root.query_tree().children:
            attributes = child.get_attributes()
            if attributes.override_redirect and attributes.map_state == X.IsViewable:
                geometry = child.get_geometry()
                if geometry.width > 20 and geometry.height > 20:
                    found.append((geometry.x, geometry.y, geometry.width, geometry.height))
        return found
    finally:
        display.close()


def _row_centre(
    menu: tuple[int, int, int, int], rows_before: int, separators: int = 0
) -> tuple[int, int]:
    x, y, width, _height = menu
    top = y + PADDING + rows_before * ROW_HEIGHT + separators * SEPARATOR_HEIGHT
    return x + width // 2, top + ROW_HEIGHT // 2


def test_clicks_open_the_submenu_and_choose_a_mode(start_tray: Any) -> None:
    tray = start_tray("--language", "fr", "--mode", "reminders", "--backend", "xembed")
    x, y = tray.wait_docked().centre
    tray.xdotool("mousemove", str(x), str(y))
    tray.xdotool("click", "--delay", "1", "3")
    wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open")
    [menu] = _menu_windows(tray)
    assert menu[1] >= y  # below the icon: the opening click's release chooses nothing
    # Today's figures, "Je fais une pause", "Suspendre les rappels", *Participation*.
    px, py = _row_centre(menu, 3)
    tray.xdotool("mousemove", str(px), str(py))
    tray.xdotool("click", "--delay", "1", "1")
    wait_until(lambda: _open_menus(tray) >= 2, "the participation submenu to open")
    submenu = _menu_windows(tray)[-1]
    ox, oy = _row_centre(submenu, 0)  # Off
    tray.xdotool("mousemove", str(ox), str(oy))
    tray.xdotool("click", "--delay", "1", "1")
    wait_until(lambda: bool(tray.calls_named("set_mode")), "set_mode to be called")
    assert tray.calls_named("set_mode") == [["off"]]
    wait_until(lambda: _open_menus(tray) == 0, "the menus to close")


def test_a_click_outside_closes_the_menu_without_choosing(start_tray: Any) -> None:
    tray = start_tray("--language", "en", "--mode", "reminders", "--backend", "xembed")
    x, y = tray.wait_docked().centre
    tray.xdotool("mousemove", str(x), str(y))
    tray.xdotool("click", "--delay", "1", "3")
    wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open")
    tray.xdotool("mousemove", "900", "700")
    tray.xdotool("click", "--delay", "1", "1")
    wait_until(lambda: _open_menus(tray) == 0, "the menu to close")
    tray.xdotool("mousemove", str(x), str(y))
    tray.xdotool("click", "--delay", "1", "3")  # and it opens again
    wait_until(lambda: _open_menus(tray) >= 1, "the tray menu to open again")
    tray.xdotool("key", "Escape")
    wait_until(lambda: _open_menus(tray) == 0, "Escape to close the menu")
    assert [call["call"] for call in tray.calls()] == ["started"]


def test_the_icon_docks_in_a_tray_host_that_starts_after_it(
    desktop: Desktop, tmp_path: Path
) -> None:
    calls = tmp_path / "calls.jsonl"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.tray.tray_app", str(calls), "--backend", "xembed"],
        cwd=REPO,
        env=desktop.env,
        stdin=subprocess.PIPE,
        stderr=(tmp_path / "tray.log").open("wb"),
    )
    tray = TrayProcess(process, calls, desktop)
    trayer: subprocess.Popen[bytes] | None = None
    try:
        wait_until(lambda: bool(tray.calls_named("started")), "the tray process to start")
        assert not tray_selection_owned(desktop.display)
        trayer = subprocess.Popen(
            ["trayer", "--edge", "top", "--align", "left", "--widthtype", "pixel",
             "--width", "200", "--height", "32", "--SetDockType", "false",
             "--SetPartialStrut", "false"],
            env=desktop.env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        icon = tray.wait_docked()
        assert icon.width >= 16 and icon.height >= 16
    finally:
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if trayer is not None:
            trayer.terminate()
            trayer.wait(timeout=10)
