"""The dashboard's files over real HTTP: CSV per language, the PDF, the before / after.

Findings 4, 6 and 7 of issue 14: a French CSV opens in a French spreadsheet
(``;``, decimal comma, UTF-8 with BOM), an English one with ``,`` and a
decimal point; the PDF is tagged (PDF/UA-1), in one language, with the
organisation's name and a legend of every abbreviation; the before / after
defaults to published months, warns when its sides are uneven, and exports.
"""

from __future__ import annotations

import csv
import io
import re
import subprocess
import zlib
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.web.dashboard import LATEST, ORGANISATION, PASSWORD_OWNER, Dashboard

PDF_DEADLINE_S = 180.0
"""WeasyPrint takes seconds on a busy machine; twice as slow must still pass."""


@pytest.fixture(scope="module")
def reader(dashboard: Dashboard) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=dashboard.url, timeout=PDF_DEADLINE_S) as client:
        form = client.get("/login")
        csrf = re.search(r'name="csrf" value="([^"]+)"', form.text)
        assert csrf
        logged = client.post(
            "/login", data={"csrf": csrf[1], "name": PASSWORD_OWNER, "password": dashboard.password}
        )
        assert logged.status_code in (200, 303)
        yield client


def parsed(response: httpx.Response, delimiter: str) -> list[list[str]]:
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def test_the_french_csv_is_for_french_spreadsheets(reader: httpx.Client) -> None:
    response = reader.get("/groups/dept.csv", params={"month": LATEST})
    rows = parsed(response, ";")
    assert rows[0][:3] == ["section", "groupe_id", "groupe"]
    assert all(len(row) == 10 for row in rows)
    values = {row[4]: row[7] for row in rows if row[0] == "indicateurs"}
    assert values["over_7h"] == "80" and values["breaks"] == "2,5"
    assert values["screen_time"] == "500"  # minutes: whole numbers
    decimals = [row[7] for row in rows[1:] if row[7]]
    assert all("." not in value for value in decimals)
    assert any("," in value for value in decimals)


def test_the_english_csv_is_for_english_spreadsheets(reader: httpx.Client) -> None:
    response = reader.get("/groups/dept.csv", params={"month": LATEST, "lang": "en"})
    rows = parsed(response, ",")
    assert rows[0][:3] == ["section", "group_id", "group"]
    assert all(len(row) == 10 for row in rows)
    values = {row[4]: row[7] for row in rows if row[0] == "indicators"}
    assert values["breaks"] == "2.5"
    assert all("," not in row[7] for row in rows[1:])


def pdf_text(document: bytes, folder: Path) -> str:
    path = folder / "report.pdf"
    path.write_bytes(document)
    out = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True, text=True)
    return re.sub(r"\s+", " ", out.stdout.replace("\u00a0", " "))


def pdf_info(document: bytes, folder: Path) -> str:
    path = folder / "info.pdf"
    path.write_bytes(document)
    return subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout


def pdf_language(document: bytes) -> str | None:
    """The catalogue's ``/Lang``, looked for in the file and in its compressed object streams."""
    chunks = [document]
    for stream in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", document, re.S):
        try:
            chunks.append(zlib.decompress(stream[1]))
        except zlib.error:
            continue
    for chunk in chunks:
        found = re.search(rb"/Lang\s*\(([^)]*)\)", chunk)
        if found:
            return found[1].decode()
    return None


def test_the_pdf_names_the_organisation_explains_its_abbreviations_and_speaks_one_language(
    reader: httpx.Client, tmp_path: Path
) -> None:
    french = reader.get("/groups/dept.pdf", params={"month": LATEST}).content
    assert french.startswith(b"%PDF-")
    assert "Tagged: yes" in re.sub(r"\s+", " ", pdf_info(french, tmp_path))
    assert pdf_language(french) == "fr"
    text = pdf_text(french, tmp_path)
    assert ORGANISATION.replace("\u00a0", " ") in text
    assert "Répit aide le service Prévention" in text  # the tool's purpose
    assert "Abréviations et unités" in text
    for legend in ("points de pourcentage", "formation spécialisée en santé", "minutes"):
        assert legend in text, legend
    assert "pas encore publié" in text and "pas assez de participants" in text
    for english in ("not enough", "Generated", "team statistics", "Abbreviations"):
        assert english not in text, english

    english_pdf = reader.get("/groups/dept.pdf", params={"month": LATEST, "lang": "en"}).content
    assert pdf_language(english_pdf) == "en"
    text = pdf_text(english_pdf, tmp_path)
    assert ORGANISATION in text and "Abbreviations and units" in text
    assert "percentage points" in text
    for french_word in ("pas assez", "Établi", "statistiques d'équipe", "Abréviations"):
        assert french_word not in text, french_word


def test_before_after_defaults_to_published_months_and_warns_when_sides_are_uneven(
    reader: httpx.Client, tmp_path: Path
) -> None:
    page = reader.get("/groups/dept/compare").text
    # The "after" side ends with the latest released month (January), never February.
    assert "Après (novembre 2025 – janvier 2026)" in page
    assert "février 2026" not in page.split("<main>")[1]
    warnings = re.findall(r'<p class="warning"[^>]*>([^<]+)</p>', page)
    assert len(warnings) == 1 and "(1 avant, 3 après)" in warnings[0]
    assert 'id="download-csv"' in page and 'id="download-pdf"' in page

    rows = parsed(reader.get("/groups/dept/compare.csv"), ";")
    assert rows[0][0] == "côté"
    sides = {row[0] for row in rows[1:]}
    assert {"avant", "après", "Écart", "comparaison"} <= sides
    assert any(row[2] == "warning" and "1 avant, 3 après" in row[3] for row in rows)
    english = parsed(reader.get("/groups/dept/compare.csv", params={"lang": "en"}), ",")
    assert {row[0] for row in english[1:]} >= {"before", "after", "Change"}

    document = reader.get("/groups/dept/compare.pdf", params={"lang": "en"}).content
    text = pdf_text(document, tmp_path)
    assert "Before / after November 2025" in text and "Warning" in text
    assert ORGANISATION in text and "Abbreviations and units" in text


def test_the_guide_is_served_to_anyone_in_both_languages(dashboard: Dashboard) -> None:
    with httpx.Client(base_url=dashboard.url) as anyone:
        french = anyone.get("/guide")
        assert french.status_code == 200
        assert "<h1>Guide du service Prévention" in french.text
        assert "<table" in french.text and "data-label=" in french.text
        english = anyone.get("/guide", params={"lang": "en"})
        assert '<html lang="en">' in english.text and "Guide du service" not in english.text
        # The login page links to it, and the reports stay behind the login.
        assert 'href="/guide?lang=fr"' in anyone.get("/login").text
        assert anyone.get("/groups/dept").status_code in (303, 307, 401)
