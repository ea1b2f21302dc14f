"""Simulated tool answers and proposals (TOOLS.md), so that the demo shows an impact study.

Two stories, told by the simulated devices' answers month after month:

- a tool **most find heavy after its deployment** (the parapheur by default):
  before the date, middling satisfaction and no effect on the workload; from
  the date on, most answer 1 or 2 and "l'alourdit", and some write a proposal;
- a tool **that pleases** (the video-conference tool): 4 or 5 and "l'allège".

Other tools get ordinary, scattered answers, and "je ne l'utilise pas" now and
then. Answers go into each device's own store with the agent's functions
(``agent.tools.storage``), one per tool and month, so that the agent's
``completed_month_values`` builds the ``tools`` contributions from them;
proposals are queued the same way and sent with ``send_pending_proposals``.
Everything is drawn from the ``random.Random`` passed in: a seed replays a run.

For the demo (``simulation/demo.py``, ``simulation/run.py``): take
``default_stories(policy, deploy_month)`` for the department whose workload the
fleet raises (``FleetConfig.deploy_month``), call ``answer_month(device.store,
policy, day, rng, stories)`` once a month per device (a day late in the month),
``agent.tools.proposals.send_pending_proposals(device.store, transport)`` after
each round, and ``register_stories(storage, department, stories)`` once.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from agent.core.tool_answers import NOT_USED, Answer, Rating, ToolAnswer, Workload
from agent.store import Store
from agent.tools.storage import queue_proposal, save_answer
from aggregator.storage import Storage
from aggregator.storage.tools import add_deployment
from contract.policy.model import Policy

ANSWER_RATE = 0.7
"""The share of devices that answer in a month: nothing is required."""
PROPOSAL_RATE = 0.08
"""The chance that a device unhappy with a tool writes a proposal about it that month."""


class Effect(StrEnum):
    HEAVY = "heavy"
    PLEASING = "pleasing"


@dataclass(frozen=True)
class ToolStory:
    tool: str
    effect: Effect
    deployed: date
    """From this day on, the story's effect holds (before it, ordinary answers)."""


HEAVY_PROPOSALS = (
    "Pouvoir signer plusieurs parapheurs d'un coup au lieu d'un par un.",
    "Les notifications arrivent le soir : les regrouper une fois par jour.",
    "Le circuit de validation a deux étapes de trop pour les petites dépenses.",
    "Une formation courte sur la nouvelle version, elle a tout changé de place.",
)
PLEASING_PROPOSALS = (
    "Garder le lien de la réunion dans l'invitation, c'est très pratique.",
    "Pouvoir flouter l'arrière-plan par défaut.",
)


def default_stories(policy: Policy, deployed: date) -> list[ToolStory]:
    """The two stories on the department's tools: the parapheur heavy, the visio pleasing."""
    ids = [tool.id for tool in policy.tools]
    stories = []
    if ids:
        heavy = "parapheur" if "parapheur" in ids else ids[0]
        stories.append(ToolStory(heavy, Effect.HEAVY, deployed))
        pleasing = "visio" if "visio" in ids else (ids[1] if len(ids) > 1 else None)
        if pleasing is not None and pleasing != heavy:
            stories.append(ToolStory(pleasing, Effect.PLEASING, deployed))
    return stories


def _ordinary(rng: random.Random) -> Answer:
    if rng.random() < 0.1:
        return NOT_USED
    satisfaction = rng.choices(range(1, 6), weights=(1, 2, 4, 4, 2))[0]
    workload = rng.choices(list(Workload), weights=(2, 5, 2))[0]
    return Rating(satisfaction, workload)


def answer_for(rng: random.Random, story: ToolStory | None, day: date) -> Answer:
    """One device's answer about one tool in the month holding ``day``."""
    if story is None or day < story.deployed:
        return _ordinary(rng)
    if story.effect is Effect.HEAVY:
        satisfaction = rng.choices(range(1, 6), weights=(5, 6, 2, 1, 0))[0]
        workload = rng.choices(list(Workload), weights=(0, 2, 8))[0]
    else:
        satisfaction = rng.choices(range(1, 6), weights=(0, 0, 1, 5, 5))[0]
        workload = rng.choices(list(Workload), weights=(7, 3, 0))[0]
    return Rating(satisfaction, workload)


def answer_month(
    store: Store,
    policy: Policy,
    day: date,
    rng: random.Random,
    stories: Sequence[ToolStory] = (),
) -> int:
    """Maybe answer about every tool of ``policy`` for the month holding ``day`` (a day late
    in it, so that the answers describe the month); queue proposals. Return the answers."""
    if rng.random() >= ANSWER_RATE:
        return 0
    month = f"{day.year:04d}-{day.month:02d}"
    by_tool = {story.tool: story for story in stories}
    given = 0
    for tool in policy.tools:
        story = by_tool.get(tool.id)
        answer = answer_for(rng, story, day)
        save_answer(store, ToolAnswer(month, tool.id, answer))
        given += 1
        unhappy = isinstance(answer, Rating) and answer.satisfaction <= 2
        if story is not None and rng.random() < (PROPOSAL_RATE * (3 if unhappy else 1)):
            texts = HEAVY_PROPOSALS if story.effect is Effect.HEAVY else PLEASING_PROPOSALS
            queue_proposal(store, month, tool.id, rng.choice(texts))
    return given


def register_stories(storage: Storage, group: str, stories: Sequence[ToolStory]) -> list[int]:
    """Register each story's deployment for ``group``, as ``repit-aggregator tool deploy``
    would; return the deployments' numbers (their studies: ``/tools/deployments/N``)."""
    notes = {Effect.HEAVY: "nouvelle version", Effect.PLEASING: "nouvel outil"}
    with storage.transaction() as db:
        return [add_deployment(db, s.tool, group, s.deployed, notes[s.effect]) for s in stories]
