"""The agent's commands that need no running agent, as a person types them."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from agent.cli import cli
from agent.commands import write_report
from agent.participation import Mode
from agent.store import Store
from contract.policy.model import Policy
from tests.agent.desk import Desk
from tests.agent.fakes import paris


def run(data_dir: Path, *args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)], input=stdin)


def record_a_working_week(data_dir: Path) -> None:
    """A week of real agent work on a fake clock, kept in ``data_dir``."""
    desk = Desk("2026-03-02T08:30:00", Store.open(data_dir / "repit.db"))
    store, clock, idle, agent = desk.store, desk.clock, desk.idle, desk.agent
    agent.set_mode(Mode.SHARE)
    for day in range(5):
        clock.now = paris(f"2026-03-0{2 + day}T08:30:00")
        for _ in range(12 * 60 * 3):  # three hours of ticks
            clock.advance(5)
            idle.touch()
            agent.tick()
    clock.now = paris("2026-03-09T09:00:00")
    agent.tick()
    store.close()


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    record_a_working_week(tmp_path)
    return tmp_path


def test_consent_sets_the_mode(tmp_path: Path) -> None:
    result = run(tmp_path, "consent", "reminders")
    assert result.exit_code == 0, result.stderr
    store = Store.open(tmp_path / "repit.db")
    assert store.mode() is Mode.REMINDERS
    assert store.setting("recording_since") is not None


def test_consent_refuses_an_unknown_mode(tmp_path: Path) -> None:
    result = run(tmp_path, "consent", "everything", "--language", "en")
    assert result.exit_code == 2
    assert "'everything' is not one of 'off', 'reminders', 'share'" in result.stderr
    french = run(tmp_path, "consent", "everything")
    assert french.exit_code == 2
    assert "«\u00a0everything\u00a0» n’est pas l’une des valeurs possibles" in french.stderr


def test_status_json_before_any_choice(tmp_path: Path) -> None:
    result = run(tmp_path, "status", "--json")
    assert result.exit_code == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["mode"] is None
    assert document["today"] is None
    assert document["agent"] == {"running": False}


def test_status_in_french_and_english(recorded: Path) -> None:
    french = run(recorded, "status")
    assert french.exit_code == 0, french.stderr
    assert "Participation" in french.stdout
    assert "partage" in french.stdout
    english = run(recorded, "status", "--language", "en")
    assert "Participation: Reminders and anonymous sharing" in english.stdout
    assert "Agent: stopped" in english.stdout
    assert "Participation" in english.stdout


def test_preview_before_enrolling_shows_only_periods_and_bounded_integers(
    recorded: Path,
) -> None:
    result = run(recorded, "preview")
    assert result.exit_code == 0, result.stderr
    bodies = json.loads(result.stdout)
    assert [(b["kind"], b["period"]) for b in bodies] == [
        *(("day", f"2026-03-0{d}") for d in range(2, 9)),
        ("week", "2026-W10"),
    ]
    monday = bodies[0]
    assert set(monday) == {"kind", "period", "values"}
    assert monday["values"]["active_minutes"] == 179  # 08:30:05 to 11:30:00, floored
    assert monday["values"]["hours_2"] == 1
    assert all(isinstance(v, int) for body in bodies for v in body["values"].values())
    assert "T" not in result.stdout  # no time of day anywhere


def test_export_json_holds_every_table(recorded: Path) -> None:
    result = run(recorded, "export", "--format", "json")
    assert result.exit_code == 0, result.stderr
    tables = json.loads(result.stdout)
    assert set(tables) == {
        "settings",
        "engine",
        "spans",
        "reminders",
        "snoozes",
        "days",
        "weeks",
        "outbox",
        "tool_answers",
        "tool_proposals",
    }
    assert len(tables["spans"]) == 5
    assert len(tables["days"]) == 7


def test_export_csv_to_a_file(recorded: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "export.csv"
    target.parent.mkdir()
    result = run(recorded, "export", "--format", "csv", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    text = target.read_text()
    spans_section = text.split("# spans\n")[1].split("\n\n")[0]
    rows = list(csv.DictReader(io.StringIO(spans_section)))
    assert len(rows) == 5
    assert set(rows[0]) == {"start", "end"}


def test_report_shows_the_last_30_days_and_12_weeks(recorded: Path, tmp_path: Path) -> None:
    store = Store.open(recorded / "repit.db")
    target = write_report(
        store, Policy(), "fr", tmp_path / "mine.html", now=paris("2026-03-10T12:00:00")
    )
    page = target.read_text()
    for day in range(2, 7):
        assert f'data-date="2026-03-0{day}"' in page
    assert 'data-week="2026-W10"' in page
    assert "Ce rapport ne quitte pas votre poste" in page


def test_report_command_writes_the_page_in_the_chosen_language(
    recorded: Path, tmp_path: Path
) -> None:
    target = tmp_path / "mine.html"
    result = run(recorded, "report", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip() == str(target)
    assert '<html lang="fr"' in target.read_text()
    english = run(recorded, "report", "-o", str(target), "--language", "en")
    assert english.exit_code == 0
    assert '<html lang="en"' in target.read_text()


def test_forget_deletes_everything_after_confirmation(recorded: Path) -> None:
    refused = run(recorded, "forget", stdin="n\n")
    assert "Rien n’a été effacé." in refused.stderr and "Aborted" not in refused.stderr
    assert refused.exit_code == 2
    assert (recorded / "repit.db").exists()
    result = run(recorded, "forget", "--yes")
    assert result.exit_code == 0, result.stderr
    assert not (recorded / "repit.db").exists()
    assert run(recorded, "status", "--json").exit_code == 0  # a fresh start afterwards


def test_a_damaged_database_is_a_clear_error_without_traceback(tmp_path: Path) -> None:
    (tmp_path / "repit.db").write_bytes(b"\x00garbage" * 300)
    result = run(tmp_path, "status", "--language", "en")
    assert result.exit_code == 2
    assert "damaged or not a Répit database" in result.stderr
    assert "Traceback" not in result.stderr
    french = run(tmp_path, "status")
    assert french.exit_code == 2
    assert "la base est endommagée ou n’est pas une base de Répit" in french.stderr
