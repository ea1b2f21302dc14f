"""pystray, imported for its menu model without loading a GUI toolkit.

``import pystray`` picks a backend on the spot, and on Linux its first choice
loads GTK (some 100 MiB in the running agent). The tray's menu is built with
pystray's ``Menu`` and ``MenuItem`` whatever the backend, so on Linux and the
BSDs pystray is first imported with its ``dummy`` backend; the backend the tray
uses is then imported on its own (``agent.tray.backends.icon_class``).
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import cast


def pystray_module(platform: str = sys.platform) -> ModuleType:
    """The ``pystray`` package; on Linux and the BSDs, without GTK."""
    if "pystray" in sys.modules or not (platform.startswith("linux") or "bsd" in platform):
        import pystray

        return cast(ModuleType, pystray)
    chosen = os.environ.get("PYSTRAY_BACKEND")
    os.environ["PYSTRAY_BACKEND"] = "dummy"
    try:
        import pystray
    finally:
        if chosen is None:
            del os.environ["PYSTRAY_BACKEND"]
        else:
            os.environ["PYSTRAY_BACKEND"] = chosen
    return cast(ModuleType, pystray)
