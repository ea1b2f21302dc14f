"""The roll-over: every completed day and week kept, once, from the store.

Run at start, at local midnight and whenever a tick finds the date changed.
A day is kept by the core's ``keep_day``; a week with its 12-week history
(``history_before``) and, in the week the device joined its team, reported
from the joining day on (MEASURES.md §8).
"""

from __future__ import annotations

from datetime import date, timedelta

from agent.core.contribution import week_contribution
from agent.core.keeping import keep_day, reminders_window
from agent.core.localdays import (
    dates_between,
    day_context,
    local_date,
    monday_of,
    mondays_between,
    week_context,
)
from agent.core.weeks import history_before, joining_week_figures, week_figures
from agent.store import Store
from contract.policy.model import Policy


def keep_completed(store: Store, policy: Policy, now: int) -> date | None:
    """Keep what completed before today; return today, or None before recording began."""
    since = store.setting("recording_since")
    if since is None:
        return None
    first_day = local_date(int(since), policy.timezone)
    today = local_date(now, policy.timezone)
    last_kept = store.last_day()
    start = max(first_day, last_kept + timedelta(days=1)) if last_kept else first_day
    for day in dates_between(start, today - timedelta(days=1)):
        _keep_day(store, policy, day)
    _keep_weeks(store, policy, first_day, today, now)
    return today


def _keep_day(store: Store, policy: Policy, day: date) -> None:
    context = day_context(policy, day)
    kept = keep_day(
        context,
        store.spans_around(context.start, context.end),
        store.reminders_between(*reminders_window(context)),
        store.snoozes_between(context.start, context.end),
        policy,
    )
    store.save_day(kept.figures, kept.contribution)


def _keep_weeks(store: Store, policy: Policy, first_day: date, today: date, now: int) -> None:
    from agent.upload import enrollment

    joined = enrollment(store)
    first_monday = first_day - timedelta(days=first_day.weekday())
    kept = {monday_of(w.week): w.active_minutes for w in store.weeks(first_monday)}
    for monday in mondays_between(first_day, today):
        week = week_context(policy, monday)
        if week.end > day_context(policy, today).start:
            break  # the current week is not complete
        if monday in kept:
            continue
        spans = store.spans_around(week.start, week.end)
        figures = week_figures(week, spans, now, history_before(monday, first_monday, kept))
        reported = figures
        if joined is not None and monday <= joined.since <= monday + timedelta(days=6):
            # The joining week is reported from the joining day on (MEASURES.md §8);
            # the person's own report keeps the whole week.
            joined_at = day_context(policy, joined.since).start
            reported = joining_week_figures(week, spans, now, joined_at)
        store.save_week(monday, figures, week_contribution(reported))
        kept[monday] = figures.active_minutes
