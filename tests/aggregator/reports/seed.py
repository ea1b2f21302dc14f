"""Feeding a test aggregator: devices enrolled per team, months sent through ``ingest.submit``.

A released month is frozen, so each month is sent on the 1st of the next
month (complete, not yet released: the test policies release 5 days later),
with the real ingest path; the caller then moves its clock to read.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime, timedelta

from aggregator import auth
from aggregator.auth import Device
from aggregator.groups import Groups
from aggregator.ingest import Outcome, Rules, submit
from aggregator.models import Contribution
from aggregator.periods import next_month, parse_month
from aggregator.storage import Storage
from contract.contribution import FIELDS, SCHEMA_VERSION, Kind, clip
from contract.policy.model import Policy

SENT_DAYS = (1, 8, 15, 22)
"""The days of a month each device sends (enough for realistic shares, few submissions)."""


def enroll(storage: Storage, team: str, count: int) -> list[Device]:
    devices = []
    for code in auth.new_enrollment_codes(storage, team, count, date(2025, 1, 1)):
        enrolled = auth.enroll(storage, code, date(2025, 1, 1))
        assert enrolled is not None
        device = auth.device_for(storage, enrolled[0])
        assert device is not None
        devices.append(device)
    return devices


def day_values(
    minutes: int,
    *,
    after_hours: int = 0,
    night: bool = False,
    non_working: bool = False,
    no_break: bool = False,
    rest_under_11h: bool = False,
    breaks: int = 4,
    reminders_break: int = 2,
    followed: int = 1,
    disconnect: int = 0,
) -> dict[str, int]:
    """A consistent day vector for ``minutes`` of screen time."""
    active = minutes > 0
    values: dict[str, int | bool] = {f.name: f.low for f in FIELDS[Kind.DAY]}
    values.update(
        {
            "active_day": active,
            "working_day": not non_working,
            "active_minutes": minutes,
            "after_hours_minutes": after_hours,
            "after_hours_active": after_hours > 0,
            "night_active": night,
            "non_working_day_active": non_working and active,
            "active_over_10h": minutes > 600,
            "amplitude_over_12h": minutes > 660,
            "rest_under_11h": rest_under_11h,
            "no_break_6h": no_break,
            "long_stretch": no_break,
            "breaks": breaks if active else 0,
            "reminders_break": reminders_break if active else 0,
            "breaks_after_reminder": min(followed, reminders_break) if active else 0,
            "reminders_disconnect": disconnect,
        }
    )
    if active:
        values[f"hours_{min(minutes // 60, 12)}"] = 1
    return clip(Kind.DAY, values)


def week_values(minutes: int) -> dict[str, int]:
    return clip(
        Kind.WEEK,
        {
            "reports": 1,
            "active_week": minutes > 0,
            "active_minutes": minutes,
            "over_48h": minutes > 2880,
            "rest_under_35h": False,
            "avg_12w_over_44h": False,
        },
    )


DayMaker = Callable[[int, str], dict[str, int]]
"""(device index, day "YYYY-MM-DD") -> day values."""


def send_month(
    storage: Storage,
    policies: Mapping[str, Policy],
    devices: list[Device],
    month: str,
    day: DayMaker,
    week_minutes: int = 2400,
) -> None:
    """Every device sends ``SENT_DAYS`` of ``month`` and the ISO week holding its 15th."""
    first = parse_month(month)
    now = datetime.combine(next_month(first), datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    groups = Groups(policies)
    middle = first.replace(day=15).isocalendar()
    week = f"{middle.year}-W{middle.week:02d}"
    for index, device in enumerate(devices):
        department = groups.department_of(device.team)
        assert department is not None
        rules = Rules(department.timezone, 62, department.privacy.release_delay_days)
        sent = [
            (Kind.DAY, (period := first.replace(day=n).isoformat()), day(index, period))
            for n in SENT_DAYS
        ]
        sent.append((Kind.WEEK, week, week_values(week_minutes)))
        for kind, period, values in sent:
            envelope = Contribution.model_validate(
                {
                    "id": str(uuid.uuid4()),
                    "schema": SCHEMA_VERSION,
                    "kind": kind.value,
                    "period": period,
                    "values": values,
                }
            )
            assert submit(storage, device, envelope, now, rules) is Outcome.ACCEPTED
