"""Hypothesis strategies for the measuring core: random traces and random policies.

Traces are sorted event lists made of bursts of inputs separated by random gaps
(from seconds to days), sprinkled with lock/unlock/suspend/resume, with equal
times allowed. Their start is drawn around anchor dates that include the
daylight-saving changes of Europe/Paris and America/New_York, so that many
examples contain a 23- or 25-hour day.

Policies vary every parameter the core reads, within the ranges of POLICY.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from hypothesis import strategies as st

from agent.core.events import Event, EventKind
from contract.policy.model import (
    Activity,
    Breaks,
    Calendar,
    DailyLimit,
    Disconnect,
    Hours,
    Policy,
    Reminders,
    ShortRest,
    Window,
)

MINUTE = 60
HOUR = 3600
DAY = 86400
WEEK = 7 * DAY

ZONES = ("Europe/Paris", "UTC", "America/New_York", "Asia/Kolkata")
ZONES_WITHOUT_DST = ("UTC", "Asia/Kolkata")

DST_DATES = (
    date(2026, 3, 29),  # Europe/Paris: 23-hour day
    date(2026, 10, 25),  # Europe/Paris: 25-hour day
    date(2026, 3, 8),  # America/New_York: 23-hour day
    date(2026, 11, 1),  # America/New_York: 25-hour day (and a French public holiday)
)
ANCHOR_DATES = (
    *DST_DATES,
    *DST_DATES,  # twice: half the traces start next to a daylight-saving change
    date(2026, 1, 5),  # an ordinary Monday
    date(2026, 4, 30),  # May Day and Victory Day ahead
    date(2026, 7, 13),  # Bastille Day ahead
    date(2026, 12, 28),  # ISO week 2026-W53, then 2027-W01
)

HOLIDAY_FREE_STARTS = (
    # Start ranges in which a trace of up to 3 weeks shifted by up to 4 weeks
    # meets no French public holiday (2026-01-01 .. 2026-04-06 and
    # 2026-08-15 .. 2026-11-01 are free of them).
    (date(2026, 1, 5), date(2026, 2, 9)),
    (date(2026, 8, 17), date(2026, 9, 7)),
)

_KIND_WEIGHTS: tuple[EventKind, ...] = (
    *(EventKind.INPUT,) * 14,
    EventKind.LOCK,
    EventKind.UNLOCK,
    EventKind.SUSPEND,
    EventKind.RESUME,
)


def utc_midnight(day: date) -> int:
    return int(datetime(day.year, day.month, day.day, tzinfo=UTC).timestamp())


# -- traces ----------------------------------------------------------------


@st.composite
def _gap(draw: st.DrawFn) -> int:
    """A gap between two bursts: seconds, minutes to hours, or days."""
    scale = draw(st.sampled_from(("seconds", "minutes", "hours", "days")))
    if scale == "seconds":
        return draw(st.integers(0, 600))
    if scale == "minutes":
        return draw(st.integers(600, 4 * HOUR))
    if scale == "hours":
        return draw(st.integers(4 * HOUR, 20 * HOUR))
    return draw(st.integers(20 * HOUR, 3 * DAY))


@st.composite
def _burst(draw: st.DrawFn) -> list[int]:
    """Offsets of the events of one burst, from the burst's start."""
    if draw(st.booleans()):
        # A regular session: an input every `step` seconds, possibly for hours.
        step = draw(st.integers(1, 600))
        count = draw(st.integers(1, 150))
        return [n * step for n in range(count)]
    # An irregular one: small random steps, equal times allowed.
    steps = draw(st.lists(st.integers(0, 400), min_size=0, max_size=40))
    offsets = [0]
    for step in steps:
        offsets.append(offsets[-1] + step)
    return offsets


