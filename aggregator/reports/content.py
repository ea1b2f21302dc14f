"""What a report contains: the one place every format (HTML, CSV, PDF) gets its content from.

``build_report`` reads nothing but ``group_stats`` results (the recorded
final releases, typed): for the group and month, for each team of a department, and
for the 12 months of the trends. A report's indicators mix day and week sums,
so a group's month is shown in the reports when both its day and its week
batches are released (the JSON route gives each kind on its own); showing
fewer released figures never reveals more. A group that is held back comes
out as ``GroupMonth(released=False)`` with no figure, no count and no partial
sum, and every format writes only "pas encore publié (le …)" before the
public release date or "pas assez de participants" after it.
``build_comparison`` adds up the released sums of the months on each side of
a change. The content is language-free:
the renderers word it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from aggregator.groups import Group, Groups
from aggregator.periods import local_today, month_label, parse_month
from aggregator.releases import GroupStats, group_stats
from aggregator.reports.indicators import TREND_KEYS, Figure, Sums, add_sums, figures
from aggregator.storage import Storage
from contract.policy.model import Policy

TREND_MONTHS = 12
LOOKBACK_MONTHS = 24
"""How far back the home page looks for a department's latest released month."""


def shift_month(month: str, count: int) -> str:
    """``month`` moved by ``count`` months (negative: earlier)."""
    first = parse_month(month)
    index = first.year * 12 + first.month - 1 + count
    return month_label(date(index // 12, index % 12 + 1, 1))


@dataclass(frozen=True)
class GroupRef:
    id: str
    name: str
    is_department: bool
    department_id: str
    department_name: str
    min_group_size: int

    @classmethod
    def of(cls, group: Group) -> GroupRef:
        department = group.department
        return cls(
            group.id,
            group.name,
            group.is_department,
            department.id,
            department.name,
            department.privacy.min_group_size,
        )


@dataclass(frozen=True)
class GroupMonth:
    """One group's released figures for one month, or nothing at all when held back."""

    id: str
    name: str
    month: str
    released: bool
    release_date: date | None = None
    """The public date the month may be shown from (the policy's, or the record's)."""
    published: bool = True
    """Whether ``release_date`` has passed: held back before it means "not yet"."""
    devices: int | None = None
    active_days: int | None = None
    active_weeks: int | None = None
    figures: Mapping[str, Figure] = field(default_factory=dict)

    @classmethod
    def of(cls, name: str, stats: GroupStats, today: date | None = None) -> GroupMonth:
        when = stats.release_date
        published = today is None or today >= when
        if not stats.shown:
            # Rule 1: nothing of a held-back group, not even its count; whether
            # it is "not yet" depends on the public release date alone.
            return cls(
                stats.group,
                name,
                stats.month,
                released=False,
                release_date=when,
                published=published,
            )
        sums = _sums(stats)
        return cls(
            stats.group,
            name,
            stats.month,
            released=True,
            release_date=when,
            published=True,
            # Each batch has its own count; the smaller is the group's floor.
            devices=min(stats.day.devices, stats.week.devices),
            active_days=sums["day"]["active_day"],
            active_weeks=sums["week"]["active_week"],
            figures=figures(sums),
        )


def _sums(stats: GroupStats) -> Sums:
    """The day and week sums of a shown ``stats`` (both batches released)."""
    return {"day": dict(stats.day.sums or {}), "week": dict(stats.week.sums or {})}


@dataclass(frozen=True)
class Trend:
    key: str
    months: tuple[str, ...]
    points: tuple[Figure | None, ...]
    """One per month; None where the month is held back."""


@dataclass(frozen=True)
class Report:
    group: GroupRef
    month: str
    generated: datetime
    main: GroupMonth
    teams: tuple[GroupMonth, ...]
    """A department's teams for the month (empty for a team's report)."""
    trends: tuple[Trend, ...]
    """Empty when the group is held back for the month: nothing else is shown then."""


class Reader:
    """``group_stats`` for one database, policies and instant, named by group."""

    def __init__(self, storage: Storage, policies: Mapping[str, Policy], now: datetime) -> None:
        self.storage = storage
        self.policies = policies
        self.groups = Groups(policies)
        self.now = now

    def group(self, group_id: str) -> Group:
        found = self.groups.group(group_id)
        if found is None:
            raise KeyError(group_id)
        return found

    def stats(self, group_id: str, month: str) -> GroupStats:
        return group_stats(self.storage, self.policies, group_id, month, self.now)

    def group_month(self, group: Group, month: str) -> GroupMonth:
        today = local_today(self.now, group.department.timezone)
        return GroupMonth.of(group.name, self.stats(group.id, month), today)

    def latest_released(self, group: Group) -> str | None:
        """The latest month whose figures of ``group`` are released, if any in 24 months."""
        today = local_today(self.now, group.department.timezone)
        month = shift_month(month_label(today), -1)
        for _ in range(LOOKBACK_MONTHS):
            if self.stats(group.id, month).shown:
                return month
            month = shift_month(month, -1)
        return None

    def last_complete_month(self, group: Group) -> str:
        return shift_month(month_label(local_today(self.now, group.department.timezone)), -1)

    def default_month(self, group: Group) -> str:
        """The latest released month, else the last complete month."""
        return self.latest_released(group) or self.last_complete_month(group)


def build_report(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> Report:
    """The content of the report of ``group_id`` for ``month``, for every format.

    Raises ``KeyError`` for an unknown group and ``PeriodError`` for a bad month.
    """
    reader = Reader(storage, policies, now)
    group = reader.group(group_id)
    parse_month(month)
    main = reader.group_month(group, month)
    teams: tuple[GroupMonth, ...] = ()
    if group.is_department:
        teams = tuple(reader.group_month(reader.group(team), month) for team in group.teams)
    trends: tuple[Trend, ...] = ()
    if main.released:
        months = tuple(shift_month(month, offset) for offset in range(1 - TREND_MONTHS, 1))
        monthly = [reader.group_month(group, each) for each in months]
        trends = tuple(
            Trend(
                key,
                months,
                tuple(each.figures[key] if each.released else None for each in monthly),
            )
            for key in TREND_KEYS
        )
    return Report(GroupRef.of(group), month, now, main, teams, trends)


# -- before / after --------------------------------------------------------------------


@dataclass(frozen=True)
class Side:
    months: tuple[str, ...]
    released_months: tuple[str, ...]
    devices_low: int | None
    devices_high: int | None
    """The fewest and most devices behind one released month of the side."""
    figures: Mapping[str, Figure]
    """From the sum of the released months' sums; empty when no month is released."""

    @property
    def released(self) -> bool:
        return bool(self.released_months)


@dataclass(frozen=True)
class Comparison:
    group: GroupRef
    around: str
    months_each: int
    generated: datetime
    before: Side
    after: Side


def _side(reader: Reader, group: Group, months: tuple[str, ...]) -> Side:
    released = [stats for stats in (reader.stats(group.id, m) for m in months) if stats.shown]
    if not released:
        return Side(months, (), None, None, {})
    # Rule 3 still holds: the side's sums are sums of released batches only.
    total = add_sums(*(_sums(s) for s in released))
    devices = [min(s.day.devices, s.week.devices) for s in released]
    return Side(
        months,
        tuple(s.month for s in released),
        min(devices),
        max(devices),
        figures(total),
    )


def build_comparison(
    storage: Storage,
    policies: Mapping[str, Policy],
    group_id: str,
    around: str,
    months_each: int,
    now: datetime,
) -> Comparison:
    """The ``months_each`` months before ``around`` against ``around`` and the months after.

    ``around`` (the month of the change) opens the "after" side.
    """
    reader = Reader(storage, policies, now)
    group = reader.group(group_id)
    parse_month(around)
    before = tuple(shift_month(around, offset) for offset in range(-months_each, 0))
    after = tuple(shift_month(around, offset) for offset in range(months_each))
    return Comparison(
        GroupRef.of(group),
        around,
        months_each,
        now,
        _side(reader, group, before),
        _side(reader, group, after),
    )


# -- the home page -----------------------------------------------------------------------


@dataclass(frozen=True)
class DepartmentEntry:
    department: GroupMonth
    latest: str | None
    """The latest released month of the department, if any."""
    teams: tuple[GroupMonth, ...]


def build_overview(
    storage: Storage, policies: Mapping[str, Policy], now: datetime
) -> tuple[DepartmentEntry, ...]:
    """Each department with its teams, for its latest released month (else the last month)."""
    reader = Reader(storage, policies, now)
    entries = []
    for department_id in reader.groups.departments:
        department = reader.group(department_id)
        latest = reader.latest_released(department)
        month = latest or reader.last_complete_month(department)
        entries.append(
            DepartmentEntry(
                reader.group_month(department, month),
                latest,
                tuple(reader.group_month(reader.group(team), month) for team in department.teams),
            )
        )
    return tuple(entries)
