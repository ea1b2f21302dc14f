"""``repit-agent encode`` and ``preview`` once enrolled: the exact bodies, from the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from agent.cli import cli
from agent.enrollment import enrollment
from agent.reports import MAX_VALUES_CHARACTERS
from agent.store import Store
from contract.contribution import DAY_FIELDS, WEEK_FIELDS
from contract.split.report import Report
from tests.agent.split_servers import TwoServers, enrolled
from tests.agent.test_commands import record_a_working_week

WEEK = {f.name: f.low for f in WEEK_FIELDS} | {"active_week": 1, "active_minutes": 2400}
DAY = {f.name: f.low for f in DAY_FIELDS} | {"active_day": 1, "active_minutes": 75, "hours_1": 1}


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])


@pytest.fixture
def servers() -> TwoServers:
    return TwoServers()


@pytest.fixture
def enrolled_dir(tmp_path: Path, servers: TwoServers) -> Path:
    enrolled(servers, Store.open(tmp_path / "repit.db")).close()
    return tmp_path


@pytest.mark.parametrize(("kind", "period", "values"), [
    ("week", "2026-W10", WEEK), ("day", "2026-03-04", DAY)])  # fmt: skip
def test_encode_prints_a_report_the_two_servers_add_to_the_values(
    enrolled_dir: Path, servers: TwoServers, kind: str, period: str, values: dict[str, int]
) -> None:
    result = run(
        enrolled_dir, "encode", "--kind", kind, "--period", period, "--values", json.dumps(values)
    )
    assert result.exit_code == 0, result.stderr
    body = json.loads(result.stdout)
    report = Report.from_body(body)
    assert (report.kind, report.period, body["schema"]) == (kind, period, 2)
    assert servers.aggregate([body]) == values
    store = Store.open(enrolled_dir / "repit.db")
    joined = enrollment(store)
    assert joined is not None and servers.helper_tokens == [joined.helper_token]
    assert store.pending_bodies() == []  # nothing queued, nothing sent
    store.close()


N = "\u00a0"


@pytest.mark.parametrize(
    ("args", "said", "dit"),
    [
        (["--kind", "day", "--period", "2026-02-30"], "--period: expected a day as YYYY-MM-DD",
         f"--period{N}: attendu{N}: un jour AAAA-MM-JJ, trouvé '2026-02-30'"),
        (["--kind", "day", "--period", "2026-3-4"], "--period: expected a day",
         f"--period{N}: attendu{N}: un jour"),
        (["--kind", "week", "--period", "2026-W54"], "--period: expected an ISO week",
         f"--period{N}: attendu{N}: une semaine ISO AAAA-Www, trouvé '2026-W54'"),
        (["--kind", "week", "--period", "2026-03-02"], "--period: expected an ISO week",
         f"--period{N}: attendu{N}: une semaine ISO"),
    ],
)  # fmt: skip
def test_encode_refuses_a_wrong_period_saying_so(
    enrolled_dir: Path, args: list[str], said: str, dit: str
) -> None:
    values = DAY if "day" in args else WEEK
    result = run(enrolled_dir, "encode", *args, "--values", json.dumps(values), "--language", "en")
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    french = run(enrolled_dir, "encode", *args, "--values", json.dumps(values))
    assert french.exit_code == 2
    assert dit in french.stderr


@pytest.mark.parametrize(
    ("values", "said", "dit"),
    [
        ("{not json", "--values: not JSON at character 1",
         f"--values{N}: ce n’est pas du JSON (caractère 1)"),
        ("[1, 2]", "--values: expected a JSON object",
         f"--values{N}: attendu{N}: un objet JSON des champs de la semaine"),
        ("[" * 10_000, "--values: not JSON", f"--values{N}: ce n’est pas du JSON"),
        ("1" * (MAX_VALUES_CHARACTERS + 1), f"longer than {MAX_VALUES_CHARACTERS}",
         f"--values{N}: plus de {MAX_VALUES_CHARACTERS} caractères"),
        (json.dumps(WEEK | {"active_minutes": 10141}), "`active_minutes`: expected 0..10140",
         f"«{N}active_minutes{N}»{N}: attendu{N}: de 0 à 10140, trouvé 10141"),
        (json.dumps(WEEK | {"over_48h": True}), "`over_48h`: expected an integer",
         f"«{N}over_48h{N}»{N}: attendu{N}: un entier, trouvé True"),
        (json.dumps(WEEK | {"name": 1}), "unknown field `name`", f"champ «{N}name{N}» inconnu"),
        (json.dumps({k: v for k, v in WEEK.items() if k != "reports"}), "missing field `reports`",
         f"champ «{N}reports{N}» manquant"),
    ],
)  # fmt: skip
def test_encode_refuses_wrong_values_saying_what_and_where(
    enrolled_dir: Path, values: str, said: str, dit: str
) -> None:
    args = ["encode", "--kind", "week", "--period", "2026-W10", "--values", values]
    result = run(enrolled_dir, *args, "--language", "en")
    assert result.exit_code == 2
    assert said in result.stderr and "Traceback" not in result.stderr
    french = run(enrolled_dir, *args)
    assert french.exit_code == 2
    assert dit in french.stderr


def test_encode_refuses_two_hours_on_one_day(enrolled_dir: Path) -> None:
    values = json.dumps(DAY | {"hours_2": 1})  # hours_1 and hours_2: not one hour bucket
    result = run(
        enrolled_dir, "encode", "--kind", "day", "--period", "2026-03-04", "--values", values
    )
    assert result.exit_code == 2
    assert "--values" in result.stderr and "Traceback" not in result.stderr


def test_encode_without_enrollment_says_what_to_do(tmp_path: Path) -> None:
    result = run(tmp_path, "encode", "--kind", "week", "--period", "2026-W10",
                 "--values", json.dumps(WEEK), "--language", "en")  # fmt: skip
    assert result.exit_code == 2
    assert "repit-agent enroll URL LEADER_CODE HELPER_CODE" in result.stderr
    french = run(tmp_path, "encode", "--kind", "week", "--period", "2026-W10",
                 "--values", json.dumps(WEEK))  # fmt: skip
    assert french.exit_code == 2
    assert "repit-agent enroll ADRESSE CODE_PRINCIPAL CODE_SECOND" in french.stderr


def test_preview_once_enrolled_shows_values_and_the_exact_body(
    tmp_path: Path, servers: TwoServers
) -> None:
    record_a_working_week(tmp_path)
    store = Store.open(tmp_path / "repit.db")
    from datetime import date

    enrolled(servers, store, since=date(2026, 3, 2))
    store.close()
    result = run(tmp_path, "preview")
    assert result.exit_code == 0, result.stderr
    shown = json.loads(result.stdout)
    assert [(s["kind"], s["period"]) for s in shown][-1] == ("week", "2026-W10")
    store = Store.open(tmp_path / "repit.db")
    assert [s["body"] for s in shown] == [json.loads(b) for b in store.pending_bodies()]
    store.close()
    days = [s for s in shown if s["kind"] == "day"]
    monday = days[0]
    assert monday["values"]["active_minutes"] == 179
    assert servers.aggregate([monday["body"]]) == monday["values"]
    again = json.loads(run(tmp_path, "preview").stdout)
    assert again == shown  # the same reports, ids and bytes, until sent
