"""``kill -9`` while the agent writes, 50 times in a row: the database stays sound and
keeps everything committed before each kill (agent/store.py: WAL, one transaction
per tick)."""

from __future__ import annotations

import random
import time

import pytest

from agent.store import Store
from tests.fixtures.desktop import Desktop
from tests.run.harness import (
    STARTED,
    TICK_SECONDS,
    AgentHarness,
    InputInjector,
    integrity,
    query,
)

KILLS = 50


def recorded(agents: AgentHarness) -> tuple[int, int]:
    """(span count, latest span end), read-only; (0, 0) before the database exists."""
    if not agents.database.exists():
        return 0, 0
    ((count, latest),) = query(agents.database, "SELECT COUNT(*), COALESCE(MAX(end), 0) FROM spans")
    return int(count), int(latest)


def kill_delay(iteration: int, rng: random.Random) -> tuple[bool, float]:
    """(after "agent started"?, seconds): a random moment, or one aimed at a tick's write."""
    if iteration % 2 == 0:
        return False, rng.uniform(0.5, 6.0)  # from the start of the process
    return True, TICK_SECONDS + rng.uniform(-0.05, 0.15)  # about the first tick


@pytest.mark.timeout(420)
def test_kill_9_during_writes_never_loses_or_damages_the_database(
    agents: AgentHarness, desktop: Desktop
) -> None:
    rng = random.Random()
    agents.consent("reminders")
    grew = 0
    highest = (0, 0)
    with InputInjector(desktop.display, interval=0.05):
        for iteration in range(KILLS):
            agent = agents.start()
            aimed, delay = kill_delay(iteration, rng)
            began = time.monotonic()
            if aimed:
                agent.wait_started()
                began = time.monotonic()
            while time.monotonic() - began < delay - 0.03:
                time.sleep(0.01)
            before = recorded(agents)
            assert agent.running(), agent.stderr()
            agent.kill()

            assert integrity(agents.database) == "ok", f"kill {iteration + 1}"
            after = recorded(agents)
            assert after[0] >= before[0] and after[1] >= before[1], (
                f"kill {iteration + 1}: spans {before} before the kill, {after} after"
            )
            assert after[1] >= highest[1], f"kill {iteration + 1}: latest end went backwards"
            grew += after[1] > highest[1]
            highest = max(highest, after)

    assert highest[0] > 0, "the agent never recorded a span: nothing was tested"
    assert grew >= KILLS // 4, f"only {grew} of {KILLS} runs wrote a tick"
    # The next agent opens the database as it was left, and runs.
    store = Store.open(agents.database)
    store.close()
    last = agents.start()
    last.wait_started()
    assert STARTED in last.stderr()
    assert last.stop() == 0
    assert integrity(agents.database) == "ok"
