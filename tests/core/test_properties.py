"""Properties of the measuring core (MEASURES.md), checked on random traces and policies.

Each test states one property that must hold for *every* trace and policy;
Hypothesis draws traces around daylight-saving changes, random idle and break
thresholds, working windows and time zones (see ``strategies``).
"""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from agent.core.contribution import day_contribution, day_reminders, week_contribution
from agent.core.days import DayFigures
from agent.core.engine import ActivityEngine
from agent.core.events import BARRIERS, Event, EventKind
from agent.core.localdays import day_context, local_date, week_context
from agent.core.reminders import DisconnectReason, Reminder, ReminderKind
from agent.core.replay import ReplayResult, figures_between, replay_events
from agent.core.spans import Span
from agent.core.weeks import WeekFigures
from contract.contribution import DAY_FIELDS, HOURS_BUCKETS, WEEK_FIELDS, Kind, problems
from contract.policy.model import Calendar, Hours, Policy, Window
from tests.core.strategies import (
    WEEK,
    ZONES_WITHOUT_DST,
    holiday_free_starts,
    inputs_of,
    policies,
    traces,
)

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def replay(events: Sequence[Event], policy: Policy) -> ReplayResult:
    return replay_events(events, policy)


def day_of(figures: DayFigures) -> date:
    return date.fromisoformat(figures.date)


# -- day and week figures --------------------------------------------------


@SETTINGS
@given(events=traces(), policy=policies())
def test_day_minutes_never_exceed_the_days_length(events: list[Event], policy: Policy) -> None:
    for figures in replay(events, policy).days:
        length = day_context(policy, day_of(figures)).length // 60  # 1380, 1440 or 1500
        assert 0 <= figures.active_minutes <= length
        assert 0 <= figures.night_minutes <= figures.active_minutes
        assert 0 <= figures.after_hours_minutes <= figures.active_minutes
        assert 0 <= figures.amplitude_minutes <= length
        assert 0 <= figures.longest_stretch_minutes <= length


# A regression example for the next property: two working windows 01:00-02:45
# and 03:00-05:00 on 2026-03-29 in Europe/Paris, when clocks jump from 02:00 to
# 03:00. ``localdays.local_instant`` used to map the skipped 02:45 to 03:45 CEST
# (fold=0 keeps the winter offset) but 03:00 to 03:00 CEST, so the windows
# overlapped on [03:00, 03:45) CEST: 45 minutes of activity there counted twice
# as working time and after_hours_minutes came out at -45.
_PARIS_SPRING_FORWARD_03_00 = 1774746000  # 2026-03-29T03:00:00+02:00
_OVERLAPPING_DST_WINDOWS = Policy(
    calendar=Calendar(working_days=frozenset(range(7))),
    hours=Hours(by_weekday=((Window(60, 165), Window(180, 300)),) * 7),
)
_ACTIVE_03_00_TO_03_45 = [
    Event(_PARIS_SPRING_FORWARD_03_00 + 10 * n, EventKind.INPUT) for n in range(271)
]


@SETTINGS
@example(events=_ACTIVE_03_00_TO_03_45, policy=_OVERLAPPING_DST_WINDOWS)
@given(events=traces(), policy=policies())
def test_after_hours_minutes_are_never_negative(events: list[Event], policy: Policy) -> None:
    for figures in replay(events, policy).days:
        assert figures.after_hours_minutes >= 0


@SETTINGS
@given(events=traces(), policy=policies())
def test_days_add_up_to_their_week_within_flooring(events: list[Event], policy: Policy) -> None:
    """Each day floors its own seconds; the week floors their sum once.

    With the week's active seconds W = d_1 + ... + d_k over its k listed days
    (no activity lies outside them), floor(W/60) - sum(floor(d_i/60)) is the
    floor of the sum of the k remainders, each at most 59/60: it lies in
    [0, k - 1].
    """
    result = replay(events, policy)
    days_by_week: dict[str, list[DayFigures]] = defaultdict(list)
    for figures in result.days:
        days_by_week[week_context(policy, day_of(figures)).label].append(figures)
    assert list(days_by_week) == [week.week for week in result.weeks]
    for week in result.weeks:
        days = days_by_week[week.week]
        floored = sum(day.active_minutes for day in days)
        assert floored <= week.active_minutes <= floored + len(days) - 1


# -- the engine: incremental, restartable ------------------------------------


def feed_all(engine: ActivityEngine, events: Sequence[Event]) -> list[Reminder]:
    shown = [engine.feed(event) for event in events]
    return [reminder for reminder in shown if reminder is not None]


