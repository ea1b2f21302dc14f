"""Notifications: one ``Notifier`` interface, one module per OS, through plyer; on Linux,
reminders that can be answered go over D-Bus with their buttons (``answers``).

The agent builds one with ``default_notifier(app_icon=write_icon(IconState.RECORDING, path))``
and calls ``notifier.notify(*reminder_message(kind, language, ...))``, which returns True
when shown and never raises.
"""

from __future__ import annotations

import sys
from pathlib import Path

from agent.notify.answers import Answer
from agent.notify.base import (
    DEFAULT_TIMEOUT_SECONDS,
    AnsweringNotifier,
    Notifier,
    PlyerCall,
    PlyerNotifier,
)
from agent.notify.linux import LinuxNotifier
from agent.notify.macos import MacNotifier
from agent.notify.windows import WindowsNotifier

__all__ = [
    "DEFAULT_TIMEOUT_SECONDS",
    "Answer",
    "AnsweringNotifier",
    "LinuxNotifier",
    "MacNotifier",
    "Notifier",
    "PlyerCall",
    "PlyerNotifier",
    "WindowsNotifier",
    "default_notifier",
]


def default_notifier(
    platform: str = sys.platform,
    *,
    app_icon: Path | None = None,
    timeout: int = DEFAULT_TIMEOUT_SECONDS,
    call: PlyerCall | None = None,
) -> PlyerNotifier:
    """The notifier for ``platform`` (``sys.platform`` values); ``call`` replaces plyer in tests."""
    notifier_class: type[PlyerNotifier]
    if platform == "win32":
        notifier_class = WindowsNotifier
    elif platform == "darwin":
        notifier_class = MacNotifier
    elif platform.startswith(("linux", "freebsd", "openbsd", "netbsd")):
        notifier_class = LinuxNotifier
    else:
        notifier_class = PlyerNotifier
    return notifier_class(app_icon=app_icon, timeout=timeout, call=call)
