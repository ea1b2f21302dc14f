"""The five findings of issue 9, each an attack by a reader over real HTTP on loopback.

Since SPLIT.md, each deployment is a leader and a helper: the attacks are the
same, the figures come from the two servers' aggregate shares.

Each test sets up what was found, does what a reader with an API token would
do (read ordinary figures, subtract them), and asserts that the subtraction
yields nothing exact about fewer than ``min_group_size`` devices: either the
figures it needs are not released, or they do not change.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from aggregator import auth
from aggregator.storage import Storage
from contract.contribution import FIELDS, Kind
from contract.policy.loader import load_policy_folder
from contract.policy.model import Policy
from tests.aggregator.conftest import ROOT, Clock
from tests.aggregator.split_pair import SplitDeployment

MIN = 5
FEBRUARY_DAYS = [date(2026, 2, day).isoformat() for day in range(1, 29)]
FEBRUARY_WEEKS = ["2026-W06", "2026-W07", "2026-W08", "2026-W09"]
SENDING = datetime(2026, 3, 2, 12, 0, tzinfo=UTC)  # February complete, not yet released
READING = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # February released (delay 5)


def write_policies(
    folder: Path,
    departments: Mapping[str, Sequence[str]],
    min_group_size: int = MIN,
    delay: int = 5,
) -> dict[str, Policy]:
    """A policy folder with one file per department and its teams; loaded as a server would."""
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default.toml").write_text((ROOT / "policies" / "default.toml").read_text())
    for department, teams in departments.items():
        text = [
            f'[policy]\nid = "{department}"\nname = "{department}"\nextends = "default"\n',
            f"[privacy]\nmin_group_size = {min_group_size}\nrelease_delay_days = {delay}\n",
            *(f'[[teams]]\nid = "{team}"\nname = "{team}"\n' for team in teams),
        ]
        (folder / f"{department}.toml").write_text("\n".join(text))
    return load_policy_folder(folder)


class Deployment(SplitDeployment):
    """A leader and a helper (each its own database), served again after each policy edit."""

    def feed(
        self,
        team: str,
        devices: int,
        rng: random.Random,
        days: Sequence[str] = FEBRUARY_DAYS[::3],
        weeks: Sequence[str] = FEBRUARY_WEEKS,
    ) -> None:
        """``devices`` new devices of ``team`` send ``days`` and ``weeks`` before the release."""
        reading, self.clock.now = self.clock.now, SENDING
        for token in self.enroll(team, devices):
            for kind, periods in ((Kind.DAY, days), (Kind.WEEK, weeks)):
                for period in periods:
                    response = self.send(token, kind, period, random_values(kind, rng))
                    assert response.status_code == 202, response.text
        self.clock.now = reading


def random_values(kind: Kind, rng: random.Random) -> dict[str, int]:
    """Any active period's vector within bounds that keeps the day's one-hot hours."""
    values = {f.name: rng.randint(f.low, f.high) for f in FIELDS[kind]}
    values["active_minutes"] = rng.randint(1, 600)
    if kind is Kind.DAY:
        values.update({f"hours_{n}": 0 for n in range(13)}, active_day=1)
        values[f"hours_{min(values['active_minutes'] // 60, 12)}"] = 1
    return values


def minus(total: dict[str, Any], *parts: dict[str, Any]) -> dict[str, int] | None:
    """The reader's subtraction, field by field; None when a term is not released."""
    if not total["released"] or not all(part["released"] for part in parts):
        return None
    return {
        name: value - sum(part["sums"][name] for part in parts)
        for name, value in total["sums"].items()
    }


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    leader = Storage.open(tmp_path / "leader.db")
    helper = Storage.open(tmp_path / "helper.db")
    yield Deployment(leader, helper, Clock(READING), tmp_path / "policies")
    leader.close()
    helper.close()


