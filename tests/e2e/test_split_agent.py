"""The agent's own enrollment and upload code against two real servers on loopback (SPLIT.md).

Real agent stores enroll with ``repit-agent enroll``'s library (a code from
each server, over HTTP), queue their kept days and week as reports and send
them with ``send_due``, through ``agent.bounded_http``, to a real leader,
which aggregates them with a real helper. What a reader sees once the month
is released is exactly the sum of the agents' own values; a device enrolled
at one server only adds nothing.
"""

from __future__ import annotations

import json
import random
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from agent.commands import set_participation
from agent.enrollment import EnrollmentError, enroll, enrollment, pending_leader
from agent.participation import Mode
from agent.reports import build_body
from agent.store import Store
from agent.upload import fill_outbox, pending, send_due
from aggregator import auth
from aggregator.credentials import Role
from contract.contribution import FIELDS, Kind
from tests.aggregator.conftest import Clock
from tests.aggregator.reports.seed import day_values, week_values
from tests.aggregator.split_pair import Pair, codes, pair

SEED = 20261202
SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
"""February is complete and not yet released (the test policies release 5 days after)."""
DUE = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
JOINED = date(2026, 2, 9)  # a Monday: the whole of W07 is reported
DAYS = ("2026-02-09", "2026-02-10", "2026-02-12")
WEEK = ("2026-W07", "2026-02-09")
TEAM = "team-a"
DEVICES = 5  # the test policies' min_group_size


@pytest.fixture
def clock() -> Clock:
    return Clock(SENT)


@pytest.fixture
def the_pair(tmp_path: Path, clock: Clock) -> Iterator[Pair]:
    with pair(tmp_path, clock) as found:
        yield found


def agent_enrolled(the_pair: Pair, team: str = TEAM, helper_team: str | None = None) -> Store:
    """A person's store, consenting to share, enrolled with a fresh code of each server."""
    (leader_code,) = codes(the_pair.leader, team, 1)
    (helper_code,) = codes(the_pair.helper, helper_team or team, 1)
    store = Store.in_memory()
    set_participation(store, Mode.SHARE, SENT.timestamp())
    enroll(store, the_pair.leader_url, f"{leader_code}.{helper_code}", JOINED)
    return store


def keep_february(store: Store, rng: random.Random) -> Counter[str]:
    """Days and a week as the roll-over keeps them; the values, summed per field and kind."""
    sums: Counter[str] = Counter()
    for day in DAYS:
        values = day_values(rng.choice([0, 45, 300, 480, 700]), breaks=rng.randint(0, 9))
        store.db.table("days").insert(
            {"date": day, "figures": "{}", "contribution": json.dumps(values)}
        )
        sums.update({f"day {name}": value for name, value in values.items()})
    week, monday = WEEK
    values = week_values(rng.randint(0, 3000))
    store.db.table("weeks").insert(
        {"week": week, "monday": monday, "figures": "{}", "contribution": json.dumps(values)}
    )
    sums.update({f"week {name}": value for name, value in values.items()})
    return sums


