"""``repit-agent`` as a person uses it: replay, policy check, help."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from agent.cli import cli
from tests.cli_docs import commands_of, documentation_problems
from tests.sample_week import write_sample_week

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POLICY = ROOT / "policies" / "default.toml"


def run(*args: str, stdin: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args), input=stdin)


@pytest.fixture
def sample_week(tmp_path: Path) -> Path:
    return write_sample_week(tmp_path / "week.csv")


def test_replay_prints_days_weeks_and_reminders(sample_week: Path) -> None:
    result = run("replay", "--policy", str(DEFAULT_POLICY), str(sample_week))
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert [day["date"] for day in document["days"]] == [f"2026-03-0{d}" for d in range(2, 8)]
    assert [week["week"] for week in document["weeks"]] == ["2026-W10"]
    tuesday = document["days"][1]
    # 08:00-12:30 and 13:00-19:30 in 2-minute steps: 270 + 390 minutes, then 20:30-23:10: 160.
    assert tuesday["active_minutes"] == 270 + 390 + 160
    assert tuesday["last_activity"] == "23:10"
    assert tuesday["after_hours_minutes"] == 30 + 160  # the window ends at 19:00
    # The Wednesday starts at 07:00 after a span that ended at 23:10: 7 h 50 of rest.
    assert document["days"][2]["rest_before_minutes"] == 470
    assert {"time", "kind", "reason"} == set(document["reminders"][0])
    kinds = {reminder["kind"] for reminder in document["reminders"]}
    assert {"break", "disconnect", "short_rest", "daily_limit"} <= kinds


def test_replay_reads_standard_input(sample_week: Path) -> None:
    result = run("replay", "--policy", str(DEFAULT_POLICY), "-", stdin=sample_week.read_text())
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["days"]) == 6


N = "\u00a0"

BAD_TRACES = {
    "unsorted": (
        "time,event\n2026-03-02T09:00:00+01:00,input\n2026-03-02T08:59:59+01:00,input\n",
        ":3: line out of order",
        f":3{N}: ligne dans le désordre{N}: 2026-03-02T08:59:59+01:00 est antérieur",
    ),
    "unknown event": (
        "time,event\n2026-03-02T09:00:00+01:00,click\n",
        ":2: unknown event `click`",
        f":2{N}: évènement «{N}click{N}» inconnu, attendu l’un de{N}: input, lock",
    ),
    "bad time": (
        "time,event\n2026-03-02 nine o'clock,input\n",
        ":2: bad time",
        f":2{N}: heure «{N}2026-03-02 nine o'clock{N}» invalide, attendue en ISO 8601",
    ),
    "missing header": (
        "2026-03-02T09:00:00+01:00,input\n",
        ":1: expected the header",
        f":1{N}: en-tête «{N}time,event{N}» attendu, trouvé",
    ),
}


@pytest.mark.parametrize(("text", "english", "french"), BAD_TRACES.values(), ids=list(BAD_TRACES))
def test_bad_trace_is_refused_with_its_line_and_nothing_on_stdout(
    tmp_path: Path, text: str, english: str, french: str
) -> None:
    trace = tmp_path / "bad.csv"
    trace.write_text(text + "2026-03-02T10:00:00+01:00,input\n")
    for language, message in (("en", english), ("fr", french)):
        result = run("replay", "--policy", str(DEFAULT_POLICY), str(trace), "--language", language)
        assert result.exit_code == 2
        assert result.stdout == ""
        assert f"{trace}{message}" in result.stderr
        assert "Traceback" not in result.stderr


def department(folder: Path, policy_id: str, breaks: str) -> Path:
    """A department policy beside a copy of the default one, with its own [breaks]."""
    shutil.copy(DEFAULT_POLICY, folder / "default.toml")
    path = folder / f"{policy_id}.toml"
    path.write_text(
        f'[policy]\nid = "{policy_id}"\nname = "Test"\nextends = "default"\n\n[breaks]\n{breaks}\n'
    )
    return path


def test_bad_policy_is_refused_with_its_file(tmp_path: Path, sample_week: Path) -> None:
    policy = department(tmp_path, "broken", 'every_minutes = "often"')
    result = run("replay", "--policy", str(policy), str(sample_week), "--language", "en")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{policy}:7: breaks.every_minutes: expected an integer" in result.stderr
    assert 'found "often"' in result.stderr


def test_missing_trace_file_is_a_clear_error(tmp_path: Path) -> None:
    missing = str(tmp_path / "nope.csv")
    english = run("replay", "--policy", str(DEFAULT_POLICY), missing, "--language", "en")
    assert english.exit_code == 2
    assert english.stderr == f"repit-agent: {missing}: No such file or directory\n"
    french = run("replay", "--policy", str(DEFAULT_POLICY), missing)
    assert french.exit_code == 2
    assert french.stderr == f"repit-agent{N}: {missing}{N}: fichier ou dossier introuvable\n"


def test_policy_check_accepts_the_bundled_policies() -> None:
    files = sorted(str(p) for p in (ROOT / "policies").glob("*.toml"))
    result = run("policy", "check", *files)
    assert result.exit_code == 0, result.stderr
    assert len(files) >= 4


def test_policy_check_refuses_a_bad_file_with_exit_2(tmp_path: Path) -> None:
    policy = department(tmp_path, "typo", "evry_minutes = 30")
    result = run("policy", "check", str(policy), "--language", "en")
    assert result.exit_code == 2
    assert f"{policy}:7: breaks.evry_minutes: unknown key" in result.stderr


def test_console_script_runs_replay(sample_week: Path) -> None:
    script = Path(sys.executable).parent / "repit-agent"
    done = subprocess.run(
        [str(script), "replay", "--policy", str(DEFAULT_POLICY), str(sample_week)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["weeks"][0]["week"] == "2026-W10"


@pytest.mark.parametrize(("name", "command"), list(commands_of(cli)))
def test_every_command_is_documented_with_an_example(name: str, command: click.Command) -> None:
    assert documentation_problems("repit-agent", name, command) == []


def test_the_commands_under_test_never_read_this_machine_s_configuration() -> None:
    from agent.machine_config import DEFAULT_PATH, config_path

    assert config_path() != DEFAULT_PATH  # tests/conftest.py's no_machine_config
    assert not config_path().exists()
