"""A simulated fleet: devices spread over the policies' teams, each with a persona and leave.

- Teams get uneven sizes (weights drawn from the seed), so a small fleet has
  teams below ``min_group_size``, held back as in real life.
- Office departments work most of their day at the screen; departments whose
  id starts with ``lycees`` (school cleaning, maintenance, kitchens) only
  now and then, on shared workstations.
- About one person in five works some evenings; one team (``dnum-infra`` when
  present: infrastructure on call) has a heavy after-hours load: long days,
  evenings, weekends and night calls.
- Everyone takes leave (a summer block when the range covers it, shorter
  blocks otherwise) and is absent now and then; weekends and public holidays
  are mostly off.
- A tool deployment raises one department's workload (``rh`` when present)
  from a given month: longer days, a shorter lunch, fewer breaks.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from contract.policy.model import Policy
from simulation.activity import DevicePlan, Persona, Workload

HEAVY_TEAM = "dnum-infra"
DEPLOY_DEPARTMENT = "rh"
LOW_SCREEN_PREFIX = "lycees"


@dataclass(frozen=True)
class FleetConfig:
    devices: int
    first_day: date
    last_day: date
    seed: int = 0
    deploy_month: date | None = None
    """First day of the month the new tool is deployed; None: no deployment."""
    deploy_department: str | None = None
    """The department that gets the new tool (default ``rh``, else the first one)."""
    heavy_team: str | None = None
    """The team with heavy after-hours work (default ``dnum-infra``, else the first team)."""
    teams: Mapping[str, int] | None = None
    """Exact number of devices per team id, instead of drawing the sizes."""


def teams_of(policies: Mapping[str, Policy]) -> list[tuple[str, Policy]]:
    """Every (team id, policy) pair, in a stable order."""
    return [(team.id, policy) for _, policy in sorted(policies.items()) for team in policy.teams]


def team_sizes(teams: list[str], devices: int, rng: random.Random) -> dict[str, int]:
    """Split ``devices`` over ``teams`` with uneven weights (largest remainder)."""
    weights = [rng.uniform(0.4, 1.6) for _ in teams]
    total = sum(weights)
    exact = [devices * weight / total for weight in weights]
    sizes = [int(share) for share in exact]
    by_remainder = sorted(range(len(teams)), key=lambda i: exact[i] - sizes[i], reverse=True)
    for i in by_remainder[: devices - sum(sizes)]:
        sizes[i] += 1
    return dict(zip(teams, sizes, strict=True))


def plan_fleet(policies: Mapping[str, Policy], config: FleetConfig) -> list[DevicePlan]:
    """The devices of the fleet, each with its team, policy, persona, leave and seed."""
    pairs = teams_of(policies)
    if not pairs:
        raise ValueError("the policies define no team")
    policy_of = dict(pairs)
    rng = random.Random(f"fleet:{config.seed}")
    if config.teams is not None:
        unknown = sorted(set(config.teams) - set(policy_of))
        if unknown:
            raise ValueError(f"no team {', '.join(unknown)} in the policies")
        sizes = dict(config.teams)
    else:
        sizes = team_sizes([team for team, _ in pairs], config.devices, rng)
    heavy = config.heavy_team or (HEAVY_TEAM if HEAVY_TEAM in policy_of else pairs[0][0])
    departments = sorted({policy.id for _, policy in pairs})
    deploy_department = config.deploy_department or (
        DEPLOY_DEPARTMENT if DEPLOY_DEPARTMENT in departments else departments[0]
    )
    workload = Workload(config.deploy_month) if config.deploy_month is not None else None
    plans: list[DevicePlan] = []
    for team, count in sizes.items():
        policy = policy_of[team]
        for _ in range(count):
            index = len(plans)
            device_rng = random.Random(f"device:{config.seed}:{index}")
            plans.append(
                DevicePlan(
                    index=index,
                    team=team,
                    policy=policy,
                    persona=persona(device_rng, policy, heavy=team == heavy),
                    leave=leave(device_rng, config.first_day, config.last_day),
                    seed=device_rng.getrandbits(64),
                    workload=workload if policy.id == deploy_department else None,
                )
            )
    return plans


def persona(rng: random.Random, policy: Policy, heavy: bool) -> Persona:
    """A person of ``policy``'s department; ``heavy``: the team with heavy after-hours load."""
    low_screen = policy.id.startswith(LOW_SCREEN_PREFIX)
    evening_worker = heavy or (not low_screen and rng.random() < 0.2)
    windows = policy.hours.windows(0)
    day_length = windows[-1].end - windows[0].start
    if low_screen:
        presence = min(day_length, rng.randint(400, 480))
    else:
        presence = rng.randint(480, 550) + (rng.randint(60, 100) if heavy else 0)
    if heavy:
        screen_share, evening, weekend = rng.uniform(0.85, 0.95), rng.uniform(0.5, 0.8), 0.2
    elif low_screen:
        screen_share, evening, weekend = rng.uniform(0.1, 0.3), 0.005, 0.01
    else:
        screen_share = rng.uniform(0.7, 0.92)
        evening = rng.uniform(0.2, 0.5) if evening_worker else 0.01
        weekend = 0.08 if evening_worker else 0.02
    return Persona(
        chronotype=rng.betavariate(2, 3),
        presence_minutes=presence,
        lunch_minutes=rng.randint(40, 75),
        screen_share=screen_share,
        coffee_breaks=rng.uniform(0.5, 1.5) if heavy else rng.uniform(1.0, 3.0),
        follows_break_reminders=rng.uniform(0.1, 0.4) if heavy else rng.uniform(0.2, 0.7),
        stops_when_reminded=rng.uniform(0.05, 0.2) if heavy else rng.uniform(0.1, 0.5),
        snoozes=rng.uniform(0.01, 0.06),
        evening=evening,
        weekend=weekend,
        night_calls=rng.uniform(0.02, 0.06) if heavy else 0.0,
        stays_late=rng.uniform(0.5, 0.9) if heavy else rng.uniform(0.02, 0.15),
        long_days=rng.uniform(0.1, 0.25) if heavy else 0.0 if low_screen else 0.02,
        locks=rng.uniform(0.3, 0.9),
        absence=rng.uniform(0.01, 0.04),
    )


def leave(rng: random.Random, first_day: date, last_day: date) -> frozenset[date]:
    """Days of leave over the range: a summer block when it is covered, and shorter ones."""
    days: set[date] = set()
    span = (last_day - first_day).days + 1

    def block(start: date, length: int) -> None:
        days.update(start + timedelta(days=n) for n in range(length))

    for year in range(first_day.year, last_day.year + 1):
        summer = date(year, 7, 10) + timedelta(days=rng.randint(0, 35))
        if first_day <= summer <= last_day and rng.random() < 0.85:
            block(summer, rng.randint(12, 21))
    for _ in range(_count(rng, span / 75)):
        block(first_day + timedelta(days=rng.randrange(span)), rng.randint(2, 9))
    return frozenset(day for day in days if first_day <= day <= last_day)


def _count(rng: random.Random, mean: float) -> int:
    whole = int(mean)
    return whole + (1 if rng.random() < mean - whole else 0)
