"""The agent's jobs on APScheduler, in the policy's time zone.

The scheduler's thread runs the local jobs (tick, roll-over at local midnight,
purge), so they never overlap; network jobs (upload, policy) run each in a
thread of its own (``NetworkExecutor``), so that an aggregator that answers
slowly or never holds up no tick and no reminder.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from datetime import datetime

from agent.core.localdays import zone
from agent.jobs import TICK_SECONDS, Agent
from agent.light_apscheduler import (
    BackgroundScheduler,
    BaseExecutor,
    CronTrigger,
    DebugExecutor,
    Job,
    run_job,
)
from agent.upload import SEND_DELAY_MAX_SECONDS
from contract.policy.model import Policy

NETWORK = "network"


class NetworkExecutor(BaseExecutor):  # type: ignore[misc]  # APScheduler is untyped
    """Each run in a daemon thread of its own.

    Daemon: a request hung on the network (bounded by its total deadline
    anyway) never delays the agent's exit; ``Agent.stop`` keeps it away from
    the store once it returns. ``max_instances=1`` keeps one run per job.
    """

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        def work() -> None:
            try:
                events = run_job(job, job._jobstore_alias, run_times, self._logger.name)
            except BaseException:
                self._run_job_error(job.id, *sys.exc_info()[1:])
            else:
                self._run_job_success(job.id, events)

        threading.Thread(target=work, name=f"repit-{job.id}", daemon=True).start()


def build_scheduler(
    agent: Agent, policy: Policy, after_tick: Callable[[], None]
) -> BackgroundScheduler:
    """The agent's jobs, in the policy's time zone: local ones in the scheduler's
    own thread, network ones beside it."""
    # Local jobs run in the scheduler's own thread (the "debug" executor runs
    # them where they are due): one thread, one wake-up per tick, no overlap.
    scheduler = BackgroundScheduler(
        executors={"default": DebugExecutor(), NETWORK: NetworkExecutor()},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": 3600},
        timezone=zone(policy.timezone),
    )

    def tick() -> None:
        agent.tick()
        after_tick()

    scheduler.add_job(tick, "interval", seconds=TICK_SECONDS, id="tick")
    midnight = CronTrigger(hour=0, minute=0, second=5, timezone=zone(policy.timezone))
    scheduler.add_job(agent.roll_over, midnight, id="roll-over")
    scheduler.add_job(
        agent.purge, CronTrigger(hour=3, minute=17, timezone=zone(policy.timezone)), id="purge"
    )
    # Uploads wait a random delay each round: when a contribution arrives must
    # say nothing about when its author works.
    scheduler.add_job(
        agent.upload,
        "interval",
        minutes=30,
        jitter=SEND_DELAY_MAX_SECONDS,
        id="upload",
        executor=NETWORK,
    )
    # The team's policy from the aggregator: at start (unless fetched less
    # than a day ago: a restart then makes no request), then daily.
    scheduler.add_job(
        agent.sync_policy,
        "interval",
        hours=24,
        jitter=3600,
        next_run_time=datetime.fromtimestamp(agent.next_policy_fetch(), zone(policy.timezone)),
        id="policy",
        executor=NETWORK,
    )
    return scheduler
