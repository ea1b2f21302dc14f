"""Tool answers (TOOLS.md) through split aggregation, over a real leader and helper on loopback.

Real agent stores answer about their department's tools, queue the month as a
``tools`` report and send it with ``send_due``; the two servers verify it
(each tool's answer one-hot or empty), aggregate it, and release it by the
rules of AGGREGATOR.md on the devices that answered. What a reader obtains
is exactly the answers' distribution, or nothing.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agent.commands import set_participation
from agent.core.tool_answers import NOT_USED, Answer, Rating, ToolAnswer, Workload
from agent.enrollment import enroll, enrollment
from agent.participation import Mode
from agent.store import Store
from agent.tools.storage import save_answer
from agent.upload import fill_outbox, send_due
from aggregator import auth
from aggregator.credentials import Role
from aggregator.impact_view import figure
from aggregator.storage import split
from aggregator.storage import tools as stored
from aggregator.tool_releases import StoredToolReleases, ToolFigures
from contract.policy.loader import load_policy_folder
from contract.policy.model import Policy
from contract.prio3.repit import TOOL_NOT_USED, TOOL_SATISFACTION, TOOL_WORKLOAD, tools_layout
from contract.split.hpke import HpkeConfig
from contract.split.report import Report, build_report
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.reports.seed import day_values, week_values
from tests.aggregator.split_pair import Pair, codes, pair
from tests.split.cheat import cheating_report

SEED = 20261215
SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # February is over, not yet released
DUE = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)  # the test policies release 5 days after
JOINED = date(2026, 2, 9)
MONTH = "2026-02"
TOOLS = '\n[[tools]]\nid = "parapheur"\nname = "Parapheur électronique"\n' + (
    '\n[[tools]]\nid = "visio"\nname = "Visioconférence"\n'
)
SLOTS = (*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED)


@pytest.fixture
def clock() -> Clock:
    return Clock(SENT)


@pytest.fixture
def policies(tmp_path: Path) -> dict[str, Policy]:
    folder = write_policies(tmp_path / "policies")
    dept = folder / "dept.toml"
    dept.write_text(dept.read_text() + TOOLS)
    return load_policy_folder(folder)


@pytest.fixture
def the_pair(tmp_path: Path, clock: Clock, policies: dict[str, Policy]) -> Iterator[Pair]:
    with pair(tmp_path, clock, policies) as found:
        yield found


def answering_agent(the_pair: Pair, team: str) -> Store:
    (leader_code,) = codes(the_pair.leader, team, 1)
    (helper_code,) = codes(the_pair.helper, team, 1)
    store = Store.in_memory()
    set_participation(store, Mode.SHARE, SENT.timestamp())
    enroll(store, the_pair.leader_url, f"{leader_code}.{helper_code}", JOINED)
    return store


def random_answer(rng: random.Random) -> Answer | None:
    roll = rng.random()
    if roll < 0.15:
        return None  # not rated: all zeros
    if roll < 0.3:
        return NOT_USED
    return Rating(rng.randint(1, 5), rng.choice(list(Workload)))


def answer_and_send(store: Store, policy: Policy, rng: random.Random) -> Counter[str]:
    """February's answers of one person, sent; the slots they set, as ``tool.slot``."""
    given: Counter[str] = Counter()
    for number, tool in enumerate(policy.tools):
        answer = random_answer(rng)
        if answer is None and number == 0:
            answer = NOT_USED  # everyone here answers something: the teams' sizes are known
        if answer is None:
            continue
        save_answer(store, ToolAnswer(MONTH, tool.id, answer))
        if isinstance(answer, Rating):
            given.update([f"{tool.id}.satisfaction_{answer.satisfaction}"])
            given.update([f"{tool.id}.{answer.workload.value}"])
        else:
            given.update([f"{tool.id}.not_used"])
    now = int(SENT.timestamp())
    assert fill_outbox(store, now, policy=policy) == 1
    assert send_due(store, now) == 1, f"seed {SEED}"
    return given


def keep_a_day_and_a_week(store: Store, rng: random.Random) -> None:
    """February's figures too, so that the impact study has its month released."""
    store.db.table("days").insert(
        {
            "date": "2026-02-10",
            "figures": "{}",
            "contribution": json.dumps(day_values(rng.choice([45, 300, 480]), breaks=2)),
        }
    )
    store.db.table("weeks").insert(
        {
            "week": "2026-W07",
            "monday": "2026-02-09",
            "figures": "{}",
            "contribution": json.dumps(week_values(rng.randint(0, 3000))),
        }
    )
    now = int(SENT.timestamp())
    assert fill_outbox(store, now) == 2
    assert send_due(store, now) == 2