def test_finding_1_a_team_with_days_and_no_week_is_protected(deployment: Deployment) -> None:
    # team-a 5 and team-b 6 devices sent the whole month; "late" is one person
    # who enrolled in the month's last days: day reports, no week report.
    policies = write_policies(deployment.folder, {"dept": ("team-a", "team-b", "late")})
    rng = random.Random(91)
    with deployment.serve(policies):
        deployment.feed("team-a", MIN, rng)
        deployment.feed("team-b", MIN + 1, rng)
        deployment.feed("late", 1, rng, days=FEBRUARY_DAYS[-3:], weeks=())
        shown = {group: deployment.stats(group) for group in ("dept", "team-a", "team-b", "late")}
    # The attack: the department's day total minus the teams shown.
    attack = minus(shown["dept"]["day"], shown["team-a"]["day"], shown["team-b"]["day"])
    assert attack is None  # before the fix: exactly the late person's three days
    assert shown["late"]["day"] == {"released": False}
    # Whatever is shown of the day batches, the held-back ones are >= MIN devices.
    held = [team for team in ("team-a", "team-b", "late") if not shown[team]["day"]["released"]]
    assert "late" in held and len(held) >= 2


def test_finding_2_moving_a_team_changes_no_released_month(deployment: Deployment) -> None:
    # dept: team-a 5, team-b 6, team-c 2 (held, with team-a to protect it).
    before_policies = write_policies(
        deployment.folder, {"dept": ("team-a", "team-b", "team-c"), "other": ("team-d",)}
    )
    rng = random.Random(92)
    with deployment.serve(before_policies):
        deployment.feed("team-a", MIN, rng)
        deployment.feed("team-b", MIN + 1, rng)
        deployment.feed("team-c", 2, rng)
        deployment.feed("team-d", MIN, rng)
        before = {group: deployment.stats(group) for group in ("dept", "other", "team-b", "team-c")}
    # The operator moves team-c to the other department and restarts.
    moved = write_policies(
        deployment.folder, {"dept": ("team-a", "team-b"), "other": ("team-d", "team-c")}
    )
    with deployment.serve(moved):
        after = {group: deployment.stats(group) for group in ("dept", "other", "team-b", "team-c")}
    # The attack: the department before minus the department after (team-c's month).
    for kind in ("day", "week"):
        difference = minus(before["dept"][kind], after["dept"][kind])
        assert difference is None or not any(difference.values())
        # ... and through the other department: after minus before.
        other = minus(after["other"][kind], before["other"][kind])
        assert other is None or not any(other.values())
    assert after == before  # the record decides, not the policy of the day
    # A team removed from the policies keeps its released months.
    removed = write_policies(deployment.folder, {"dept": ("team-a",), "other": ("team-d",)})
    with deployment.serve(removed):
        assert deployment.stats("team-b") == before["team-b"]
        assert before["team-b"]["day"]["released"] is True


def test_finding_3_raising_the_delay_does_not_reopen_a_month(deployment: Deployment) -> None:
    rng = random.Random(93)
    policies = write_policies(deployment.folder, {"dept": ("team-a",)})
    with deployment.serve(policies):
        deployment.feed("team-a", MIN, rng)
        before = deployment.stats("team-a")
    assert before["day"]["released"] is True
    # The operator raises release_delay_days to 30 and restarts; a late device sends.
    with deployment.serve(write_policies(deployment.folder, {"dept": ("team-a",)}, delay=30)):
        late = deployment.enroll("team-a", 1)[0]
        deployment.clock.now = datetime(2026, 3, 11, 12, 0, tzinfo=UTC)
        response = deployment.send(late, Kind.DAY, FEBRUARY_DAYS[4], random_values(Kind.DAY, rng))
        assert response.status_code == 422
        assert "already released" in response.text
        during = deployment.stats("team-a")
    # ... and restores it: the reader compares before and after.
    with deployment.serve(write_policies(deployment.folder, {"dept": ("team-a",)})):
        after = deployment.stats("team-a")
    for kind in ("day", "week"):
        difference = minus(after[kind], before[kind])
        assert difference is not None and not any(difference.values())
    assert during == after == before


@pytest.mark.parametrize(
    "period",
    ["２０２６-W４７", "٢٠٢٦-W٤٧", "२०२६-W४७", "2026-W٤٧", "2026-W47 ", "2026-w47", "2026-W047"],
)
def test_finding_4_one_week_has_one_text(deployment: Deployment, period: str) -> None:
    deployment.clock.now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # W47 complete
    with deployment.serve(write_policies(deployment.folder, {"dept": ("team-a",)})):
        (token,) = deployment.enroll("team-a", 1)
        week = random_values(Kind.WEEK, random.Random(94))
        assert deployment.send(token, Kind.WEEK, "2026-W47", week).status_code == 202
        response = deployment.send(token, Kind.WEEK, period, week)
        assert response.status_code == 422, response.text
        deployment.settle()
    # The attack was the count: one device, one week, whatever the spelling.
    with deployment.storage.read() as db:
        assert db.execute("SELECT period FROM reports").fetchall() == [("2026-W47",)]
        assert db.execute("SELECT reports FROM agg_shares").fetchall() == [(1,)]
        assert db.execute("SELECT count(*) FROM contributors").fetchall() == [(1,)]


