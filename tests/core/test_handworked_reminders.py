"""Reminders of MEASURES.md §6, worked out by hand on small traces.

Default policy unless said otherwise: every 60 min, repeat 15 min, 3 repeats,
disconnect repeat 60 min, daily limit 420 min, min_gap 10 min, window
07:30-19:00 on Monday-Friday. Monday 2 March 2026 is +01:00.
"""

from __future__ import annotations

import dataclasses

import pytest

from contract.policy.model import (
    Breaks,
    DailyLimit,
    Disconnect,
    Hours,
    Policy,
    Reminders,
    ShortRest,
    Window,
)
from tests.core.traces import ReminderRow, kinds, replay, shown


def test_break_reminder_when_the_stretch_reaches_every_then_three_repeats() -> None:
    result = replay("""
        time,event
        2026-03-02T09:00:00+01:00 .. 2026-03-02T11:30:00+01:00 every 60, input
    """)
    # Nothing at 09:59 (59 min); at 10:00 exactly; then every 15 min after the
    # last one; after 3 repeats (10:45) nothing more in this stretch.
    assert shown(result) == [
        ("2026-03-02T10:00:00+01:00", "break", None),
        ("2026-03-02T10:15:00+01:00", "break", None),
        ("2026-03-02T10:30:00+01:00", "break", None),
        ("2026-03-02T10:45:00+01:00", "break", None),
    ]


def test_new_stretch_after_a_break_starts_break_reminders_afresh() -> None:
    result = replay("""
        time,event
        2026-03-02T08:30:00+01:00 .. 2026-03-02T10:00:00+01:00 every 60, input
        2026-03-02T10:05:00+01:00 .. 2026-03-02T12:00:00+01:00 every 60, input
    """)
    # 10:00 -> 10:05 is a break (>= 5 min): the stretch restarts at 10:05, its
    # first reminder is 60 min later and it has its own 3 repeats.
    assert shown(result) == [
        ("2026-03-02T09:30:00+01:00", "break", None),
        ("2026-03-02T09:45:00+01:00", "break", None),
        ("2026-03-02T10:00:00+01:00", "break", None),
        ("2026-03-02T11:05:00+01:00", "break", None),
        ("2026-03-02T11:20:00+01:00", "break", None),
        ("2026-03-02T11:35:00+01:00", "break", None),
        ("2026-03-02T11:50:00+01:00", "break", None),
    ]


def test_reminder_due_within_min_gap_waits_for_the_next_input_after_it() -> None:
    # Inputs every 140 s from 18:10:00 (18:10:00 + k x 140 s).
    result = replay("""
        time,event
        2026-03-02T18:10:00+01:00 .. 2026-03-02T19:20:00+01:00 every 140, input
    """)
    # Disconnect: first input at or after 19:00 is k = 22 (3080 s): 19:01:20.
    # Break: stretch >= 3600 s first at k = 26 (3640 s): 19:10:40, only 9 min 20 s
    # after the disconnect: not shown; k = 27 (3780 s): 19:13:00, 11 min 40 s after.
    assert shown(result) == [
        ("2026-03-02T19:01:20+01:00", "disconnect", "evening"),
        ("2026-03-02T19:13:00+01:00", "break", None),
    ]


# Monday evening 21:00-21:30, then Tuesday 06:00-07:40 (rest 8 h 30 < 11 h).
EVENING_THEN_DAWN = """
    time,event
    2026-03-02T21:00:00+01:00 .. 2026-03-02T21:30:00+01:00 every 60, input
    2026-03-03T06:00:00+01:00 .. 2026-03-03T07:40:00+01:00 every 60, input
"""
# A daily limit of 60 minutes makes it due at 07:00, with the break and the
# second disconnect of the morning.
LOW_LIMIT = Policy(daily_limit=DailyLimit(minutes=60))

MON_21 = ("2026-03-02T21:00:00+01:00", "disconnect", "evening")


def tue(clock: str, kind: str, reason: str | None = None) -> ReminderRow:
    return (f"2026-03-03T{clock}:00+01:00", kind, reason)


def test_reminders_due_together_are_shown_by_priority_one_per_min_gap() -> None:
    # 06:00: disconnect (early) and short_rest due -> disconnect; short_rest 06:10.
    # 07:00: disconnect (06:00 + 60), daily_limit (60 min active) and break (60-min
    # stretch) due -> disconnect; then daily_limit 07:10, break 07:20; the
    # break repeats 15 min later (07:35), by then within the window.
    assert shown(replay(EVENING_THEN_DAWN, LOW_LIMIT)) == [
        MON_21,
        tue("06:00", "disconnect", "early"),
        tue("06:10", "short_rest"),
        tue("07:00", "disconnect", "early"),
        tue("07:10", "daily_limit"),
        tue("07:20", "break"),
        tue("07:35", "break"),
    ]


def test_daily_limit_reminder_once_a_day_when_active_time_reaches_420() -> None:
    policy = Policy(breaks=Breaks(enabled=False))
    result = replay(
        """
        time,event
        2026-03-02T08:00:00+01:00 .. 2026-03-02T12:00:00+01:00 every 60, input
        2026-03-02T13:00:00+01:00 .. 2026-03-02T17:00:00+01:00 every 60, input
        2026-03-03T08:00:00+01:00 .. 2026-03-03T12:00:00+01:00 every 60, input
        2026-03-03T13:00:00+01:00 .. 2026-03-03T17:00:00+01:00 every 60, input
        """,
        policy,
    )
    # 240 min in the morning + 180 min from 13:00: 420 at 16:00; still over
    # the limit until 17:00 but shown once a day; again on Tuesday.
    assert shown(result, policy) == [
        ("2026-03-02T16:00:00+01:00", "daily_limit", None),
        ("2026-03-03T16:00:00+01:00", "daily_limit", None),
    ]


