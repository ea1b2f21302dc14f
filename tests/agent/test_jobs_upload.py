"""The running agent's upload job: a day recorded, kept at roll-over, sent as a split report."""

from __future__ import annotations

from datetime import date

from agent.jobs import Agent
from agent.participation import Mode
from agent.upload import pending
from contract.policy.model import Policy
from tests.agent.desk import Desk
from tests.agent.fakes import paris, plain_text
from tests.agent.split_servers import TwoServers, enrolled


def sharing_desk(servers: TwoServers) -> Desk:
    desk = Desk(start="2026-03-02T09:00:00", store=enrolled(servers, since=date(2026, 3, 2)))
    desk.agent = Agent(
        desk.store,
        Policy(),
        clock=desk.clock,
        idle_source=lambda: desk.idle,
        notifier=desk.notifier,
        reminder_text=plain_text,
        upload_transport=servers.transport,
    )
    return desk


def test_a_recorded_day_reaches_the_pair_as_its_own_figures() -> None:
    servers = TwoServers()
    desk = sharing_desk(servers)
    desk.agent.set_mode(Mode.SHARE)
    desk.work(95)  # Monday 2 March, 09:00 to 10:35
    desk.clock.now = paris("2026-03-03T08:00:00")
    desk.idle.touch()
    desk.agent.tick()  # a new day: Monday is kept
    assert desk.agent.upload() == 1
    (report,) = servers.reports
    assert (report["kind"], report["period"]) == ("day", "2026-03-02")
    kept = {period: values for kind, period, values in desk.store.contributions() if kind == "day"}
    sums = servers.aggregate([report])
    assert sums == kept["2026-03-02"]
    assert sums["active_minutes"] >= 90 and sums["hours_1"] == 1
    assert desk.agent.upload() == 0  # sent once: nothing due again


def test_an_agent_not_sharing_queues_and_sends_nothing() -> None:
    servers = TwoServers()
    desk = sharing_desk(servers)
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(30)
    desk.clock.now = paris("2026-03-03T08:00:00")
    desk.agent.tick()
    assert desk.agent.upload() == 0
    assert pending(desk.store) == [] and servers.reports == []
