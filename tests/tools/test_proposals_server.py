"""Proposals over real HTTP on loopback: hostile input, floods, no link kept, the recueil."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from agent.core.tool_answers import ToolChange
from agent.participation import Mode
from agent.store import Store
from agent.tools.proposals import fetch_changes, send_pending_proposals
from agent.tools.storage import pending_proposals, queue_proposal, sent_proposals
from aggregator import auth
from aggregator.accounts import create_account, create_api_token
from aggregator.proposals_api import MAX_PROPOSALS_PER_MONTH
from aggregator.storage import Storage
from aggregator.storage import tools as stored
from aggregator.tools_text import TEXT
from tests.tools.conftest import Leader


def body(**changes: Any) -> dict[str, Any]:
    return {
        "department": "dept",
        "tool": "parapheur",
        "month": "2026-03",
        "text": "Signer par lot",
        **changes,
    }


def everything(storage: Storage) -> dict[str, list[tuple[Any, ...]]]:
    with storage.read() as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("tool_proposals", "proposal_counts")
        }


def test_a_proposal_is_kept_with_no_device_team_or_time(leader: Leader) -> None:
    token = leader.device("team-b")
    assert leader.propose(token, body()).status_code == 201
    with leader.storage.read() as db:
        columns = [row[1] for row in db.execute("PRAGMA table_info(tool_proposals)").fetchall()]
        (row,) = db.execute("SELECT * FROM tool_proposals").fetchall()
        (device_hash,) = db.execute("SELECT identity FROM devices").fetchone()
        rowid = db.execute("SELECT sql FROM sqlite_master WHERE name = 'tool_proposals'").fetchone()
    assert columns == ["id", "department", "tool", "month", "text", "answer"]
    assert "WITHOUT ROWID" in rowid[0]  # not even the order of arrival is kept
    assert row[1:] == ("dept", "parapheur", "2026-03", "Signer par lot", None)
    text = repr(row)
    for trace in (token, device_hash, "team-b", "2026-03-10", "12:00"):
        assert trace not in text
    assert everything(leader.storage)["proposal_counts"] == [(device_hash, "2026-03", 1)]


@pytest.mark.parametrize(
    ("changes", "where"),
    [
        ({"text": ""}, "text"),
        ({"text": " \n\t "}, "text"),
        ({"text": "x" * 1001}, "text"),
        ({"tool": "Parapheur"}, "tool"),
        ({"tool": "gmao"}, "tool"),
        ({"month": "2026-13"}, "month"),
        ({"month": "2025-01"}, "month"),
        ({"text": 12}, "text"),
        ({"team": "team-a"}, "team"),
        ({"department": "../../etc"}, "department"),
    ],
)
def test_hostile_bodies_are_refused_and_nothing_is_kept(
    leader: Leader, changes: dict[str, Any], where: str
) -> None:
    token = leader.device()
    before = everything(leader.storage)
    answer = leader.propose(token, body(**changes))
    assert answer.status_code == 422
    assert where in str(answer.json()["detail"])
    assert "x" * 100 not in answer.text  # the input is never echoed
    assert everything(leader.storage) == before


def test_not_json_another_department_and_no_token_are_refused(leader: Leader) -> None:
    token = leader.device()
    before = everything(leader.storage)
    assert leader.propose(token, b"{not json").status_code == 422
    assert leader.propose(token, b"\xff" * 2000).status_code == 422
    assert leader.propose(token, body(department="other")).status_code == 403
    no_token = leader.client.post("/api/v1/proposals", json=body())
    assert no_token.status_code == 401
    assert everything(leader.storage) == before


def test_a_flood_is_refused_past_the_monthly_count(leader: Leader) -> None:
    token = leader.device()
    for _ in range(MAX_PROPOSALS_PER_MONTH):
        assert leader.propose(token, body()).status_code == 201
    assert leader.propose(token, body()).status_code == 429
    assert leader.propose(leader.device(), body()).status_code == 201  # another device
    assert len(everything(leader.storage)["tool_proposals"]) == MAX_PROPOSALS_PER_MONTH + 1


def reader_token(storage: Storage) -> str:
    create_account(storage, "prevention", auth.Role.READER, date(2026, 1, 1))
    return create_api_token(storage, "prevention", date(2026, 1, 1))


def test_the_recueil_of_a_held_back_department_stays_unpublished(leader: Leader) -> None:
    token = leader.device()
    leader.propose(token, body(month="2026-02", text="Une signature par lot"))
    headers = {"Authorization": f"Bearer {reader_token(leader.storage)}"}
    page = leader.client.get("/tools/recueil/dept/parapheur?month=2026-02", headers=headers)
    assert page.status_code == 200
    assert "Une signature par lot" not in page.text
    assert "ne sont pas publiées" in page.text
    # Once the department's answers about the tool are released, the recueil is.
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    page = leader.client.get("/tools/recueil/dept/parapheur?month=2026-02", headers=headers)
    assert "Une signature par lot" in page.text
    assert TEXT["fr"]["count_one"] in page.text


def test_the_recueil_is_shuffled_and_counted_in_english_too(leader: Leader) -> None:
    for number in range(12):
        leader.propose(leader.device(), body(month="2026-02", text=f"Idée numéro {number:02d}"))
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    headers = {"Authorization": f"Bearer {reader_token(leader.storage)}"}
    page = leader.client.get("/tools/recueil/dept/parapheur?month=2026-02&lang=en", headers=headers)
    shown = re.findall(r"Idée numéro (\d\d)", page.text)
    assert sorted(shown) == [f"{n:02d}" for n in range(12)]
    assert shown != sorted(shown)  # not the order of arrival (1 chance in 12! to fail)
    assert TEXT["en"]["count_many"].format(count=12) in page.text
    assert '<html lang="en">' in page.text


def test_an_answered_proposal_goes_back_to_the_departments_devices_once_released(
    leader: Leader,
) -> None:
    token = leader.device()
    leader.propose(token, body(month="2026-02", text="Une signature par lot"))
    with leader.storage.transaction() as db:
        (proposal,) = stored.proposals(db, "dept", "parapheur", "2026-02")
        stored.answer_proposal(db, proposal.id, "Disponible depuis mars")
    headers = {"Authorization": f"Bearer {token}"}
    assert leader.client.get("/api/v1/proposals/answers", headers=headers).json() == {"answers": []}
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    shown = leader.client.get("/api/v1/proposals/answers", headers=headers).json()["answers"]
    assert shown == [
        {
            "tool": "parapheur",
            "month": "2026-02",
            "text": "Une signature par lot",
            "answer": "Disponible depuis mars",
        }
    ]
    other = leader.device("other-team")
    answers = leader.client.get(
        "/api/v1/proposals/answers", headers={"Authorization": f"Bearer {other}"}
    )
    assert answers.json() == {"answers": []}


def test_the_agent_sends_a_confirmed_proposal_and_reads_what_changed(leader: Leader) -> None:
    store = Store.in_memory()
    store.set_mode(Mode.SHARE)
    leader.enroll_agent(store)
    queue_proposal(store, "2026-02", "parapheur", "Signer par lot")
    assert send_pending_proposals(store) == 1
    assert pending_proposals(store) == []
    assert sent_proposals(store) == [("2026-02", "parapheur", "Signer par lot")]
    with leader.storage.transaction() as db:
        (proposal,) = stored.proposals(db, "dept", "parapheur", "2026-02")
        stored.answer_proposal(db, proposal.id, "Fait")
    assert fetch_changes(store) == []  # not released yet
    leader.releases.months.add(("dept", "parapheur", "2026-02"))
    assert fetch_changes(store) == [ToolChange("parapheur", "Signer par lot", "Fait")]


def test_the_agent_keeps_a_proposal_the_leader_cannot_take_now(leader: Leader) -> None:
    store = Store.in_memory()
    store.set_mode(Mode.SHARE)
    joined = leader.enroll_agent(store)
    with leader.storage.transaction() as db:
        db.execute(
            "INSERT INTO proposal_counts VALUES (?, '2026-03', ?)",
            [auth.hash_secret(joined.token), MAX_PROPOSALS_PER_MONTH],
        )
    queue_proposal(store, "2026-03", "parapheur", "Encore une idée")
    assert send_pending_proposals(store) == 0  # 429: this month's share is used up
    assert [text for *_, text in pending_proposals(store)] == ["Encore une idée"]
    queue_proposal(store, "2026-02", "parapheur", "Une idée de février")
    assert send_pending_proposals(store) == 1  # February's count is its own
    assert [text for *_, text in pending_proposals(store)] == ["Encore une idée"]


def test_nothing_is_sent_outside_share_mode(leader: Leader) -> None:
    store = Store.in_memory()
    store.set_mode(Mode.SHARE)
    leader.enroll_agent(store)
    queue_proposal(store, "2026-03", "parapheur", "Une idée")
    store.set_mode(Mode.REMINDERS)
    assert send_pending_proposals(store) == 0
    assert everything(leader.storage)["tool_proposals"] == []
