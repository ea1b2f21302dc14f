"""Notifications on Windows: plyer's balloon tip, which needs an .ICO icon and short texts."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Final

from agent.notify.answers import Answer
from agent.notify.base import PlyerNotifier

log = logging.getLogger("repit.notify")

# NOTIFYICONDATA's szInfoTitle and szInfo hold 64 and 256 characters, terminator included.
TITLE_LIMIT: Final = 63
MESSAGE_LIMIT: Final = 255


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def ico_for(png: Path) -> Path:
    """The .ICO next to ``png`` (written when missing or older), as the balloon tip needs."""
    ico = png.with_suffix(".ico")
    if not ico.exists() or ico.stat().st_mtime < png.stat().st_mtime:
        from PIL import Image  # Pillow only where an icon is converted

        with Image.open(png) as image:
            image.save(ico, format="ICO", sizes=[(16, 16), (32, 32), (48, 48), (64, 64)])
    return ico


class WindowsNotifier(PlyerNotifier):
    def _send(self, title: str, message: str, answers: Sequence[Answer] = ()) -> None:
        self._call(
            title=_shorten(title, TITLE_LIMIT),
            message=_shorten(message, MESSAGE_LIMIT),
            app_name=self.app_name,
            app_icon=self._icon_argument(),
            timeout=self.timeout,
        )

    def _icon_argument(self) -> str:
        if self.app_icon is None:
            return ""
        try:
            return str(ico_for(self.app_icon))
        except OSError:  # no icon is better than no notification
            log.debug("could not convert the notification icon to .ICO", exc_info=True)
            return ""
