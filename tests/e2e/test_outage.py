"""The servers are down for several simulated days; the agents keep producing, then catch up.

Five devices of team A (min_group_size 5) run February 2026. The leader and
the helper stop on the 9th and come back on the 14th (same databases, same ports).
Meanwhile each agent keeps its completed days (roll-over), queues them
(``fill_outbox``), fails to send (``send_due``) and backs off. After the
restart everything arrives exactly once: every outbox row is ``sent``, the
server holds one report per period, and the released sums equal the devices'.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from contract.contribution import Kind
from simulation.run import SimulatedDevice, round_instants, run_rounds
from tests.e2e.live import Deployment
from tests.e2e.test_fleet import own_sums

FIRST_DAY, LAST_DAY = date(2026, 2, 1), date(2026, 2, 28)
DOWN, BACK = datetime(2026, 2, 9, 12, 0, tzinfo=UTC), datetime(2026, 2, 14, 12, 0, tzinfo=UTC)


def outbox(devices: list[SimulatedDevice]) -> list[tuple[str, int]]:
    """(status, attempts) of every outbox row."""
    return [
        (str(status), int(attempts))
        for device in devices
        for status, attempts in device.store.db.execute("SELECT status, attempts FROM outbox")
    ]


def test_everything_arrives_exactly_once_after_an_outage(deployment: Deployment) -> None:
    clock = deployment.clock
    clock.now = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)

    def set_clock(instant: datetime) -> None:
        clock.now = instant

    instants = round_instants(FIRST_DAY, LAST_DAY, datetime(2026, 3, 3, tzinfo=UTC))
    before = [t for t in instants if t < DOWN]
    during = [DOWN + timedelta(days=n) for n in range(5)]
    after = [t for t in instants if t >= BACK]
    transport = deployment.transport

    with deployment.up():
        devices = deployment.fleet({"team-a": 5}, FIRST_DAY, LAST_DAY)
        run_rounds(devices, before, set_clock, transport, threads=1)
    sent_before = sum(device.outbox().get("sent", 0) for device in devices)
    assert sent_before > 0

    # Down: each day the agents keep and queue the new day; sending fails and backs off.
    for instant in during:
        totals = run_rounds(devices, [instant], set_clock, transport, threads=1)
        assert totals.sent == 0
    rows = outbox(devices)
    waiting = [(status, attempts) for status, attempts in rows if status == "pending"]
    assert len(waiting) == 5 * 4  # the 9th to the 12th, completed while down, per device
    assert any(attempts >= 1 for _, attempts in waiting)
    assert not [row for row in rows if row[0] == "refused"]
    for device in devices:
        attempts, retry_at = device.store.db.execute(
            "SELECT SUM(attempts), MAX(next_attempt) FROM outbox WHERE status = 'pending'"
        ).fetchone()
        # One failed try per round (the rest waits), then backed off past the last round.
        assert 1 <= attempts <= len(during)
        assert retry_at > int(during[-1].timestamp())

    with deployment.up() as client:
        run_rounds(devices, after, set_clock, transport, threads=1)
        assert {status for status, _ in outbox(devices)} == {"sent"}
        assert sum(device.outbox()["sent"] for device in devices) == sum(
            device.to_send() for device in devices
        )
        # Nothing is sent twice: another round finds nothing due.
        assert run_rounds(devices, [after[-1]], set_clock, transport).sent == 0

        storage = deployment.storage()
        try:
            with storage.read() as db:
                reports = db.execute("SELECT device, kind, period FROM reports").fetchall()
                weeks = db.execute("SELECT COUNT(*) FROM reports WHERE kind = 'week'").fetchone()
        finally:
            storage.close()
        assert len(reports) == len(set(reports)) == sum(d.to_send() for d in devices)
        assert weeks[0] >= 1

        deployment.wait_aggregated()
        clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)  # February is released
        deployment.wait_recorded("dept", "2026-02")
        reader = deployment.reader_token()
        shown = client.get(
            "/api/v1/stats",
            params={"group": "team-a", "month": "2026-02"},
            headers={"Authorization": f"Bearer {reader}"},
        ).json()
    for kind in Kind:
        assert shown[kind.value]["released"] is True, kind
        assert shown[kind.value]["devices"] == 5, kind
        assert shown[kind.value]["sums"] == own_sums(devices, kind, "2026-02"), kind


def test_reports_sent_while_the_helper_is_down_wait_at_the_leader_and_count_once(
    deployment: Deployment,
) -> None:
    # The agents' side of "a helper down for days delays, never loses": the
    # leader acknowledges (the agents' outboxes empty), the reports wait there,
    # and once the helper is back they are aggregated, each once.
    clock = deployment.clock
    clock.now = datetime(2026, 2, 1, 3, 0, tzinfo=UTC)

    def set_clock(instant: datetime) -> None:
        clock.now = instant

    instants = round_instants(FIRST_DAY, LAST_DAY, datetime(2026, 3, 3, tzinfo=UTC))
    transport = deployment.transport
    with deployment.up():
        devices = deployment.fleet({"team-a": 5}, FIRST_DAY, LAST_DAY)
    with deployment.up(helper=False):
        run_rounds(devices, instants, set_clock, transport, threads=1)
        assert {status for status, _ in outbox(devices)} == {"sent"}
        waiting = deployment.pending()
        assert waiting == sum(device.to_send() for device in devices)
    with deployment.up() as client:
        deployment.wait_aggregated()
        clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
        deployment.wait_recorded("dept", "2026-02")
        shown = client.get(
            "/api/v1/stats",
            params={"group": "team-a", "month": "2026-02"},
            headers={"Authorization": f"Bearer {deployment.reader_token()}"},
        ).json()
    for kind in Kind:
        assert shown[kind.value]["devices"] == 5, kind
        assert shown[kind.value]["sums"] == own_sums(devices, kind, "2026-02"), kind
