"""``repit-aggregator report``: the same report as the page, written offline."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.storage import Storage
from contract.policy.loader import load_policy_folder
from tests.aggregator.reports.conftest import feed


def _database(tmp_path: Path, policies_dir: Path) -> Path:
    path = tmp_path / "aggregator.db"
    storage = Storage.open(path)
    feed(storage, load_policy_folder(policies_dir), {"team-a": 7, "team-b": 6, "team-c": 2})
    storage.close()
    return path


def test_report_writes_html_csv_and_pdf(tmp_path: Path, policies_dir: Path) -> None:
    db = _database(tmp_path, policies_dir)
    common = ["--db", str(db), "--policies", str(policies_dir), "--group", "dept"]
    common += ["--month", "2026-02"]
    runner = CliRunner()
    outputs = {}
    for output_format in ("html", "csv", "pdf"):
        out = tmp_path / f"dept.{output_format}"
        # The report follows the command line's language unless --lang says otherwise.
        result = runner.invoke(
            cli, ["--language", "en", "report", *common, "--format", output_format, "-o", str(out)]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout == ""
        assert "written to" in result.stderr
        outputs[output_format] = out
    page = outputs["html"].read_text(encoding="utf-8")
    assert "February 2026" in page and "not enough participants" in page
    assert '<dd id="devices">15</dd>' in page
    assert "/logout" not in page  # a file has no navigation
    rows = list(csv.reader(io.StringIO(outputs["csv"].read_text(encoding="utf-8-sig"))))
    assert [row[6] for row in rows if row[1] == "team-c"] == [
        "not enough participants — fewer than 5 participating devices, or hidden so that a "
        "neighbouring team cannot be deduced"
    ]
    assert "/guide" not in page  # nor a link that only works on the server
    text = subprocess.run(
        ["pdftotext", str(outputs["pdf"]), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "February 2026" in text


def test_report_usage_errors(tmp_path: Path, policies_dir: Path) -> None:
    db = _database(tmp_path, policies_dir)
    runner = CliRunner()
    base = ["report", "--db", str(db), "--policies", str(policies_dir), "-o", str(tmp_path / "x")]
    unknown = runner.invoke(cli, [*base, "--group", "nobody", "--month", "2026-02"])
    assert unknown.exit_code == 2 and "aucune direction ni équipe «\u00a0nobody" in unknown.stderr
    bad = runner.invoke(cli, [*base, "--group", "dept", "--month", "2026-2"])
    assert bad.exit_code == 2 and "mois attendu sous la forme AAAA-MM" in bad.stderr
    english = runner.invoke(
        cli, ["--language", "en", *base, "--group", "dept", "--month", "2026-2"]
    )
    assert english.exit_code == 2 and 'expected a month "YYYY-MM"' in english.stderr
    assert not (tmp_path / "x").exists()
