"""Hand-built figures for the report tests: a realistic month and its weeks."""

from __future__ import annotations

from datetime import date, timedelta

from agent.core.contribution import DayReminders
from agent.core.days import DayFigures
from agent.core.reminders import ReminderKind
from agent.core.weeks import WeekFigures
from agent.report import ReportData
from contract.policy.model import Policy

DEFAULT_POLICY = Policy()
"""The marks a report shows come from the policy: the bundled default's here."""

TODAY = "2026-03-30"  # a Monday; the current, incomplete day


def day(
    when: str,
    active: int,
    *,
    working_day: bool = True,
    first: str | None = "08:30",
    last: str | None = "17:45",
    amplitude: int | None = None,
    breaks: int = 4,
    stretch: int = 70,
    after_hours: int = 0,
    night: int = 0,
    rest_before: int | None = 870,
    no_break_6h: bool = False,
    every: int = 60,
) -> DayFigures:
    """Day figures consistent with MEASURES.md §4 for the values given."""
    if active == 0:
        first = last = None
        amplitude, breaks, stretch, rest_before = 0, 0, 0, None
    elif amplitude is None:
        assert first is not None and last is not None
        amplitude = _minutes(last) - _minutes(first)
    assert amplitude is not None
    if not working_day:
        after_hours = active
    return DayFigures(
        date=when,
        working_day=working_day,
        active_minutes=active,
        first_activity=first,
        last_activity=last,
        amplitude_minutes=amplitude,
        breaks=breaks,
        longest_stretch_minutes=stretch,
        after_hours_minutes=after_hours,
        night_minutes=night,
        rest_before_minutes=rest_before,
        active_over_10h=active > 600,
        amplitude_over_12h=amplitude > 720,
        rest_under_11h=rest_before is not None and rest_before < 660,
        no_break_6h=no_break_6h,
        long_stretch=stretch >= every,
        after_hours_active=after_hours > 0,
        night_active=night > 0,
        non_working_day_active=not working_day and active > 0,
    )


def _minutes(clock: str) -> int:
    hours, minutes = clock.split(":")
    return int(hours) * 60 + int(minutes)


def week(label: str, active: int, *, rest_under_35h: bool = False) -> WeekFigures:
    return WeekFigures(
        week=label,
        active_minutes=active,
        over_48h=active > 2880,
        rest_under_35h=rest_under_35h,
        avg_12w_over_44h=False,
    )


def realistic_month() -> ReportData:
    """30 days ending today (2026-03-30, partial) and the 12 ISO weeks ending this week."""
    end = date.fromisoformat(TODAY)
    days: list[DayFigures] = []
    reminders: dict[str, DayReminders] = {}
    for offset in range(29, -1, -1):
        current = end - timedelta(days=offset)
        iso = current.isoformat()
        weekend = current.weekday() >= 5
        index = 29 - offset
        if weekend:
            active = 45 if current.weekday() == 5 and index % 14 == 13 else 0  # some Saturdays
            figures = day(
                iso, active, working_day=False, first="10:05", last="10:50", breaks=0, stretch=45
            )
        elif iso == TODAY:
            figures = day(iso, 190, first="08:40", last="12:10", breaks=2, stretch=80)
        elif index % 9 == 3:  # a long day running into the evening
            figures = day(
                iso,
                615,
                first="07:50",
                last="21:40",
                breaks=3,
                stretch=200,
                after_hours=150,
                night=0,
                no_break_6h=True,
            )
        elif index % 9 == 4:  # the morning after: a short rest
            figures = day(iso, 400, first="07:30", last="16:30", rest_before=590, stretch=95)
        elif index % 11 == 7:  # an email late at night
            figures = day(
                iso, 455, first="08:15", last="23:10", after_hours=35, night=20, stretch=110
            )
        else:
            active = 330 + (index * 37) % 120
            figures = day(iso, active, stretch=55 + (index * 13) % 60)
        days.append(figures)
        if figures.active_minutes:
            shown = {
                ReminderKind.BREAK: 1 + index % 3,
                ReminderKind.DISCONNECT: 1 if figures.after_hours_active else 0,
                ReminderKind.SHORT_REST: 1 if figures.rest_under_11h else 0,
                ReminderKind.DAILY_LIMIT: 1 if figures.active_minutes >= 420 else 0,
            }
            reminders[iso] = DayReminders(
                shown=shown, breaks_after_reminder=index % 2, snoozed=1 if index % 5 == 0 else 0
            )

    monday = end - timedelta(days=end.weekday())
    weeks = []
    for offset in range(11, -1, -1):
        start = monday - timedelta(weeks=offset)
        year, number, _ = start.isocalendar()
        active = 190 if offset == 0 else 2050 + (offset * 173) % 700
        if offset == 3:
            active = 2950  # one heavy week, over 48 h
        weeks.append(week(f"{year}-W{number:02d}", active, rest_under_35h=offset == 3))
    return ReportData(
        generated_at="2026-03-30T12:15:00+02:00",
        policy_name="Région — Direction des finances",
        days=days,
        weeks=weeks,
        reminders=reminders,
        today=TODAY,
        daily_limit_minutes=DEFAULT_POLICY.daily_limit.minutes,
        every_minutes=DEFAULT_POLICY.breaks.every_minutes,
    )