def reader_stats(the_pair: Pair, group: str) -> dict[str, object]:
    auth.create_account(the_pair.leader.storage, "lecteur", Role.READER, SENT.date())
    token = auth.create_api_token(the_pair.leader.storage, "lecteur", SENT.date())
    answer = the_pair.http.get(
        f"{the_pair.leader_url}/api/v1/stats",
        params={"group": group, "month": "2026-02"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    found: dict[str, object] = answer.json()
    return found


def test_agents_enrolled_at_both_servers_send_reports_the_pair_adds_up(
    the_pair: Pair, clock: Clock
) -> None:
    rng = random.Random(SEED)
    expected: Counter[str] = Counter()
    for _ in range(DEVICES):
        store = agent_enrolled(the_pair)
        expected.update(keep_february(store, rng))
        assert fill_outbox(store, int(SENT.timestamp())) == len(DAYS) + 1
        assert send_due(store, int(SENT.timestamp())) == len(DAYS) + 1, f"seed {SEED}"
        assert pending(store) == []
    # A device enrolled at the leader only: its helper code was of another
    # team, so it built no report and sent nothing.
    lone = Store.in_memory()
    set_participation(lone, Mode.SHARE, SENT.timestamp())
    (leader_code,) = codes(the_pair.leader, TEAM, 1)
    (other_code,) = codes(the_pair.helper, "team-b", 1)
    with pytest.raises(EnrollmentError) as refused:
        enroll(lone, the_pair.leader_url, leader_code, JOINED, helper_code=other_code)
    assert refused.value.problem.what == "team_mismatch"
    assert enrollment(lone) is None and pending_leader(lone) is not None
    keep_february(lone, rng)
    assert fill_outbox(lone, int(SENT.timestamp())) == 0
    assert send_due(lone, int(SENT.timestamp())) == 0

    the_pair.wait_aggregated()
    clock.now = DUE
    the_pair.wait_recorded("dept", "2026-02")
    team = reader_stats(the_pair, TEAM)
    for kind in Kind:
        assert team[kind.value] == {
            "released": True,
            "devices": DEVICES,
            "sums": {f.name: expected[f"{kind.value} {f.name}"] for f in FIELDS[kind]},
        }, f"seed {SEED}"


def test_a_device_the_helper_never_enrolled_cannot_report(the_pair: Pair, clock: Clock) -> None:
    # Enrolled at the leader with a real code, then a report forged with a
    # helper token the helper never issued: the leader takes it (it cannot
    # read the helper share), the helper refuses it, and it counts nowhere.
    rng = random.Random(SEED + 1)
    expected: Counter[str] = Counter()
    stores = [agent_enrolled(the_pair) for _ in range(DEVICES)]
    for store in stores:
        expected.update(keep_february(store, rng))
        fill_outbox(store, int(SENT.timestamp()))
        send_due(store, int(SENT.timestamp()))
    (leader_code,) = codes(the_pair.leader, TEAM, 1)
    at_leader = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/enroll", json={"code": leader_code}
    ).json()
    honest = enrollment(stores[0])
    assert honest is not None
    forged = build_body(
        honest.__class__(
            the_pair.leader_url,
            at_leader["device_token"],
            TEAM,
            "dept",
            JOINED,
            the_pair.helper_url,
            "a-helper-token-nobody-issued",
            at_leader["hpke_config"],
        ),
        Kind.DAY,
        DAYS[0],
        day_values(1500, breaks=96),
        report_id=uuid.uuid4(),
    )
    accepted = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/reports",
        json=forged,
        headers={"Authorization": f"Bearer {at_leader['device_token']}"},
    )
    assert accepted.status_code == 202, accepted.text
    # A device the leader never enrolled is refused at once.
    unknown = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/reports",
        json=forged | {"id": str(uuid.uuid4())},
        headers={"Authorization": "Bearer a-token-the-leader-never-issued"},
    )
    assert unknown.status_code == 401

    the_pair.wait_aggregated()
    clock.now = DUE
    the_pair.wait_recorded("dept", "2026-02")
    day = reader_stats(the_pair, TEAM)["day"]
    assert day == {
        "released": True,
        "devices": DEVICES,
        "sums": {f.name: expected[f"day {f.name}"] for f in FIELDS[Kind.DAY]},
    }, f"seed {SEED + 1}"


def test_the_clear_route_is_gone_and_the_agent_never_uses_it(the_pair: Pair) -> None:
    store = agent_enrolled(the_pair)
    keep_february(store, random.Random(SEED + 2))
    fill_outbox(store, int(SENT.timestamp()))
    body = pending(store)[0]
    joined = enrollment(store)
    assert joined is not None
    clear = the_pair.http.post(
        f"{the_pair.leader_url}/api/v1/contributions",
        json=body,
        headers={"Authorization": f"Bearer {joined.token}"},
    )
    assert clear.status_code == 410
    assert send_due(store, int(SENT.timestamp())) == len(DAYS) + 1  # to /api/v1/reports


def test_repit_agent_enroll_says_in_french_what_happened_at_each_server(
    the_pair: Pair, tmp_path: Path
) -> None:
    from click.testing import CliRunner

    from agent.cli import cli

    (leader_code,) = codes(the_pair.leader, TEAM, 1)
    (helper_code,) = codes(the_pair.helper, TEAM, 1)
    data = ["--data-dir", str(tmp_path / "data")]
    joined = CliRunner().invoke(
        cli, ["enroll", the_pair.leader_url, leader_code, helper_code, *data]
    )
    assert joined.exit_code == 0, joined.stderr
    assert "Inscrit dans l’équipe team-a (dept) sur les deux serveurs." in joined.stderr
    # The same codes again: spent at the leader, which the message names.
    again = CliRunner().invoke(
        cli, ["enroll", the_pair.leader_url, leader_code, helper_code, *data]
    )
    assert again.exit_code == 2
    assert "le serveur principal" in again.stderr and "ne connaît pas ce code" in again.stderr
    assert "Traceback" not in again.stderr
    english = CliRunner().invoke(
        cli, ["enroll", the_pair.leader_url, leader_code, "--language", "en", *data]
    )
    assert english.exit_code == 2 and "two codes are needed" in english.stderr
    store = Store.open(tmp_path / "data" / "repit.db")
    try:
        kept = enrollment(store)  # the first enrollment is still the one in force
    finally:
        store.close()
    assert kept is not None and kept.complete and kept.team == TEAM
