"""``repit-aggregator`` through click's runner: outputs, errors, help."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from aggregator import auth
from aggregator.cli import cli
from aggregator.storage import Storage
from contract.wording import NBSP as N
from tests.cli_docs import commands_of, documentation_problems


@pytest.fixture
def env(tmp_path: Path, policies_dir: Path) -> dict[str, str]:
    return {"REPIT_DB": str(tmp_path / "aggregator.db"), "REPIT_POLICIES": str(policies_dir)}


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env)


def test_enroll_code_prints_the_codes_alone_one_a_line(env: dict[str, str]) -> None:
    result = run("enroll-code", "--team", "team-a", "--count", "3", env=env)
    assert result.exit_code == 0, result.stderr
    codes = result.stdout.splitlines()
    assert len(codes) == 3
    assert len(set(codes)) == 3
    assert all(len(code) >= 20 and " " not in code for code in codes)
    assert result.stderr == "3 codes d’inscription pour team-a.\n"
    storage = Storage.open(Path(env["REPIT_DB"]))
    assert auth.enroll(storage, codes[0], date(2026, 1, 1)) is not None
    with storage.read() as db:
        stored = [row[0] for row in db.execute("SELECT code_hash FROM enrollment_codes")]
    assert not set(codes) & set(stored)  # only hashes are kept


def test_options_beat_the_environment(tmp_path: Path, env: dict[str, str]) -> None:
    other = tmp_path / "other.db"
    result = run("enroll-code", "--team", "team-b", "--db", str(other), env=env)
    assert result.exit_code == 0, result.stderr
    assert other.exists()
    assert not Path(env["REPIT_DB"]).exists()


def test_an_unknown_team_is_a_usage_error(env: dict[str, str]) -> None:
    result = run("enroll-code", "--team", "nobody", env=env)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == f"repit-aggregator: aucune équipe «{N}nobody{N}» dans les politiques\n"
    assert "Traceback" not in result.stderr


def test_bad_policies_are_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "default.toml").write_text("[policy]\nid = 3\n")
    result = run("enroll-code", "--team", "team-a", "--policies", str(bad), env=env)
    assert result.exit_code == 2
    assert f"les politiques ne peuvent pas servir{N}:" in result.stderr
    assert "default.toml" in result.stderr


def test_a_damaged_database_is_a_usage_error(tmp_path: Path, env: dict[str, str]) -> None:
    Path(env["REPIT_DB"]).write_bytes(b"garbage" * 500)
    result = run("user", "add", "agnes", env=env)
    assert result.exit_code == 2
    assert "la base est endommagée" in result.stderr
    assert "Traceback" not in result.stderr


def test_user_add_prints_the_password_once(env: dict[str, str]) -> None:
    result = run("user", "add", "agnes", "--role", "admin", env=env)
    assert result.exit_code == 0, result.stderr
    (password,) = result.stdout.splitlines()
    storage = Storage.open(Path(env["REPIT_DB"]))
    account = auth.check_password(storage, "agnes", password)
    assert account == auth.Account("agnes", auth.Role.ADMIN)
    again = run("user", "add", "agnes", env=env)
    assert again.exit_code == 2
    assert f"le compte «{N}agnes{N}» existe déjà" in again.stderr
    assert run("user", "add", "bob", "--role", "owner", env=env).exit_code == 2


def test_token_create(env: dict[str, str]) -> None:
    assert run("user", "add", "agnes", env=env).exit_code == 0
    result = run("token", "create", "agnes", env=env)
    assert result.exit_code == 0, result.stderr
    (token,) = result.stdout.splitlines()
    storage = Storage.open(Path(env["REPIT_DB"]))
    assert auth.account_for_token(storage, token) == auth.Account("agnes", auth.Role.READER)
    unknown = run("token", "create", "nobody", env=env)
    assert unknown.exit_code == 2
    assert unknown.stdout == ""
    assert f"aucun compte nommé «{N}nobody{N}»" in unknown.stderr


def test_serve_refuses_bad_policies_before_listening(tmp_path: Path, env: dict[str, str]) -> None:
    result = run("serve", "--role", "helper", "--policies", str(tmp_path / "missing"), env=env)
    assert result.exit_code == 2
    assert f"missing{N}: attendu{N}: un dossier de fichiers de politique" in result.stderr


def test_serve_refuses_a_database_of_the_clear_layout(tmp_path: Path, env: dict[str, str]) -> None:
    from aggregator.roles import create_helper_key, new_token_file
    from aggregator.storage import Storage

    storage = Storage.open(tmp_path / "old.db")
    with storage.transaction() as db:
        db.execute("INSERT INTO sums_day (team, month, devices) VALUES ('team-a', '2026-02', 3)")
    storage.close()
    create_helper_key(tmp_path / "key.json")
    new_token_file(tmp_path / "token")
    result = run(
        "serve",
        "--role",
        "helper",
        "--db",
        str(tmp_path / "old.db"),
        "--key-file",
        str(tmp_path / "key.json"),
        "--leader-token-file",
        str(tmp_path / "token"),
        env=env,
    )
    assert result.exit_code == 2
    assert "des sommes en clair d’avant l’agrégation partagée" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_leader_needs_the_helper_and_its_token(tmp_path: Path, env: dict[str, str]) -> None:
    missing = run("serve", "--role", "leader", env=env)
    assert missing.exit_code == 2
    assert "a besoin de --helper-url et de --helper-token-file" in missing.stderr
    (tmp_path / "short").write_text("too short\n")
    short = run(
        "serve",
        "--role",
        "leader",
        "--helper-url",
        "http://127.0.0.1:1",
        "--helper-token-file",
        str(tmp_path / "short"),
        env=env,
    )
    assert short.exit_code == 2
    assert "doit tenir sur une ligne d’au moins 32 caractères" in short.stderr


def test_helper_key_create_prints_the_public_configuration(
    tmp_path: Path, env: dict[str, str]
) -> None:
    import json
    import stat

    from aggregator.roles import read_helper_key

    key = tmp_path / "etc" / "helper-key.json"
    token = tmp_path / "etc" / "leader-token"
    result = run(
        "helper-key", "create", "--key-file", str(key), "--token-file", str(token), env=env
    )
    assert result.exit_code == 0, result.stderr
    config, _ = read_helper_key(key)
    assert json.loads(result.stdout) == config.to_json()
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(token.stat().st_mode) == 0o600
    again = run("helper-key", "create", "--key-file", str(key), env=env)
    assert again.exit_code == 2 and f"existe déjà{N}; il n’est jamais écrasé" in again.stderr


@pytest.mark.parametrize(("name", "command"), list(commands_of(cli)))
def test_every_command_is_documented_with_an_example(name: str, command: click.Command) -> None:
    assert documentation_problems("repit-aggregator", name, command) == []


def test_serve_runs_uvicorn_without_an_access_log(tmp_path: Path, policies_dir: Path) -> None:
    import subprocess
    import sys

    import httpx

    from aggregator.roles import create_helper_key, new_token_file
    from tests.aggregator.server import free_port
    from tests.waiting import wait_for

    create_helper_key(tmp_path / "helper-key.json")
    new_token_file(tmp_path / "leader-token")
    port = free_port()
    command = [
        sys.executable,
        "-c",
        "from aggregator.cli import main; main()",
        "serve",
        "--role",
        "helper",
        "--key-file",
        str(tmp_path / "helper-key.json"),
        "--leader-token-file",
        str(tmp_path / "leader-token"),
        "--port",
        str(port),
        "--db",
        str(tmp_path / "served.db"),
        "--policies",
        str(policies_dir),
    ]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:

        def healthz() -> httpx.Response | None:
            try:
                return httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=5)
            except httpx.TransportError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                return None

        response = wait_for(healthz, f"`repit-aggregator serve` to answer on port {port}")
        assert response.json() == {"status": "ok"}
        assert "server" not in response.headers
        httpx.get(f"http://127.0.0.1:{port}/api/v1/stats?group=dept&month=2026-02", timeout=5)
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=20)
    assert (tmp_path / "served.db").exists()
    assert "/healthz" not in output
    assert "/api/v1/stats" not in output