SPLIT = Policy(hours=Hours(by_weekday=((Window(480, 720), Window(810, 1050)),) * 7))
"""Working windows 08:00-12:00 and 13:30-17:30 every working day."""


def test_disconnect_reasons_early_between_windows_and_evening() -> None:
    result = replay(
        """
        time,event
        2026-03-02T07:50:00+01:00 .. 2026-03-02T08:05:00+01:00 every 60, input
        2026-03-02T12:10:00+01:00 .. 2026-03-02T12:20:00+01:00 every 60, input
        2026-03-02T17:40:00+01:00 .. 2026-03-02T18:45:00+01:00 every 60, input
        """,
        SPLIT,
    )
    # 08:00 is within a window: the early episode ends. 18:40: evening again
    # (17:40 + 60), outranking the break due then (60-min stretch since 17:40).
    assert shown(result, SPLIT) == [
        ("2026-03-02T07:50:00+01:00", "disconnect", "early"),
        ("2026-03-02T12:10:00+01:00", "disconnect", "between_windows"),
        ("2026-03-02T17:40:00+01:00", "disconnect", "evening"),
        ("2026-03-02T18:40:00+01:00", "disconnect", "evening"),
    ]


def test_disconnect_repeats_every_60_minutes_while_due() -> None:
    policy = Policy(breaks=Breaks(enabled=False))
    result = replay(
        """
        time,event
        2026-03-02T19:30:00+01:00 .. 2026-03-02T22:45:00+01:00 every 60, input
        """,
        policy,
    )
    assert shown(result, policy) == [
        ("2026-03-02T19:30:00+01:00", "disconnect", "evening"),
        ("2026-03-02T20:30:00+01:00", "disconnect", "evening"),
        ("2026-03-02T21:30:00+01:00", "disconnect", "evening"),
        ("2026-03-02T22:30:00+01:00", "disconnect", "evening"),
    ]


@pytest.mark.parametrize(
    ("policy", "expected"),
    [
        pytest.param(
            dataclasses.replace(LOW_LIMIT, breaks=Breaks(enabled=False)),
            [
                MON_21,
                tue("06:00", "disconnect", "early"),
                tue("06:10", "short_rest"),
                tue("07:00", "disconnect", "early"),
                tue("07:10", "daily_limit"),
            ],
            id="breaks-off",
        ),
        pytest.param(
            dataclasses.replace(LOW_LIMIT, disconnect=Disconnect(enabled=False)),
            [
                # Nothing on Monday evening (a 30-minute stretch).
                tue("06:00", "short_rest"),
                tue("07:00", "daily_limit"),  # outranks the break due at 07:00
                tue("07:10", "break"),
                tue("07:25", "break"),
                tue("07:40", "break"),
            ],
            id="disconnect-off",
        ),
        pytest.param(
            dataclasses.replace(LOW_LIMIT, short_rest=ShortRest(enabled=False)),
            [
                MON_21,
                tue("06:00", "disconnect", "early"),
                tue("07:00", "disconnect", "early"),
                tue("07:10", "daily_limit"),
                tue("07:20", "break"),
                tue("07:35", "break"),
            ],
            id="short-rest-off",
        ),
        pytest.param(
            dataclasses.replace(LOW_LIMIT, daily_limit=DailyLimit(enabled=False, minutes=60)),
            [
                MON_21,
                tue("06:00", "disconnect", "early"),
                tue("06:10", "short_rest"),
                tue("07:00", "disconnect", "early"),
                tue("07:10", "break"),
                tue("07:25", "break"),
                tue("07:40", "break"),
            ],
            id="daily-limit-off",
        ),
    ],
)
def test_a_disabled_reminder_kind_never_shows_and_the_others_still_do(
    policy: Policy, expected: list[ReminderRow]
) -> None:
    result = replay(EVENING_THEN_DAWN, policy)
    assert shown(result, policy) == expected
    # The same trace with everything on shows all four kinds (see the priority test).
    assert kinds(replay(EVENING_THEN_DAWN, LOW_LIMIT)) == {
        "disconnect",
        "short_rest",
        "daily_limit",
        "break",
    }
    assert kinds(result) == {kind for _, kind, _ in expected}
    assert len(kinds(result)) == 3


def test_break_interval_repeat_and_max_repeats_come_from_the_policy() -> None:
    policy = Policy(breaks=Breaks(every_minutes=30, repeat_minutes=20, max_repeats=1))
    result = replay(
        """
        time,event
        2026-03-02T09:00:00+01:00 .. 2026-03-02T10:30:00+01:00 every 60, input
        """,
        policy,
    )
    # At 30 min of stretch, then one repeat 20 min later, then nothing.
    assert shown(result, policy) == [
        ("2026-03-02T09:30:00+01:00", "break", None),
        ("2026-03-02T09:50:00+01:00", "break", None),
    ]


def test_without_min_gap_still_one_reminder_per_input_by_priority() -> None:
    policy = dataclasses.replace(LOW_LIMIT, reminders=Reminders(min_gap_minutes=0))
    # Same trace as the priority test: what waited 10 minutes now waits for
    # the next input, one minute later.
    assert shown(replay(EVENING_THEN_DAWN, policy), policy) == [
        MON_21,
        tue("06:00", "disconnect", "early"),
        tue("06:01", "short_rest"),
        tue("07:00", "disconnect", "early"),
        tue("07:01", "daily_limit"),
        tue("07:02", "break"),
        tue("07:17", "break"),
        tue("07:32", "break"),
    ]
