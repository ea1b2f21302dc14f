"""One simulated person at one workstation: a day plan, events, and the real measuring core.

A device's activity is generated one local day at a time as *sessions* of
screen use (``[start, end)`` instants): the morning and the afternoon around
lunch, minus coffee breaks and off-screen meetings, plus evening, night or
weekend sessions for some people. Within a session an ``input`` event comes
every 45 to 150 seconds, always closer than the policy's ``idle_after``
(at least 180 s in the bundled policies), so the engine sees one continuous
span; a lunch or the end of the day may end with a lock or a suspend.

The events are fed, in order, to the agent's own ``ActivityEngine`` with the
device's policy, and the person *reacts* to what it shows: a break reminder is
sometimes followed by a break a few minutes later, an evening disconnect
reminder sometimes ends the session, and a reminder is now and then snoozed
(reminders paused for an hour, as the tray's "pause" does). The spans and
reminders then go through the core's ``keep_day`` (as the agent's roll-over
keeps a day), ``weeks_between`` and ``week_contribution``: every figure is the
core's, nothing is computed a second way.
"""

from __future__ import annotations

import random
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date, timedelta

from agent.core.contribution import week_contribution
from agent.core.days import DayFigures
from agent.core.engine import ActivityEngine
from agent.core.events import Event, EventKind
from agent.core.keeping import keep_day, reminders_window
from agent.core.localdays import (
    dates_between,
    day_context,
    is_working_day,
    local_instant,
    monday_of,
    week_context,
)
from agent.core.reminders import Reminder, ReminderKind
from agent.core.replay import weeks_between
from agent.core.spans import neighbourhood
from agent.core.weeks import WeekFigures
from contract.contribution import Values
from contract.policy.model import Policy

MINUTE = 60
HOUR = 3600
INPUT_EVERY = (45, 150)
"""Seconds between two inputs within a session: always under ``idle_after``."""
SNOOZE_SECONDS = HOUR


@dataclass(frozen=True)
class Persona:
    """How one person works; drawn once per device (``simulation.fleet``)."""

    chronotype: float
    """0 arrives as the first working window opens, 1 as late as the day allows."""
    presence_minutes: int
    """From arrival to departure on an ordinary working day, lunch included."""
    lunch_minutes: int
    screen_share: float
    """Share of the time at work spent at the screen; the rest are meetings, rounds..."""
    coffee_breaks: float
    """Breaks of 5 to 20 minutes per day, on average."""
    follows_break_reminders: float
    """Probability to take a break within a few minutes of a break reminder."""
    stops_when_reminded: float
    """Probability to stop within ten minutes of a disconnect reminder."""
    snoozes: float
    """Probability to pause reminders for an hour when one is shown."""
    evening: float
    """Probability, per working day, of an evening session after dinner."""
    weekend: float
    """Probability, per non-working day, of some screen time."""
    night_calls: float
    """Probability, per night, of an on-call intervention around 2 a.m."""
    stays_late: float
    """Probability to stay past the last working window rather than leave as it closes."""
    long_days: float
    """Probability, per working day, of a day two or three hours longer than usual."""
    locks: float
    """Probability to lock the screen at lunch and at the end of the day."""
    absence: float
    """Probability of an unplanned day off (sick, training away from the desk)."""


@dataclass(frozen=True)
class Workload:
    """A change of workload from a day on: the deployment of a new tool."""

    since: date
    extra_minutes: int = 45
    """Longer days."""
    breaks_factor: float = 0.5
    """Fewer coffee breaks and fewer reminders followed."""
    extra_evening: float = 0.15
    lunch_minutes: int = 35
    """A shorter lunch (at most this long)."""


@dataclass(frozen=True)
class DevicePlan:
    """Everything needed to simulate one device: its team, policy, persona and leave."""

    index: int
    team: str
    policy: Policy
    persona: Persona
    leave: frozenset[date]
    seed: int
    workload: Workload | None = None


@dataclass(frozen=True)
class KeptDay:
    figures: DayFigures
    contribution: Values
    complete_at: int
    """The instant the day ends (local midnight after it): it is kept from then on."""


@dataclass(frozen=True)
class KeptWeek:
    monday: date
    figures: WeekFigures
    contribution: Values
    complete_at: int


@dataclass(frozen=True)
class DeviceHistory:
    """What the agent of one device keeps at roll-over: every day and complete week."""

    plan: DevicePlan
    days: tuple[KeptDay, ...]
    weeks: tuple[KeptWeek, ...]
    events: int
    reminders: int


Session = tuple[int, int]


