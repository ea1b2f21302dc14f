"""Tool answers become the tools contribution of TOOLS.md, month by month."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from agent.core.tool_answers import (
    NOT_USED,
    Answer,
    Rating,
    ToolAnswer,
    Workload,
    month_of,
)
from agent.tools.contribution import answer_values, completed_month_values
from contract.prio3.repit import ContributionCircuit, tools_layout

TOOL_IDS = st.lists(
    st.from_regex(r"[a-z0-9-]{2,8}", fullmatch=True), unique=True, min_size=1, max_size=4
)
ANSWERS: st.SearchStrategy[Answer] = st.one_of(
    st.just(NOT_USED),
    st.builds(Rating, st.integers(1, 5), st.sampled_from(list(Workload))),
)


@given(st.data(), TOOL_IDS)
def test_values_follow_the_layout_and_its_one_hot_rules(
    data: st.DataObject, ids: list[str]
) -> None:
    rated = data.draw(st.dictionaries(st.sampled_from(ids), ANSWERS))
    values = answer_values(ids, rated)
    layout = tools_layout(ids)
    assert list(values) == [field.name for field in layout.fields]
    for rule in layout.rules:
        total = sum(values[name] for name in rule.members)
        if rule.when is None:
            assert total <= 1
        else:
            assert total == sum(values[name] for name in rule.when)
    # The circuit encodes it: every value within its bounds.
    ContributionCircuit(layout).encode(values)
    for tool in ids:
        own = {name: v for name, v in values.items() if name.startswith(f"{tool}.")}
        expected = {None: 0, NOT_USED: 1}.get(rated.get(tool), 2)  # type: ignore[arg-type]
        assert sum(own.values()) == expected


def test_a_rating_sets_its_level_and_workload() -> None:
    values = answer_values(["visio"], {"visio": Rating(2, Workload.HEAVIER)})
    assert {name for name, v in values.items() if v} == {
        "visio.satisfaction_2",
        "visio.workload_heavier",
    }


@given(
    st.lists(
        st.builds(
            ToolAnswer,
            st.sampled_from(["2026-10", "2026-11", "2026-12"]),
            st.sampled_from(["visio", "gone"]),
            ANSWERS,
        )
    )
)
def test_only_completed_months_with_a_listed_tool_give_a_contribution(
    given_answers: list[ToolAnswer],
) -> None:
    months = completed_month_values(given_answers, ["visio"], date(2026, 12, 2))
    expected = {a.month for a in given_answers if a.tool == "visio" and a.month < "2026-12"}
    assert set(months) == expected
    assert all(
        set(values) == {f.name for f in tools_layout(["visio"]).fields}
        for values in months.values()
    )


def test_month_of_pads() -> None:
    assert month_of(date(2026, 3, 31)) == "2026-03"


def test_the_store_gives_the_completed_months_to_send_and_purges_old_answers() -> None:
    from agent.store import Store
    from agent.tools.outgoing import tools_contributions
    from agent.tools.storage import answers, queue_proposal, save_answer, sent_proposals
    from contract.policy.model import Policy, Tool

    store = Store.in_memory()
    policy = Policy(tools=(Tool("visio", "Visio"), Tool("gmao", "GMAO")))
    save_answer(store, ToolAnswer("2026-11", "visio", Rating(2, Workload.HEAVIER)))
    save_answer(store, ToolAnswer("2026-12", "gmao", NOT_USED))  # this month: not yet
    sent = tools_contributions(store, policy, date(2026, 12, 2))
    assert list(sent) == ["2026-11"]
    assert {name for name, v in sent["2026-11"].items() if v} == {
        "visio.satisfaction_2",
        "visio.workload_heavier",
    }
    assert list(sent["2026-11"]) == [f.name for f in tools_layout(["visio", "gmao"]).fields]
    queue_proposal(store, "2026-11", "visio", "Une idée")
    store.purge(0, date(2028, 2, 15))  # 400 days of figures, and of answers
    assert answers(store) == []
    assert sent_proposals(store) == []
