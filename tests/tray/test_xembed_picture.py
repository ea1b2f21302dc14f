"""The light tray's icon paints again by itself when a paint fails.

Under load, the tray's window may not be viewable yet when the icon is first
exposed: X refuses ``GetImage`` and no later Expose may come. The picture then
asks its loop for a retry (``retry_delay``), doubling its wait, and stops
asking once painted. The X window is faked: only its calls matter here.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from Xlib.error import BadMatch

from agent.participation import IconState
from agent.tray import xembed_picture
from agent.tray.icon_cache import IconCache
from agent.tray.xembed_picture import IconPicture

SIDE = 24


class NotViewableYet:
    """A window whose ``get_image`` fails ``failures`` times (BadMatch), then works."""

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.painted = 0

    def create_gc(self) -> object:
        return object()

    def get_geometry(self) -> Any:
        return SimpleNamespace(width=SIDE, height=SIDE, depth=24)

    def clear_area(self, *args: int) -> None:
        pass

    def get_image(self, *args: int) -> Any:
        if self.failures > 0:
            self.failures -= 1
            raise BadMatch(None, bytes([0, 8]) + bytes(30))  # as X answers GetImage
        return SimpleNamespace(data=bytes(SIDE * SIDE * 4))

    def put_image(self, *args: object) -> None:
        self.painted += 1


@pytest.fixture
def picture_on(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    cache = IconCache(tmp_path / "icons.json")
    monkeypatch.setattr(xembed_picture, "IconCache", lambda: cache)

    def make(window: NotViewableYet) -> IconPicture:
        picture = IconPicture(window, SimpleNamespace(root=SimpleNamespace(id=1), root_depth=24))
        picture.mapped = True
        return picture

    return make


def test_a_failed_paint_is_retried_with_a_growing_delay_until_it_succeeds(picture_on: Any) -> None:
    window = NotViewableYet(failures=3)
    picture = picture_on(window)
    assert picture.retry_delay() is None  # nothing failed yet: the loop sleeps untimed
    delays = []
    for _ in range(3):
        picture.paint(IconState.RECORDING)
        delays.append(picture.retry_delay())
    assert delays == [0.25, 0.5, 1.0] and window.painted == 0
    picture.paint(IconState.RECORDING)  # what the loop does once the delay has passed
    assert window.painted == 1
    assert picture.retry_delay() is None


def test_the_wait_is_bounded_and_an_unmapped_icon_waits_for_its_map(picture_on: Any) -> None:
    window = NotViewableYet(failures=100)
    picture = picture_on(window)
    for _ in range(20):
        picture.paint(IconState.RECORDING)
    assert picture.retry_delay() == 30.0
    picture.mapped = False  # unmapped: its next map brings an Expose
    assert picture.retry_delay() is None
