"""The report pages over real HTTP on loopback: who may see them, what they show, downloads."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from html import unescape

import httpx
import pytest

from aggregator import auth
from contract.policy.model import Policy
from tests.aggregator.reports.fleet import Served, served_fleet


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    from contract.policy.loader import load_policy_folder
    from tests.aggregator.conftest import write_policies

    policies: dict[str, Policy] = load_policy_folder(
        write_policies(tmp_path_factory.mktemp("policies"))
    )
    with served_fleet(policies) as fleet:
        yield fleet


@pytest.fixture(scope="module")
def reader(served: Served) -> Iterator[httpx.Client]:
    auth.create_account(served.storage, "prevention", auth.Role.READER, date(2026, 1, 1))
    token = auth.create_api_token(served.storage, "prevention", date(2026, 1, 1))
    with httpx.Client(
        base_url=served.url, timeout=30, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


def test_anonymous_and_devices_get_no_report(served: Served) -> None:
    with httpx.Client(base_url=served.url, timeout=10) as anonymous:
        for path in ("/", "/groups/dept", "/groups/dept.csv?month=2026-02", "/groups/dept/compare"):
            response = anonymous.get(path)
            assert (response.status_code, response.headers["location"]) == (303, "/login"), path
        wrong = anonymous.get("/groups/dept", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
    (code,) = auth.new_enrollment_codes(served.storage, "team-a", 1, date(2026, 1, 1))
    enrolled = auth.enroll(served.storage, code, date(2026, 1, 1))
    assert enrolled is not None
    with httpx.Client(
        base_url=served.url, timeout=10, headers={"Authorization": f"Bearer {enrolled[0]}"}
    ) as device_client:
        assert device_client.get("/groups/dept.csv?month=2026-02").status_code == 403
        assert device_client.get("/").status_code == 403


def test_the_home_page_lists_departments_teams_and_the_latest_released_month(
    reader: httpx.Client,
) -> None:
    page = reader.get("/")
    assert page.status_code == 200
    text = page.text
    assert "Département d&#39;essai" in text and "Équipe A" in text and "Antenne lointaine" in text
    assert "Dernier mois publié\u00a0: février 2026" in text
    assert "/groups/dept?month=2026-02&amp;lang=fr" in text
    team_c = re.search(r'<li data-group="team-c">.*?</li>', text, re.S)
    assert team_c and "pas assez de participants" in team_c[0]
    # No count of its own: the only number is the threshold, the same for every group.
    assert "moins de 5 postes" in team_c[0]
    assert not re.search(r"\d", re.sub(r"<[^>]+>|moins de 5", "", unescape(team_c[0])))
    english = reader.get("/", params={"lang": "en"}).text
    assert "Latest released month: February 2026" in english


def test_the_department_page(reader: httpx.Client) -> None:
    response = reader.get("/groups/dept", params={"month": "2026-02"})
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "style-src 'sha256-" in policy
    page = response.text
    assert "<script" not in page and "http://" not in page and "https://" not in page
    assert "Département d&#39;essai — février 2026" in page
    assert '<dd id="devices">15</dd>' in page
    assert page.count('<svg class="chart"') == 3
    assert "pas assez de participants" in page
    assert 'href="/groups/dept.csv?month=2026-02&amp;lang=fr"' in page
    assert 'href="/groups/dept?month=2026-02&amp;lang=en"' in page  # the language switch
    # Without a month: the latest released one.
    assert "février 2026" in reader.get("/groups/dept").text


def test_a_month_where_every_team_is_held_back(reader: httpx.Client) -> None:
    page = reader.get("/groups/dept", params={"month": "2025-12"}).text
    assert '<dd id="devices">8</dd>' in page
    rows = re.findall(r'<tr data-team="[^"]+">.*?</tr>', page, re.S)
    assert len(rows) == 3 and all("pas assez de participants" in row for row in rows)
    assert all('<td class="num">' not in row for row in rows)


def test_english_on_request(reader: httpx.Client) -> None:
    page = reader.get("/groups/team-b", params={"month": "2026-02", "lang": "en"}).text
    assert '<html lang="en">' in page
    assert "not enough participants" in page and "pas assez" not in page
    assert "Team of the department" in page and "February 2026" in page


def test_csv_and_pdf_downloads(reader: httpx.Client) -> None:
    response = reader.get("/groups/dept.csv", params={"month": "2026-02"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert (
        response.headers["content-disposition"]
        == 'attachment; filename="repit-dept-2026-02-fr.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0] == "section"
    assert rows[1][:5] == ["indicateurs", "dept", "Département d'essai", "2026-02", "devices"]
    pdf = reader.get("/groups/dept.pdf", params={"month": "2026-02", "lang": "en"})
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF-")


def test_before_and_after(reader: httpx.Client) -> None:
    response = reader.get("/groups/dept/compare", params={"around": "2026-01", "months": "2"})
    assert response.status_code == 200
    page = response.text
    assert "Avant / après janvier 2026" in page
    assert "Avant (novembre 2025 – décembre 2025)" in page
    assert "Après (janvier 2026 – février 2026)" in page
    assert "8 à 15 postes" in page  # December had only teams B and C
    assert "15 postes" in page
    assert "2 sur 2" in page
    far = reader.get("/groups/dept/compare", params={"around": "2027-06", "months": "3"}).text
    assert far.count("pas assez de participants") >= 2


def test_errors_are_pages_not_tracebacks(reader: httpx.Client) -> None:
    assert reader.get("/groups/nobody").status_code == 404
    assert reader.get("/groups/dept.xls").status_code == 404
    assert reader.get("/groups/dept", params={"month": "2026-13"}).status_code == 422
    assert reader.get("/groups/dept/compare", params={"months": "99"}).status_code == 422
    assert reader.get("/groups/dept/compare", params={"around": "june"}).status_code == 422


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/groups/dept", {"month": "2026-13"}),
        ("/groups/dept", {"month": "0999-01"}),
        ("/groups/dept/compare", {"months": "99"}),
        ("/groups/dept/compare", {"around": "june"}),
    ],
)
def test_a_bad_request_is_explained_in_the_page_language(
    reader: httpx.Client, path: str, params: dict[str, str]
) -> None:
    french = reader.get(path, params=params)
    assert french.status_code == 422
    assert "Requête invalide\u00a0:" in french.text
    assert "expected" not in french.text and "found" not in french.text
    english = reader.get(path, params={**params, "lang": "en"})
    assert english.status_code == 422
    assert "Invalid request:" in english.text and "expected" in english.text
