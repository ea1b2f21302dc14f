"""How an open menu of the light tray looks: its layout, and its picture (Pillow).

Imported only when a menu first opens: a tray nobody clicks never loads a font.
The font is DejaVu Sans where it is installed (it has every character of the
French texts, narrow no-break spaces included), else Pillow's own.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Final

from PIL import Image, ImageDraw, ImageFont

from agent.tray.menu_rows import Row

FONT_SIZE: Final = 14
FONT_FILES: Final = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    "/usr/share/fonts/TTF/DejaVuSans.ttf",
    "/usr/share/fonts/dejavu/DejaVuSans.ttf",
)
BOLD_FILES: Final = tuple(
    path.replace("DejaVuSans.ttf", "DejaVuSans-Bold.ttf") for path in FONT_FILES
)

ROW_HEIGHT: Final = 26
SEPARATOR_HEIGHT: Final = 9
GUTTER: Final = 26
"""Room on the left for check marks and radio dots."""
ARROW_ROOM: Final = 24
PADDING: Final = 4
MIN_WIDTH: Final = 140

BACKGROUND: Final = (246, 246, 246)
BORDER: Final = (150, 150, 150)
TEXT: Final = (30, 30, 30)
DISABLED: Final = (150, 150, 150)
SELECTED: Final = (53, 132, 228)
SELECTED_TEXT: Final = (255, 255, 255)


@dataclass(frozen=True, slots=True)
class Layout:
    width: int
    height: int
    tops: tuple[int, ...]
    """The y of each row's top edge."""

    def row_at(self, rows: list[Row], y: int) -> int | None:
        """The row under ``y`` (window coordinates), or None (border, outside)."""
        for index, top in enumerate(self.tops):
            height = SEPARATOR_HEIGHT if rows[index].separator else ROW_HEIGHT
            if top <= y < top + height:
                return index
        return None


@cache
def _font(bold: bool) -> Any:
    for path in BOLD_FILES if bold else FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, FONT_SIZE)
    try:
        return ImageFont.load_default(FONT_SIZE)
    except TypeError:  # Pillow before 10.1: its small bitmap font only
        return ImageFont.load_default()


def layout(rows: list[Row]) -> Layout:
    tops, y = [], PADDING
    widest = 0.0
    for row in rows:
        tops.append(y)
        y += SEPARATOR_HEIGHT if row.separator else ROW_HEIGHT
        if not row.separator:
            widest = max(widest, _font(row.default).getlength(row.text))
    width = max(MIN_WIDTH, int(widest) + GUTTER + ARROW_ROOM + 2 * PADDING)
    return Layout(width=width, height=y + PADDING, tops=tuple(tops))


def draw_menu(rows: list[Row], shape: Layout, selected: int | None) -> Image.Image:
    """The menu's picture, RGB, ``shape.width`` x ``shape.height``."""
    image = Image.new("RGB", (shape.width, shape.height), BACKGROUND)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, shape.width - 1, shape.height - 1), outline=BORDER)
    for index, (row, top) in enumerate(zip(rows, shape.tops, strict=True)):
        if row.separator:
            middle = top + SEPARATOR_HEIGHT // 2
            draw.line((PADDING + 4, middle, shape.width - PADDING - 5, middle), fill=BORDER)
            continue
        on = index == selected
        if on:
            draw.rectangle(
                (PADDING, top, shape.width - PADDING - 1, top + ROW_HEIGHT - 1), fill=SELECTED
            )
        colour = SELECTED_TEXT if on else TEXT if row.enabled else DISABLED
        font = _font(row.default)
        baseline = top + ROW_HEIGHT // 2
        draw.text((PADDING + GUTTER, baseline), row.text, font=font, fill=colour, anchor="lm")
        if row.checked is not None:
            _check(draw, PADDING + GUTTER // 2, baseline, row, colour)
        if row.submenu is not None:
            x = shape.width - PADDING - ARROW_ROOM // 2
            draw.polygon([(x - 3, baseline - 5), (x + 3, baseline), (x - 3, baseline + 5)], colour)
    return image


def _check(draw: ImageDraw.ImageDraw, x: int, y: int, row: Row, colour: tuple[int, ...]) -> None:
    """A radio dot or a check mark when on; a ring or a box when off."""
    if row.radio:
        draw.ellipse((x - 6, y - 6, x + 6, y + 6), outline=colour, width=1)
        if row.checked:
            draw.ellipse((x - 3, y - 3, x + 3, y + 3), fill=colour)
        return
    draw.rectangle((x - 6, y - 6, x + 6, y + 6), outline=colour, width=1)
    if row.checked:
        draw.line([(x - 4, y), (x - 1, y + 3), (x + 4, y - 4)], fill=colour, width=2)