@st.composite
def traces(
    draw: st.DrawFn,
    starts: st.SearchStrategy[int] | None = None,
    max_span: int = 5 * WEEK,
    max_bursts: int = 15,
) -> list[Event]:
    """A sorted trace of a few weeks at most, starting at a time drawn from ``starts``."""
    start = draw(starts if starts is not None else anchored_starts())
    events: list[Event] = []
    now = start
    for _ in range(draw(st.integers(1, max_bursts))):
        now += draw(_gap())
        if now - start > max_span:
            break
        for offset in draw(_burst()):
            kind = draw(st.sampled_from(_KIND_WEIGHTS))
            events.append(Event(now + offset, kind))
        now = events[-1].time
    if not any(event.kind is EventKind.INPUT for event in events):
        events.append(Event(now, EventKind.INPUT))
    return events


def anchored_starts(anchors: Sequence[date] = ANCHOR_DATES) -> st.SearchStrategy[int]:
    """Instants from 36 hours before to 30 hours after the (UTC) midnight of an anchor date."""
    return st.builds(
        lambda day, offset: utc_midnight(day) + offset,
        st.sampled_from(anchors),
        st.integers(-36 * HOUR, 30 * HOUR),
    )


def holiday_free_starts() -> st.SearchStrategy[int]:
    """Starts from which a 3-week trace shifted by up to 4 weeks meets no French holiday."""
    return st.sampled_from(HOLIDAY_FREE_STARTS).flatmap(
        lambda bounds: st.integers(utc_midnight(bounds[0]), utc_midnight(bounds[1]))
    )


def inputs_of(events: Sequence[Event]) -> list[int]:
    return [event.time for event in events if event.kind is EventKind.INPUT]


# -- policies --------------------------------------------------------------

# Window bounds on a quarter-hour grid, often between 01:45 and 03:45 so that
# some fall inside the hour that a daylight-saving change skips or repeats.
_QUARTERS = st.one_of(st.integers(0, 96), st.integers(7, 15)).map(lambda q: q * 15)


@st.composite
def _windows(draw: st.DrawFn) -> tuple[Window, ...]:
    """One or two working windows, sorted, not overlapping."""
    count = draw(st.sampled_from((1, 2)))
    bounds = sorted(draw(st.sets(_QUARTERS, min_size=2 * count, max_size=2 * count)))
    return tuple(Window(bounds[i], bounds[i + 1]) for i in range(0, 2 * count, 2))


@st.composite
def _night(draw: st.DrawFn) -> Window:
    if draw(st.booleans()):
        return Window(1320, 300)  # the default 22:00-05:00
    start = draw(st.integers(0, 95)) * 15
    end = draw(st.integers(1, 96).filter(lambda q: q * 15 != start)) * 15
    return Window(start, end)  # crosses midnight when start > end


@st.composite
def _hours(draw: st.DrawFn) -> Hours:
    default = draw(_windows())
    by_weekday = tuple(
        draw(_windows()) if draw(st.integers(0, 3)) == 0 else default for _ in range(7)
    )
    return Hours(by_weekday=by_weekday, night=draw(_night()))


@st.composite
def policies(draw: st.DrawFn, zones: Sequence[str] = ZONES) -> Policy:
    """A random valid policy (ranges of POLICY.md), in one of ``zones`` (the first
    one, Europe/Paris by default, half the time)."""
    working_days = draw(st.sets(st.integers(0, 6), min_size=1, max_size=7))
    return Policy(
        timezone=draw(st.sampled_from(zones) | st.sampled_from(zones[:1])),  # favour the first
        calendar=Calendar(working_days=frozenset(working_days)),
        hours=draw(_hours()),
        activity=Activity(idle_after_seconds=draw(st.integers(30, 1800))),
        breaks=Breaks(
            enabled=draw(st.booleans()),
            min_break_minutes=draw(st.integers(1, 60)),
            every_minutes=draw(st.integers(10, 240)),
            repeat_minutes=draw(st.integers(5, 120)),
            max_repeats=draw(st.integers(0, 10)),
        ),
        disconnect=Disconnect(
            enabled=draw(st.booleans()), repeat_minutes=draw(st.integers(15, 240))
        ),
        short_rest=ShortRest(enabled=draw(st.booleans())),
        daily_limit=DailyLimit(enabled=draw(st.booleans()), minutes=draw(st.integers(60, 720))),
        reminders=Reminders(min_gap_minutes=draw(st.integers(0, 120))),
    )
