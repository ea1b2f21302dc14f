"""A completed month of tool answers leaves as one split report of kind ``tools`` (TOOLS.md).

Through the same outbox and upload as days and weeks: built once, sent to the
leader only, its values readable by neither server alone, and exactly the
answers once the two servers' shares are added.
"""

from __future__ import annotations

from datetime import UTC, datetime

from agent.commands import set_participation
from agent.core.tool_answers import NOT_USED, Rating, ToolAnswer, Workload
from agent.participation import Mode
from agent.store import Store
from agent.tools.storage import save_answer
from agent.upload import fill_outbox, pending, pending_with_values, send_due
from contract.policy.model import Policy, Tool
from contract.prio3.repit import tools_layout
from contract.split.report import Report
from tests.agent.split_servers import TEAM, TwoServers, enrolled

TOOL_IDS = ["parapheur", "visio"]
POLICY = Policy(tools=tuple(Tool(tool, tool.title()) for tool in TOOL_IDS))
APRIL = int(datetime(2026, 4, 10, 10, tzinfo=UTC).timestamp())  # enrolled on 2026-03-02


def answering_store(servers: TwoServers, store: Store | None = None) -> Store:
    store = enrolled(servers, store)
    set_participation(store, Mode.SHARE, APRIL)
    return store


def answered(store: Store, month: str, **given: Rating | str) -> None:
    for tool, answer in given.items():
        save_answer(store, ToolAnswer(month, tool, answer))


def test_one_tools_report_per_completed_month_answered_since_enrollment() -> None:
    store = answering_store(TwoServers())
    answered(store, "2026-02", visio=NOT_USED)  # before enrollment: stays here
    answered(store, "2026-03", parapheur=Rating(2, Workload.HEAVIER))
    answered(store, "2026-04", visio=Rating(5, Workload.LIGHTER))  # this month: not yet
    assert fill_outbox(store, APRIL, policy=POLICY) == 1
    assert fill_outbox(store, APRIL, policy=POLICY) == 0  # queued once, retried as itself
    [body] = pending(store)
    assert (body["kind"], body["period"], body["schema"]) == ("tools", "2026-03", 2)
    text = str(body)
    assert "parapheur" not in text and TEAM[0] not in text  # nothing but shares


def test_no_policy_or_no_tools_means_no_tools_report() -> None:
    store = answering_store(TwoServers())
    answered(store, "2026-03", visio=NOT_USED)
    assert fill_outbox(store, APRIL) == 0
    assert fill_outbox(store, APRIL, policy=Policy()) == 0
    assert pending(store) == []


def test_the_two_servers_shares_add_up_to_exact_distributions() -> None:
    # Three devices: the sums are the counts per slot, tool by tool.
    servers = TwoServers()
    given: list[dict[str, Rating | str]] = [
        {"parapheur": Rating(2, Workload.HEAVIER), "visio": Rating(4, Workload.SAME)},
        {"parapheur": Rating(2, Workload.HEAVIER)},
        {"parapheur": Rating(5, Workload.LIGHTER), "visio": NOT_USED},
    ]
    bodies = []
    for answers in given:
        store = answering_store(servers)
        answered(store, "2026-03", **answers)
        fill_outbox(store, APRIL, policy=POLICY)
        bodies += pending(store)
    sums = servers.aggregate(bodies, layout=tools_layout(TOOL_IDS), tools=TOOL_IDS)
    assert {name: n for name, n in sums.items() if n} == {
        "parapheur.satisfaction_2": 2,
        "parapheur.workload_heavier": 2,
        "parapheur.satisfaction_5": 1,
        "parapheur.workload_lighter": 1,
        "visio.satisfaction_4": 1,
        "visio.workload_same": 1,
        "visio.not_used": 1,
    }
    assert list(sums) == [field.name for field in tools_layout(TOOL_IDS).fields]


def test_the_preview_shows_the_months_answers_beside_the_body_that_is_then_sent() -> None:
    servers = TwoServers()
    store = answering_store(servers)
    answered(store, "2026-03", visio=Rating(3, Workload.SAME))
    fill_outbox(store, APRIL, policy=POLICY)
    [shown] = pending_with_values(store, POLICY)
    assert shown["kind"] == "tools" and shown["period"] == "2026-03"
    assert {name for name, v in shown["values"].items() if v} == {
        "visio.satisfaction_3",
        "visio.workload_same",
    }
    assert send_due(store, APRIL, servers.transport) == 1
    assert servers.reports == [shown["body"]]
    assert Report.from_body(servers.reports[0]).kind == "tools"


def test_answers_about_a_tool_the_department_dropped_are_left_out() -> None:
    servers = TwoServers()
    store = answering_store(servers)
    answered(store, "2026-03", gmao=Rating(1, Workload.HEAVIER), visio=NOT_USED)
    fill_outbox(store, APRIL, policy=POLICY)
    sums = servers.aggregate(pending(store), layout=tools_layout(TOOL_IDS), tools=TOOL_IDS)
    assert {name for name, n in sums.items() if n} == {"visio.not_used"}


def test_a_month_answered_only_about_dropped_tools_sends_nothing() -> None:
    store = answering_store(TwoServers())
    answered(store, "2026-03", gmao=Rating(1, Workload.HEAVIER))
    assert fill_outbox(store, APRIL, policy=POLICY) == 0


def test_the_running_agent_sends_the_past_months_answers_with_its_policys_tools() -> None:
    from agent.jobs import Agent
    from tests.agent.desk import Desk
    from tests.agent.fakes import paris, plain_text

    servers = TwoServers()
    desk = Desk(start="2026-03-30T09:00:00", store=enrolled(servers))
    desk.agent = Agent(
        desk.store,
        POLICY,
        clock=desk.clock,
        idle_source=lambda: desk.idle,
        notifier=desk.notifier,
        reminder_text=plain_text,
        upload_transport=servers.transport,
    )
    desk.agent.set_mode(Mode.SHARE)
    answered(desk.store, "2026-03", parapheur=Rating(1, Workload.HEAVIER))
    assert [r["kind"] for r in servers.reports] == []
    desk.agent.upload()
    assert "tools" not in {r["kind"] for r in servers.reports}  # March is not over
    desk.clock.now = paris("2026-04-01T09:00:00")
    desk.agent.upload()
    [tools] = [r for r in servers.reports if r["kind"] == "tools"]
    assert tools["period"] == "2026-03"
    sums = servers.aggregate([tools], layout=tools_layout(TOOL_IDS), tools=TOOL_IDS)
    assert {name for name, n in sums.items() if n} == {
        "parapheur.satisfaction_1",
        "parapheur.workload_heavier",
    }
