"""The tray icon: ``Tray`` (pystray, imported only when a tray is built) and its drawings
(Pillow, imported only when one is drawn: ``draw_icon``, ``write_icon``)."""

from __future__ import annotations

from typing import Any

from agent.tray.tray import Tray, TrayController, TrayUnavailable, icon_class


def __getattr__(name: str) -> Any:
    if name in {"draw_icon", "write_icon"}:
        from agent.tray import icons

        return getattr(icons, name)
    raise AttributeError(f"module 'agent.tray' has no attribute {name!r}")


__all__ = ["Tray", "TrayController", "TrayUnavailable", "draw_icon", "icon_class", "write_icon"]