@SETTINGS
@given(events=traces(), policy=policies(), data=st.data())
def test_resuming_from_a_saved_state_at_any_cut_gives_the_one_pass_spans_and_reminders(
    events: list[Event], policy: Policy, data: st.DataObject
) -> None:
    cuts = sorted(data.draw(st.lists(st.integers(0, len(events)), min_size=1, max_size=3)))
    one_pass = ActivityEngine(policy)
    expected_reminders = feed_all(one_pass, events)
    one_pass.finish()

    spans: list[Span] = []
    reminders: list[Reminder] = []
    state = None
    for part_start, part_end in zip([0, *cuts], [*cuts, len(events)], strict=True):
        engine = ActivityEngine(policy, state)  # a restart of the agent
        reminders += feed_all(engine, events[part_start:part_end])
        if part_end == len(events):
            engine.finish()
        spans += engine.closed
        state = engine.state.copy()

    assert spans == one_pass.closed
    assert reminders == expected_reminders
    assert state == one_pass.state


@SETTINGS
@given(events=traces(), policy=policies(), data=st.data())
def test_running_agent_figures_of_completed_days_and_weeks_equal_the_replay(
    events: list[Event], policy: Policy, data: st.DataObject
) -> None:
    """The running agent computes figures from the spans closed so far plus the open
    one, with ``now`` as observation end. A day is complete once no later event can
    touch it; a week once a span starting after it is known (its last gap is then
    known at full length)."""
    full = replay(events, policy)
    full_days = {figures.date: figures for figures in full.days}
    full_weeks = {figures.week: figures for figures in full.weeks}
    cuts = set(data.draw(st.lists(st.integers(0, len(events) - 1), min_size=1, max_size=4)))
    first_day = local_date(events[0].time, policy.timezone)
    idle_after = policy.activity.idle_after_seconds

    engine = ActivityEngine(policy)
    closed: list[Span] = []
    reminders: list[Reminder] = []
    for index, event in enumerate(events):
        reminder = engine.feed(event)
        if reminder is not None:
            reminders.append(reminder)
        closed += engine.closed
        engine.closed.clear()  # as the agent stores and forgets them
        if index not in cuts:
            continue
        now = event.time
        current = engine.current_span
        known = [*closed, current] if current is not None else list(closed)
        days, weeks = figures_between(
            known, first_day, local_date(now, policy.timezone), now, policy
        )
        latest_end = known[-1].end if known else None
        for figures in days:
            context = day_context(policy, day_of(figures))
            complete = context.end + idle_after <= now or (
                latest_end is not None and latest_end >= context.end
            )
            if complete:
                assert figures == full_days[figures.date]
        for week_figures in weeks:
            week = week_context(policy, date.fromisoformat(full_days_monday(week_figures)))
            if any(span.start >= week.end for span in known):
                assert week_figures == full_weeks[week_figures.week]
    assert reminders == full.reminders


def full_days_monday(week: WeekFigures) -> str:
    return date.fromisocalendar(int(week.week[:4]), int(week.week[6:]), 1).isoformat()


# -- time invariance -----------------------------------------------------------


@SETTINGS
@given(
    events=traces(starts=holiday_free_starts(), max_span=3 * WEEK),
    policy=policies(zones=ZONES_WITHOUT_DST),
    weeks=st.integers(1, 4),
)
def test_shifting_by_whole_weeks_without_dst_changes_no_figure_but_the_labels(
    events: list[Event], policy: Policy, weeks: int
) -> None:
    """In a zone without daylight saving, whole weeks later is the same local
    weekday and clock time. Traces are drawn where neither they nor their shift
    meet a French public holiday (the calendar would differ)."""
    shift = weeks * WEEK
    before = replay(events, policy)
    after = replay([Event(e.time + shift, e.kind) for e in events], policy)

    assert after.spans == [Span(s.start + shift, s.end + shift) for s in before.spans]
    assert after.reminders == [r._replace(time=r.time + shift) for r in before.reminders]
    assert after.days == [
        dataclasses.replace(d, date=(day_of(d) + timedelta(weeks=weeks)).isoformat())
        for d in before.days
    ]
    assert after.weeks == [
        dataclasses.replace(
            w,
            week=_label(date.fromisoformat(full_days_monday(w)) + timedelta(weeks=weeks)),
        )
        for w in before.weeks
    ]


