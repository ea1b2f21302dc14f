"""Every format from the one content function: held-back groups, suppression, same figures.

The data go through ``aggregator.ingest.submit`` (the real ingest path) while
February is still open, then the reports are read once it is released.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from aggregator.reports import build_report, render_csv, render_html, render_pdf
from aggregator.reports.content import Report
from aggregator.reports.indicators import INDICATORS, TEAM_COLUMNS
from aggregator.reports.text import Language
from aggregator.storage import Storage
from contract.policy.model import Policy
from tests.aggregator.reports.conftest import MONTH, READ_AT, feed

HELD = {"fr": "pas assez de participants", "en": "not enough participants"}
WHY = {
    "fr": "moins de 5\u00a0postes participants, ou masqué pour qu'on ne puisse pas déduire une "
    "équipe voisine",
    "en": "fewer than 5 participating devices, or hidden so that a neighbouring team cannot "
    "be deduced",
}
"""Finding 5: every held-back group says why, in the same words."""
EXPLAINED = {lang: f"{HELD[lang]} — {WHY[lang]}" for lang in HELD}
DELIMITER = {"fr": ";", "en": ","}


def pdf_text(document: bytes, tmp_path: Path) -> str:
    """``pdftotext`` of the PDF, whitespace (non-breaking too) collapsed to single spaces."""
    path = tmp_path / "report.pdf"
    path.write_bytes(document)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return squash(text)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def csv_rows(report: Report, lang: Language) -> list[list[str]]:
    text = render_csv(report, lang)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=DELIMITER[lang]))


def team_row_text(page: str, team: str) -> str:
    match = re.search(rf'<tr data-team="{team}">(.*?)</tr>', page, re.S)
    assert match, f"no row for {team}"
    return squash(unescape(re.sub(r"<[^>]+>", " ", match[1]))).strip()


def held_everywhere(report: Report, team: str, name: str, tmp_path: Path) -> None:
    """In HTML, CSV and PDF, ``team`` shows its name and "pas assez de participants", no more."""
    page = render_html(report, "fr")
    assert team_row_text(page, team) == squash(f"{name} {EXPLAINED['fr']}")
    rows = [row for row in csv_rows(report, "fr")[1:] if row[1] == team]
    assert rows == [["équipes", team, name, MONTH, "", "", EXPLAINED["fr"], "", "", ""]]
    # In the PDF, each held-back row reads the label and nothing else (the name may wrap).
    text = pdf_text(render_pdf(report, "fr"), tmp_path)
    assert name in text
    lines = subprocess_lines(render_pdf(report, "fr"), tmp_path)
    held_lines = [line for line in lines if HELD["fr"] in line and "Équipe" in line]
    held_rows = sum(not team.released for team in report.teams)
    assert len(held_lines) == held_rows
    for line in held_lines:
        rest = squash(line).replace(HELD["fr"], "").replace("Équipe", "")
        rest = rest.replace("moins de 5 postes", "")  # the threshold, the same for every group
        assert not re.search(r"[0-9%]", rest), line


def subprocess_lines(document: bytes, tmp_path: Path) -> list[str]:
    path = tmp_path / "lines.pdf"
    path.write_bytes(document)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    return out.splitlines()


def test_a_small_team_is_absent_from_every_format(
    storage: Storage, policies: dict[str, Policy], tmp_path: Path
) -> None:
    # Two small teams of 3: each held back (rule 1); together 6 >= 5, so team A stays shown.
    feed(storage, policies, {"team-a": 7, "team-b": 3, "team-c": 3})
    report = build_report(storage, policies, "dept", MONTH, READ_AT)
    assert report.main.released and report.main.devices == 13
    assert [team.released for team in report.teams] == [True, False, False]
    held_everywhere(report, "team-b", "Équipe B", tmp_path)
    held_everywhere(report, "team-c", "Équipe C", tmp_path)

    # The team's own report: the label and nothing else, in every format.
    own = build_report(storage, policies, "team-c", MONTH, READ_AT)
    assert not own.main.released and own.main.figures == {} and own.main.devices is None
    assert own.trends == () and own.teams == ()
    page = render_html(own, "fr")
    assert HELD["fr"] in page
    body = page.split("</style>", 1)[1]
    assert "data-indicator" not in body and "<svg" not in body and "%" not in body
    assert csv_rows(own, "fr")[1:] == [
        ["indicateurs", "team-c", "Équipe C", MONTH, "", "", EXPLAINED["fr"], "", "", ""]
    ]
    assert squash(WHY["fr"]) in squash(unescape(page))
    text = pdf_text(render_pdf(own, "fr"), tmp_path)
    assert "Équipe C" in text and HELD["fr"] in text
    assert "%" not in text
    english = render_html(own, "en")
    assert HELD["en"] in english and HELD["fr"] not in english


def test_complementary_suppression_holds_back_the_next_smallest_team_in_every_format(
    storage: Storage, policies: dict[str, Policy], tmp_path: Path
) -> None:
    # Team C (2) is held back; alone it would be the department total minus A and B,
    # so the next smallest, team B (6), is held back too; team A (7) is shown.
    feed(storage, policies, {"team-a": 7, "team-b": 6, "team-c": 2})
    report = build_report(storage, policies, "dept", MONTH, READ_AT)
    assert report.main.released and report.main.devices == 15
    assert {team.id: team.released for team in report.teams} == {
        "team-a": True,
        "team-b": False,
        "team-c": False,
    }
    held_everywhere(report, "team-b", "Équipe B", tmp_path)
    held_everywhere(report, "team-c", "Équipe C", tmp_path)
    page = render_html(report, "fr")
    assert "7" in team_row_text(page, "team-a")
    own = build_report(storage, policies, "team-b", MONTH, READ_AT)
    assert not own.main.released


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_csv_has_the_figures_of_the_page(
    storage: Storage, policies: dict[str, Policy], lang: Language
) -> None:
    feed(storage, policies, {"team-a": 7, "team-b": 3, "team-c": 3})
    report = build_report(storage, policies, "dept", MONTH, READ_AT)
    page = unescape(render_html(report, lang))
    rows = csv_rows(report, lang)
    header, body = rows[0], rows[1:]
    assert len(header) == 10 and all(len(row) == 10 for row in body)

    department = {row[4]: row for row in body if row[0] in ("indicateurs", "indicators")}
    assert department["devices"][6] == "13"
    assert re.search(r'<dd id="devices">13</dd>', page)
    for indicator in INDICATORS:
        row = department[indicator.key]
        cell = re.search(
            rf'<tr data-indicator="{indicator.key}"><th scope="row">([^<]+)</th>'
            r'<td class="value"[^>]*>([^<]+)</td>(?:<td class="num [^"]*"[^>]*>[^<]*</td>)*'
            r"<td[^>]*>([^<]+)</td>",
            page,
        )
        assert cell, indicator.key
        assert (cell[1], cell[2]) == (row[5], row[6])
        # "28 sur 60 jours actifs", "25 548 min sur 52 jours actifs": the page
        # groups thousands, the CSV's machine-readable columns do not.
        ungrouped = re.sub(r"(?<=\d)[\u00a0,](?=\d{3})", "", cell[3])
        assert row[8] in ungrouped and row[9] in ungrouped

    team_a = [row for row in body if row[1] == "team-a"]
    escaped = render_html(report, lang)
    shown_cells = re.findall(
        r'<td class="num"[^>]*>([^<]+)</td>', escaped.split('data-team="team-a"')[1]
    )
    assert [row[6] for row in team_a] == [unescape(c) for c in shown_cells[: 1 + len(TEAM_COLUMNS)]]

    trend = [row for row in body if row[0] in ("évolution", "trend")]
    assert len(trend) == 3 * 12
    released = [row for row in trend if row[3] == MONTH]
    assert len(released) == 3
    assert all(row[6] == department[row[4]][6] for row in released)
    assert sum(row[6] == HELD[lang] for row in trend) == 3 * 11


def test_the_pdf_has_the_group_the_month_and_the_figures_of_the_page(
    storage: Storage, policies: dict[str, Policy], tmp_path: Path
) -> None:
    feed(storage, policies, {"team-a": 7, "team-b": 6, "team-c": 2})
    report = build_report(storage, policies, "dept", MONTH, READ_AT)
    document = render_pdf(report, "fr")
    assert document.startswith(b"%PDF-")
    text = pdf_text(document, tmp_path)
    assert "Département d'essai" in text
    assert "février 2026" in text
    assert "screen" not in text  # French throughout
    rows = csv_rows(report, "fr")[1:]
    for row in rows:
        if row[0] == "indicateurs":
            assert squash(row[6]) in text, row
    team_a = [squash(row[6]) for row in rows if row[1] == "team-a"]
    assert " ".join(team_a) in text  # the team's row, in the order of the page
    assert "Méthode" in text and "pas le temps de travail" in text
    assert "au moins 5 postes" in text
    assert "Suppression complémentaire" in text
    english = pdf_text(render_pdf(report, "en"), tmp_path)
    assert "February 2026" in english and "not working time" in english
