"""Starting the tool window's process from the running agent (the tray's item)."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from pathlib import Path

from contract.policy.model import Policy

log = logging.getLogger("repit.tools")

FROZEN_WINDOW_ARGUMENT = "--tool-window"
"""What a frozen agent (PyInstaller) is started with to show the window: it has no ``-m``."""


def window_command(data_dir: Path, frozen: bool | None = None) -> list[str]:
    if frozen if frozen is not None else getattr(sys, "frozen", False):
        return [sys.executable, FROZEN_WINDOW_ARGUMENT, str(data_dir)]
    return [sys.executable, "-m", "agent.tools.run", str(data_dir)]


def window_request(policy: Policy, language: str) -> str:
    """What ``agent.tools.run`` reads on its standard input."""
    tools = [{"id": tool.id, "name": tool.name} for tool in policy.tools]
    return json.dumps({"language": language, "timezone": policy.timezone, "tools": tools})


def open_tool_window(data_dir: Path, policy: Policy, language: str) -> subprocess.Popen[bytes]:
    """Start the window and return at once: the tray's loop must not wait for it."""
    process = subprocess.Popen(window_command(data_dir), stdin=subprocess.PIPE)
    assert process.stdin is not None
    process.stdin.write(window_request(policy, language).encode())
    process.stdin.close()
    log.info("tool window opened (%d tools)", len(policy.tools))
    return process