def expected_figures(given: Counter[str], tool: str) -> ToolFigures:
    counts = {slot: given[f"{tool}.{slot}"] for slot in SLOTS}
    answers = sum(counts[s] for s in TOOL_SATISFACTION) + counts[TOOL_NOT_USED]
    return ToolFigures(answers, counts)


def test_answers_come_out_as_exact_distributions_and_a_small_team_shows_nothing(
    the_pair: Pair, clock: Clock, policies: dict[str, Policy]
) -> None:
    # team-a: 5 answerers, team-b: 6, team-c: 2. team-c is under min_group_size
    # (5); its 2 devices alone would be the department total minus the others,
    # so the next smallest team (team-a) is held back too (complementary
    # suppression). The department total (13) is shown.
    rng = random.Random(SEED)
    dept = policies["dept"]
    given = {team: Counter[str]() for team in ("team-a", "team-b", "team-c")}
    for team, count in (("team-a", 5), ("team-b", 6), ("team-c", 2)):
        for _ in range(count):
            store = answering_agent(the_pair, team)
            keep_a_day_and_a_week(store, rng)
            given[team] += answer_and_send(store, dept, rng)
    with the_pair.leader.storage.transaction() as db:
        deployment = stored.add_deployment(db, "parapheur", "dept", date(2026, 3, 1), "")
    the_pair.wait_aggregated()
    clock.now = DUE
    the_pair.wait_recorded("dept", MONTH)
    releases = StoredToolReleases(the_pair.leader.storage)
    whole = given["team-a"] + given["team-b"] + given["team-c"]
    for tool in ("parapheur", "visio"):
        shown = releases.figures("team-b", tool, MONTH)
        assert shown == expected_figures(given["team-b"], tool), f"seed {SEED}"
        assert releases.figures("dept", tool, MONTH) == expected_figures(whole, tool)
        assert releases.figures("team-a", tool, MONTH) is None  # complementary suppression
        assert releases.figures("team-c", tool, MONTH) is None  # under min_group_size
        assert releases.released("dept", tool, MONTH)
    assert releases.figures("dept", "gmao", MONTH) is None  # not one of the month's tools
    # The impact study's baseline (February) takes its satisfaction from them.
    mean = expected_figures(whole, "parapheur").mean_satisfaction()
    auth.create_account(the_pair.leader.storage, "lecteur", Role.READER, SENT.date())
    token = auth.create_api_token(the_pair.leader.storage, "lecteur", SENT.date())
    study = the_pair.http.get(
        f"{the_pair.leader_url}/tools/deployments/{deployment}",
        headers={"Authorization": f"Bearer {token}"},
    )
    row = re.search(r"Satisfaction moyenne \(1 à 5\)</th><td[^>]*>([^<]+)</td>", study.text)
    assert row is not None, study.text
    assert row[1] == figure("satisfaction", mean, "fr"), f"seed {SEED}"
    # The helper decided the same from its own records, and holds no sums.
    with the_pair.helper.storage.read() as db:
        rows = db.execute(
            "SELECT group_id, released, devices, sums FROM tool_releases ORDER BY group_id"
        ).fetchall()
    assert rows == [
        ("dept", 1, 13, None),
        ("team-a", 0, None, None),
        ("team-b", 1, 6, None),
        ("team-c", 0, None, None),
    ]


def test_a_month_answered_by_too_few_shows_nothing_at_all(
    the_pair: Pair, clock: Clock, policies: dict[str, Policy]
) -> None:
    rng = random.Random(SEED + 1)
    for _ in range(4):  # under min_group_size, even for the department
        answer_and_send(answering_agent(the_pair, "team-a"), policies["dept"], rng)
    the_pair.wait_aggregated()
    clock.now = DUE
    the_pair.wait_recorded("dept", MONTH)
    releases = StoredToolReleases(the_pair.leader.storage)
    for group in ("dept", "team-a", "team-b"):
        assert releases.figures(group, "parapheur", MONTH) is None
    assert not releases.released("dept", "parapheur", MONTH)


