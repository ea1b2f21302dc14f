"""The tray icon: ``Tray`` (pystray, imported only when a tray is built) and its drawings."""

from __future__ import annotations

from agent.tray.icons import draw_icon, write_icon
from agent.tray.tray import Tray, TrayController, TrayUnavailable, icon_class

__all__ = ["Tray", "TrayController", "TrayUnavailable", "draw_icon", "icon_class", "write_icon"]
