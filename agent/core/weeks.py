"""Week figures (MEASURES.md §5): a pure function of one ISO week and its spans."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from agent.core.intervals import overlap
from agent.core.localdays import WeekContext
from agent.core.spans import Span
from agent.core.stretches import gaps

MINUTE = 60
OVER_48H_MINUTES = 48 * 60  # the absolute weekly maximum (décret n° 2000-815, art. 3)
AVERAGE_WEEKS = 12
AVERAGE_OVER_44H_MINUTES = 44 * 60  # the 12-week average maximum, same article
MIN_WEEKLY_REST_SECONDS = 35 * 3600  # 35 hours of weekly rest, same article


@dataclass(frozen=True, slots=True)
class WeekFigures:
    week: str
    active_minutes: int
    over_48h: bool
    rest_under_35h: bool
    avg_12w_over_44h: bool


def week_active_minutes(week: WeekContext, spans: Sequence[Span]) -> int:
    return sum(overlap(s.start, s.end, week.start, week.end) for s in spans) // MINUTE


def week_figures(
    week: WeekContext,
    spans: Sequence[Span],
    observation_end: int,
    earlier_active_minutes: Sequence[int | None],
) -> WeekFigures:
    """The figures of ``week``.

    ``spans`` are sorted and include every span touching the week plus its
    neighbour on each side when there is one (``spans.neighbourhood``).
    ``observation_end`` is where the gap after the last span ends: the trace's
    last event in a replay, now in the running agent. ``earlier_active_minutes``
    holds the active minutes of the weeks before, oldest first, ending with the
    week just before this one; ``None`` marks a week before observation began.
    """
    active_minutes = week_active_minutes(week, spans)
    return WeekFigures(
        week=week.label,
        active_minutes=active_minutes,
        over_48h=active_minutes > OVER_48H_MINUTES,
        rest_under_35h=_rest_under_35h(week, spans, observation_end),
        avg_12w_over_44h=_average_over_44h(active_minutes, earlier_active_minutes),
    )


def history_before(
    monday: date, first_monday: date, active_minutes: Mapping[date, int]
) -> list[int | None]:
    """The 12-week history of the week of ``monday``: the eleven weeks before it.

    Oldest first, as ``week_figures`` takes it: ``None`` for a week before
    ``first_monday`` (observation had not begun), the week's active minutes
    from ``active_minutes`` (keyed by Monday), 0 for an observed week not in it.
    """
    earlier: list[int | None] = []
    for back in range(AVERAGE_WEEKS - 1, 0, -1):
        before = monday - timedelta(weeks=back)
        earlier.append(None if before < first_monday else active_minutes.get(before, 0))
    return earlier


def joining_week_figures(
    week: WeekContext, spans: Sequence[Span], observation_end: int, joined_at: int
) -> WeekFigures:
    """The figures of the week in which the agent joined its team, as it reports them.

    MEASURES.md §8: the joining week is reported, the time before joining
    counting as no activity, so that the device's day reports (from the
    joining day on) and its week reports cover the same time; otherwise its
    team's day sums minus its week sums would show a newcomer's first days.
    ``joined_at`` is the start of the joining day. Observation begins there:
    no gap before it, no history (so no 12-week average is claimed).
    """
    after = [Span(max(span.start, joined_at), span.end) for span in spans if span.end > joined_at]
    return week_figures(week, after, observation_end, [None])


def _rest_under_35h(week: WeekContext, spans: Sequence[Span], observation_end: int) -> bool:
    if not any(span.touches(week.start, week.end) for span in spans):
        return False
    all_gaps = [*gaps(spans), (spans[-1].end, max(observation_end, spans[-1].end))]
    # A gap of zero length (observation ending on the last span's last input)
    # is no gap: a trace too short to show any rest says nothing about rest.
    overlapping = [
        end - start
        for start, end in all_gaps
        if end > start and start < week.end and end > week.start
    ]
    # A gap is judged at its full length: a 40-hour weekend rest that began on
    # the Saturday of the week before still is a weekly rest for this week.
    return bool(overlapping) and max(overlapping) < MIN_WEEKLY_REST_SECONDS


def _average_over_44h(active_minutes: int, earlier: Sequence[int | None]) -> bool:
    window = [*earlier[-(AVERAGE_WEEKS - 1) :], active_minutes]
    if len(window) < AVERAGE_WEEKS or any(minutes is None for minutes in window):
        return False  # fewer than 12 weeks of history: no average is claimed
    total = sum(minutes for minutes in window if minutes is not None)
    return total > AVERAGE_OVER_44H_MINUTES * AVERAGE_WEEKS  # mean > 44 h, in integers
