"""Small helpers for the hand-worked trace tests (``test_handworked_*.py``).

A trace is written inline as CSV text (``time,event``). To keep traces of a
whole working day readable, one extra line form is accepted and expanded
before parsing::

    2026-03-02T08:30:00+01:00 .. 2026-03-02T12:00:00+01:00 every 120, input

stands for an ``input`` every 120 seconds from the first instant to the last,
both included (the last must lie on the grid). Arithmetic is on absolute
instants, so a run may cross a daylight-saving change.

Nothing here computes a figure: expected values are worked out by hand in the
tests.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from agent.core.replay import ReplayResult, replay_events, result_document
from agent.core.trace import parse_trace
from contract.policy.model import Policy

PARIS = ZoneInfo("Europe/Paris")
DEFAULT = Policy()

_RUN = re.compile(r"^\s*(\S+)\s*\.\.\s*(\S+)\s+every\s+(\d+)\s*,\s*input\s*$")

ReminderRow = tuple[str, str, str | None]
"""A shown reminder as ``(local ISO time, kind, reason)``."""


def expand(text: str) -> list[str]:
    """The CSV lines of ``text``, with every run line expanded into inputs."""
    lines: list[str] = []
    for line in text.strip().splitlines():
        match = _RUN.match(line)
        if match is None:
            lines.append(line.strip())
            continue
        start = datetime.fromisoformat(match[1])
        end = datetime.fromisoformat(match[2])
        step = int(match[3])
        length = int((end - start).total_seconds())
        assert step > 0 and length >= 0 and length % step == 0, f"run off its grid: {line}"
        lines.extend(
            f"{(start + timedelta(seconds=k)).isoformat()},input"
            for k in range(0, length + 1, step)
        )
    return lines


def replay(text: str, policy: Policy = DEFAULT) -> ReplayResult:
    """Replay an inline trace under ``policy``."""
    return replay_events(parse_trace(expand(text), "<hand-worked>"), policy)


def day(result: ReplayResult, iso_date: str) -> dict[str, Any]:
    """The figures of one day as a dict, every field included."""
    found = [asdict(figures) for figures in result.days if figures.date == iso_date]
    assert len(found) == 1, f"{iso_date} not listed once in {[d.date for d in result.days]}"
    return found[0]


def week(result: ReplayResult, label: str) -> dict[str, Any]:
    """The figures of one ISO week as a dict, every field included."""
    found = [asdict(figures) for figures in result.weeks if figures.week == label]
    assert len(found) == 1, f"{label} not listed once in {[w.week for w in result.weeks]}"
    return found[0]


def shown(result: ReplayResult, policy: Policy = DEFAULT) -> list[ReminderRow]:
    """The reminders shown, as in the §7 document: local ISO time, kind, reason."""
    return [
        (row["time"], row["kind"], row["reason"])
        for row in result_document(result, policy)["reminders"]
    ]


def kinds(result: ReplayResult) -> set[str]:
    """The kinds of reminder that were shown at least once."""
    return {reminder.kind.value for reminder in result.reminders}


def empty_day(iso_date: str, working_day: bool) -> dict[str, Any]:
    """The figures of a day without any activity: zeros, nulls and false flags."""
    return {
        "date": iso_date,
        "working_day": working_day,
        "active_minutes": 0,
        "first_activity": None,
        "last_activity": None,
        "amplitude_minutes": 0,
        "breaks": 0,
        "longest_stretch_minutes": 0,
        "after_hours_minutes": 0,
        "night_minutes": 0,
        "rest_before_minutes": None,
        "active_over_10h": False,
        "amplitude_over_12h": False,
        "rest_under_11h": False,
        "no_break_6h": False,
        "long_stretch": False,
        "after_hours_active": False,
        "night_active": False,
        "non_working_day_active": False,
    }


def local_bounds(iso_date: str) -> tuple[int, int]:
    """``[start, end)`` of a Paris calendar day in UTC seconds, from ``zoneinfo`` directly."""
    first = date.fromisoformat(iso_date)
    start = datetime.combine(first, time(0), tzinfo=PARIS)
    end = datetime.combine(first + timedelta(days=1), time(0), tzinfo=PARIS)
    return int(start.timestamp()), int(end.timestamp())


def at(iso: str) -> int:
    """UTC seconds of an ISO 8601 instant with its offset."""
    return int(datetime.fromisoformat(iso).timestamp())
