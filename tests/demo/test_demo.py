"""``make demo`` headless: the server answers, the reader logs in, the department
page shows released figures, then Ctrl-C stops everything and no process is left."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import psutil
import pytest

from contract.policy.loader import bundled_policies_dir, load_policy_folder


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_command(folder: Path, *options: str) -> list[str]:
    if "--port" not in options:
        options = ("--port", str(free_port()), *options)
    return [sys.executable, "-m", "simulation.demo", "--folder", str(folder), *options]


def read_until(stream: object, pattern: str, timeout: float) -> re.Match[str]:
    """Read the demo's messages line by line until one matches ``pattern``."""
    deadline = time.monotonic() + timeout
    seen = []
    while time.monotonic() < deadline:
        line = stream.readline()  # type: ignore[attr-defined]
        if not line:
            break
        seen.append(line)
        found = re.search(pattern, line)
        if found:
            return found
    raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(seen)}")


@pytest.mark.timeout(300)
def test_demo_starts_serves_released_figures_and_stops_cleanly(tmp_path: Path) -> None:
    port = free_port()
    demo = subprocess.Popen(
        demo_command(
            tmp_path, "--port", str(port), "--devices", "120", "--months", "2", "--no-agent"
        ),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert demo.stderr is not None
        password = read_until(demo.stderr, r"Password:\s+(\S+)", timeout=240)[1]
        children = psutil.Process(demo.pid).children(recursive=True)
        assert children, "the demo runs its aggregator as a child process"
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", follow_redirects=True) as reader:
            assert reader.get("/healthz").status_code == 200
            form = reader.get("/login")
            csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
            assert csrf is not None
            home = reader.post(
                "/login", data={"name": "prevention", "password": password, "csrf": csrf[1]}
            )
            assert home.status_code == 200
            departments = load_policy_folder(bundled_policies_dir())
            released = []
            for department in departments.values():
                if not department.teams:
                    continue
                page = reader.get(f"/groups/{department.id}")
                assert page.status_code == 200
                if "Jours actifs avec 7 h" in page.text and "Les indicateurs du mois" in page.text:
                    released.append(department.id)
            assert released, "no department shows released figures"
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) == 0
        # Helpers of the demo's own processes (multiprocessing's resource
        # tracker) end when they see their parent gone: give them a moment.
        _, alive = psutil.wait_procs(children, timeout=10)
        assert [p for p in alive if p.status() != psutil.STATUS_ZOMBIE] == []
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()


@pytest.mark.timeout(120)
def test_a_second_run_reuses_what_exists(tmp_path: Path) -> None:
    (tmp_path / "simulated").write_text("already simulated\n")
    done = subprocess.run(
        demo_command(tmp_path, "--no-agent", "--exit-after-start"),
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Simulating" not in done.stderr
    first = re.search(r"Password:\s+(\S+)", done.stderr)
    again = subprocess.run(
        demo_command(tmp_path, "--no-agent", "--exit-after-start"),
        capture_output=True,
        text=True,
        timeout=100,
        check=False,
    )
    second = re.search(r"Password:\s+(\S+)", again.stderr)
    assert first and second and first[1] == second[1]
