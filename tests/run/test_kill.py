"""``kill -9`` while the agent writes: the database stays sound and keeps everything
committed before each kill (agent/store.py: WAL, one transaction per tick).

The kills land at random moments, but the test knows what was committed when
each one hit: before most kills it waits until a tick of the agent it is about
to kill has committed (read from the database, not guessed from the clock),
then kills at a random moment of the following tick interval, half of them
aimed at the next tick's write. The others hit at a random moment from the
process start (opening the database, its first tick). So the number of kills
that follow a committed tick is fixed, whatever the machine's speed, and every
one of them checks that the tick survived.

The random generator is seeded from ``REPIT_TEST_SEED`` when set (to replay a
failure), else at random; every failure message gives the seed.
"""

from __future__ import annotations

import os
import random
import time
from functools import partial

import pytest

from agent.store import Store
from tests.fixtures.desktop import Desktop
from tests.run.harness import (
    STARTED,
    TICK_SECONDS,
    AgentHarness,
    AgentProcess,
    Committed,
    InputInjector,
    committed,
    integrity,
)
from tests.waiting import wait_for

AFTER_A_TICK = 12
"""Kills that wait for a committed tick first: half anywhere in the next interval,
half aimed at the next tick's write."""
FROM_THE_START = 6
"""Kills at a random moment from the process start: while it opens the database,
or about its first tick."""
AIM = (-0.05, 0.10)
"""Around the next tick's write: it comes ``TICK_SECONDS`` after the previous
commit was seen, a few milliseconds (a few tens under load) after the tick began."""


def seed() -> int:
    given = os.environ.get("REPIT_TEST_SEED")
    return int(given) if given else random.SystemRandom().randrange(2**32)


def plan(rng: random.Random) -> list[tuple[str, float]]:
    """(from what, seconds after it) for every kill, in a random order."""
    kills = [("tick", rng.uniform(0.0, TICK_SECONDS)) for _ in range(AFTER_A_TICK // 2)]
    kills += [("tick", TICK_SECONDS + rng.uniform(*AIM)) for _ in range(AFTER_A_TICK // 2)]
    kills += [("start", rng.uniform(0.2, TICK_SECONDS + 0.5)) for _ in range(FROM_THE_START)]
    rng.shuffle(kills)
    return kills


def newer_tick(agents: AgentHarness, than: Committed) -> Committed | None:
    """What the database holds once a tick committed input after ``than``; else None."""
    now = committed(agents.database)
    return now if (now.last_event or 0) > (than.last_event or 0) else None


def until(moment: float, agent: AgentProcess) -> None:
    """Let the agent run until ``moment`` (monotonic): the kill's own random time."""
    while time.monotonic() < moment and agent.running():
        time.sleep(min(0.01, max(0.0, moment - time.monotonic())))


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_kill_9_during_writes_never_loses_or_damages_the_database(
    agents: AgentHarness, desktop: Desktop
) -> None:
    number = seed()
    rng = random.Random(number)
    replay = f"(seed {number}; REPIT_TEST_SEED={number} replays these kills)"
    agents.consent("reminders")
    kept = committed(agents.database)
    after_a_tick = 0
    with InputInjector(desktop.display, interval=0.05):
        for index, (origin, delay) in enumerate(plan(rng), start=1):
            label = f"kill {index} ({delay:.3f} s after {origin}) {replay}"
            agent = agents.start()
            began = time.monotonic()
            if origin == "tick":
                agent.wait_started()
                tick = wait_for(
                    partial(newer_tick, agents, kept),
                    f"a tick of the agent to commit before {label}",
                    timeout=TICK_SECONDS + 30,
                )
                began = time.monotonic()
                assert tick.keeps(kept) is None, f"{label}: {tick.keeps(kept)}"
            until(began + delay, agent)
            before = committed(agents.database)
            assert agent.running(), f"{label}: the agent exited first:\n{agent.stderr()}"
            agent.kill()

            assert integrity(agents.database) == "ok", label
            after = committed(agents.database)
            lost = after.keeps(before)
            assert lost is None, f"{label}: committed before the kill, lost after it: {lost}"
            if origin == "tick":
                after_a_tick += 1
                gone = after.keeps(tick)
                assert gone is None, f"{label}: the tick committed before the kill is lost: {gone}"
            kept = after

    assert after_a_tick == AFTER_A_TICK, replay
    assert kept.spans, f"the agent never recorded a span: nothing was tested {replay}"
    # The next agent opens the database as it was left, and runs.
    store = Store.open(agents.database)
    store.close()
    last = agents.start()
    last.wait_started()
    assert STARTED in last.stderr()
    assert last.stop() == 0
    assert integrity(agents.database) == "ok", replay
