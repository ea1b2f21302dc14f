"""The light tray's icon, painted in its window: at the size the tray gives it, over
what the tray shows behind it.

The pixels come from ``IconCache`` (kept across starts: no Pillow to draw
them); an image given by the caller, as to pystray's backends, is resized
with Pillow. Every call comes from the icon's loop thread.
"""

from __future__ import annotations

from typing import Any

from Xlib import X
from Xlib.error import XError

from agent.participation import IconState
from agent.tray.icon_cache import IconCache, centred, over_background


class NotPaintable(Exception):
    """The tray's background did not come back as 32 bits a pixel."""


class IconPicture:
    """What the icon's window shows, composed again only when its size or the icon changes."""

    def __init__(self, window: Any, screen: Any) -> None:
        self._window = window
        self._screen = screen
        self._root = screen.root
        self._gc = window.create_gc()
        self._cache = IconCache()
        self.mapped = False
        self._picture: tuple[int, int, bytes] | None = None
        """The icon as shown: width, height and X's BGRX pixels."""
        self.unpainted = False
        """A paint of the mapped icon failed (its tray not viewable yet, say): no Expose
        may come to retry it, so the loop tries again by itself (``retry_delay``)."""
        self._failures = 0

    def on_event(self, event: Any, icon: Any) -> None:
        """An event of the icon's window; ``icon`` is what pystray holds (``Icon.icon``)."""
        kind = event.type
        if kind == X.ReparentNotify:
            self._on_reparented(event)
        elif kind == X.MapNotify:
            self.mapped = True
        elif kind == X.UnmapNotify:
            self.mapped = False
        elif kind == X.ConfigureNotify:
            self._picture = None
            self.paint(icon)
        elif kind == X.Expose and event.count == 0:
            self.paint(icon)

    def _on_reparented(self, event: Any) -> None:
        """Inside a tray whose window has our depth, the tray's background shows
        through the icon's transparent corners; elsewhere, a plain one."""
        if event.parent.id == self._root.id:
            return
        try:
            same_depth = event.parent.get_geometry().depth == self._screen.root_depth
        except XError:
            return
        if same_depth:
            self._window.change_attributes(background_pixmap=X.ParentRelative)
        self._picture = None

    def renew(self, icon: Any) -> None:
        """The icon changed: compose it anew."""
        self._picture = None
        self.paint(icon)

    def paint(self, icon: Any) -> None:
        if not self.mapped or icon is None:
            return
        try:
            geometry = self._window.get_geometry()
            if geometry.width < 2 or geometry.height < 2:
                return
            width, height = geometry.width, geometry.height
            if self._picture is None or self._picture[:2] != (width, height):
                self._picture = (width, height, self._compose(icon, width, height))
            depth = self._screen.root_depth
            pixels = self._picture[2]
            self._window.put_image(self._gc, 0, 0, width, height, X.ZPixmap, depth, 0, pixels)
        except (XError, NotPaintable):  # not viewable, unmapped or gone: tried again later
            self._picture = None
            self.unpainted = True
            self._failures += 1
        else:
            self.unpainted = False
            self._failures = 0

    def retry_delay(self) -> float | None:
        """Seconds until the loop paints again by itself; None when nothing waits (idle,
        the loop sleeps without a timer). Doubling from 0.25 s up to 30 s, so that an
        icon that can never be painted costs next to nothing."""
        if not (self.unpainted and self.mapped):
            return None
        return float(min(30.0, 0.25 * 2 ** min(self._failures - 1, 7)))

    def _compose(self, icon: Any, width: int, height: int) -> bytes:
        """The icon at the window's size over what the tray shows behind it, as BGRX."""
        self._window.clear_area(0, 0, width, height)
        background = self._window.get_image(0, 0, width, height, X.ZPixmap, 0xFFFFFFFF).data
        if len(background) != width * height * 4:
            raise NotPaintable(f"{len(background)} bytes for {width}x{height} pixels")
        side = min(width, height)
        placed = centred(self._rgba(icon, side), side, width, height)
        return over_background(placed, bytes(background))

    def _rgba(self, icon: Any, side: int) -> bytes:
        if isinstance(icon, IconState):
            return self._cache.rgba(icon, side)
        from PIL import Image  # an image given by the caller, as to pystray's backends

        image = icon.convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
        return bytes(image.tobytes())
