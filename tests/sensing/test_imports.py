"""Importing the sensing layer needs no display and loads no OS library."""

from __future__ import annotations

import os
import subprocess
import sys

CHECK = """
import sys
import agent.sensing
import agent.sensing.choose, agent.sensing.x11, agent.sensing.pynput_input, agent.sensing.mutter
import agent.sensing.logind, agent.sensing.windows, agent.sensing.macos, agent.sensing.clock
loaded = sorted(name for name in ("pynput", "Xlib", "jeepney") if name in sys.modules)
assert not loaded, loaded
"""


def test_import_without_display_loads_no_os_library() -> None:
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY"}}
    subprocess.run([sys.executable, "-c", CHECK], env=env, check=True, timeout=60)
