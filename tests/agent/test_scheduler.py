"""The agent's jobs on the real APScheduler, with time from an injected clock.

Jobs are made due at once (``modify(next_run_time=now)``) instead of waiting
for their triggers: nobody sleeps through minutes, yet the real scheduler,
its worker thread and its job wiring run (``tests.agent.desk.ScheduledDesk``).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from agent.participation import Mode
from tests.agent.desk import ScheduledDesk
from tests.agent.fakes import paris


@pytest.fixture
def harness() -> Iterator[ScheduledDesk]:
    here = ScheduledDesk()
    here.agent.set_mode(Mode.REMINDERS)
    with here.running():
        yield here


def test_jobs_are_tick_midnight_roll_over_purge_upload_and_policy(
    harness: ScheduledDesk,
) -> None:
    jobs = {job.id: job for job in harness.scheduler.get_jobs()}
    assert set(jobs) == {"tick", "roll-over", "purge", "upload", "policy"}
    assert jobs["tick"].trigger.interval.total_seconds() == 5
    assert str(jobs["roll-over"].trigger.timezone) == "Europe/Paris"
    assert "hour='0'" in str(jobs["roll-over"].trigger)


def test_reminders_are_paced_through_the_scheduled_tick(harness: ScheduledDesk) -> None:
    harness.type_for(1)
    assert harness.ticked.is_set()
    assert [title for title, _ in harness.notifier.shown] == ["disconnect"]
    harness.type_for(58)  # the disconnect repeats only after 60 minutes
    assert len(harness.notifier.shown) == 1
    harness.type_for(2)
    assert [title for title, _ in harness.notifier.shown] == ["disconnect", "disconnect"]


def test_the_midnight_job_keeps_the_day_that_ended(harness: ScheduledDesk) -> None:
    harness.type_for(2)
    harness.clock.now = paris("2026-03-03T00:00:05")
    harness.run_job("roll-over")
    (monday,) = harness.store.days()
    assert monday.date == "2026-03-02"
    assert monday.after_hours_minutes == monday.active_minutes == 1
