"""The agent's jobs on the real APScheduler, with time from an injected clock.

Jobs are made due at once (``modify(next_run_time=now)``) instead of waiting
for their triggers: nobody sleeps through minutes, yet the real scheduler,
its worker thread and its job wiring run.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from agent.jobs import Agent
from agent.participation import Mode
from agent.scheduler import build_scheduler
from agent.store import Store
from contract.policy.model import Policy
from tests.agent.fakes import FakeClock, FakeIdleSource, RecordingNotifier, paris, plain_text


class Harness:
    def __init__(self) -> None:
        self.clock = FakeClock(paris("2026-03-02T19:30:00"))
        self.idle = FakeIdleSource(self.clock)
        self.notifier = RecordingNotifier()
        self.store = Store.in_memory()
        self.agent = Agent(
            self.store,
            Policy(),
            clock=self.clock,
            idle_source=lambda: self.idle,
            notifier=self.notifier,
            reminder_text=plain_text,
        )
        self.ticked = threading.Event()
        self.scheduler: BackgroundScheduler = build_scheduler(self.agent, Policy(), self.ticked.set)

    def run_job(self, job_id: str) -> None:
        """Make a job due now and wait until the scheduler's worker has run it."""
        finished = threading.Event()
        failures: list[BaseException] = []

        def listener(event: JobExecutionEvent) -> None:
            if event.job_id == job_id:
                if event.exception is not None:
                    failures.append(event.exception)
                finished.set()

        self.scheduler.add_listener(listener, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)
        job = self.scheduler.get_job(job_id)
        assert job is not None
        job.modify(next_run_time=datetime.now(self.scheduler.timezone))
        self.scheduler.wakeup()
        assert finished.wait(10), f"job {job_id} did not run"
        self.scheduler.remove_listener(listener)
        assert not failures, f"job {job_id} failed: {failures[0]!r}"

    def type_for(self, minutes: int) -> None:
        for _ in range(minutes * 12):
            self.clock.advance(5)
            self.idle.touch()
            self.run_job("tick")


@pytest.fixture
def harness() -> Iterator[Harness]:
    here = Harness()
    here.agent.set_mode(Mode.REMINDERS)
    here.scheduler.start(paused=False)
    try:
        yield here
    finally:
        here.scheduler.shutdown(wait=True)


def test_jobs_are_tick_midnight_roll_over_purge_upload_and_policy(
    harness: Harness,
) -> None:
    jobs = {job.id: job for job in harness.scheduler.get_jobs()}
    assert set(jobs) == {"tick", "roll-over", "purge", "upload", "policy"}
    assert jobs["tick"].trigger.interval.total_seconds() == 5
    assert str(jobs["roll-over"].trigger.timezone) == "Europe/Paris"
    assert "hour='0'" in str(jobs["roll-over"].trigger)


def test_reminders_are_paced_through_the_scheduled_tick(harness: Harness) -> None:
    harness.type_for(1)
    assert harness.ticked.is_set()
    assert [title for title, _ in harness.notifier.shown] == ["disconnect"]
    harness.type_for(58)  # the disconnect repeats only after 60 minutes
    assert len(harness.notifier.shown) == 1
    harness.type_for(2)
    assert [title for title, _ in harness.notifier.shown] == ["disconnect", "disconnect"]


def test_the_midnight_job_keeps_the_day_that_ended(harness: Harness) -> None:
    harness.type_for(2)
    harness.clock.now = paris("2026-03-03T00:00:05")
    harness.run_job("roll-over")
    (monday,) = harness.store.days()
    assert monday.date == "2026-03-02"
    assert monday.after_hours_minutes == monday.active_minutes == 1
