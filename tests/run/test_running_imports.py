"""What a running agent with its tray has imported, pinned (issue 16: its memory).

The real ``repit-agent run`` (with its tray, under trayer) is asked for its
``sys.modules`` once started; a library on these lists costs megabytes the
running agent does not use every minute, so an import that brings one back
fails here instead of creeping into the footprint (``bench/footprint.py``
measures it). The first start in a folder validates the policy and computes
the year's public holidays apart (``agent.first_start``, which the agent's
process becomes for that work before it becomes the agent again), keeping both
(``agent.policy_cache``, ``agent.holiday_cache``): the agent never imports
pydantic or holidays. It draws its icon with Pillow and keeps
the pixels: only the next starts go without Pillow.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from agent.commands import set_participation
from agent.participation import Mode
from agent.paths import database_path
from agent.policy_sync import FETCHED_AT, KEPT, STATUS, VALIDATED
from agent.store import Store
from aggregator.policyjson import policy_document
from contract.policy.loader import bundled_policies_dir, load_policy
from tests.agent.desk import enrolled
from tests.fixtures.desktop import Desktop
from tests.run.harness import AGENT, ROOT, STARTED
from tests.tray.test_tray_desktop import TrayProcess
from tests.waiting import wait_until

pytestmark = pytest.mark.timeout(240)

NEVER = (
    "gi",  # GTK: the light XEmbed tray docks in trayer
    "asyncio",  # APScheduler's, stood in for (agent.light_apscheduler)
    "multiprocessing",
    "ssl",
    "httpx",  # only to upload or fetch the policy, in share mode or enrolled
    "jinja2",  # the report
    "webbrowser",  # the report and the privacy notice
    "pynput",  # MIT-SCREEN-SAVER answers here
    "agent.report",
    "agent.commands",
)
VALIDATING = (
    "pydantic",  # policy validation: apart at the first start (agent.first_start), then kept
    "pydantic_core",
    "contract.policy.loader",
    "holidays",  # the year's public holidays: computed there too, then kept
)
NOT_AFTER_THE_FIRST_START = (
    "PIL",  # the icon's pixels kept at the first start; menus load it when opened
)


def _started_modules(
    desktop: Desktop, data_dir: Path, tmp_path: Path, name: str, env: dict[str, str] | None = None
) -> set[str]:
    """The modules of ``repit-agent run`` once its icon is docked and its caches kept."""
    dump = tmp_path / f"{name}-modules.txt"
    stderr = tmp_path / f"{name}.err"
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.run.modules_dump", str(dump), "run", "--data-dir",
         str(data_dir)],
        cwd=ROOT, env=env or desktop.env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=stderr.open("wb"),
    )  # fmt: skip
    try:
        wait_until(lambda: STARTED in stderr.read_text(errors="replace"), "the agent to start")
        TrayProcess(process, tmp_path / "no-calls", desktop).wait_docked()
        kept = [
            data_dir / "policy-cache.json",
            data_dir / "public-holidays.json",
            Path(desktop.env["XDG_CACHE_HOME"]) / "repit" / "tray-icons.json",
        ]
        wait_until(lambda: all(path.exists() for path in kept), "the agent to keep its caches")
        process.send_signal(signal.SIGUSR1)
        wait_until(dump.exists, "the agent to write its modules")
        return set(dump.read_text(encoding="utf-8").split())
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _loaded(modules: set[str], names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in modules]


def test_a_started_agent_has_not_imported_what_it_does_not_use_every_minute(
    tray_host: Desktop, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    subprocess.run(
        [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
        env=tray_host.env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    first = _started_modules(tray_host, data_dir, tmp_path, "first")
    assert "agent.tray.xembed" in first  # the light tray, not a headless agent
    assert _loaded(first, NEVER + VALIDATING) == []
    assert "PIL" in first  # the first start drew its icon: the list below can fail

    again = _started_modules(tray_host, data_dir, tmp_path, "again")
    assert "agent.tray.xembed" in again
    assert _loaded(again, NEVER + VALIDATING + NOT_AFTER_THE_FIRST_START) == []


def _enrolled_in_share_mode(data_dir: Path) -> None:
    """The store as an enrolled agent in ``share`` left it, its team's policy fetched an hour
    ago by a version that kept no validated copy; its servers are closed ports, so that a
    request at start would show (httpx) instead of passing unseen."""
    store = Store.open(database_path(data_dir))
    try:
        enrolled(store, "http://127.0.0.1:9")
        set_participation(store, Mode.SHARE, time.time())
        team_policy = policy_document(load_policy(bundled_policies_dir() / "dnum.toml"))
        store.set_setting(KEPT, json.dumps(team_policy))
        store.set_setting(FETCHED_AT, str(int(time.time()) - 3600))
        fetched = {"ok": True, "message": "", "fetched_on": time.strftime("%Y-%m-%d")}
        store.set_setting(STATUS, json.dumps(fetched))
    finally:
        store.close()


def test_an_enrolled_agent_in_share_mode_starts_as_light(
    tray_host: Desktop, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    subprocess.run(
        [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
        env=tray_host.env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    _enrolled_in_share_mode(data_dir)
    first = _started_modules(tray_host, data_dir, tmp_path, "first")
    assert "agent.tray.xembed" in first
    assert _loaded(first, NEVER + VALIDATING) == []  # no request: the policy is an hour old
    store = Store.open(database_path(data_dir))
    try:  # the team's policy was validated (apart, by agent.first_start) and kept so
        assert store.setting(VALIDATED) is not None
    finally:
        store.close()

    again = _started_modules(tray_host, data_dir, tmp_path, "again")
    assert "agent.enrollment" in again  # enrolled, sharing
    assert _loaded(again, NEVER + VALIDATING + NOT_AFTER_THE_FIRST_START) == []


def test_an_edited_policy_is_validated_again(tray_host: Desktop, tmp_path: Path) -> None:
    folder = tmp_path / "policies"
    folder.mkdir()
    for name in ("default.toml", "rh.toml"):  # rh extends default, found in its folder
        (folder / name).write_text((ROOT / "policies" / name).read_text(encoding="utf-8"))
    policy = folder / "rh.toml"
    data_dir = tmp_path / "data"
    env = {**tray_host.env, "REPIT_POLICY": str(policy)}
    subprocess.run(
        [str(AGENT), "consent", "reminders", "--data-dir", str(data_dir)],
        env=env, check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    cache = data_dir / "policy-cache.json"

    def validated(name: str) -> bool:
        """Whether the start ``name`` validated the policy (and kept it again), never in itself."""
        before = cache.stat().st_mtime_ns if cache.exists() else None
        modules = _started_modules(tray_host, data_dir, tmp_path, name, env)
        assert _loaded(modules, VALIDATING) == []
        return cache.stat().st_mtime_ns != before

    assert validated("first")
    assert not validated("again")
    parent = folder / "default.toml"  # the policy it extends changes: validated again
    parent.write_text(parent.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert validated("edited")
    assert "# edited" in cache.read_text(encoding="utf-8")


def test_an_invalid_policy_is_still_a_clear_error_at_start(tmp_path: Path) -> None:
    policy = tmp_path / "bad.toml"
    policy.write_text('id = "bad"\n[breaks]\nevery_minutes = -5\n', encoding="utf-8")
    done = subprocess.run(
        [str(AGENT), "run", "--headless", "--data-dir", str(tmp_path / "data"),
         "--policy", str(policy)],
        capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert done.returncode == 2
    assert "bad.toml" in done.stderr and "Traceback" not in done.stderr
