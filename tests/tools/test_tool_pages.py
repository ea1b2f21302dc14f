"""The recueil, the deployment register and the impact study pages, over HTTP with logins."""

from __future__ import annotations

import html
import re
import subprocess
from pathlib import Path

import httpx

from aggregator import auth
from aggregator.storage import tools as stored
from aggregator.tool_releases import ToolFigures
from aggregator.tools_text import TEXT
from tests.tools.conftest import Leader
from tests.tools.test_proposals_server import body


def csrf_of(page: httpx.Response) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match, page.text
    return match[1]


def test_a_reader_marks_a_released_proposal_taken_into_account(leader: Leader) -> None:
    token = leader.device()
    leader.propose(token, body(month="2026-02", text="Signer <b>par</b> lot"))
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    with leader.login("prevention", auth.Role.READER) as reader:
        page = reader.get("/tools/recueil/dept/parapheur?month=2026-02")
        assert "Signer &lt;b&gt;par&lt;/b&gt; lot" in page.text  # escaped, never markup
        (identifier,) = re.findall(r'name="proposal" value="([0-9a-f]+)"', page.text)
        forged = reader.post(
            "/tools/answer", data={"proposal": identifier, "answer": "Fait", "csrf": "forged"}
        )
        assert forged.status_code == 403
        blank = reader.post(
            "/tools/answer", data={"proposal": identifier, "answer": "   ", "csrf": csrf_of(page)}
        )
        assert blank.status_code == 422
        marked = reader.post(
            "/tools/answer",
            data={
                "proposal": identifier,
                "answer": "Signature par lot en avril",
                "csrf": csrf_of(page),
            },
        )
        assert marked.status_code == 303
        again = reader.get("/tools/recueil/dept/parapheur?month=2026-02")
    assert "Pris en compte" in again.text and "Signature par lot en avril" in again.text
    answers = leader.client.get(
        "/api/v1/proposals/answers", headers={"Authorization": f"Bearer {token}"}
    ).json()["answers"]
    assert [a["answer"] for a in answers] == ["Signature par lot en avril"]


def test_a_held_back_proposal_cannot_be_marked(leader: Leader) -> None:
    leader.propose(leader.device(), body(month="2026-02"))
    with leader.storage.read() as db:
        (proposal,) = stored.proposals(db, "dept", "parapheur", "2026-02")
    with leader.login("prevention", auth.Role.READER) as reader:
        csrf = csrf_of(reader.get("/"))
        refused = reader.post(
            "/tools/answer", data={"proposal": proposal.id, "answer": "Fait", "csrf": csrf}
        )
    assert refused.status_code == 404
    with leader.storage.read() as db:
        assert stored.proposals(db, "dept", "parapheur", "2026-02")[0].answer is None


def test_an_administrator_registers_a_deployment_and_reads_its_study(
    leader: Leader, tmp_path: Path
) -> None:
    with leader.login("agnes", auth.Role.ADMIN) as admin:
        page = admin.get("/tools/deployments")
        assert "Enregistrer un déploiement" in page.text
        data = {"tool": "parapheur", "group": "dept", "date": "2026-06-15", "csrf": csrf_of(page)}
        refused = admin.post("/tools/deployments", data={**data, "tool": "gmao"})
        assert refused.status_code == 422 and "gmao\u00a0» inconnu dans dept" in refused.text
        made = admin.post("/tools/deployments", data={**data, "note": "nouvelle version"})
        assert made.status_code == 303
        listed = admin.get("/tools/deployments")
        assert "/tools/deployments/1" in listed.text
        # The clock says 2026-03-10: the deployment is ahead, the page is the baseline.
        study = admin.get("/tools/deployments/1")
        assert "situation de référence" in study.text
        assert "Parapheur électronique" in study.text
        pdf = admin.get("/tools/deployments/1.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    (tmp_path / "study.pdf").write_bytes(pdf.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "study.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout
    assert "Parapheur électronique" in text and "15 juin 2026" in text


def test_a_reader_reads_the_register_but_cannot_add_to_it(leader: Leader) -> None:
    with leader.login("prevention", auth.Role.READER) as reader:
        page = reader.get("/tools/deployments")
        assert page.status_code == 200
        assert "Enregistrer un déploiement" not in page.text
        csrf = csrf_of(reader.get("/"))
        refused = reader.post(
            "/tools/deployments",
            data={"tool": "parapheur", "group": "dept", "date": "2026-06-15", "csrf": csrf},
        )
    assert refused.status_code == 403
    with leader.storage.read() as db:
        assert stored.deployments(db) == []
    assert leader.client.get("/tools/deployments").status_code in (303, 307)


def test_the_index_links_each_departments_tools(leader: Leader) -> None:
    with leader.login("prevention", auth.Role.READER) as reader:
        page = reader.get("/tools")
        english = reader.get("/tools?lang=en")
    assert page.status_code == 200
    assert "/tools/recueil/dept/parapheur?month=2026-02&amp;lang=fr" in page.text
    assert "Parapheur électronique" in page.text
    assert TEXT["en"]["register_link"] in english.text


def test_unknown_pages_are_404_in_the_readers_language(leader: Leader) -> None:
    with leader.login("prevention", auth.Role.READER) as reader:
        for path in (
            "/tools/recueil/dept/gmao",
            "/tools/recueil/nope/parapheur",
            "/tools/recueil/dept/parapheur?month=2026-13",
            "/tools/deployments/99",
            "/tools/deployments/99.pdf",
        ):
            answer = reader.get(path + ("&" if "?" in path else "?") + "lang=en")
            assert answer.status_code == 404, path
            assert TEXT["en"]["not_found"] in answer.text


def test_french_page_words_keep_french_typography() -> None:
    for key, text in TEXT["fr"].items():
        for mark in ":;?!%»":
            assert f" {mark}" not in text, key
        assert "« " not in text, key


def test_the_recueil_shows_the_released_distribution_with_its_count(leader: Leader) -> None:
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    leader.releases.released_figures[("dept", "parapheur", "2026-02")] = ToolFigures(
        14,
        {
            "satisfaction_2": 9,
            "satisfaction_4": 3,
            "workload_heavier": 9,
            "workload_same": 3,
            "not_used": 2,
        },
    )
    with leader.login("prevention", auth.Role.READER) as reader:
        page = reader.get("/tools/recueil/dept/parapheur?month=2026-02").text
    rows = dict(re.findall(r"<th scope='row'>([^<]+)</th><td>(\d+)</td>", page))
    assert rows[html.escape(TEXT["fr"]["dist_satisfaction"].format(level=2))] == "9"
    assert rows[html.escape(TEXT["fr"]["dist_heavier"])] == "9"
    assert rows[html.escape(TEXT["fr"]["dist_not_used"])] == "2"
    assert rows[html.escape(TEXT["fr"]["dist_satisfaction"].format(level=5))] == "0"
    assert "14" in page
