"""The tray icon, drawn with Pillow: no image files to ship or to keep in sync.

A calm round shape with a leaf, one colour per state so that the state reads
at a glance (and a second cue besides colour: "?" when not chosen, pause bars
when paused, hollow when off, for people who do not tell the colours apart).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw

from agent.participation import IconState

Colour = tuple[int, int, int, int]

WHITE: Final[Colour] = (255, 255, 255, 255)

FILL: Final[dict[IconState, Colour]] = {
    IconState.NOT_CHOSEN: (128, 132, 138, 255),  # grey: nothing recorded until chosen
    IconState.OFF: (128, 132, 138, 255),  # grey, drawn hollow
    IconState.PAUSED: (58, 117, 196, 255),  # blue
    IconState.BREAK_DUE: (232, 160, 32, 255),  # amber, not red: a suggestion, not an alarm
    IconState.RECORDING: (46, 160, 90, 255),  # green
}

_SUPERSAMPLE: Final = 4


def draw_icon(state: IconState, size: int = 64) -> Image.Image:
    """The icon of ``state``, an RGBA image of ``size`` x ``size`` with a transparent background."""
    big = size * _SUPERSAMPLE  # drawn large then reduced: smooth edges without antialiasing support
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    fill = FILL[state]
    margin = big // 16
    disc = (margin, margin, big - margin, big - margin)
    if state is IconState.OFF:
        draw.ellipse(disc, outline=fill, width=big // 10)
    else:
        draw.ellipse(disc, fill=fill)

    centre = big / 2
    if state is IconState.PAUSED:
        bar_width, bar_height, gap = big * 0.12, big * 0.42, big * 0.10
        top = centre - bar_height / 2
        for left in (centre - gap / 2 - bar_width, centre + gap / 2):
            draw.rounded_rectangle(
                (left, top, left + bar_width, top + bar_height), radius=big // 40, fill=WHITE
            )
    elif state is IconState.NOT_CHOSEN:
        _question_mark(draw, big)
    else:
        hollow = state is IconState.OFF
        _leaf(draw, big, fill if hollow else WHITE, vein=(0, 0, 0, 0) if hollow else fill)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def _leaf(draw: ImageDraw.ImageDraw, big: int, colour: Colour, vein: Colour) -> None:
    """A leaf: two arcs meeting at the tips, and its midrib."""
    left, top, right, bottom = big * 0.30, big * 0.28, big * 0.70, big * 0.72
    width, height = right - left, bottom - top
    # The leaf is the intersection of two discs; drawn as a polygon of both arcs.
    points: list[tuple[float, float]] = []
    steps = 24
    for i in range(steps + 1):
        t = i / steps
        points.append((left + width * t, bottom - height * t - height * 0.35 * _bulge(t)))
    for i in range(steps + 1):
        t = 1 - i / steps
        points.append((left + width * t, bottom - height * t + height * 0.35 * _bulge(t)))
    draw.polygon(points, fill=colour)
    draw.line((left + width * 0.1, bottom - height * 0.1, right, top), fill=vein, width=big // 40)
    # The stem, so that the shape reads as a leaf and not as a lens.
    draw.line(
        (left - width * 0.08, bottom + height * 0.08, left + width * 0.1, bottom - height * 0.1),
        fill=colour,
        width=big // 28,
    )


def _bulge(t: float) -> float:
    return 4 * t * (1 - t)


def _question_mark(draw: ImageDraw.ImageDraw, big: int) -> None:
    """A "?" drawn with shapes, so that it needs no font."""
    width = big // 11
    arc = (big * 0.36, big * 0.22, big * 0.64, big * 0.50)
    draw.arc(arc, start=180, end=90, fill=WHITE, width=width)
    stem_x = big * 0.5
    draw.line((stem_x, big * 0.49, stem_x, big * 0.60), fill=WHITE, width=width)
    dot = big * 0.055
    draw.ellipse((stem_x - dot, big * 0.70 - dot, stem_x + dot, big * 0.70 + dot), fill=WHITE)


def write_icon(state: IconState, path: Path, size: int = 64) -> Path:
    """Saves the icon of ``state`` as a PNG (for notifications), and returns ``path``."""
    path.parent.mkdir(parents=True, exist_ok=True)
    draw_icon(state, size).save(path, "PNG")
    return path
