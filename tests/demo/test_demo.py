"""``make demo`` headless: the server answers, the reader logs in, the department
page shows released figures, then Ctrl-C stops everything and no process is left."""

from __future__ import annotations

import re
import signal
import socket
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path
from typing import IO

import httpx
import psutil
import pytest

from contract.policy.loader import bundled_policies_dir, load_policy_folder
from simulation.fleet import DEPLOY_DEPARTMENT
from tests.waiting import WaitTimeout, wait_for


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def demo_command(folder: Path, *options: str) -> list[str]:
    if "--port" not in options:
        options = ("--port", str(free_port()), *options)
    return [sys.executable, "-m", "simulation.demo", "--folder", str(folder), *options]


class Lines:
    """Every line a process writes to a pipe, read by a thread as it comes: waiting
    for one line never blocks past its deadline, even if the process falls silent."""

    def __init__(self, stream: IO[str]) -> None:
        self.seen: list[str] = []
        self._thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self._thread.start()

    def _read(self, stream: IO[str]) -> None:
        for line in stream:
            self.seen.append(line)

    def wait_for(self, pattern: str, what: str, timeout: float) -> re.Match[str]:
        def found() -> re.Match[str] | None:
            for line in list(self.seen):
                if match := re.search(pattern, line):
                    return match
            if not self._thread.is_alive():  # the stream ended without it
                raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.seen)}")
            return None

        try:
            return wait_for(found, what, timeout, interval=0.1)
        except WaitTimeout as problem:
            raise AssertionError(f"{problem}; the demo wrote:\n{''.join(self.seen)}") from None


def _months_back(day: date, months: int) -> str:
    index = day.year * 12 + day.month - 1 - months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


BASELINE = _months_back(date.today(), 2)
"""With ``--months 2``: the month before the simulated deployment, answered and released."""


@pytest.mark.slow
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
        messages = Lines(demo.stderr)
        password = messages.wait_for(
            r"Password:\s+(\S+)", "the demo to print the reader's password", timeout=240
        )[1]
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
            # The tools: the deployment's impact study, from released answers.
            register = reader.get("/tools/deployments")
            studies = re.findall(r'href="/tools/deployments/([0-9]+)', register.text)
            assert studies, "the demo registers its simulated deployments"
            study = reader.get(f"/tools/deployments/{studies[0]}")
            assert study.status_code == 200
            answers = reader.get(f"/tools/answers/{DEPLOY_DEPARTMENT}?month={BASELINE}")
            assert "Nombre de réponses" in answers.text, "no released tool answers"
        demo.send_signal(signal.SIGINT)
        assert demo.wait(timeout=30) == 0
        # Helpers of the demo's own processes (multiprocessing's resource
        # tracker) end when they see their parent gone: give them a moment.
        _, alive = psutil.wait_procs(children, timeout=30)
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
