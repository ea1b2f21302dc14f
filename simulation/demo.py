"""``make demo``: a leader and a helper with six months of simulated teams, and the agent.

The simulated devices also answer about their department's tools each month
and write a few proposals (``simulation.tools``): in the department whose
workload the deployment raises, a tool most find heavy from then on and one
that pleases; the deployment is in the register, so its impact study shows
the before and after from the released answers.

Everything lives in one folder (``.demo/`` by default): the leader's and the
helper's databases (SPLIT.md: two servers, each its own), the helper's key and
the leader–helper token, filled once by the fleet simulator through the real
report path;
a reader account whose password is kept beside it (demo only) so a second
run can print it again; and the tray agent's own data folder. A second run
reuses what exists. Ctrl-C stops every process it started.

    python -m simulation.demo [--folder .demo] [--port 8470] [--devices 300] [--months 6]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import httpx

from aggregator.auth import Role, create_account
from aggregator.storage import Storage
from contract.policy.loader import bundled_policies_dir
from simulation.command import simulate_history
from simulation.fleet import DEPLOY_DEPARTMENT
from simulation.server import PairFiles

READER = "prevention"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--folder", type=Path, default=Path(".demo"), help="where the demo keeps its data"
    )
    parser.add_argument("--port", type=int, default=8470, help="the aggregator's port on 127.0.0.1")
    parser.add_argument("--devices", type=int, default=300, help="simulated workstations")
    parser.add_argument("--months", type=int, default=6, help="months of simulated history")
    parser.add_argument(
        "--no-agent", action="store_true", help="do not start the tray agent even with a display"
    )
    parser.add_argument(
        "--exit-after-start",
        action="store_true",
        help="stop everything once the aggregator answers (for tests)",
    )
    options = parser.parse_args(argv)
    folder: Path = options.folder.resolve()
    folder.mkdir(parents=True, exist_ok=True)
    database = folder / "aggregator.db"
    policies = bundled_policies_dir()

    if not (folder / "simulated").exists():
        _say(f"Simulating {options.devices} workstations over {options.months} months…")
        today = date.today()
        deployment = _months_back(today, options.months // 2)
        summary = simulate_history(
            database, policies, options.devices, options.months, today, deploy_month=deployment
        )
        _say(f"{summary.sent} reports from {summary.devices} workstations are in.")
        (folder / "simulated").write_text(
            f"{summary.devices} devices, deployment {deployment:%Y-%m}\n"
        )
    password = _reader_password(database, folder)

    children: list[subprocess.Popen[bytes]] = []
    bin_dir = Path(sys.executable).parent
    files = PairFiles(database).ensure()
    # The second party (SPLIT.md), with its own database, on the next port.
    helper_url = f"http://127.0.0.1:{options.port + 1}"
    helper = subprocess.Popen(
        [
            str(bin_dir / "repit-aggregator"),
            "serve",
            "--role",
            "helper",
            "--port",
            str(options.port + 1),
            "--db",
            str(files.helper_db),
            "--policies",
            str(policies),
            "--key-file",
            str(files.key_file),
            "--leader-token-file",
            str(files.token_file),
        ]
    )
    children.append(helper)
    server = subprocess.Popen(
        [
            str(bin_dir / "repit-aggregator"),
            "serve",
            "--role",
            "leader",
            "--host",
            "127.0.0.1",
            "--port",
            str(options.port),
            "--db",
            str(database),
            "--policies",
            str(policies),
            "--helper-url",
            helper_url,
            "--helper-token-file",
            str(files.token_file),
        ]
    )
    children.append(server)
    stopping = False

    def stop(number: int, frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    try:
        url = f"http://127.0.0.1:{options.port}"
        if not _wait_healthy(helper_url, helper) or not _wait_healthy(url, server):
            _say("The aggregator did not start; see the messages above.")
            return 1
        _say("")
        _say(f"  Répit demo: {url}/")
        _say(f"  Reader account: {READER}")
        _say(f"  Password:       {password}")
        _say(
            f"  Before / after the simulated tool deployment: {url}/groups/rh/compare?around={(folder / 'simulated').read_text().split()[-1]}"  # noqa: E501
        )
        _say(f"  Tool answers where the tool was deployed: {url}/tools/answers/{DEPLOY_DEPARTMENT}")
        _say(f"  Its impact studies (before / after, TOOLS.md): {url}/tools/deployments")
        _say("")
        if os.environ.get("DISPLAY") and not options.no_agent:
            children.append(_start_agent(bin_dir, folder / "agent"))
            _say("The tray agent runs in reminders mode on the demo's own data folder.")
        else:
            _say("No display: the tray agent is not started.")
        _say("Ctrl-C stops everything.")
        while not stopping and not options.exit_after_start:
            if server.poll() is not None or helper.poll() is not None:
                _say("The aggregator stopped.")
                return 1
            time.sleep(0.5)
        return 0
    finally:
        for child in reversed(children):
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        _say("Demo stopped.")


def _reader_password(database: Path, folder: Path) -> str:
    """The demo reader's password: created once, kept in the demo folder (demo only)."""
    kept = folder / "reader-password.txt"
    if kept.exists():
        return kept.read_text().strip()
    storage = Storage.open(database)
    try:
        password = create_account(storage, READER, Role.READER, date.today())
    finally:
        storage.close()
    kept.write_text(password + "\n")
    kept.chmod(0o600)
    return password


def _start_agent(bin_dir: Path, data_dir: Path) -> subprocess.Popen[bytes]:
    agent = str(bin_dir / "repit-agent")
    subprocess.run([agent, "consent", "reminders", "--data-dir", str(data_dir)], check=True)
    return subprocess.Popen([agent, "run", "--data-dir", str(data_dir)])


def _wait_healthy(url: str, server: subprocess.Popen[bytes], timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    return False


def _months_back(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
