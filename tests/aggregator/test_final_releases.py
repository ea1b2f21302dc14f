"""Final releases, re-enrolment and "not yet published", over real HTTP on loopback,
with a leader and a helper (SPLIT.md)."""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

from contract.contribution import Kind
from tests.aggregator.test_findings import (
    FEBRUARY_DAYS,
    FEBRUARY_WEEKS,
    MIN,
    SENDING,
    Deployment,
    deployment,
    random_values,
    write_policies,
)
from tests.waiting import wait_until

__all__ = ["deployment"]  # the fixture, shared with the findings


def test_a_due_month_is_recorded_at_server_start(deployment: Deployment) -> None:
    policies = write_policies(deployment.folder, {"dept": ("team-a",)})
    deployment.clock.now = SENDING
    with deployment.serve(policies):
        deployment.feed("team-a", MIN, random.Random(1))
    with deployment.storage.read() as db:
        assert db.execute("SELECT COUNT(*) FROM released_months").fetchone() == (0,)
    deployment.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # February is due
    with deployment.serve(policies, finalise_every_seconds=0.05):
        # No read and no upload yet: the leader's own pass, at start, records February.
        def recorded_months() -> list[tuple[str, str]]:
            with deployment.storage.read() as db:
                return db.execute("SELECT department, month FROM released_months").fetchall()

        wait_until(lambda: bool(recorded_months()), "the leader to record February by itself")
        recorded = recorded_months()
        with deployment.storage.read() as db:
            shown = db.execute(
                "SELECT grp, kind, devices FROM releases WHERE released = 1 ORDER BY grp, kind"
            ).fetchall()
        assert recorded == [("dept", "2026-02")]
        assert shown == [
            ("dept", "day", MIN),
            ("dept", "week", MIN),
            ("team-a", "day", MIN),
            ("team-a", "week", MIN),
        ]


RECORDED_WITHIN_SECONDS = 30.0  # generous: the timer ticks every 0.05 s here


def test_a_month_that_falls_due_while_serving_is_recorded_by_the_timer(
    deployment: Deployment,
) -> None:
    policies = write_policies(deployment.folder, {"dept": ("team-a",)})
    deployment.clock.now = SENDING
    with deployment.serve(policies, finalise_every_seconds=0.05):
        deployment.feed("team-a", MIN, random.Random(5))
        with deployment.storage.read() as db:
            assert db.execute("SELECT COUNT(*) FROM released_months").fetchone() == (0,)
        deployment.clock.now = datetime(2026, 3, 6, 0, 0, tzinfo=UTC)  # 6 March in Paris

        def found() -> list[tuple[str, str]]:
            with deployment.storage.read() as db:
                return db.execute("SELECT department, month FROM released_months").fetchall()

        wait_until(lambda: bool(found()), "the leader to record February", RECORDED_WITHIN_SECONDS)
        assert found() == [("dept", "2026-02")]


def test_re_enrolling_revokes_the_old_token_and_counts_the_device_once(
    deployment: Deployment,
) -> None:
    policies = write_policies(deployment.folder, {"dept": ("team-a",)})
    deployment.clock.now = SENDING
    with deployment.serve(policies):
        tokens = deployment.enroll("team-a", MIN)
        rng = random.Random(2)
        for token in tokens:
            response = deployment.send(
                token, Kind.DAY, FEBRUARY_DAYS[0], random_values(Kind.DAY, rng)
            )
            assert response.status_code == 202
        # The first device re-enrolls with new codes, sending its current tokens.
        new = deployment.reenroll(tokens[0], "team-a")
        # The old token is dead.
        old = deployment.send(tokens[0], Kind.DAY, FEBRUARY_DAYS[1], random_values(Kind.DAY, rng))
        assert old.status_code == 401
        # Same device: the day it already sent is a conflict, not a second device.
        twice = deployment.send(new, Kind.DAY, FEBRUARY_DAYS[0], random_values(Kind.DAY, rng))
        assert twice.status_code == 409
        other_day = deployment.send(new, Kind.DAY, FEBRUARY_DAYS[1], random_values(Kind.DAY, rng))
        assert other_day.status_code == 202
        for week in FEBRUARY_WEEKS:
            for token in (new, *tokens[1:]):
                sent = deployment.send(token, Kind.WEEK, week, random_values(Kind.WEEK, rng))
                assert sent.status_code == 202
        deployment.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        shown = deployment.stats("team-a")
    assert shown["day"]["devices"] == MIN  # not MIN + 1
    assert shown["week"]["devices"] == MIN
    for storage in (deployment.leader_storage, deployment.helper_storage):
        with storage.read() as db:
            assert db.execute("SELECT COUNT(*) FROM devices").fetchone() == (MIN,)


def test_the_dashboard_says_not_yet_published_with_the_public_date(deployment: Deployment) -> None:
    policies = write_policies(deployment.folder, {"dept": ("team-a", "team-b")})
    deployment.clock.now = SENDING
    with deployment.serve(policies):
        deployment.feed("team-a", MIN, random.Random(3))
        deployment.feed("team-b", 1, random.Random(4))  # too small, whenever
        deployment.stats("dept")  # creates the reader
        headers = {"Authorization": f"Bearer {deployment.reader}"}
        before = deployment.http.get("/groups/dept", params={"month": "2026-02"}, headers=headers)
        english = deployment.http.get(
            "/groups/dept", params={"month": "2026-02", "lang": "en"}, headers=headers
        )
        csv_before = deployment.http.get(
            "/groups/dept.csv", params={"month": "2026-02"}, headers=headers
        )
        stats = deployment.stats("dept")
        deployment.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        deployment.settle()
        after = deployment.http.get("/groups/team-b", params={"month": "2026-02"}, headers=headers)
    assert stats["release_date"] == "2026-03-06"
    assert held(before.text) == "pas encore publié (le 6 mars 2026)"
    assert held(english.text) == "not yet published (on 6 March 2026)"
    assert "pas encore publié (le 6 mars 2026)" in csv_before.text
    # After the date, a team too small reads "not enough participants", never "not yet".
    assert held(after.text) == "pas assez de participants"
    assert "pas encore publié" not in after.text


def held(page: str) -> str:
    """The text of the page's held-back notice."""
    found = re.search(r'<p class="held" id="held-back">([^<]*)</p>', page)
    assert found, page
    return found[1]


def test_a_device_that_re_enrolled_into_a_sibling_team_counts_once_in_the_total(
    deployment: Deployment,
) -> None:
    # Four devices of team-a send February's first days; one re-enrolls into
    # team-b and sends later days. The department holds 4 distinct devices,
    # fewer than MIN: adding its teams' counts (4 + 1) would show its total.
    policies = write_policies(deployment.folder, {"dept": ("team-a", "team-b")})
    deployment.clock.now = SENDING
    rng = random.Random(6)
    with deployment.serve(policies):
        tokens = deployment.enroll("team-a", MIN - 1)
        for token in tokens:
            for day in FEBRUARY_DAYS[:3]:
                sent = deployment.send(token, Kind.DAY, day, random_values(Kind.DAY, rng))
                assert sent.status_code == 202
        token = deployment.reenroll(tokens[0], "team-b")
        for day in FEBRUARY_DAYS[10:13]:
            assert (
                deployment.send(token, Kind.DAY, day, random_values(Kind.DAY, rng)).status_code
                == 202
            )
        deployment.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        department = deployment.stats("dept")
    assert department["day"] == {"released": False}
