"""Notifications on macOS: plyer's NSUserNotificationCenter (it needs pyobjus).

macOS shows the application's own icon, so no icon is passed. Without
pyobjus, plyer has no implementation: the failure is logged once.
"""

from __future__ import annotations

from agent.notify.base import PlyerNotifier


class MacNotifier(PlyerNotifier):
    def _icon_argument(self) -> str:
        return ""