def _label(monday: date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


# -- contributions ---------------------------------------------------------------


@SETTINGS
@given(events=traces(), policy=policies())
def test_contributions_satisfy_their_bounds_and_keep_the_layout_order(
    events: list[Event], policy: Policy
) -> None:
    result = replay(events, policy)
    min_break = policy.breaks.min_break_minutes * 60
    for figures in result.days:
        context = day_context(policy, day_of(figures))
        seen = day_reminders(context.start, context.end, result.reminders, result.spans, min_break)
        values = day_contribution(figures, seen)
        assert problems(Kind.DAY, values) == []
        assert list(values) == [field.name for field in DAY_FIELDS]
        hours = [values[f"hours_{n}"] for n in range(HOURS_BUCKETS)]
        assert sum(hours) == values["active_day"] == (figures.active_minutes > 0)
        # A day lasts at most 25 hours (fall-back): its minutes always fit the bound, unclipped.
        assert values["active_minutes"] == figures.active_minutes <= 1500
        assert values["breaks_after_reminder"] <= values["reminders_break"]
    for week in result.weeks:
        values = week_contribution(week)
        assert problems(Kind.WEEK, values) == []
        assert list(values) == [field.name for field in WEEK_FIELDS]
        # A week holding a 25-hour day lasts 10140 minutes: the bound, unclipped.
        assert values["active_minutes"] == week.active_minutes <= 10140


# -- reminders -----------------------------------------------------------------------


@SETTINGS
@given(events=traces(), policy=policies())
def test_reminders_are_only_shown_at_input_events(events: list[Event], policy: Policy) -> None:
    reminders = replay(events, policy).reminders
    inputs_at = Counter(inputs_of(events))
    shown_at = Counter(reminder.time for reminder in reminders)
    for instant, count in shown_at.items():
        assert count <= inputs_at[instant]  # at most one reminder per input event
    times = [reminder.time for reminder in reminders]
    assert times == sorted(times)
    min_gap = policy.reminders.min_gap_minutes * 60
    assert all(later - earlier >= min_gap for earlier, later in pairwise(times))


@SETTINGS
@given(events=traces(), policy=policies())
def test_reminders_agree_with_the_figures_of_their_day(events: list[Event], policy: Policy) -> None:
    result = replay(events, policy)
    days = {figures.date: figures for figures in result.days}
    per_day: Counter[tuple[str, ReminderKind]] = Counter()
    for reminder in result.reminders:
        figures = days[local_date(reminder.time, policy.timezone).isoformat()]
        per_day[figures.date, reminder.kind] += 1
        if reminder.kind is ReminderKind.DAILY_LIMIT:
            assert figures.active_minutes >= policy.daily_limit.minutes
        if reminder.kind is ReminderKind.SHORT_REST:
            assert figures.rest_under_11h
        if reminder.kind is ReminderKind.DISCONNECT:
            assert (reminder.reason is DisconnectReason.NON_WORKING_DAY) == (
                not figures.working_day
            )
    for (_, kind), count in per_day.items():
        if kind in (ReminderKind.SHORT_REST, ReminderKind.DAILY_LIMIT):
            assert count == 1  # once a day


# -- spans ---------------------------------------------------------------------------


def spans_by_definition(events: Sequence[Event], idle_after: int) -> list[Span]:
    """MEASURES.md §3 read literally: maximal runs of inputs, each gap under
    ``idle_after``, no lock or suspend between two of them."""
    spans: list[Span] = []
    run: list[int] = []
    barrier = False
    for event in events:
        if event.kind in BARRIERS:
            barrier = True
        elif event.kind is EventKind.INPUT:
            if run and (barrier or event.time - run[-1] >= idle_after):
                spans.append(Span(run[0], run[-1]))
                run = []
            run.append(event.time)
            barrier = False
    if run:
        spans.append(Span(run[0], run[-1]))
    return spans


@SETTINGS
@given(events=traces(), policy=policies())
def test_spans_are_sorted_disjoint_and_cover_every_input(
    events: list[Event], policy: Policy
) -> None:
    spans = replay(events, policy).spans
    assert all(span.start <= span.end for span in spans)
    # Disjoint as half-open intervals: two spans share at most an instant, when a
    # lock or suspend sits between two inputs of the same second.
    assert all(before.end <= after.start for before, after in pairwise(spans))
    for instant in inputs_of(events):
        assert any(span.start <= instant <= span.end for span in spans)
    assert spans == spans_by_definition(events, policy.activity.idle_after_seconds)
