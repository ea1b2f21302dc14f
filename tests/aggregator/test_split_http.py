"""Split aggregation over real HTTP, two real servers on loopback (SPLIT.md).

Devices enroll at both servers, upload reports made by the agent's report
path (``contract.split.build_report``) to the leader; the leader aggregates
with the helper and, once the month is due, collects and records; a reader
sees exactly the sums of the devices' own figures.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from aggregator import auth
from aggregator.credentials import Role
from aggregator.storage import Storage
from contract.contribution import FIELDS, Kind
from tests.aggregator.conftest import MIN_GROUP, Clock, write_policies
from tests.aggregator.reports.seed import day_values, week_values
from tests.aggregator.split_pair import (
    Device,
    Pair,
    SplitDeployment,
    enroll,
    make_report,
    pair,
    upload,
)

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
def the_pair(tmp_path: Path, clock: Clock) -> Iterator[Pair]:
    with pair(tmp_path, clock) as found:
        yield found


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


# -- the leader's reports route, with SplitDeployment (a single server's test interface) ---------


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[SplitDeployment]:
    from contract.policy.loader import load_policy_folder

    leader = Storage.open(tmp_path / "leader.db")
    helper = Storage.open(tmp_path / "helper.db")
    found = SplitDeployment(
        leader, helper, Clock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC)), tmp_path / "policies"
    )
    policies = load_policy_folder(write_policies(tmp_path / "policies"))
    with found.serve(policies):
        yield found
    leader.close()
    helper.close()


def valid_day(**changes: int) -> dict[str, int]:
    return {**{f.name: f.low for f in FIELDS[Kind.DAY]}, **changes}


def valid_week(**changes: int) -> dict[str, int]:
    return {**{f.name: f.low for f in FIELDS[Kind.WEEK]}, **changes}


def leader_state(deployment: SplitDeployment) -> dict[str, list[tuple[object, ...]]]:
    """Everything an upload may change on the leader, to check that nothing did."""
    with deployment.leader_storage.read() as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("reports", "idempotency", "pending_reports", "agg_shares", "contributors")
        }


def test_accepted_duplicate_and_conflict(deployment: SplitDeployment) -> None:
    (token,) = deployment.enroll("team-a", 1)
    device = deployment.devices[token]
    values = valid_day(active_day=1, active_minutes=400, hours_6=1, breaks=7)
    report = make_report(device, "day", "2026-03-09", values)
    bearer = {"Authorization": f"Bearer {token}"}
    accepted = deployment.http.post("/api/v1/reports", json=report.to_body(), headers=bearer)
    assert (accepted.status_code, accepted.json()) == (202, {"accepted": True})
    deployment.settle()
    after_first = leader_state(deployment)
    assert [row[:4] for row in after_first["agg_shares"]] == [("team-a", "day", "2026-03", 1)]
    again = deployment.http.post("/api/v1/reports", json=report.to_body(), headers=bearer)
    assert (again.status_code, again.json()) == (200, {"duplicate": True})
    second = deployment.send(token, Kind.DAY, "2026-03-09", values)
    assert second.status_code == 409
    deployment.settle()
    assert leader_state(deployment) == after_first


def test_one_device_counts_once_per_batch(deployment: SplitDeployment) -> None:
    deployment.clock.now = datetime(2026, 3, 3, 12, 0, tzinfo=UTC)  # February not yet released
    (token,) = deployment.enroll("team-a", 1)
    for day in ("2026-03-01", "2026-03-02", "2026-02-28"):
        assert deployment.send(token, Kind.DAY, day, valid_day()).status_code == 202
    assert deployment.send(token, Kind.WEEK, "2026-W09", valid_week()).status_code == 202
    deployment.settle()
    for storage in (deployment.leader_storage, deployment.helper_storage):
        with storage.read() as db:
            shares = db.execute("SELECT kind, month, reports FROM agg_shares ORDER BY kind, month")
            devices = db.execute(
                "SELECT kind, month, count(*) FROM contributors GROUP BY kind, month ORDER BY 1, 2"
            )
            assert shares.fetchall() == [
                ("day", "2026-02", 1),
                ("day", "2026-03", 2),
                ("week", "2026-02", 1),
            ]
            assert devices.fetchall() == [
                ("day", "2026-02", 1),
                ("day", "2026-03", 1),
                ("week", "2026-02", 1),
            ]


INVALID: dict[str, tuple[dict[str, object], str]] = {
    "unknown field": ({"values": {}}, "values"),
    "bad period": ({"period": "2026-02-30"}, "real date"),
    "week period for a day": ({"period": "2026-W09"}, "YYYY-MM-DD"),
    "incomplete period (today)": ({"period": "2026-03-10"}, "not complete"),
    "future period": ({"period": "2026-04-01"}, "not complete"),
    "too old period": ({"period": "2026-01-06"}, "more than 62 days"),
    "clear schema": ({"schema": 1}, "schema"),
    "schema as bool": ({"schema": True}, "schema"),
    "not a uuid4": ({"id": "0b7a3f3e-2d1c-1b8e-9f1a-1c2d3e4f5a6b"}, "id"),
    "unknown kind": ({"kind": "month"}, "kind"),
    "short leader share": ({"leader_share": "AAAA"}, "leader_share"),
    "padded base64": ({"public_share": "AA=="}, "public_share"),
    "short sealed share": ({"helper_share_encrypted": "AAAA"}, "helper_share_encrypted"),
}


@pytest.mark.parametrize(("change", "reason"), INVALID.values(), ids=list(INVALID))
def test_an_invalid_body_is_refused_with_its_reason_and_nothing_changes(
    deployment: SplitDeployment, change: dict[str, object], reason: str
) -> None:
    (token,) = deployment.enroll("team-a", 1)
    assert deployment.send(token, Kind.DAY, "2026-03-08", valid_day()).status_code == 202
    deployment.settle()
    before = leader_state(deployment)
    body = {
        **make_report(deployment.devices[token], "day", "2026-03-09", valid_day()).to_body(),
        **change,
    }
    response = deployment.http.post(
        "/api/v1/reports", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 422, response.text
    assert reason in response.text
    deployment.settle()
    assert leader_state(deployment) == before
    # The refusal used up nothing: the same period is accepted once corrected.
    assert deployment.send(token, Kind.DAY, "2026-03-09", valid_day()).status_code == 202


def test_completeness_follows_the_team_time_zone(deployment: SplitDeployment) -> None:
    (paris,) = deployment.enroll("team-a", 1)
    (auckland,) = deployment.enroll("far-team", 1)
    assert deployment.send(auckland, Kind.DAY, "2026-03-10", valid_day()).status_code == 202
    assert deployment.send(paris, Kind.DAY, "2026-03-10", valid_day()).status_code == 422


def test_a_device_cannot_read_and_a_reader_cannot_submit(deployment: SplitDeployment) -> None:
    (device,) = deployment.enroll("team-a", 1)
    deployment.stats("team-a")  # creates the reader
    reader = deployment.reader
    answer = deployment.http.get(
        "/api/v1/stats",
        params={"group": "team-a", "month": "2026-02"},
        headers={"Authorization": f"Bearer {device}"},
    )
    assert answer.status_code == 403
    assert deployment.send(reader, Kind.DAY, "2026-03-09", valid_day()).status_code == 403
    assert deployment.send("not-a-token", Kind.DAY, "2026-03-09", valid_day()).status_code == 401
    policy = deployment.http.get("/api/v1/policy", headers={"Authorization": f"Bearer {reader}"})
    assert policy.status_code == 403
    assert leader_state(deployment)["reports"] == []


def test_a_released_month_is_frozen_and_nothing_shows_before_its_date(
    deployment: SplitDeployment,
) -> None:
    deployment.clock.now = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
    tokens = deployment.enroll("team-a", MIN_GROUP)
    for token in tokens:
        for day in ("2026-02-02", "2026-02-09"):
            assert deployment.send(token, Kind.DAY, day, valid_day()).status_code == 202
        assert deployment.send(token, Kind.WEEK, "2026-W07", valid_week()).status_code == 202
    deployment.clock.now = datetime(2026, 3, 5, 22, 59, tzinfo=UTC)  # 23:59 in Paris
    assert deployment.stats("team-a")["day"] == {"released": False}
    deployment.clock.now += timedelta(minutes=1)  # 6 March in Paris: 5 days after the end
    shown = deployment.stats("team-a")
    assert shown["day"]["released"] is shown["week"]["released"] is True
    assert shown["day"]["devices"] == MIN_GROUP
    assert shown["day"]["sums"]["reports"] == 2 * MIN_GROUP
    late = deployment.enroll("team-a", 1)[0]
    response = deployment.send(late, Kind.DAY, "2026-02-16", valid_day())
    assert response.status_code == 422
    assert "already released" in response.text
    assert deployment.stats("team-a") == shown


def test_a_report_error_never_echoes_the_input(deployment: SplitDeployment) -> None:
    (token,) = deployment.enroll("team-a", 1)
    marker = "ECHO-" + "x" * 5000
    body = {
        **make_report(deployment.devices[token], "day", "2026-03-09", valid_day()).to_body(),
        "kind": marker,
        "period": marker,
        **{f"extra{n}": marker[:100] for n in range(50)},
    }
    for sent in (body, {**body, "extra0": None, "kind": "day", "period": marker}):
        answer = deployment.http.post(
            "/api/v1/reports", json=sent, headers={"Authorization": f"Bearer {token}"}
        )
        assert answer.status_code == 422, answer.text[:300]
        assert "ECHO-" not in answer.text
        assert len(answer.content) < 16 * 1024
        assert all({"loc", "msg", "type"} == set(item) for item in answer.json()["detail"])
