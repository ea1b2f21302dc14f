"""The tray icon's drawings: one per state, each distinct, with transparency."""

from __future__ import annotations

from itertools import combinations
from pathlib import Path

import pytest
from PIL import Image

from agent.participation import IconState
from agent.tray.icons import FILL, draw_icon, write_icon


@pytest.mark.parametrize("state", list(IconState))
def test_each_state_is_a_square_rgba_image_with_a_transparent_background(state: IconState) -> None:
    image = draw_icon(state, 64)
    assert image.mode == "RGBA"
    assert image.size == (64, 64)
    alpha = image.getchannel("A")
    assert alpha.getpixel((0, 0)) == 0  # the corner, outside the round shape
    assert alpha.getextrema() == (0, 255)


@pytest.mark.parametrize(("first", "second"), list(combinations(IconState, 2)))
def test_states_look_different(first: IconState, second: IconState) -> None:
    assert draw_icon(first).tobytes() != draw_icon(second).tobytes()


def test_states_that_record_have_their_own_colour() -> None:
    recording = {FILL[IconState.RECORDING], FILL[IconState.BREAK_DUE], FILL[IconState.PAUSED]}
    assert len(recording) == 3
    assert FILL[IconState.NOT_CHOSEN] not in recording


@pytest.mark.parametrize("size", [16, 22, 32, 64, 128])
def test_any_size(size: int) -> None:
    assert draw_icon(IconState.RECORDING, size).size == (size, size)


def test_write_icon_saves_a_png(tmp_path: Path) -> None:
    path = write_icon(IconState.PAUSED, tmp_path / "icons" / "repit.png")
    with Image.open(path) as image:
        assert image.format == "PNG"
        assert image.mode == "RGBA"
