"""The agent's log holds no time of day, even when APScheduler reports a failing job
(its job descriptions end with "next run at: <date> <time>")."""

from __future__ import annotations

import io
import logging
import re
import threading
from collections.abc import Iterator
from datetime import datetime

import pytest
from apscheduler.events import EVENT_JOB_ERROR, JobExecutionEvent
from hypothesis import given
from hypothesis import strategies as st

from agent.jobs import Agent
from agent.logs import WithoutTimeOfDay, configure_logging
from agent.participation import Mode
from agent.scheduler import build_scheduler
from agent.store import Store
from contract.policy.model import Policy
from tests.agent.fakes import FakeClock, RecordingNotifier, paris, plain_text

TIME_OF_DAY = re.compile(r"\d{1,2}:\d{2}")
JOB_DEADLINE_SECONDS = 10


class BrokenIdleSource:
    name = "broken"

    def start(self) -> None:
        pass

    def seconds_since_input(self) -> float:
        raise RuntimeError("the idle source broke at 19:31:07")

    def stop(self) -> None:
        pass


@pytest.fixture
def captured_log() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = configure_logging(stream)
    try:
        yield stream
    finally:
        logging.getLogger().removeHandler(handler)


def test_a_failing_job_is_logged_without_its_next_run_time(captured_log: io.StringIO) -> None:
    clock = FakeClock(paris("2026-03-02T19:30:00"))
    agent = Agent(
        Store.in_memory(),
        Policy(),
        clock=clock,
        idle_source=BrokenIdleSource,
        notifier=RecordingNotifier(),
        reminder_text=plain_text,
    )
    agent.set_mode(Mode.REMINDERS)
    scheduler = build_scheduler(agent, Policy(), lambda: None)
    failed = threading.Event()

    def listener(event: JobExecutionEvent) -> None:
        if event.job_id == "tick":
            failed.set()

    scheduler.add_listener(listener, EVENT_JOB_ERROR)
    scheduler.start()
    try:
        job = scheduler.get_job("tick")
        assert job is not None
        job.modify(next_run_time=datetime.now(scheduler.timezone))
        scheduler.wakeup()
        assert failed.wait(JOB_DEADLINE_SECONDS), "the broken tick did not run"
    finally:
        scheduler.shutdown(wait=True)
    log = captured_log.getvalue()
    assert "tick (trigger" in log and "raised an exception" in log  # the failure is told
    assert "RuntimeError" in log
    assert [line for line in log.splitlines() if TIME_OF_DAY.search(line)] == []


def test_the_formatter_keeps_the_day_and_durations_in_words() -> None:
    record = logging.LogRecord(
        "apscheduler.executors.default",
        logging.WARNING,
        __file__,
        1,
        'Run time of job "%s" was missed by %s',
        ("tick (next run at: 2026-03-02 07:05:00.123 CET)", "8:00:12.5"),
        None,
    )
    line = WithoutTimeOfDay().format(record)
    assert "2026-03-02" in line
    assert TIME_OF_DAY.search(line) is None, line


@given(
    st.lists(
        st.one_of(
            st.text(alphabet="abcT ()[]-,.é2", max_size=8),
            st.builds(
                "{}:{:02d}{}".format,
                st.integers(0, 23),
                st.integers(0, 59),
                st.sampled_from(["", ":07", ":07.250", ",5"]),
            ),
        ),
        max_size=6,
    )
)
def test_no_time_of_day_survives_formatting(pieces: list[str]) -> None:
    record = logging.LogRecord("repit", logging.INFO, __file__, 1, "%s", ("".join(pieces),), None)
    assert TIME_OF_DAY.search(WithoutTimeOfDay().format(record)) is None
