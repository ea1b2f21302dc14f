"""The person's own report shows their tool answers and proposals, in their words."""

from __future__ import annotations

import dataclasses

from agent.commands import tool_report_data
from agent.core.tool_answers import NOT_USED, Rating, ToolAnswer, Workload
from agent.report import render_report
from agent.store import Store
from agent.tools.storage import queue_proposal, save_answer
from agent.tools.wording import ENGLISH, FRENCH
from contract.policy.model import Policy, Tool
from tests.report.htmltree import parse, words
from tests.report.sample import realistic_month

POLICY = Policy(tools=(Tool("visio", "Visioconférence"), Tool("parapheur", "Parapheur")))


def report(store: Store, language: str = "fr") -> str:
    data = dataclasses.replace(realistic_month(), **tool_report_data(store, POLICY))
    return render_report(data, language)  # type: ignore[arg-type]


def test_the_answers_of_each_month_are_in_the_report() -> None:
    store = Store.in_memory()
    save_answer(store, ToolAnswer("2026-11", "visio", Rating(2, Workload.HEAVIER)))
    save_answer(store, ToolAnswer("2026-12", "visio", NOT_USED))
    save_answer(store, ToolAnswer("2026-12", "parapheur", Rating(5, Workload.LIGHTER)))
    queue_proposal(store, "2026-12", "parapheur", "Signer par lot")
    page = parse(report(store))
    rows = [
        [words(cell) for cell in row] for row in page.iter("tr") if row.get("data-tool") is not None
    ]
    assert rows == [
        ["2026-11", "Visioconférence", FRENCH.levels[1], FRENCH.heavier],
        ["2026-12", "Parapheur", FRENCH.levels[4], FRENCH.lighter],
        ["2026-12", "Visioconférence", FRENCH.not_used, "—"],
    ]
    assert "Signer par lot" in words(page)
    assert FRENCH.report_title in words(page)


def test_english_and_no_section_without_answers() -> None:
    store = Store.in_memory()
    assert FRENCH.report_title not in report(store)
    save_answer(store, ToolAnswer("2026-12", "visio", Rating(4, Workload.SAME)))
    page = report(store, "en")
    assert ENGLISH.report_title in page
    assert ENGLISH.levels[3] in page
