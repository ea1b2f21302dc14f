"""A running helper reads its key file again on SIGHUP (``systemctl reload repit-helper``).

The real ``repit-aggregator serve --role helper`` in a process of its own: after
``helper-key rotate`` and a SIGHUP it publishes the new key; a key file
broken meanwhile keeps the keys in use and says why, without a traceback.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from datetime import date
from pathlib import Path

import httpx
import pytest

from aggregator.helper_keys import create_key_file, rotate_key_file
from aggregator.roles import new_token_file
from tests.aggregator.conftest import write_policies
from tests.aggregator.server import free_port
from tests.waiting import wait_until

EXECUTABLE = Path(sys.executable).parent / "repit-aggregator"
STOP_SECONDS = 30.0


def published_id(url: str) -> int | None:
    try:
        answer = httpx.get(f"{url}/api/v1/hpke-config", timeout=5)
    except httpx.HTTPError:
        return None
    return int(answer.json()["id"]) if answer.status_code == 200 else None


@pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")
def test_sighup_applies_a_rotation_and_a_broken_file_keeps_the_keys_in_use(
    tmp_path: Path,
) -> None:
    key_file = tmp_path / "helper-key.json"
    old = create_key_file(key_file, date(2026, 1, 5)).current.id
    new_token_file(tmp_path / "token")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [
        str(EXECUTABLE), "serve", "--role", "helper", "--port", str(port),
        "--db", str(tmp_path / "helper.db"),
        "--policies", str(write_policies(tmp_path / "policies")),
        "--key-file", str(key_file), "--leader-token-file", str(tmp_path / "token"),
    ]  # fmt: skip
    log = tmp_path / "helper.log"
    with log.open("w") as errors_out:
        helper = subprocess.Popen(
            command,
            env={**os.environ, "REPIT_LANGUAGE": "en"},
            stdout=subprocess.DEVNULL,
            stderr=errors_out,
            text=True,
        )
    try:
        wait_until(lambda: helper.poll() is not None or published_id(url) == old, "the helper")
        assert helper.poll() is None, log.read_text()

        new = rotate_key_file(key_file, date(2026, 3, 2)).current.id
        assert published_id(url) == old  # read at start: nothing changed yet
        helper.send_signal(signal.SIGHUP)
        wait_until(lambda: published_id(url) == new, f"the helper to publish key {new}")

        key_file.write_text("{ half a file")
        helper.send_signal(signal.SIGHUP)
        wait_until(lambda: "keys in use are kept" in log.read_text(), "the refused reload")
        assert published_id(url) == new
        helper.send_signal(signal.SIGTERM)
        helper.wait(timeout=STOP_SECONDS)
    finally:
        if helper.poll() is None:
            helper.kill()
            helper.wait(timeout=STOP_SECONDS)
    errors = log.read_text()
    assert f"key {new}: current" in errors and f"key {old}: retired" in errors
    assert "JSON expected" in errors
    assert "Traceback" not in errors, errors
