"""``repit-simulate``: a whole fleet, from activity to released sums.

Two modes (see ``simulation.run`` for why):

- without ``--url``: ``simulate_history`` runs its own server on loopback at
  a simulated time and fills the database ``--db`` with M months of history;
- with ``--url``: ``simulate_live`` enrolls simulated devices in a running
  server (codes created in its database ``--db``) and sends, at the real
  time, the periods that server still accepts today.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from aggregator import auth
from aggregator.app import MAX_AGE_DAYS
from aggregator.periods import local_today
from aggregator.storage import Storage
from contract.policy.loader import load_policy_folder
from simulation.fleet import FleetConfig, plan_fleet
from simulation.run import (
    Progress,
    SharedTransport,
    SimulatedDevice,
    compute_histories,
    enroll_all,
    first_acceptable_day,
    outbox_totals,
    round_instants,
    run_rounds,
)
from simulation.server import PairFiles, simulated_server
from simulation.tools import ToolStory, default_stories, register_stories


@dataclass
class SimulationSummary:
    devices: int
    teams: dict[str, int]
    first_day: date
    last_day: date
    events: int
    activity_seconds: float
    upload_seconds: float
    sent: int
    outbox: dict[str, int] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.sent / self.upload_seconds if self.upload_seconds > 0 else 0.0

    def lines(self) -> list[str]:
        teams = ", ".join(f"{team} {count}" for team, count in sorted(self.teams.items()))
        states = ", ".join(f"{state} {count}" for state, count in sorted(self.outbox.items()))
        return [
            f"{self.devices} devices from {self.first_day} to {self.last_day}: {teams}",
            f"activity: {self.events} events through the measuring core "
            f"in {self.activity_seconds:.1f} s",
            f"upload: {self.sent} contributions acknowledged in {self.upload_seconds:.1f} s "
            f"({self.rate:.0f}/s); outbox: {states or 'empty'}",
        ]


def months_before(day: date, months: int) -> date:
    """The same day of the month ``months`` earlier (the month's last day if shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")


def codes_for(
    databases: tuple[Path, Path], teams: Mapping[str, int], today: date
) -> dict[str, Iterator[str]]:
    """``LEADER.HELPER`` one-time codes for each team: one of each server, as ``enroll-code``
    makes them, joined as the agent takes them (SPLIT.md)."""
    minted: list[dict[str, list[str]]] = []
    for database in databases:
        storage = Storage.open(database)
        try:
            minted.append(
                {
                    team: auth.new_enrollment_codes(storage, team, count, today)
                    for team, count in teams.items()
                    if count > 0
                }
            )
        finally:
            storage.close()
    leader, helper = minted
    return {
        team: iter(
            [f"{one}.{other}" for one, other in zip(leader[team], helper[team], strict=True)]
        )
        for team in leader
    }


def _fleet_with_codes(
    config: FleetConfig,
    policies_dir: Path,
    databases: tuple[Path, Path],
    codes_day: date,
    processes: int | None,
    progress: Progress,
) -> tuple[list[SimulatedDevice], float, Counter[str], dict[str, Iterator[str]]]:
    """The simulated fleet with its activity computed, and an enrollment code per device."""
    plans = plan_fleet(load_policy_folder(policies_dir), config)
    started = datetime.now(UTC)
    workers = processes if processes is not None else min(2, os.cpu_count() or 1)
    histories = compute_histories(plans, config.first_day, config.last_day, workers, progress)
    seconds = (datetime.now(UTC) - started).total_seconds()
    fleet = [SimulatedDevice(history) for history in histories]
    teams = Counter(device.team for device in fleet)
    return fleet, seconds, teams, codes_for(databases, teams, codes_day)


def simulate_history(
    db_path: Path,
    policies_dir: Path,
    devices: int,
    months: int,
    until: date,
    seed: int = 0,
    deploy_month: date | None = None,
    max_age_days: int = MAX_AGE_DAYS,
    processes: int | None = None,
    progress: Progress | None = None,
    now: datetime | None = None,
) -> SimulationSummary:
    """Fill ``db_path`` with ``months`` of history ending the day before ``until``.

    The simulator's own server (``simulated_server``) takes the uploads at
    the simulated time, one round a day; the simulated time never passes
    ``now`` (the real time by default).
    """
    progress = progress or Progress()
    now = now or datetime.now(UTC)
    if datetime.combine(until, datetime.min.time(), tzinfo=UTC) > now + timedelta(days=1):
        raise ValueError(f"--until {until} is in the future: the history ends today at the latest")
    first_day, last_day = months_before(until, months), until - timedelta(days=1)
    files = PairFiles(db_path).ensure()
    fleet, activity_seconds, teams, codes = _fleet_with_codes(
        FleetConfig(devices, first_day, last_day, seed, deploy_month),
        policies_dir,
        (files.leader_db, files.helper_db),
        first_day,
        processes,
        progress,
    )
    instants = round_instants(first_day, last_day, now)
    transport = SharedTransport()
    deployments = _tell_tool_stories(fleet, deploy_month)
    with simulated_server(db_path, policies_dir, instants[0], max_age_days) as server:
        enroll_all(fleet, server.url, codes, first_day, instants[0], transport)
        totals = run_rounds(
            fleet, instants, server.set_clock, transport, seed=seed, progress=progress
        )
        # The leader aggregates with the helper and collects the due months.
        server.wait_settled()
    transport.shutdown()
    if deployments is not None:
        storage = Storage.open(files.leader_db)
        try:
            register_stories(storage, *deployments)
        finally:
            storage.close()
    return SimulationSummary(
        devices=len(fleet),
        teams=dict(teams),
        first_day=first_day,
        last_day=last_day,
        events=sum(device.history.events for device in fleet),
        activity_seconds=activity_seconds,
        upload_seconds=totals.seconds,
        sent=totals.sent,
        outbox=totals.outbox,
    )


def _tell_tool_stories(
    fleet: list[SimulatedDevice], deploy_month: date | None
) -> tuple[str, list[ToolStory]] | None:
    """The deployed department's devices tell the tool stories of ``simulation.tools``
    (a tool heavy from the deployment on, one that pleases); (department, stories)."""
    deployed = [device for device in fleet if device.history.plan.workload is not None]
    if deploy_month is None or not deployed:
        return None
    policy = deployed[0].history.plan.policy
    stories = default_stories(policy, deploy_month)
    for device in deployed:
        device.stories = stories
    return policy.id, stories


def simulate_live(
    url: str,
    db_path: Path,
    policies_dir: Path,
    devices: int,
    months: int,
    seed: int = 0,
    deploy_month: date | None = None,
    max_age_days: int = MAX_AGE_DAYS,
    processes: int | None = None,
    progress: Progress | None = None,
    helper_db_path: Path | None = None,
) -> SimulationSummary:
    """Enroll a simulated fleet in the server at ``url`` and send what it accepts today.

    The fleet lives ``months`` up to yesterday (so its weekly averages have a
    history), and enrolls from the oldest day the server still takes: the
    first day of the current month, or of the previous one until it is
    released. ``db_path`` is that leader's database and ``helper_db_path`` its
    helper's, for the codes (by default beside it, as the simulator's own pair).
    """
    progress = progress or Progress()
    now = datetime.now(UTC)
    today = now.date()
    first_day, last_day = months_before(today, months), today - timedelta(days=1)
    fleet, activity_seconds, teams, codes = _fleet_with_codes(
        FleetConfig(devices, first_day, last_day, seed, deploy_month),
        policies_dir,
        (db_path, helper_db_path or PairFiles(db_path).helper_db),
        today,
        processes,
        progress,
    )
    transport = SharedTransport()
    started = datetime.now(UTC)
    by_since: dict[date, list[SimulatedDevice]] = {}
    for device in fleet:
        policy = device.history.plan.policy
        since = max(
            first_day,
            first_acceptable_day(
                local_today(now, policy.timezone), policy.privacy.release_delay_days, max_age_days
            ),
        )
        by_since.setdefault(since, []).append(device)
    for since, group in by_since.items():
        enroll_all(group, url, codes, since, now, transport)
    totals = run_rounds(fleet, [now], lambda _: None, transport, seed=seed, progress=progress)
    transport.shutdown()
    return SimulationSummary(
        devices=len(fleet),
        teams=dict(teams),
        first_day=first_day,
        last_day=last_day,
        events=sum(device.history.events for device in fleet),
        activity_seconds=activity_seconds,
        upload_seconds=(datetime.now(UTC) - started).total_seconds(),
        sent=totals.sent,
        outbox=outbox_totals(fleet),
    )
