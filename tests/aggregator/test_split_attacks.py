"""Attacks on split aggregation, written out, over real HTTP with two real servers (SPLIT.md).

The helper is the party that must hold even when the leader does not: it is
called here directly with the leader's token, as a dishonest leader would.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from aggregator.storage import split
from contract.contribution import FIELDS, Kind
from contract.policy.loader import load_policy_folder
from contract.split.codec import b64encode
from contract.split.instances import default_layout
from contract.split.report import Report
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.reports.seed import day_values
from tests.aggregator.split_pair import (
    Device,
    Pair,
    codes,
    enroll,
    helper_call,
    make_report,
    pair,
    upload,
)
from tests.split.cheat import cheating_report

SENT = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)
DUE = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
DAY = "2026-02-10"


@pytest.fixture
def clock() -> Clock:
    return Clock(SENT)


@pytest.fixture
def lazy(tmp_path: Path, clock: Clock) -> Iterator[Pair]:
    """A pair whose leader aggregates only when the test settles it."""
    with pair(tmp_path, clock, eager=False) as found:
        yield found


def helper_reports(the_pair: Pair) -> list[tuple[str, str, str, int]]:
    with the_pair.helper.storage.read() as db:
        rows = db.execute("SELECT team, kind, month, reports FROM agg_shares ORDER BY 1, 2, 3")
        return [tuple(row) for row in rows.fetchall()]


def leader_reports(the_pair: Pair) -> list[tuple[str, str, str, int]]:
    with the_pair.leader.storage.read() as db:
        rows = db.execute("SELECT team, kind, month, reports FROM agg_shares ORDER BY 1, 2, 3")
        return [tuple(row) for row in rows.fetchall()]


def verdicts(the_pair: Pair) -> dict[str, tuple[int, str]]:
    with the_pair.helper.storage.read() as db:
        rows = db.execute("SELECT id, accepted, reason FROM verdicts").fetchall()
    return {str(i): (int(a), str(r or "")) for i, a, r in rows}


def item(report: Report, team: str, leader_verifier: bytes = bytes(480)) -> dict[str, str]:
    """A report as the leader sends it to the helper."""
    return {
        "id": str(report.id),
        "team": team,
        "kind": report.kind,
        "period": report.period,
        "public_share": b64encode(report.public_share),
        "helper_share_encrypted": b64encode(report.helper_share_encrypted),
        "leader_verifier": b64encode(leader_verifier),
    }


def quiet_day() -> dict[str, int]:
    return day_values(0)


# -- release rules, enforced by the helper itself ----------------------------------------------


def test_the_helper_refuses_a_small_team_and_a_weak_suppression_even_to_the_leader(
    lazy: Pair, clock: Clock
) -> None:
    the_pair = lazy
    fleet = [enroll(the_pair, "team-a") for _ in range(6)]
    fleet += [enroll(the_pair, "team-b") for _ in range(5)]
    fleet += [enroll(the_pair, "team-c") for _ in range(2)]
    for device in fleet:
        assert (
            upload(the_pair, device, make_report(device, "day", DAY, quiet_day())).status_code
            == 202
        )
    the_pair.settle()
    counts = {"day": {"team-a": 6, "team-b": 5, "team-c": 2}, "week": {}}
    request = {"department": "dept", "month": "2026-02", "reports": counts}
    early = helper_call(the_pair, "/api/v1/helper/collect", request)
    assert early.status_code == 409 and "not due" in early.text
    clock.now = DUE
    # A leader that lies about its counts gets nothing.
    lying = {**request, "reports": {"day": {"team-c": 2}, "week": {}}}
    assert helper_call(the_pair, "/api/v1/helper/collect", lying).status_code == 409
    answer = helper_call(the_pair, "/api/v1/helper/collect", request)
    assert answer.status_code == 200, answer.text
    document = answer.json()
    # team-c is under min_group_size; team-b is held with it (2 < 5): neither is handed out.
    assert set(document["day"]["teams"]) == {"team-a"}
    assert document["day"]["department"]["devices"] == 13
    # Final: asked again, the same answer; logged both times.
    assert helper_call(the_pair, "/api/v1/helper/collect", request).json() == document
    with the_pair.helper.storage.read() as db:
        events = [event for *_, event in split.audit_events(db, "2026-02")]
    assert events[0].startswith("refused")
    assert "teams team-a; department total released" in events[1]
    assert events[-1] == "asked again: the same final answer"
    # Nobody else may ask, and an unknown department is no one's.
    assert (
        helper_call(the_pair, "/api/v1/helper/collect", request, token="x" * 40).status_code == 403
    )
    unknown = {**request, "department": "nobody"}
    assert helper_call(the_pair, "/api/v1/helper/collect", unknown).status_code == 404


# -- reports the proof or the seal refuses -----------------------------------------------------


def test_an_out_of_bounds_report_is_rejected_by_the_proof_and_counted_nowhere(lazy: Pair) -> None:
    device = enroll(lazy, "team-a")
    values = {f.name: f.low for f in FIELDS[Kind.DAY]}
    values["active_minutes"] = 100_000  # a cheater's day: far past 1500
    cheat = cheating_report(
        kind="day",
        period=DAY,
        team="team-a",
        values=values,
        layout=default_layout("day"),
        hpke_config=device.hpke_config,
        helper_device_token=device.helper_token,
    )
    assert upload(lazy, device, cheat).status_code == 202  # the leader cannot tell
    honest = make_report(device, "day", "2026-02-11", quiet_day())
    assert upload(lazy, device, honest).status_code == 202
    lazy.settle()
    assert lazy.pending() == 0
    assert verdicts(lazy)[str(cheat.id)] == (0, "the proof of validity does not hold")
    assert verdicts(lazy)[str(honest.id)] == (1, "")
    assert leader_reports(lazy) == helper_reports(lazy) == [("team-a", "day", "2026-02", 1)]


def test_replayed_moved_and_swapped_reports_are_refused(lazy: Pair) -> None:
    first, second = enroll(lazy, "team-a"), enroll(lazy, "team-b")
    report = make_report(first, "day", DAY, quiet_day())
    other = make_report(second, "day", DAY, quiet_day())
    for device, sent in ((first, report), (second, other)):
        assert upload(lazy, device, sent).status_code == 202
    # Replayed to the leader: acknowledged, nothing added.
    assert upload(lazy, first, report).status_code == 200
    lazy.settle()
    counted = helper_reports(lazy)
    assert counted == [("team-a", "day", "2026-02", 1), ("team-b", "day", "2026-02", 1)]
    # A dishonest leader replays, moves and swaps, straight to the helper.
    replay = helper_call(lazy, "/api/v1/helper/aggregate", {"reports": [item(report, "team-a")]})
    (replayed,) = replay.json()["results"]
    assert replayed == {
        "id": str(report.id),
        "accepted": False,
        "reason": "this report id was judged before with other content",
    }
    renamed = Report(
        uuid.uuid4(),
        report.kind,
        report.period,
        report.public_share,
        b"",
        report.helper_share_encrypted,
    )
    moved_team = item(make_report(first, "day", "2026-02-12", quiet_day()), "team-b")
    moved_period = {
        **item(make_report(first, "day", "2026-02-13", quiet_day()), "team-a"),
        "period": "2026-02-14",
    }
    swapped = {**item(make_report(first, "day", "2026-02-15", quiet_day()), "team-a")}
    swapped["helper_share_encrypted"] = b64encode(other.helper_share_encrypted)
    batch = [item(renamed, "team-a"), moved_team, moved_period, swapped]
    answers = helper_call(lazy, "/api/v1/helper/aggregate", {"reports": batch}).json()["results"]
    for answer in answers:
        assert answer["accepted"] is False
        assert "does not open" in answer["reason"], answer
    assert helper_reports(lazy) == counted  # nothing added by any of them


# -- dual enrollment ---------------------------------------------------------------------------


def test_a_device_enrolled_at_one_server_only_cannot_report(lazy: Pair) -> None:
    (leader_code,) = codes(lazy.leader, "team-a", 1)
    answer = lazy.http.post(f"{lazy.leader_url}/api/v1/enroll", json={"code": leader_code}).json()
    from contract.split.hpke import HpkeConfig

    alone = Device(
        "team-a",
        answer["device_token"],
        "never-enrolled-at-the-helper",
        HpkeConfig.from_json(answer["hpke_config"]),
    )
    report = make_report(alone, "day", DAY, quiet_day())
    assert upload(lazy, alone, report).status_code == 202
    lazy.settle()
    assert verdicts(lazy)[str(report.id)] == (0, "the device is not enrolled at the helper")
    assert leader_reports(lazy) == helper_reports(lazy) == []
    # ... and one enrolled at the helper only has no leader token at all.
    (helper_code,) = codes(lazy.helper, "team-a", 1)
    helper_only = lazy.http.post(f"{lazy.helper_url}/api/v1/enroll", json={"code": helper_code})
    token = helper_only.json()["device_token"]
    refused = lazy.http.post(
        f"{lazy.leader_url}/api/v1/reports",
        json=report.to_body(),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert refused.status_code == 401


def test_codes_of_one_team_cannot_join_another(lazy: Pair) -> None:
    device = enroll(lazy, "team-a", helper_team="team-b")  # the helper's code was team-b's
    report = make_report(device, "day", DAY, quiet_day())
    assert upload(lazy, device, report).status_code == 202
    lazy.settle()
    assert verdicts(lazy)[str(report.id)] == (
        0,
        "the device is enrolled in another team at the helper",
    )
    assert helper_reports(lazy) == leader_reports(lazy) == []


def test_a_headcount_exceeded_at_one_server_holds_the_team_back(
    tmp_path: Path, clock: Clock
) -> None:
    folder = write_policies(tmp_path / "policies")
    text = (
        (folder / "dept.toml")
        .read_text()
        .replace('name = "Équipe A"', 'name = "Équipe A"\nheadcount = 6')
    )
    (folder / "dept.toml").write_text(text)
    with pair(tmp_path, clock, load_policy_folder(folder)) as the_pair:
        fleet = [enroll(the_pair, "team-a") for _ in range(6)]
        for device in fleet:
            sent = make_report(device, "day", DAY, quiet_day())
            assert upload(the_pair, device, sent).status_code == 202
        # The helper's operator is fooled into a seventh device: more devices than people.
        (extra,) = codes(the_pair.helper, "team-a", 1)
        assert (
            the_pair.http.post(
                f"{the_pair.helper_url}/api/v1/enroll", json={"code": extra}
            ).status_code
            == 201
        )
        the_pair.wait_aggregated()
        clock.now = DUE
        the_pair.wait_recorded("dept", "2026-02")
        with the_pair.leader.storage.read() as db:
            shown = db.execute(
                "SELECT grp, kind, released FROM releases WHERE kind = 'day' ORDER BY grp"
            ).fetchall()
        assert ("team-a", "day", 0) in shown  # held back: the helper would not release it
        from click.testing import CliRunner

        from aggregator.cli import cli

        audit = CliRunner().invoke(
            cli,
            ["audit", "--db", str(tmp_path / "helper.db"), "--policies", str(folder)],
        )
        assert audit.exit_code == 0, audit.output
        assert "7 postes inscrits, effectif 6 — PLUS DE POSTES QUE DE PERSONNES" in audit.output
