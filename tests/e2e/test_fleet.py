"""A simulated fleet through the agent's real upload code to a live leader and helper, over HTTP.

Thirteen devices in three teams of the test department (min_group_size 5)
live January to 9 March 2026 through the real measuring core; each enrolls
at both servers, and each day its agent store keeps, queues (``fill_outbox``,
as split reports) and sends (``send_due``) to the leader at the simulated
time; the leader aggregates them with the helper. On 10 March January and February are released:
team A (6 devices) and the department (13) show exactly the sums of what the
devices computed; team C (2) is held back, and team B (5) with it
(complementary suppression).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from contract.contribution import FIELDS, Kind
from simulation.run import SimulatedDevice, round_instants, run_rounds
from tests.e2e.live import Deployment

TEAMS = {"team-a": 6, "team-b": 5, "team-c": 2}
FIRST_DAY, LAST_DAY = date(2026, 1, 1), date(2026, 3, 9)
READ_AT = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
MONTHS = ("2026-01", "2026-02")


@dataclass
class Fleet:
    deployment: Deployment
    client: httpx.Client
    devices: list[SimulatedDevice]
    reader: str

    def stats(self, group: str, month: str) -> dict[str, Any]:
        response = self.client.get(
            "/api/v1/stats",
            params={"group": group, "month": month},
            headers={"Authorization": f"Bearer {self.reader}"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def tables(self) -> dict[str, list[tuple[Any, ...]]]:
        storage = self.deployment.storage()
        try:
            with storage.read() as db:
                return {
                    table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
                    for table in ("reports", "idempotency", "agg_shares", "contributors")
                }
        finally:
            storage.close()


@pytest.fixture(scope="module")
def fleet(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Fleet]:
    # Module scope: the fleet is simulated and uploaded once for these tests.
    from contract.policy.loader import load_policy_folder
    from tests.aggregator.conftest import Clock, write_policies

    folder = tmp_path_factory.mktemp("fleet")
    policies = load_policy_folder(write_policies(folder / "policies"))
    deployment = Deployment(folder, policies, Clock(READ_AT))
    deployment.clock.now = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)
    with deployment.up() as client:
        devices = deployment.fleet(TEAMS, FIRST_DAY, LAST_DAY)

        def set_clock(instant: datetime) -> None:
            deployment.clock.now = instant

        instants = round_instants(FIRST_DAY, LAST_DAY, READ_AT - timedelta(hours=1))
        totals = run_rounds(devices, instants, set_clock, deployment.transport, threads=4)
        assert totals.outbox == {"sent": sum(device.to_send() for device in devices)}
        deployment.wait_aggregated()
        deployment.clock.now = READ_AT
        deployment.wait_recorded("dept", MONTHS[-1])
        yield Fleet(deployment, client, devices, deployment.reader_token())
    deployment.transport.shutdown()


def in_month(kind: Kind, period: str, month: str) -> bool:
    if kind is Kind.DAY:
        return period.startswith(month)
    year, week = period.split("-W")
    thursday = date.fromisocalendar(int(year), int(week), 4)
    return thursday.strftime("%Y-%m") == month


def own_sums(devices: Sequence[SimulatedDevice], kind: Kind, month: str) -> dict[str, int]:
    """What the devices' own stores hold for ``month``, summed field by field."""
    sums = dict.fromkeys((f.name for f in FIELDS[kind]), 0)
    for device in devices:
        for found, period, values in device.store.contributions(device.since):
            if found is kind and in_month(kind, period, month):
                for name, value in values.items():
                    sums[name] += value
    return sums


def of(fleet: Fleet, *teams: str) -> list[SimulatedDevice]:
    return [device for device in fleet.devices if device.team in teams]


@pytest.mark.parametrize("month", MONTHS)
@pytest.mark.parametrize("group", ["team-a", "dept"])
def test_released_sums_equal_the_devices_own_figures(fleet: Fleet, group: str, month: str) -> None:
    members = of(fleet, "team-a") if group == "team-a" else fleet.devices
    shown = fleet.stats(group, month)
    for kind in Kind:
        batch = shown[kind.value]
        assert batch["released"] is True, kind
        assert batch["devices"] == len(members), kind
        assert batch["sums"] == own_sums(members, kind, month), kind
    # The contributions are the day figures themselves: check the sums
    # against the figures each device's store kept, too.
    days = [
        figures
        for device in members
        for figures in device.store.days(device.since)
        if figures.date.startswith(month)
    ]
    day = shown["day"]["sums"]
    assert day["reports"] == len(days)
    assert day["active_day"] == sum(1 for d in days if d.active_minutes > 0)
    assert day["working_day"] == sum(d.working_day for d in days)
    for name in ("active_minutes", "after_hours_minutes", "breaks"):
        assert day[name] == sum(getattr(d, name) for d in days), name
    for name in (
        "after_hours_active",
        "night_active",
        "non_working_day_active",
        "active_over_10h",
        "amplitude_over_12h",
        "rest_under_11h",
        "no_break_6h",
        "long_stretch",
    ):
        assert day[name] == sum(getattr(d, name) for d in days), name
    assert day["active_minutes"] > 0 and day["breaks"] > 0  # real activity, not zeros


@pytest.mark.parametrize("month", MONTHS)
def test_a_small_team_and_its_sibling_are_held_back(fleet: Fleet, month: str) -> None:
    nothing = {"released": False}
    for team in ("team-c", "team-b"):
        # Team B alone is large enough, but the department minus team A would
        # be team B + team C: team B is held back so that team C stays hidden.
        shown = fleet.stats(team, month)
        assert (shown["group"], shown["day"], shown["week"]) == (team, nothing, nothing)
        assert set(shown) == {"group", "month", "release_date", "day", "week"}


def test_a_duplicate_id_counts_once_and_a_second_report_is_409(fleet: Fleet) -> None:
    device = of(fleet, "team-a")[0]
    row = device.store.db.execute(
        "SELECT body, status FROM outbox WHERE kind = 'day' AND period = '2026-03-05'"
    ).fetchone()
    assert row is not None and row[1] == "sent"
    body = json.loads(row[0])
    token = json.loads(device.store.setting("enrollment") or "{}")["token"]
    headers = {"Authorization": f"Bearer {token}"}
    before = fleet.tables()
    again = fleet.client.post("/api/v1/reports", json=body, headers=headers)
    assert (again.status_code, again.json()) == (200, {"duplicate": True})
    assert fleet.tables() == before
    other = {**body, "id": "9b2f6c1e-4d7a-4b8e-9f3a-2c1d5e6f7a8b"}
    conflict = fleet.client.post("/api/v1/reports", json=other, headers=headers)
    assert conflict.status_code == 409, conflict.text
    assert fleet.tables() == before


def test_every_period_was_counted_exactly_once(fleet: Fleet) -> None:
    reports = fleet.tables()["reports"]
    sent = sum(device.outbox().get("sent", 0) for device in fleet.devices)
    assert len(reports) == sent == len(set(reports))