class _Day:
    """The plan of one local day: sessions as instants, built from local minutes."""

    def __init__(self, plan: DevicePlan, day: date, rng: random.Random) -> None:
        self.plan = plan
        self.day = day
        self.rng = rng
        self.timezone = plan.policy.timezone

    def at(self, minutes: float) -> int:
        whole = max(0, min(int(minutes), 2 * 1440 - 1))
        return local_instant(self.day, whole, self.timezone) + self.rng.randrange(MINUTE)

    def sessions(self) -> list[Session]:
        plan, persona, rng, day = self.plan, self.plan.persona, self.rng, self.day
        policy = plan.policy
        load = plan.workload if plan.workload and day >= plan.workload.since else None
        working = is_working_day(policy, day) and day not in plan.leave
        sessions: list[Session] = []
        if working and rng.random() >= persona.absence:
            sessions += self._office_day(load)
            evening = persona.evening + (load.extra_evening if load else 0.0)
            if rng.random() < evening:
                start = rng.uniform(20 * 60, 22 * 60 + 15)
                sessions.append((self.at(start), self.at(start + rng.uniform(15, 75))))
        elif not is_working_day(policy, day) and rng.random() < persona.weekend:
            start = rng.choice((rng.uniform(9 * 60, 16 * 60), rng.uniform(19 * 60, 22 * 60)))
            sessions.append((self.at(start), self.at(start + rng.uniform(20, 150))))
        if rng.random() < persona.night_calls:
            start = rng.uniform(90, 180)
            sessions.insert(0, (self.at(start), self.at(start + rng.uniform(20, 70))))
        return sessions

    def _office_day(self, load: Workload | None) -> list[Session]:
        persona, rng, policy = self.plan.persona, self.rng, self.plan.policy
        windows = policy.hours.windows(self.day.weekday())
        opens, closes = windows[0].start, windows[-1].end
        presence: float = persona.presence_minutes + (load.extra_minutes if load else 0)
        if rng.random() < persona.long_days:
            presence += rng.uniform(90, 200)
        slack = max(0, closes - opens - presence)
        arrival = opens + persona.chronotype * slack + abs(rng.gauss(0, 8))
        departure = arrival + presence + rng.gauss(0, 20)
        if departure > closes and rng.random() >= persona.stays_late:
            departure = closes - rng.uniform(0, 15)
        if len(windows) > 1:  # the policy's own midday gap is the lunch break
            lunch_start = windows[0].end - rng.uniform(0, 15)
            lunch_end = windows[1].start + rng.uniform(0, 10)
        else:
            lunch = persona.lunch_minutes if load is None else min(persona.lunch_minutes, 35)
            lunch_start = rng.uniform(11 * 60 + 45, 12 * 60 + 45)
            lunch_end = lunch_start + lunch + rng.uniform(-10, 10)
        blocks = [(arrival, min(lunch_start, departure)), (max(lunch_end, arrival), departure)]
        blocks = [(start, end) for start, end in blocks if end - start > 5]
        off = self._off_screen(blocks, load)
        return [(self.at(start), self.at(end)) for start, end in _subtract(blocks, off)]

    def _off_screen(
        self, blocks: list[tuple[float, float]], load: Workload | None
    ) -> list[tuple[float, float]]:
        """Coffee breaks and off-screen time, in local minutes, sorted."""
        persona, rng = self.plan.persona, self.rng
        total = sum(end - start for start, end in blocks)
        if not blocks or total <= 0:
            return []
        off: list[tuple[float, float]] = []

        def somewhere(length: float) -> None:
            point = rng.uniform(0, total)
            for start, end in blocks:
                if point < end - start:
                    off.append((start + point, start + point + length))
                    return
                point -= end - start

        coffee = persona.coffee_breaks * (load.breaks_factor if load else 1.0)
        for _ in range(_poisson(rng, coffee)):
            somewhere(rng.uniform(5.5, 20))
        # Off-screen work (meetings, rounds in a school, a kitchen service):
        # cut the rest into pieces until the screen share is reached.
        away = total * (1 - persona.screen_share)
        while away > 10:
            length = min(away, rng.uniform(20, 90))
            somewhere(length)
            away -= length
        return sorted(off)


def _subtract(
    blocks: list[tuple[float, float]], off: list[tuple[float, float]]
) -> list[tuple[float, float]]:
    pieces: list[tuple[float, float]] = []
    for start, end in blocks:
        cursor = start
        for off_start, off_end in off:
            if off_end <= cursor or off_start >= end:
                continue
            if off_start > cursor:
                pieces.append((cursor, off_start))
            cursor = max(cursor, off_end)
        if cursor < end:
            pieces.append((cursor, end))
    return [(start, end) for start, end in pieces if end - start >= 1]


