"""Starting the window from the tray: the request it reads, and the frozen program's command."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from agent.tools.launch import FROZEN_WINDOW_ARGUMENT, window_command, window_request
from agent.tools.run import read_request
from contract.policy.model import Policy, Tool


def test_the_request_carries_the_tools_and_the_language() -> None:
    policy = Policy(tools=(Tool("visio", "Visioconférence"),))
    text = window_request(policy, "en")
    assert json.loads(text) == {
        "language": "en",
        "tools": [{"id": "visio", "name": "Visioconférence"}],
    }
    assert read_request(text) == ("en", [Tool("visio", "Visioconférence")])
    assert read_request('{"language": "de", "tools": []}') == ("fr", [])


def test_a_frozen_agent_starts_itself_with_the_window_argument(tmp_path: Path) -> None:
    assert window_command(tmp_path, frozen=False) == [
        sys.executable,
        "-m",
        "agent.tools.run",
        str(tmp_path),
    ]
    assert window_command(tmp_path, frozen=True) == [
        sys.executable,
        FROZEN_WINDOW_ARGUMENT,
        str(tmp_path),
    ]
    entry = (Path(__file__).parents[2] / "installer/windows/repit_agent_main.py").read_text()
    assert "FROZEN_WINDOW_ARGUMENT" in entry
