"""The impact study: baseline and after-months from released figures, and its PDF (pdftotext)."""

from __future__ import annotations

import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from aggregator.cli import cli
from aggregator.impact import LOOKBACK_MONTHS, shift, study
from aggregator.impact_view import study_document
from aggregator.releases import Batch, GroupStats
from aggregator.reports.render import html_to_pdf
from aggregator.storage import Storage
from aggregator.storage import tools as stored
from aggregator.tool_releases import ToolFigures
from contract.contribution import FIELDS, Kind
from tests.aggregator.conftest import write_policies

DEPLOYED = date(2026, 6, 15)


def released(month: str, devices: int, minutes_per_day: int) -> GroupStats:
    day = {f.name: 0 for f in FIELDS[Kind.DAY]}
    day.update(active_day=100, active_minutes=100 * minutes_per_day, breaks=300, no_break_6h=10)
    week = {f.name: 0 for f in FIELDS[Kind.WEEK]}
    week.update(active_week=20, over_48h=2)
    return GroupStats(
        "dept", month, date(2026, 1, 1), Batch(True, devices, day), Batch(True, devices, week)
    )


MONTHS = {
    "2026-02": released("2026-02", 30, 400),  # older than the baseline: left out
    "2026-03": released("2026-03", 12, 300),
    "2026-04": released("2026-04", 13, 300),
    "2026-05": released("2026-05", 14, 300),
    "2026-07": released("2026-07", 15, 420),
    "2026-09": released("2026-09", 16, 450),
}
HEAVY = ToolFigures(
    15, {"satisfaction_2": 12, "satisfaction_4": 3, "workload_heavier": 12, "workload_same": 3}
)


def test_baseline_is_the_last_three_released_months_before_the_deployment() -> None:
    result = study(
        DEPLOYED, date(2027, 1, 31), MONTHS.get, lambda m: HEAVY if m == "2026-07" else None
    )
    assert result.baseline.months == ("2026-03", "2026-04", "2026-05")
    assert result.baseline.devices == (12, 13, 14)
    assert result.baseline.screen_minutes == 300
    assert result.after[1].months == ("2026-07",)
    assert result.after[1].screen_minutes == 420
    assert result.after[1].satisfaction == pytest.approx((2 * 12 + 4 * 3) / 15)
    assert result.after[3].months == ("2026-09",)
    assert not result.after[6].released  # 2026-12: not released, shows nothing
    assert shift("2026-11", 3) == "2027-02"


def test_before_the_date_the_study_is_the_baseline_alone() -> None:
    result = study(DEPLOYED, date(2026, 6, 1), MONTHS.get, lambda _m: None)
    assert result.before_deployment
    assert not any(f.released for f in result.after.values())
    document = study_document(
        stored.Deployment(1, "parapheur", "dept", DEPLOYED, ""), "Parapheur", result, "fr"
    )
    assert "situation de référence" in document
    assert "1 mois après" not in document


def test_the_pdf_reads_tool_dates_figures_and_device_counts(tmp_path: Path) -> None:
    result = study(
        DEPLOYED, date(2027, 1, 31), MONTHS.get, lambda m: HEAVY if m == "2026-07" else None
    )
    deployment = stored.Deployment(7, "parapheur", "dept", DEPLOYED, "nouvelle version")
    body = study_document(deployment, "Parapheur électronique", result, "fr")
    pdf = tmp_path / "study.pdf"
    pdf.write_bytes(html_to_pdf(f"<!doctype html><html lang='fr'><body>{body}</body></html>"))
    text = subprocess.run(
        ["pdftotext", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    text = " ".join(text.split())  # table cells wrap inside their column
    for expected in (
        "Parapheur électronique",
        "15 juin 2026",
        "mars 2026",
        "avril 2026",
        "mai 2026",
        "12 / 13 / 14",
        "juillet 2026",
        "15",
        "300",
        "420",
        "450",
        "Méthode",
        "non publié",
    ):
        assert expected in text, expected
    assert "février 2026" not in text  # older than the three months of the baseline


def test_tool_deploy_registers_and_refuses_unknown_tools(tmp_path: Path) -> None:
    folder = write_policies(tmp_path / "policies")
    (folder / "dept.toml").write_text(
        (folder / "dept.toml").read_text() + '\n[[tools]]\nid = "parapheur"\nname = "Parapheur"\n'
    )
    db = tmp_path / "repit.db"
    common = ["--db", str(db), "--policies", str(folder)]
    runner = CliRunner()
    made = runner.invoke(
        cli,
        [
            "tool",
            "deploy",
            "--tool",
            "parapheur",
            "--group",
            "team-a",
            "--date",
            "2026-06-15",
            *common,
        ],
    )
    assert made.exit_code == 0, made.output
    assert made.stdout.strip() == "1"
    for wrong, message in (
        (["--tool", "gmao", "--group", "dept", "--date", "2026-06-15"], "unknown tool `gmao`"),
        (
            ["--tool", "parapheur", "--group", "nope", "--date", "2026-06-15"],
            "unknown group `nope`",
        ),
        (["--tool", "parapheur", "--group", "dept", "--date", "15/06/2026"], "expected a date"),
    ):
        refused = runner.invoke(cli, ["--language", "en", "tool", "deploy", *wrong, *common])
        assert refused.exit_code == 2
        assert message in refused.stderr
    storage = Storage.open(db)
    with storage.read() as read:
        assert [(d.tool, d.group, d.date) for d in stored.deployments(read)] == [
            ("parapheur", "team-a", DEPLOYED)
        ]
    storage.close()


@given(st.sets(st.integers(-30, 10)), st.integers(0, 400))
def test_the_baseline_is_always_the_latest_three_released_months_before(
    offsets: set[int], days_after: int
) -> None:
    start = "2026-06"
    months = {shift(start, k): released(shift(start, k), 11, 300) for k in offsets}
    today = DEPLOYED + timedelta(days=days_after)
    result = study(DEPLOYED, today, months.get, lambda _m: None)
    # At most 3, all before, the latest; looked for within LOOKBACK_MONTHS only.
    before = sorted(m for m in months if shift(start, -LOOKBACK_MONTHS) <= m < start)
    assert list(result.baseline.months) == before[-3:]
    for after, figures in result.after.items():
        assert figures.months in ((), (shift(start, after),))
        assert not figures.months or shift(start, after) in months


@given(st.integers(1990, 2100), st.integers(1, 12), st.integers(-500, 500))
def test_shifting_months_is_reversible(year: int, month: int, by: int) -> None:
    label = f"{year:04d}-{month:02d}"
    assert shift(shift(label, by), -by) == label
    assert (shift(label, by) > label) == (by > 0) or by == 0
