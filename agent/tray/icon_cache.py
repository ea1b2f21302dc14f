"""The tray icon's pixels at the sizes trays asked for, kept between starts.

The icons are drawn with Pillow (``agent.tray.icons``), which costs the
running agent some 3 MiB; the light tray (``agent.tray.xembed``) shows them
from this cache instead, as raw RGBA at the size the tray gave the icon, and
draws them only for a size (or a version of ``icons.py``) not seen before.
The cache lives in the user's cache folder; one that does not read back is
drawn again.
"""

from __future__ import annotations

import base64
import json
import logging
from pathlib import Path
from typing import Final

import platformdirs

from agent.participation import IconState
from agent.private import write_private

log = logging.getLogger("repit.tray")

CACHE_NAME: Final = "tray-icons.json"
FORMAT: Final = 1


class IconCache:
    """RGBA pixels of each (state, size), from the file or drawn once."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or Path(platformdirs.user_cache_dir("repit", appauthor=False)) / CACHE_NAME
        self._pixels: dict[str, bytes] = {}
        self._read()

    def rgba(self, state: IconState, size: int) -> bytes:
        """``size`` x ``size`` pixels, 4 bytes each (R, G, B, alpha), rows top to bottom."""
        key = f"{state.value}:{size}"
        pixels = self._pixels.get(key)
        if pixels is None:
            from agent.tray.icons import draw_icon

            pixels = draw_icon(state, size).convert("RGBA").tobytes()
            self._pixels[key] = pixels
            self._write()
        return pixels

    def _read(self) -> None:
        try:
            kept = json.loads(self.path.read_text(encoding="utf-8"))
            if kept.get("format") != FORMAT or kept.get("drawing") != _drawing_fingerprint():
                return
            self._pixels = {
                str(key): base64.b64decode(value) for key, value in kept["icons"].items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self._pixels = {}

    def _write(self) -> None:
        document = {
            "format": FORMAT,
            "drawing": _drawing_fingerprint(),
            "icons": {key: base64.b64encode(value).decode() for key, value in self._pixels.items()},
        }
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_private(self.path, json.dumps(document))
        except OSError as error:  # drawn again at the next start
            log.info("tray icons not kept for the next start: %s", error)


def _drawing_fingerprint() -> str:
    """``icons.py`` by size and modification time: a new drawing invalidates the cache."""
    drawing = Path(__file__).with_name("icons.py")
    status = drawing.stat()
    return f"{status.st_size}:{status.st_mtime_ns}"


def over_background(icon: bytes, background: bytes) -> bytes:
    """``icon`` (RGBA) laid over ``background`` (X's BGRX), as BGRX: alpha blending."""
    out = bytearray(background)
    for i in range(0, len(icon), 4):
        alpha = icon[i + 3]
        if alpha == 0:
            continue
        keep = 255 - alpha
        for channel in range(3):  # BGRX's blue is RGBA's third byte
            source = icon[i + 2 - channel]
            out[i + channel] = (source * alpha + out[i + channel] * keep + 127) // 255
    return bytes(out)


def centred(icon: bytes, side: int, width: int, height: int) -> bytes:
    """A square RGBA ``icon`` of ``side`` pixels in the middle of a ``width`` x ``height``
    picture, transparent around it (a tray's slot is seldom square)."""
    left, top = (width - side) // 2, (height - side) // 2
    placed = bytearray(width * height * 4)
    for row in range(side):
        start = ((top + row) * width + left) * 4
        placed[start : start + side * 4] = icon[row * side * 4 : (row + 1) * side * 4]
    return bytes(placed)
