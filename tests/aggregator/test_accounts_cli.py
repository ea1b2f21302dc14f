"""The account, token and device commands over a temporary database, through click's runner."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from aggregator import auth
from aggregator.cli import cli
from aggregator.storage import Storage

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)


@pytest.fixture
def env(tmp_path: Path, policies_dir: Path) -> dict[str, str]:
    return {"REPIT_DB": str(tmp_path / "aggregator.db"), "REPIT_POLICIES": str(policies_dir)}


def run(env: dict[str, str], *args: str) -> Result:
    """In English, whose messages these tests read (``test_cli_language`` reads the French)."""
    return CliRunner().invoke(cli, ["--language", "en", *args], env=env)


def ok(env: dict[str, str], *args: str) -> str:
    result = run(env, *args)
    assert result.exit_code == 0, (args, result.stderr)
    assert "Traceback" not in result.stderr
    return result.stdout


def refused(env: dict[str, str], *args: str) -> str:
    """The message of a refused command: exit 2, nothing on stdout, no traceback."""
    result = run(env, *args)
    assert result.exit_code == 2, (args, result.stdout, result.stderr)
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return result.stderr


def storage_of(env: dict[str, str]) -> Storage:
    return Storage.open(Path(env["REPIT_DB"]))


def password_of(env: dict[str, str], name: str, role: str = "reader") -> str:
    (password,) = ok(env, "user", "add", name, "--role", role).splitlines()
    return password


def test_user_list_shows_name_role_state_and_day_but_no_secret(env: dict[str, str]) -> None:
    admin = password_of(env, "agnes", "admin")
    reader = password_of(env, "prevention")
    token = ok(env, "token", "create", "prevention").strip()
    ok(env, "user", "disable", "prevention")
    listed = ok(env, "user", "list")
    today = datetime.now(UTC).date().isoformat()
    assert listed.splitlines() == [
        f"agnes\tadmin\tactive\t{today}",
        f"prevention\treader\tdisabled\t{today}",
    ]
    for secret in (admin, reader, token, auth.hash_secret(token)):
        assert secret not in listed


def test_an_empty_database_lists_no_account(env: dict[str, str]) -> None:
    result = run(env, "user", "list")
    assert (result.exit_code, result.stdout) == (0, "")
    assert "No account yet" in result.stderr


def test_user_disable_stops_password_tokens_and_sessions_at_once(env: dict[str, str]) -> None:
    password_of(env, "agnes", "admin")
    password = password_of(env, "prevention")
    token = ok(env, "token", "create", "prevention").strip()
    storage = storage_of(env)
    who = auth.check_password(storage, "prevention", password)
    assert who is not None
    session = auth.open_session(storage, who, NOW)
    assert auth.session_for(storage, session.token, NOW) is not None

    ok(env, "user", "disable", "prevention")
    assert auth.check_password(storage, "prevention", password) is None
    assert auth.account_for_token(storage, token) is None
    assert auth.session_for(storage, session.token, NOW) is None
    assert "disabled" in refused(env, "token", "create", "prevention")

    ok(env, "user", "enable", "prevention")
    assert auth.check_password(storage, "prevention", password) == who
    assert auth.account_for_token(storage, token) == who
    assert auth.session_for(storage, session.token, NOW) is None  # closed sessions stay closed


def test_user_passwd_prints_a_new_password_once_and_ends_the_sessions(env: dict[str, str]) -> None:
    old = password_of(env, "prevention")
    storage = storage_of(env)
    who = auth.check_password(storage, "prevention", old)
    assert who is not None
    session = auth.open_session(storage, who, NOW)
    token = ok(env, "token", "create", "prevention").strip()

    result = run(env, "user", "passwd", "prevention")
    assert result.exit_code == 0, result.stderr
    (new,) = result.stdout.splitlines()
    assert new != old and len(new) >= 20
    assert "shown only now" in result.stderr
    assert auth.check_password(storage, "prevention", new) == who
    assert auth.check_password(storage, "prevention", old) is None
    assert auth.session_for(storage, session.token, NOW) is None
    assert auth.account_for_token(storage, token) == who  # a script's token is not a session


def test_user_remove_takes_its_tokens_and_sessions(env: dict[str, str]) -> None:
    password_of(env, "agnes", "admin")
    password = password_of(env, "prevention")
    token = ok(env, "token", "create", "prevention").strip()
    storage = storage_of(env)
    who = auth.check_password(storage, "prevention", password)
    assert who is not None
    session = auth.open_session(storage, who, NOW)

    ok(env, "user", "remove", "prevention")
    assert ok(env, "user", "list").splitlines() == [
        f"agnes\tadmin\tactive\t{datetime.now(UTC).date()}"
    ]
    assert auth.account_for_token(storage, token) is None
    assert auth.session_for(storage, session.token, NOW) is None
    with storage.read() as db:
        assert db.execute("SELECT count(*) FROM api_tokens").fetchone() == (0,)
        assert db.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
    # The name is free again, with nothing of the old account.
    again = password_of(env, "prevention")
    assert auth.check_password(storage, "prevention", password) is None
    assert auth.check_password(storage, "prevention", again) is not None


@pytest.mark.parametrize("command", ["disable", "passwd", "remove", "enable"])
def test_an_unknown_account_is_named(env: dict[str, str], command: str) -> None:
    assert "no account named 'nobody'" in refused(env, "user", command, "nobody")


def test_the_last_administrator_can_be_neither_disabled_nor_removed(env: dict[str, str]) -> None:
    password = password_of(env, "agnes", "admin")
    for command in ("disable", "remove"):
        message = refused(env, "user", command, "agnes")
        assert "last administrator" in message and "user add NAME --role admin" in message
    assert auth.check_password(storage_of(env), "agnes", password) is not None
    # With a second administrator, one may go; then the other is the last one.
    password_of(env, "bruno", "admin")
    ok(env, "user", "disable", "agnes")
    assert "last administrator" in refused(env, "user", "remove", "bruno")
    ok(env, "user", "remove", "agnes")  # a disabled administrator is not the last one
    assert "last administrator" in refused(env, "user", "disable", "bruno")


def test_token_list_shows_an_id_that_is_not_the_secret_and_revoke_takes_it(
    env: dict[str, str],
) -> None:
    password_of(env, "prevention")
    password_of(env, "audit")
    first = ok(env, "token", "create", "prevention").strip()
    second = ok(env, "token", "create", "prevention").strip()
    other = ok(env, "token", "create", "audit").strip()

    everything = [line.split("\t") for line in ok(env, "token", "list").splitlines()]
    assert sorted(account for _, account, _ in everything) == ["audit", "prevention", "prevention"]
    assert {day for _, _, day in everything} == {datetime.now(UTC).date().isoformat()}
    listed = ok(env, "token", "list", "prevention")
    rows = [line.split("\t") for line in listed.splitlines()]
    assert len(rows) == 2 and {account for _, account, _ in rows} == {"prevention"}
    for secret in (first, second, other):
        assert secret not in listed
        assert auth.hash_secret(secret) not in listed
    ids = {row[0] for row in rows}
    assert ids == {auth.hash_secret(first)[:12], auth.hash_secret(second)[:12]}

    first_id = auth.hash_secret(first)[:12]
    result = run(env, "token", "revoke", first_id.upper())
    assert result.exit_code == 0, result.stderr
    assert f"{first_id} of 'prevention' revoked" in result.stderr
    storage = storage_of(env)
    assert auth.account_for_token(storage, first) is None
    assert auth.account_for_token(storage, second) is not None
    assert auth.account_for_token(storage, other) is not None
    assert "no API token with the id" in refused(env, "token", "revoke", first_id)
    assert "12 hex digits" in refused(env, "token", "revoke", first)  # the secret is no id
    assert "no account named 'nobody'" in refused(env, "token", "list", "nobody")


def test_device_revoke_by_code_stops_its_token_and_keeps_its_sums(env: dict[str, str]) -> None:
    code, spare = ok(env, "enroll-code", "--team", "team-a", "--count", "2").splitlines()
    storage = storage_of(env)
    enrolled = auth.enroll(storage, code, date(2026, 3, 1))
    assert enrolled is not None
    token, _ = enrolled
    with storage.transaction() as db:  # what an accepted contribution left behind
        db.table("sums_day").insert({"team": "team-a", "month": "2026-02", "devices": 1})
    assert auth.device_for(storage, token) is not None

    result = run(env, "device", "revoke", "--code", "  " + code.lower().replace("-", " "))
    assert result.exit_code == 0, result.stderr
    assert "its token no longer works" in result.stderr
    assert auth.device_for(storage, token) is None
    with storage.read() as db:
        assert db.execute("SELECT devices FROM sums_day").fetchall() == [(1,)]
    assert "already revoked" in refused(env, "device", "revoke", "--code", code)

    # A code not used yet is cancelled: it enrolls nothing afterwards.
    cancelled = run(env, "device", "revoke", "--code", spare)
    assert cancelled.exit_code == 0, cancelled.stderr
    assert "cancelled" in cancelled.stderr
    assert auth.enroll(storage, spare, date(2026, 3, 1)) is None
    assert "no enrollment code like this one" in refused(
        env, "device", "revoke", "--code", "AAAA-BBBB"
    )


def test_device_revoke_by_token_read_from_a_file(env: dict[str, str], tmp_path: Path) -> None:
    (code,) = ok(env, "enroll-code", "--team", "team-b").splitlines()
    storage = storage_of(env)
    enrolled = auth.enroll(storage, code, date(2026, 3, 1))
    assert enrolled is not None
    token_file = tmp_path / "device-token.txt"
    token_file.write_text(enrolled[0] + "\n")
    ok(env, "device", "revoke", "--token-file", str(token_file))
    assert auth.device_for(storage, enrolled[0]) is None
    assert "no enrolled device has this token" in refused(
        env, "device", "revoke", "--token-file", str(token_file)
    )


def test_device_revoke_by_token_read_from_stdin(env: dict[str, str]) -> None:
    (code,) = ok(env, "enroll-code", "--team", "team-b").splitlines()
    storage = storage_of(env)
    enrolled = auth.enroll(storage, code, date(2026, 3, 1))
    assert enrolled is not None
    result = CliRunner().invoke(
        cli, ["device", "revoke", "--token-file", "-"], env=env, input=f"  {enrolled[0]}\n"
    )
    assert result.exit_code == 0, result.stderr
    assert auth.device_for(storage, enrolled[0]) is None


def test_a_token_is_never_taken_from_the_command_line(env: dict[str, str]) -> None:
    result = run(env, "device", "revoke", "--token", "secret-on-the-command-line")
    assert result.exit_code == 2
    assert "No such option '--token'" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b" \n", "is empty"),
        (b"x" * 5000, "more than 4096 bytes"),
        (b"\xff\xfe", "not plain text"),
    ],
    ids=["empty", "blank", "huge", "binary"],
)
def test_a_bad_token_file_is_refused_by_name(
    env: dict[str, str], tmp_path: Path, content: bytes, message: str
) -> None:
    token_file = tmp_path / "token"
    token_file.write_bytes(content)
    said = refused(env, "device", "revoke", "--token-file", str(token_file))
    assert str(token_file) in said and message in said
    assert "cannot read the token" in refused(
        env, "device", "revoke", "--token-file", str(tmp_path / "missing")
    )


def test_device_revoke_wants_one_designation(env: dict[str, str], tmp_path: Path) -> None:
    assert "either --code or --token" in refused(env, "device", "revoke")
    token_file = tmp_path / "token"
    token_file.write_text("y")
    assert "either --code or --token" in refused(
        env, "device", "revoke", "--code", "x", "--token-file", str(token_file)
    )


@pytest.mark.parametrize(
    "name",
    ["", "   ", "x" * 201, "bad\nname", "tab\there"],
    ids=["empty", "blank", "long", "nl", "tab"],
)
def test_a_bad_account_name_is_refused(env: dict[str, str], name: str) -> None:
    assert "account name" in refused(env, "user", "add", name)
    assert ok(env, "user", "list") == ""


@pytest.mark.parametrize(
    "command",
    [
        ["user", "list"],
        ["user", "disable", "x"],
        ["user", "enable", "x"],
        ["user", "passwd", "x"],
        ["user", "remove", "x"],
        ["token", "list"],
        ["token", "revoke", "0123456789ab"],
        ["device", "revoke", "--code", "x"],
    ],
)
def test_each_command_refuses_a_damaged_database(env: dict[str, str], command: list[str]) -> None:
    Path(env["REPIT_DB"]).write_bytes(b"garbage" * 500)
    assert "damaged" in refused(env, *command)
    assert Path(env["REPIT_DB"]).read_bytes() == b"garbage" * 500