def upload_tools(
    the_pair: Pair,
    tools: list[str],
    values: dict[str, int],
    build: Callable[..., Report],
) -> Report:
    """A new team-a device's tools report of ``MONTH`` made by ``build``, accepted by the leader."""
    joined = enrollment(answering_agent(the_pair, "team-a"))
    assert joined is not None and joined.hpke_config is not None
    report = build(
        kind="tools",
        period=MONTH,
        team="team-a",
        values=values,
        layout=tools_layout(tools),
        hpke_config=HpkeConfig.from_json(joined.hpke_config),
        helper_device_token=joined.helper_token,
        tools=tools,
    )
    answer = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/reports",
        json=report.to_body(),
        headers={"Authorization": f"Bearer {joined.token}"},
    )
    assert answer.status_code == 202, answer.text
    return report


def test_a_tools_report_with_two_answers_for_one_tool_is_rejected_by_the_proof(
    the_pair: Pair, policies: dict[str, Policy]
) -> None:
    layout = tools_layout(["parapheur", "visio"])
    values = {field.name: 0 for field in layout.fields}
    values["parapheur.satisfaction_1"] = values["parapheur.satisfaction_5"] = 1
    values["parapheur.workload_heavier"] = values["parapheur.workload_same"] = 1
    # The leader alone cannot see it: 202.
    report = upload_tools(the_pair, ["parapheur", "visio"], values, cheating_report)
    the_pair.wait_aggregated()
    with the_pair.helper.storage.read() as db:
        (reason,) = db.execute(
            "SELECT reason FROM verdicts WHERE id = ?", [str(report.id)]
        ).fetchone()
        assert split.agg_share(db, "team-a", "tools", MONTH) is None
    assert reason == "the proof of validity does not hold"
    with the_pair.leader.storage.read() as db:
        assert split.agg_share(db, "team-a", "tools", MONTH) is None


def test_a_tools_report_on_another_tool_list_is_refused_at_upload(
    the_pair: Pair, policies: dict[str, Policy]
) -> None:
    store = answering_agent(the_pair, "team-a")
    save_answer(store, ToolAnswer(MONTH, "parapheur", Rating(3, Workload.SAME)))
    now = int(SENT.timestamp())
    stale = Policy(tools=policies["dept"].tools[:1])  # a list the department no longer has
    assert fill_outbox(store, now, policy=stale) == 1
    assert send_due(store, now) == 0  # 422: dropped, as for a day or a week
    with the_pair.leader.storage.read() as db:
        assert split.pending_count(db) == 0
        assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == 0


def test_a_tools_report_built_for_another_list_of_the_same_length_is_counted_nowhere(
    the_pair: Pair, policies: dict[str, Policy]
) -> None:
    # The department's month is fixed to its list (parapheur, visio). A report
    # built for another list of the same length (a leader that swapped a tool,
    # or a stale policy) has shares of the right size and a proof that holds:
    # only the tool list bound into its sealed share tells it apart.
    listed = [tool.id for tool in policies["dept"].tools]
    assert listed == ["parapheur", "visio"]
    reports = {}
    for name, tools in (("other list", ["parapheur", "gmao"]), ("its list", listed)):
        values = {field.name: 0 for field in tools_layout(tools).fields}
        values[f"{tools[1]}.satisfaction_4"] = values[f"{tools[1]}.workload_same"] = 1
        # The leader cannot tell them apart: both 202.
        report = upload_tools(the_pair, tools, values, build_report)
        the_pair.wait_aggregated()
        reports[name] = report
    with the_pair.helper.storage.read() as db:
        verdicts = dict(db.execute("SELECT id, reason FROM verdicts").fetchall())
        helper_share = split.agg_share(db, "team-a", "tools", MONTH)
        helper_devices = split.kind_contributors(db, "tools", ["team-a"], MONTH)
    assert verdicts == {
        str(reports["other list"].id): "the helper share does not open for this report,"
        " team, kind, period and tool list",
        str(reports["its list"].id): "",
    }
    with the_pair.leader.storage.read() as db:
        leader_share = split.agg_share(db, "team-a", "tools", MONTH)
        leader_devices = split.kind_contributors(db, "tools", ["team-a"], MONTH)
    # Counted once, on both servers: the right report only.
    assert helper_share is not None and helper_share[0] == 1
    assert leader_share is not None and leader_share[0] == 1
    assert len(helper_devices["team-a"]) == len(leader_devices["team-a"]) == 1
