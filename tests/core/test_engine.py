"""The incremental engine: spans, stretches and the state the agent saves."""

from __future__ import annotations

import pytest

from agent.core.engine import ActivityEngine, EventOrderError
from agent.core.events import Event, EventKind
from agent.core.spans import Span
from contract.policy.model import Activity, Policy

T0 = 1772440200  # 2026-03-02T09:30:00+01:00, a Monday within working hours
POLICY = Policy()


def spans_of(events: list[Event], policy: Policy = POLICY) -> list[Span]:
    engine = ActivityEngine(policy)
    for event in events:
        engine.feed(event)
    engine.finish()
    return engine.closed


def inputs(*times: int) -> list[Event]:
    return [Event(t, EventKind.INPUT) for t in times]


def test_inputs_closer_than_idle_after_make_one_span() -> None:
    assert spans_of(inputs(T0, T0 + 179, T0 + 358)) == [Span(T0, T0 + 358)]


def test_a_gap_of_idle_after_starts_a_new_span() -> None:
    assert spans_of(inputs(T0, T0 + 180)) == [Span(T0, T0), Span(T0 + 180, T0 + 180)]


def test_idle_after_comes_from_the_policy() -> None:
    policy = Policy(activity=Activity(idle_after_seconds=30))
    assert spans_of(inputs(T0, T0 + 29, T0 + 59), policy) == [
        Span(T0, T0 + 29),
        Span(T0 + 59, T0 + 59),
    ]


@pytest.mark.parametrize("barrier", [EventKind.LOCK, EventKind.SUSPEND])
def test_lock_or_suspend_splits_span_without_breaking_stretch(barrier: EventKind) -> None:
    engine = ActivityEngine(POLICY)
    engine.input(T0)
    engine.feed(Event(T0 + 10, barrier))
    engine.input(T0 + 20)
    assert engine.closed == [Span(T0, T0)]
    assert engine.current_span == Span(T0 + 20, T0 + 20)
    assert engine.stretch_start == T0  # a 20-second gap is no break


@pytest.mark.parametrize("harmless", [EventKind.UNLOCK, EventKind.RESUME])
def test_unlock_and_resume_alone_do_not_split_a_span(harmless: EventKind) -> None:
    assert spans_of([*inputs(T0), Event(T0 + 5, harmless), *inputs(T0 + 10)]) == [Span(T0, T0 + 10)]


def test_a_gap_of_min_break_starts_a_new_stretch() -> None:
    engine = ActivityEngine(POLICY)
    engine.input(T0)
    engine.input(T0 + 299)
    engine.input(T0 + 299 + 299)
    assert engine.stretch_start == T0
    engine.input(T0 + 598 + 300)
    assert engine.stretch_start == T0 + 898


def test_events_out_of_order_are_refused() -> None:
    engine = ActivityEngine(POLICY)
    engine.input(T0)
    with pytest.raises(EventOrderError):
        engine.input(T0 - 1)


def test_saved_state_resumes_where_it_stopped() -> None:
    first = ActivityEngine(POLICY)
    for t in (T0, T0 + 60, T0 + 3600):
        first.input(t)
    resumed = ActivityEngine(POLICY, first.state)
    for engine in (first, resumed):
        engine.input(T0 + 3660)
        engine.finish()
    assert resumed.closed == [Span(T0 + 3600, T0 + 3660)]
    assert first.closed[-1] == resumed.closed[-1]
    assert first.state == resumed.state


def test_restoring_copies_the_state() -> None:
    first = ActivityEngine(POLICY)
    first.input(T0)
    saved = first.state
    ActivityEngine(POLICY, saved).input(T0 + 10)
    assert saved.span_end == T0


def test_finish_without_input_closes_nothing() -> None:
    engine = ActivityEngine(POLICY)
    engine.feed(Event(T0, EventKind.LOCK))
    assert engine.finish() is None
    assert engine.closed == []
