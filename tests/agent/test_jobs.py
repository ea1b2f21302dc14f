"""The running agent's jobs, driven by a fake clock: consent, recording, reminders, roll-over."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agent.core.events import EventKind
from agent.core.localdays import local_date
from agent.core.reminders import ReminderKind
from agent.jobs import TICK_SECONDS
from agent.participation import IconState, Mode
from agent.store import figures_of_day
from tests.agent.desk import Desk
from tests.agent.fakes import paris


@pytest.mark.parametrize("mode", [None, Mode.OFF])
def test_nothing_is_recorded_before_consent_or_when_off(mode: Mode | None) -> None:
    desk = Desk()
    if mode is not None:
        desk.agent.set_mode(mode)
    assert desk.work(70) == []
    assert desk.spans() == []
    assert desk.store.engine_state() is None
    assert desk.idle.started == 0
    assert desk.notifier.shown == []
    expected = IconState.NOT_CHOSEN if mode is None else IconState.OFF
    assert desk.agent.snapshot.icon is expected


def test_recording_starts_with_consent_and_keeps_spans() -> None:
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(30)
    desk.rest(10)
    desk.work(5)
    spans = desk.spans()
    assert len(spans) == 2
    assert spans[0].end - spans[0].start == pytest.approx(30 * 60 - TICK_SECONDS, abs=TICK_SECONDS)
    assert desk.agent.snapshot.today is not None
    assert desk.agent.snapshot.today.breaks == 1
    assert desk.agent.snapshot.source == "fake-idle"


def test_a_break_reminder_is_shown_after_an_hour_of_screen() -> None:
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    assert desk.work(59.5) == []
    assert desk.work(1) == ["break"]
    title, body = desk.notifier.shown[-1]
    assert title == "break"
    assert "after 60 min" in body
    assert desk.agent.snapshot.icon is IconState.BREAK_DUE
    stored = desk.store.reminders_between(0, 2**40)
    assert [r.kind for r in stored] == [ReminderKind.BREAK]


def test_pause_suppresses_reminders_until_it_ends() -> None:
    desk = Desk(start="2026-03-02T19:30:00")  # after the 07:30-19:00 window
    desk.agent.set_mode(Mode.REMINDERS)
    desk.agent.pause_reminders(until_tomorrow=False)
    assert desk.agent.snapshot.icon is IconState.PAUSED
    assert desk.work(50) == []
    shown = desk.work(15)
    assert shown == ["disconnect"]
    assert desk.notifier.shown[0][1].startswith("disconnect evening")


def test_a_notification_that_fails_is_not_recorded_as_shown() -> None:
    desk = Desk(start="2026-03-02T19:30:00")
    desk.notifier.works = False
    desk.agent.set_mode(Mode.REMINDERS)
    assert desk.work(2) == []
    assert desk.store.reminders_between(0, 2**40) == []


def test_a_clock_jump_is_a_suspend_that_splits_the_span() -> None:
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(5)
    desk.clock.advance(60, asleep=True)  # a one-minute sleep, shorter than idle_after
    desk.work(5)
    assert len(desk.spans()) == 2


def test_a_restarted_agent_continues_the_same_span() -> None:
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(10)
    desk.restart()
    desk.work(10)
    (span,) = desk.spans()
    assert span.end - span.start >= 19 * 60


def test_roll_over_keeps_each_completed_day_and_week_with_its_contribution() -> None:
    desk = Desk(start="2026-03-06T16:00:00")  # a Friday
    desk.agent.set_mode(Mode.SHARE)
    desk.work(90)
    desk.clock.now = paris("2026-03-09T08:00:00")  # the Monday after
    desk.idle.touch()
    desk.agent.tick()
    days = desk.store.days()
    assert [d.date for d in days] == ["2026-03-06", "2026-03-07", "2026-03-08"]
    assert days[0].active_minutes == pytest.approx(90, abs=1)
    assert [w.week for w in desk.store.weeks()] == ["2026-W10"]
    contributions = {(k.value, p): v for k, p, v in desk.store.contributions()}
    friday = contributions[("day", "2026-03-06")]
    assert friday["reports"] == 1
    assert friday["hours_1"] == 1
    assert friday["reminders_break"] == 2  # at 60 and 75 minutes of the stretch
    assert contributions[("day", "2026-03-07")]["active_day"] == 0  # zero-filled
    assert contributions[("week", "2026-W10")]["active_week"] == 1


def test_roll_over_is_idempotent() -> None:
    desk = Desk(start="2026-03-06T16:00:00")
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(5)
    desk.clock.now = paris("2026-03-10T08:00:00")
    desk.agent.roll_over()
    desk.agent.roll_over()
    assert len(desk.store.days()) == 4


def test_snoozes_are_counted_on_their_day() -> None:
    desk = Desk(start="2026-03-06T16:00:00")
    desk.agent.set_mode(Mode.REMINDERS)
    desk.agent.pause_reminders(until_tomorrow=True)
    desk.clock.now = paris("2026-03-07T10:00:00")
    desk.agent.roll_over()
    assert desk.store.contributions()[0][2]["reminders_snoozed"] == 1


def test_lock_events_from_the_session_source_are_fed_in_order() -> None:
    desk = Desk()
    events: list[tuple[EventKind, float]] = []

    class Session:
        name = "fake-session"

        def start(self, on_event):  # type: ignore[no-untyped-def]
            events.append((EventKind.LOCK, 0))
            self.on_event = on_event

        def stop(self) -> None:
            pass

    session = Session()
    desk.restart(session_events=lambda: session)
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(1)
    session.on_event(EventKind.LOCK, desk.clock.time())
    desk.work(1)
    assert len(desk.spans()) == 2


def test_an_idle_tick_writes_nothing_and_the_next_input_is_kept() -> None:
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(20)
    desk.rest(1)
    writes = desk.store.db.conn.total_changes
    desk.rest(30)  # 360 idle ticks
    assert desk.store.db.conn.total_changes == writes, "an idle tick wrote to the store"
    assert desk.store.engine_state() == desk.agent.engine.state  # what a restart would read
    desk.work(5)
    assert desk.store.db.conn.total_changes > writes
    assert desk.store.engine_state() == desk.agent.engine.state
    assert desk.agent.snapshot.today is not None
    assert desk.agent.snapshot.today.breaks == 1


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(min_value=1, max_value=40)), max_size=8))
def test_what_the_tray_shows_and_the_store_keeps_are_never_stale(
    periods: list[tuple[bool, int]],
) -> None:
    """Whatever the mix of work and rest, the figures kept between ticks are the ones the
    spans give and the state kept is the engine's: skipping work never skips a change."""
    desk = Desk()
    desk.agent.set_mode(Mode.REMINDERS)
    for working, minutes in periods:
        if working:
            desk.work(minutes)
        else:
            desk.rest(minutes)
        now = int(desk.clock.time())
        day = local_date(now, desk.agent.policy.timezone)
        assert desk.agent.snapshot.today == figures_of_day(desk.store, desk.agent.policy, day)
        if desk.store.engine_state() is not None:
            assert desk.store.engine_state() == desk.agent.engine.state
