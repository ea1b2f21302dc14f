"""The dashboard's tools (TOOLS.md): answers released month by month, proposals, deployments.

What the tool pages then show, each at least once:

- released answers: every device of the department answers about both tools
  each month (``simulation.tools.answer_for``, seeded), and the month's
  one-hot vectors (the agent's ``answer_values``) are added and released by
  the release rules (``decide_devices``): the department and team A shown,
  team C (2 devices) held back and team B with it;
- a recueil with proposals, one of them taken into account, in January;
  February's is held back (its answers are not released yet);
- two deployments (the demo's stories) on 15 November 2025, so that the
  parapheur's impact study has a baseline, a month after, and months to come.

The release records are written with ``tool_sums``, the functions the leader
records a collection with: this single server has no helper to split with.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import date

from agent.tools.contribution import answer_values
from aggregator.auth import Device
from aggregator.release import decide_devices
from aggregator.storage import Storage, tool_sums
from aggregator.storage import tools as stored
from contract.policy.model import Policy
from simulation.tools import HEAVY_PROPOSALS, answer_for, default_stories, register_stories

POLICY_TOOLS = (
    '\n[[tools]]\nid = "parapheur"\nname = "Parapheur électronique"\n'
    '\n[[tools]]\nid = "visio"\nname = "Visioconférence"\n'
)
"""Appended to the department's policy file."""
SEED = 20260303
DEPLOYED = date(2025, 11, 15)
RECUEIL_MONTH = "2026-01"
TAKEN_INTO_ACCOUNT = "Signature par lot prévue en avril."


def feed_tools(
    storage: Storage,
    department: Policy,
    devices: Mapping[str, Sequence[Device]],
    months: Sequence[str],
) -> list[int]:
    """Answers for ``months``, proposals, and the deployments; returns their numbers."""
    rng = random.Random(SEED)
    stories = default_stories(department, DEPLOYED)
    by_tool = {story.tool: story for story in stories}
    tools = [tool.id for tool in department.tools]
    for month in months:
        day = date(int(month[:4]), int(month[5:]), 25)
        answers = {
            team: [
                answer_values(tools, {t: answer_for(rng, by_tool.get(t), day) for t in tools})
                for _ in enrolled
            ]
            for team, enrolled in devices.items()
        }
        _release(storage, department, month, tools, answers)
    with storage.transaction() as db:
        for text in HEAVY_PROPOSALS:
            stored.add_proposal(db, department.id, "parapheur", RECUEIL_MONTH, text)
        first = stored.proposals(db, department.id, "parapheur", RECUEIL_MONTH)[0]
        stored.answer_proposal(db, first.id, TAKEN_INTO_ACCOUNT)
    return register_stories(storage, department.id, stories)


def _release(
    storage: Storage,
    department: Policy,
    month: str,
    tools: list[str],
    answers: Mapping[str, list[dict[str, int]]],
) -> None:
    """Decide and record the month as the leader does, on the devices that answered."""
    identities = {
        team: {(team, index) for index in range(len(vectors))} for team, vectors in answers.items()
    }
    release = decide_devices(identities, department.privacy.min_group_size)

    def total(teams: Sequence[str]) -> dict[str, int]:
        sums: dict[str, int] = {}
        for team in teams:
            for vector in answers[team]:
                for field, value in vector.items():
                    sums[field] = sums.get(field, 0) + value
        return sums

    groups: list[tuple[str, bool, Sequence[str], bool]] = [
        (team, False, [team], team in release.teams) for team in answers
    ]
    groups.append((department.id, True, list(answers), release.department))
    with storage.transaction() as db:
        tool_sums.fix(db, department.id, month, tools)
        for group, is_department, members, shown in groups:
            devices = sum(len(identities[team]) for team in members)
            tool_sums.add_release(
                db,
                group=group,
                month=month,
                department=department.id,
                is_department=is_department,
                tools=tools,
                devices=devices if shown else None,
                sums=total(members) if shown else None,
            )
