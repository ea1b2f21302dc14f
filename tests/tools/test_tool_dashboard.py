"""The pages of tool answers: distributions, trend, CSV and PDF, released figures only."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

from aggregator import auth
from aggregator.tool_releases import ToolFigures
from aggregator.tools_text import NBSP, TEXT
from tests.tools.conftest import Leader

COUNTS = {
    "satisfaction_1": 0,
    "satisfaction_2": 4,
    "satisfaction_3": 1,
    "satisfaction_4": 0,
    "satisfaction_5": 1,
    "workload_lighter": 1,
    "workload_same": 1,
    "workload_heavier": 4,
    "not_used": 2,
}
FEBRUARY = ToolFigures(8, COUNTS)


def test_a_released_month_shows_its_distribution_and_a_held_one_shows_nothing(
    leader: Leader,
) -> None:
    leader.releases.released_figures[("team-a", "parapheur", "2026-02")] = FEBRUARY
    with leader.login("prevention", auth.Role.READER) as reader:
        shown = reader.get("/tools/answers/team-a?month=2026-02")
        held = reader.get("/tools/answers/team-b?month=2026-02")
        english = reader.get("/tools/answers/team-a?month=2026-02&lang=en")
    assert shown.status_code == 200
    text = html.unescape(shown.text)
    assert f"Nombre de réponses{NBSP}: 8" in text
    assert "<th scope='row'>Alourdit la charge de travail</th><td>4</td>" in text
    assert "<th scope='row'>Ne l'utilise pas</th><td>2</td>" in text
    # The trend: February's mean satisfaction (2×4 + 3 + 5) / 6 = 2,7 and 67 % heavier.
    assert re.search(r"<td[^>]*>8</td><td[^>]*>2,7</td><td[^>]*>67", text)
    assert text.count(TEXT["fr"]["trend_held"]) == 11  # the 11 months before: not released
    assert "sha256-" in shown.headers["Content-Security-Policy"]  # the reports' stylesheet
    assert TEXT["fr"]["answers_held"] in html.unescape(held.text)
    assert not re.search(r"<td[^>]*>4</td>", held.text)
    assert "Makes the workload heavier" in english.text
    assert re.search(r"<td[^>]*>2\.7</td>", english.text)


def test_the_csv_holds_released_figures_only(leader: Leader) -> None:
    leader.releases.released_figures[("dept", "parapheur", "2026-02")] = FEBRUARY
    with leader.login("prevention", auth.Role.READER) as reader:
        french = reader.get("/tools/answers/dept.csv?month=2026-02")
        english = reader.get("/tools/answers/dept.csv?month=2026-02&lang=en")
        held = reader.get("/tools/answers/team-a.csv?month=2026-02")
    rows = french.content.decode("utf-8-sig").splitlines()
    assert rows[0] == "groupe;mois;outil;réponse;nombre"
    assert rows[1:3] == [
        "dept;2026-02;parapheur;réponses;8",
        "dept;2026-02;parapheur;satisfaction_1;0",
    ]
    assert len(rows) == 1 + 1 + len(COUNTS)
    assert english.content.decode("utf-8-sig").splitlines()[0] == "group,month,tool,answer,count"
    assert held.content.decode("utf-8-sig").splitlines() == ["groupe;mois;outil;réponse;nombre"]


def test_the_pdf_says_the_figures(leader: Leader, tmp_path: Path) -> None:
    leader.releases.released_figures[("dept", "parapheur", "2026-02")] = FEBRUARY
    with leader.login("prevention", auth.Role.READER) as reader:
        answer = reader.get("/tools/answers/dept.pdf?month=2026-02")
    assert answer.headers["content-type"] == "application/pdf"
    path = tmp_path / "answers.pdf"
    path.write_bytes(answer.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Parapheur électronique" in text and "février 2026" in text
    assert "Alourdit la charge de travail" in text and "2,7" in text


def test_unknown_groups_and_bad_months_are_not_found_and_readers_only(leader: Leader) -> None:
    with leader.login("prevention", auth.Role.READER) as reader:
        for path in (
            "/tools/answers/nowhere",
            "/tools/answers/team-a?month=2026-13",
            "/tools/answers/team-a.exe",
            "/tools/answers/far-team",  # a department without tools
        ):
            assert reader.get(path).status_code == 404, path
        index = reader.get("/tools")
        home = reader.get("/")
    assert "/tools/answers/dept?month=" in index.text
    assert 'href="/tools?lang=fr"' in home.text
    anonymous = leader.client.get("/tools/answers/team-a", follow_redirects=False)
    assert anonymous.status_code in (302, 303, 401)