@pytest.mark.parametrize(
    ("kind", "period"),
    [
        (Kind.WEEK, "9999-W52"),
        (Kind.WEEK, "0001-W01"),
        (Kind.DAY, "9999-12-31"),
        (Kind.DAY, "0001-01-01"),
        (Kind.DAY, "2026-١١-23"),
    ],
)
def test_finding_4_year_edges_are_422_not_500(
    deployment: Deployment, kind: Kind, period: str
) -> None:
    with deployment.serve(write_policies(deployment.folder, {"dept": ("team-a",)})):
        (token,) = deployment.enroll("team-a", 1)
        response = deployment.send(token, kind, period, random_values(kind, random.Random(95)))
        assert response.status_code == 422, response.text
        for month in ("9999-12", "0001-01", "٢٠٢٦-02"):
            reply = deployment.http.get(
                "/api/v1/stats",
                params={"group": "dept", "month": month},
                headers={"Authorization": f"Bearer {deployment.reader or new_reader(deployment)}"},
            )
            assert reply.status_code == 422, (month, reply.text)


def new_reader(deployment: Deployment) -> str:
    deployment.stats("dept")  # creates the reader
    return deployment.reader


def test_finding_5_a_newcomers_days_and_weeks_cover_the_same_time(
    deployment: Deployment,
) -> None:
    # Five real agents (fake desks, real stores and upload code) record Monday
    # 2 and Wednesday 4 March 2026, enroll on Wednesday and send on Monday 9
    # over HTTP. W10 (Thursday 5 March) is their joining week.
    from agent.participation import Mode
    from agent.upload import enroll, fill_outbox, send_due
    from tests.agent.desk import Desk
    from tests.agent.fakes import paris

    policies = write_policies(deployment.folder, {"dept": ("team-a",)})
    with deployment.serve(policies):
        url = str(deployment.http.base_url)
        codes = auth.new_enrollment_codes(deployment.storage, "team-a", MIN, date(2026, 3, 1))
        helper_codes = auth.new_enrollment_codes(
            deployment.helper_storage, "team-a", MIN, date(2026, 3, 1)
        )
        for code, helper_code in zip(codes, helper_codes, strict=True):
            desk = Desk(start="2026-03-02T09:00:00")
            desk.agent.set_mode(Mode.REMINDERS)
            desk.work(40)  # Monday, before joining
            desk.clock.now = paris("2026-03-04T09:00:00")
            desk.idle.touch()
            desk.agent.tick()
            deployment.clock.now = datetime(2026, 3, 4, 8, 0, tzinfo=UTC)
            enroll(desk.store, url, f"{code}.{helper_code}", date(2026, 3, 4))  # LEADER.HELPER
            desk.agent.set_mode(Mode.SHARE)
            desk.work(30)  # Wednesday, after joining
            desk.clock.now = paris("2026-03-09T08:00:00")
            desk.idle.touch()
            desk.agent.tick()
            deployment.clock.now = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)
            now = int(desk.clock.time())
            fill_outbox(desk.store, now)
            assert send_due(desk.store, now) == 6  # 4 .. 8 March, and W10
        deployment.clock.now = datetime(2026, 4, 10, 12, 0, tzinfo=UTC)  # March released
        march = deployment.stats("team-a", "2026-03")
    # The attack: the team's day sums minus its week sums, on the same days.
    assert march["day"]["released"] and march["week"]["released"]
    days, weeks = march["day"]["sums"], march["week"]["sums"]
    assert days["active_minutes"] > 0
    # Before the fix the joining week was not sent: weeks 0, days the newcomers'.
    assert days["active_minutes"] - weeks["active_minutes"] in range(0, MIN)  # floors only
    assert weeks["active_week"] == days["active_day"] == MIN
