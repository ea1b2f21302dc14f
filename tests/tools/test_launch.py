"""Starting the window from the tray: the request it reads, and the frozen program's command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from agent.tools.launch import FROZEN_WINDOW_ARGUMENT, window_command, window_request
from agent.tools.run import Request, read_request
from contract.policy.model import Policy, Tool


def test_the_request_carries_the_tools_and_the_language() -> None:
    policy = Policy(tools=(Tool("visio", "Visioconférence"),))
    text = window_request(policy, "en")
    assert json.loads(text) == {
        "language": "en",
        "timezone": "Europe/Paris",
        "tools": [{"id": "visio", "name": "Visioconférence"}],
    }
    assert read_request(text) == Request("en", [Tool("visio", "Visioconférence")], "Europe/Paris")
    assert read_request('{"language": "de", "tools": []}') == Request("fr", [])


def test_a_broken_request_or_database_is_a_message_not_a_traceback(tmp_path: Path) -> None:
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "repit.db").write_bytes(b"not a database" * 100)
    for stdin, data_dir in (
        ("not json", tmp_path),
        ('{"tools": [], "timezone": "Mars/Olympus"}', tmp_path),
        ('{"tools": []}', tmp_path / "bad"),
    ):
        done = subprocess.run(
            [sys.executable, "-m", "agent.tools.run", str(data_dir)],
            input=stdin,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 2, done.stderr
        assert "Traceback" not in done.stderr


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
