"""An agent on a fake desk, built once for every test that runs one.

``Desk``: the agent with its fake clock, idle source and notifier, and a
store (in memory unless given); ``ScheduledDesk``: the same agent driven by
the real APScheduler, its jobs made due at once (``modify(next_run_time=now)``)
instead of waiting for their triggers, so nobody sleeps through minutes, yet
the real scheduler, its worker thread and its job wiring run.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, JobExecutionEvent
from apscheduler.schedulers.background import BackgroundScheduler

from agent.core.spans import Span
from agent.jobs import TICK_SECONDS, Agent
from agent.scheduler import build_scheduler
from agent.store import Store
from contract.policy.model import Policy
from contract.split.hpke import generate_keypair
from tests.agent.fakes import FakeClock, FakeIdleSource, RecordingNotifier, paris, plain_text
from tests.waiting import WAIT_SECONDS

MONDAY_MORNING = "2026-03-02T09:00:00"
MONDAY_EVENING = "2026-03-02T19:30:00"
"""After the default 07:30-19:00 window: the disconnect reminder is due."""


def enrolled(store: Store, url: str) -> Store:
    """``store`` as the agent leaves it once enrolled in team ``dnum-infra`` at ``url``."""
    store.set_setting(
        "enrollment",
        json.dumps(
            {"url": url, "token": "tok", "team": "dnum-infra",
             "department": "dnum", "since": "2026-03-01",
             "helper_url": "https://helper.example.org", "helper_token": "htok",
             "hpke_config": generate_keypair()[0].to_json()}
        ),
    )  # fmt: skip
    return store


class Desk:
    """An agent on a fake desk: its clock, its idle source, its notifier, its store.

    ``agent_options`` go to ``Agent`` as they are (a transport, network
    limits, session events...), at the first start and every ``restart``.
    """

    def __init__(
        self, start: str = MONDAY_MORNING, store: Store | None = None, **agent_options: Any
    ) -> None:
        self.clock = FakeClock(paris(start))
        self.idle = FakeIdleSource(self.clock)
        self.notifier = RecordingNotifier()
        self.store = store or Store.in_memory()
        self.agent_options = agent_options
        self.agent = self.restart()

    def restart(self, **agent_options: Any) -> Agent:
        """A new agent on the same desk and store, as after a restart."""
        self.agent_options |= agent_options
        self.agent = Agent(
            self.store,
            Policy(),
            clock=self.clock,
            idle_source=lambda: self.idle,
            notifier=self.notifier,
            reminder_text=plain_text,
            **self.agent_options,
        )
        return self.agent

    def work(self, minutes: float) -> list[str]:
        """Type for ``minutes``, one tick every 5 s; return the kinds of reminder shown."""
        shown: list[str] = []
        for _ in range(int(minutes * 60 / TICK_SECONDS)):
            self.clock.advance(TICK_SECONDS)
            self.idle.touch()
            shown += [r.kind.value for r in self.agent.tick()]
        return shown

    def rest(self, minutes: float) -> None:
        for _ in range(int(minutes * 60 / TICK_SECONDS)):
            self.clock.advance(TICK_SECONDS)
            self.agent.tick()

    def spans(self) -> list[Span]:
        return self.store.spans_around(0, 2**40)


class ScheduledDesk(Desk):
    """A desk whose agent runs on the real scheduler; ``ticked`` is set by every tick."""

    def __init__(
        self, start: str = MONDAY_EVENING, store: Store | None = None, **agent_options: Any
    ) -> None:
        super().__init__(start, store, **agent_options)
        self.ticked = threading.Event()
        self.scheduler: BackgroundScheduler = build_scheduler(self.agent, Policy(), self.ticked.set)
        self._succeeded: dict[str, threading.Event] = {}
        self._ended: dict[str, threading.Event] = {}
        self._failures: dict[str, BaseException] = {}
        self.scheduler.add_listener(self._on_job, EVENT_JOB_EXECUTED | EVENT_JOB_ERROR)

    @contextmanager
    def running(self, *, paused: bool = False) -> Iterator[ScheduledDesk]:
        self.scheduler.start(paused=paused)
        try:
            yield self
        finally:
            self.scheduler.shutdown(wait=True)

    def _on_job(self, event: JobExecutionEvent) -> None:
        if event.exception is not None:
            self._failures[event.job_id] = event.exception
        elif event.job_id in self._succeeded:
            self._succeeded[event.job_id].set()
        if event.job_id in self._ended:
            self._ended[event.job_id].set()

    def start_job(self, job_id: str) -> threading.Event:
        """Make a job due now; the event is set once it has run without an error."""
        done = self._succeeded[job_id] = threading.Event()
        self._ended[job_id] = threading.Event()
        self._failures.pop(job_id, None)
        job = self.scheduler.get_job(job_id)
        assert job is not None
        job.modify(next_run_time=datetime.now(self.scheduler.timezone))
        self.scheduler.wakeup()
        return done

    def run_job(self, job_id: str, deadline: float = WAIT_SECONDS) -> None:
        """Make a job due now and wait until the scheduler's worker has run it."""
        self.start_job(job_id)
        assert self._ended[job_id].wait(deadline), f"job {job_id} did not run"
        failure = self._failures.get(job_id)
        assert failure is None, f"job {job_id} failed: {failure!r}"

    def tick_with_input(self, deadline: float = WAIT_SECONDS) -> None:
        """Five seconds of typing, then the scheduled tick."""
        self.clock.advance(TICK_SECONDS)
        self.idle.touch()
        self.run_job("tick", deadline)

    def type_for(self, minutes: int) -> None:
        for _ in range(int(minutes * 60 / TICK_SECONDS)):
            self.tick_with_input()
