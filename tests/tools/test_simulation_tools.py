"""The simulator's tool answers tell the two stories: heavy after the deployment, pleasing."""

from __future__ import annotations

import random
from datetime import date

from agent.core.tool_answers import Rating, Workload
from agent.store import Store
from agent.tools.contribution import completed_month_values
from agent.tools.storage import answers, pending_proposals
from contract.policy.loader import bundled_policies_dir, load_policy
from simulation.tools import Effect, answer_month, default_stories

SEED = 20261202
DEPLOYED = date(2026, 6, 1)


def test_the_heavy_tool_turns_heavy_after_its_deployment_and_the_visio_pleases() -> None:
    rng = random.Random(SEED)
    print(f"seed {SEED}")  # shown on failure
    policy = load_policy(bundled_policies_dir() / "rh.toml")
    stories = default_stories(policy, DEPLOYED)
    assert [(s.tool, s.effect) for s in stories] == [
        ("parapheur", Effect.HEAVY),
        ("visio", Effect.PLEASING),
    ]
    stores = [Store.in_memory() for _ in range(60)]
    for store in stores:
        for day in (date(2026, 5, 25), date(2026, 7, 25)):
            answer_month(store, policy, day, rng, stories)

    def heavier_share(month: str, tool: str) -> float:
        given = [a.answer for s in stores for a in answers(s, month) if a.tool == tool]
        rated = [a for a in given if isinstance(a, Rating)]
        return sum(a.workload is Workload.HEAVIER for a in rated) / len(rated)

    assert heavier_share("2026-05", "parapheur") < 0.4
    assert heavier_share("2026-07", "parapheur") > 0.6
    assert heavier_share("2026-07", "visio") < 0.1
    assert any(pending_proposals(s) for s in stores)
    # The agent's own seam turns them into tools contributions, one per completed month.
    ids = [tool.id for tool in policy.tools]
    months = completed_month_values(answers(stores[0]), ids, date(2026, 8, 1))
    assert set(months) <= {"2026-05", "2026-07"}
    assert all(sum(values.values()) > 0 for values in months.values())


def test_the_stories_deployments_are_registered_for_their_studies() -> None:
    from aggregator.storage import Storage
    from aggregator.storage.tools import deployments
    from simulation.tools import register_stories

    policy = load_policy(bundled_policies_dir() / "rh.toml")
    storage = Storage.in_memory()
    numbers = register_stories(storage, "rh", default_stories(policy, DEPLOYED))
    with storage.read() as db:
        found = deployments(db)
    assert [d.id for d in found] == numbers
    assert [(d.tool, d.group, d.date) for d in found] == [
        ("parapheur", "rh", DEPLOYED),
        ("visio", "rh", DEPLOYED),
    ]