def _poisson(rng: random.Random, mean: float) -> int:
    count, threshold, product = 0, pow(2.718281828459045, -mean), rng.random()
    while product > threshold:
        count += 1
        product *= rng.random()
    return count


class _Person:
    """Feeds one device's sessions to the engine and reacts to its reminders."""

    def __init__(self, plan: DevicePlan, rng: random.Random) -> None:
        self.plan = plan
        self.rng = rng
        self.engine = ActivityEngine(plan.policy)
        self.reminders: list[Reminder] = []
        self.snoozes: list[int] = []
        self.paused_until = 0
        self.events = 0
        self.last = 0

    def feed(self, time: int, kind: EventKind = EventKind.INPUT) -> Reminder | None:
        time = max(time, self.last)
        self.last = time
        self.events += 1
        if kind is not EventKind.INPUT:
            self.engine.feed(Event(time, kind))
            return None
        return self.engine.input(time, can_show=time >= self.paused_until)

    def live(self, sessions: list[Session], load: Workload | None) -> None:
        persona, rng = self.plan.persona, self.rng
        follows = persona.follows_break_reminders * (load.breaks_factor if load else 1.0)
        low, high = INPUT_EVERY
        for index, (start, session_end) in enumerate(sessions):
            if start < self.last:
                continue  # overlaps the session before (a late evening after a late day)
            end = session_end
            if self.last and rng.random() < persona.locks:
                self.feed(start, EventKind.UNLOCK)
            time, pause = start, None
            while time < end:
                reminder = self.feed(time)
                if reminder is not None:
                    self.reminders.append(reminder)
                    if rng.random() < persona.snoozes:
                        self.snoozes.append(time)
                        self.paused_until = time + SNOOZE_SECONDS
                    elif reminder.kind is ReminderKind.BREAK and rng.random() < follows:
                        begins = time + rng.randint(30, 420)
                        pause = (begins, begins + rng.randint(330, 900))
                    elif reminder.kind is ReminderKind.DISCONNECT and (
                        rng.random() < persona.stops_when_reminded
                    ):
                        end = min(end, time + rng.randint(60, 600))
                time += rng.randint(low, high)
                if pause is not None and time >= pause[0]:
                    time, pause = max(time, pause[1]), None
            last_of_day = index == len(sessions) - 1
            if rng.random() < persona.locks:
                kind = EventKind.SUSPEND if last_of_day else EventKind.LOCK
                self.feed(self.last + rng.randint(5, 60), kind)


def simulate_device(plan: DevicePlan, first_day: date, last_day: date) -> DeviceHistory:
    """Run ``plan`` from ``first_day`` to ``last_day`` (local dates, both included).

    Every day of the range is kept, zero-filled when the device was off, and
    every ISO week that ends by the end of ``last_day``, as the agent's
    roll-over keeps them.
    """
    rng = random.Random(plan.seed)
    policy = plan.policy
    person = _Person(plan, rng)
    day = first_day
    while day <= last_day:
        load = plan.workload if plan.workload and day >= plan.workload.since else None
        person.live(_Day(plan, day, rng).sessions(), load)
        day += timedelta(days=1)
    engine = person.engine
    engine.finish()
    spans = engine.closed
    observation_end = day_context(policy, last_day).end
    weeks = weeks_between(spans, first_day, last_day, observation_end, policy)
    reminder_times = [r.time for r in person.reminders]
    kept_days: list[KeptDay] = []
    for day in dates_between(first_day, last_day):
        context = day_context(policy, day)
        start, end = reminders_window(context)
        shown = person.reminders[
            bisect_left(reminder_times, start) : bisect_left(reminder_times, end)
        ]
        snoozed = bisect_left(person.snoozes, context.end) - bisect_left(
            person.snoozes, context.start
        )
        around = neighbourhood(spans, context.start, context.end)
        kept = keep_day(context, around, shown, snoozed, policy)
        kept_days.append(KeptDay(kept.figures, kept.contribution, context.end))
    kept_weeks: list[KeptWeek] = []
    for figures in weeks:
        monday = monday_of(figures.week)
        week = week_context(policy, monday)
        if week.end > observation_end:
            break  # the current week is not complete
        kept_weeks.append(KeptWeek(monday, figures, week_contribution(figures), week.end))
    return DeviceHistory(
        plan, tuple(kept_days), tuple(kept_weeks), person.events, len(person.reminders)
    )
