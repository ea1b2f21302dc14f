"""The throttle's promises as properties, the hashing gate's bounds, bounded refusals."""

from __future__ import annotations

import json
import os
import threading
import time
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.limits import MAX_ERRORS, MAX_PLACE, bounded_problems
from aggregator.throttle import Busy, HashGate, Limits, Throttle, whole_seconds

DEADLINE = 30.0  # seconds a thread of the gate tests may take, on a slow machine


@dataclass
class FakeClock:
    now: float = 1000.0

    def __call__(self) -> float:
        return self.now


limits_strategy = st.builds(
    Limits,
    free_failures=st.integers(0, 5),
    first_delay=st.floats(0.5, 10),
    max_delay=st.floats(10, 600),
    forget_after=st.floats(600, 7200),
    global_burst=st.integers(1, 50),
    global_per_second=st.floats(0.1, 10),
    max_keys=st.integers(1, 20),
)
keys = st.sampled_from(["agnes", "bob", "chloé", "dan", ""])
# A flood: failures for some keys, each after a pause (seconds).
floods = st.lists(st.tuples(keys, st.floats(0, 30)), max_size=60)


def replay(limits: Limits, flood: list[tuple[str, float]]) -> tuple[Throttle, FakeClock]:
    clock = FakeClock()
    throttle = Throttle(limits, clock)
    for key, pause in flood:
        clock.now += pause
        throttle.attempt(key)  # a wrong guess, or refused unchecked
    return throttle, clock


@given(limits_strategy, floods, keys)
def test_the_owner_gets_in_once_the_named_delay_has_passed(
    limits: Limits, flood: list[tuple[str, float]], owner: str
) -> None:
    throttle, clock = replay(limits, flood)
    delay = throttle.retry_after(owner)
    assert 0 <= delay <= max(limits.max_delay, 1 / limits.global_per_second) + 1e-9
    clock.now += whole_seconds(delay) if delay > 0 else 0
    assert throttle.retry_after(owner) == 0


@given(limits_strategy, floods)
def test_memory_is_bounded(limits: Limits, flood: list[tuple[str, float]]) -> None:
    throttle, _ = replay(limits, flood)
    assert throttle.remembered() <= limits.max_keys


@given(st.integers(0, 5), st.integers(1, 40))
def test_delays_grow_with_each_failure_up_to_the_cap(free: int, failures: int) -> None:
    limits = Limits(free_failures=free, first_delay=2, max_delay=300, global_burst=1000)
    clock = FakeClock()
    throttle = Throttle(limits, clock)
    delays = []
    for _ in range(failures):
        clock.now += throttle.retry_after("agnes")
        assert throttle.attempt("agnes") == 0
        delays.append(throttle.retry_after("agnes"))
    assert delays[: min(free, failures)] == [0] * min(free, failures)
    beyond = delays[free:]
    assert beyond == sorted(beyond)
    assert all(0 < delay <= 300 for delay in beyond)
    if len(beyond) >= 10:
        assert beyond[-1] == 300


def test_a_success_reopens_the_account_and_others_are_unaffected() -> None:
    clock = FakeClock()
    throttle = Throttle(Limits(free_failures=1, global_burst=100), clock)
    assert throttle.attempt("agnes") == 0
    assert throttle.attempt("agnes") == 0
    assert throttle.attempt("agnes") == 2  # refused unchecked, and not counted
    assert throttle.retry_after("bob") == 0
    clock.now += 2
    assert throttle.attempt("agnes") == 0
    throttle.succeeded("agnes")
    assert throttle.attempt("agnes") == 0  # the free failure again
    assert throttle.retry_after("agnes") == 0


def test_right_attempts_give_the_allowance_back() -> None:
    clock = FakeClock()
    throttle = Throttle(Limits(global_burst=3), clock)
    for _ in range(100):  # a fleet enrolling: every code right
        assert throttle.attempt("all") == 0
        throttle.succeeded("all")


def test_guesses_spread_over_names_meet_the_global_limit() -> None:
    clock = FakeClock()
    throttle = Throttle(Limits(global_burst=10, global_per_second=2), clock)
    for number in range(10):
        assert throttle.attempt(f"name-{number}") == 0
    assert throttle.retry_after("anyone") == pytest.approx(0.5)
    clock.now += 0.5
    assert throttle.retry_after("anyone") == 0


def test_the_gate_runs_at_most_two_hashes_and_refuses_beyond_the_queue() -> None:
    gate = HashGate(at_once=2, waiting=1, patience=DEADLINE)
    release = threading.Event()
    inside = threading.Semaphore(0)
    running = 0
    most = 0
    lock = threading.Lock()

    def hash_once() -> int:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        inside.release()
        assert release.wait(DEADLINE)
        with lock:
            running -= 1
        return os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    results: list[int] = []
    callers = [
        threading.Thread(target=lambda: results.append(gate.run(hash_once))) for _ in range(3)
    ]
    for caller in callers:
        caller.start()
    assert inside.acquire(timeout=DEADLINE) and inside.acquire(timeout=DEADLINE)
    give_up = time.monotonic() + DEADLINE
    while gate.admitted() < 3:
        assert time.monotonic() < give_up, "the third request never reached the gate"
        time.sleep(0.001)
    # Two hash, one waits: a fourth is refused at once rather than queued.
    assert gate.full()  # what the ASGI layer asks, to refuse before a route thread
    with pytest.raises(Busy):
        gate.run(lambda: 0)
    release.set()
    for caller in callers:
        caller.join(DEADLINE)
        assert not caller.is_alive()
    assert most == 2
    assert results == [19, 19, 19]  # the hashes ran at the lowest priority
    assert gate.run(lambda: 7) == 7  # every place came back
    assert not gate.full()


problem_lists = st.lists(
    st.fixed_dictionaries(
        {
            "loc": st.lists(st.one_of(st.text(max_size=500), st.integers()), max_size=30),
            "msg": st.text(max_size=2000),
            "type": st.text(max_size=500),
            "input": st.text(max_size=2000),
            "ctx": st.dictionaries(st.text(max_size=10), st.text(max_size=100), max_size=3),
        }
    ),
    max_size=60,
)


@given(problem_lists)
def test_a_refusal_is_bounded_and_never_carries_the_input(
    problems: list[dict[str, object]],
) -> None:
    bounded = bounded_problems(problems)
    assert len(bounded) <= MAX_ERRORS + 1
    assert all(set(item) == {"loc", "msg", "type"} for item in bounded)
    assert len(json.dumps(bounded)) <= (MAX_ERRORS + 1) * (10 * (MAX_PLACE + 8) + 2 * 800)
