"""Split aggregation over real HTTP, two real servers on loopback (SPLIT.md).

Devices enroll at both servers, upload reports made by the agent's report
path (``contract.split.build_report``) to the leader; the leader aggregates
with the helper and, once the month is due, collects and records; a reader
sees exactly the sums of the devices' own figures.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator import auth
from aggregator.credentials import Role
from contract.contribution import FIELDS, Kind
from tests.aggregator.conftest import Clock
from tests.aggregator.reports.seed import day_values, week_values
from tests.aggregator.split_pair import Device, Pair, enroll, make_report, pair, upload

SEED = 20261202
FEBRUARY_SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
"""February is complete and not yet released (the test policy releases 5 days after)."""
FEBRUARY_DUE = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
DAYS = ("2026-02-03", "2026-02-10")
WEEK = "2026-W07"


@pytest.fixture
def clock() -> Clock:
    return Clock(FEBRUARY_SENT)


@pytest.fixture
def the_pair(tmp_path: Path, clock: Clock) -> Pair:
    with pair(tmp_path, clock) as found:
        yield found  # type: ignore[misc]


def reader_token(the_pair: Pair) -> str:
    auth.create_account(the_pair.leader.storage, "lecteur", Role.READER, FEBRUARY_SENT.date())
    return auth.create_api_token(the_pair.leader.storage, "lecteur", FEBRUARY_SENT.date())


def stats(the_pair: Pair, token: str, group: str) -> dict[str, object]:
    answer = the_pair.http.get(
        f"{the_pair.leader_url}/api/v1/stats",
        params={"group": group, "month": "2026-02"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 200, answer.text
    result: dict[str, object] = answer.json()
    return result


def send_february(
    the_pair: Pair, fleet: list[Device], rng: random.Random
) -> dict[str, dict[str, Counter[str]]]:
    """Each device uploads two days and a week; the sums each team should show."""
    expected: dict[str, dict[str, Counter[str]]] = {}
    for device in fleet:
        sent = [
            ("day", day, day_values(rng.choice([0, 45, 300, 480, 700]), breaks=rng.randint(0, 9)))
            for day in DAYS
        ]
        sent.append(("week", WEEK, week_values(rng.randint(0, 3000))))
        for kind, period, values in sent:
            answer = upload(the_pair, device, make_report(device, kind, period, values))
            assert answer.status_code == 202, answer.text
            expected.setdefault(device.team, {}).setdefault(kind, Counter()).update(values)
    return expected


def test_released_sums_equal_the_devices_own_figures(the_pair: Pair, clock: Clock) -> None:
    rng = random.Random(SEED)
    fleet = [enroll(the_pair, "team-a") for _ in range(6)]
    fleet += [enroll(the_pair, "team-b") for _ in range(5)]
    fleet += [enroll(the_pair, "team-c") for _ in range(2)]
    expected = send_february(the_pair, fleet, rng)
    the_pair.wait_aggregated()
    token = reader_token(the_pair)
    assert stats(the_pair, token, "team-a")["day"] == {"released": False}  # not due yet

    clock.now = FEBRUARY_DUE
    the_pair.wait_recorded("dept", "2026-02")
    team_a = stats(the_pair, token, "team-a")
    for kind in Kind:
        names = [f.name for f in FIELDS[kind]]
        batch = team_a[kind.value]
        assert batch == {
            "released": True,
            "devices": 6,
            "sums": {name: expected["team-a"][kind.value][name] for name in names},
        }, f"seed {SEED}"
    # team-c has 2 devices (rule 1); team-b is held back with it (rule 2: 2 < 5).
    assert stats(the_pair, token, "team-b")["day"] == {"released": False}
    assert stats(the_pair, token, "team-c")["week"] == {"released": False}
    department = stats(the_pair, token, "dept")
    for kind in Kind:
        total: Counter[str] = Counter()
        for team in expected.values():
            total.update(team[kind.value])
        batch = department[kind.value]
        assert isinstance(batch, dict) and batch["devices"] == 13
        assert batch["sums"] == {f.name: total[f.name] for f in FIELDS[kind]}, f"seed {SEED}"
