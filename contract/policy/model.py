"""The validated policy, as the measuring core reads it.

These are plain frozen values: the loader (``contract.policy.loader``) parses and
checks the TOML files and builds them; the core never sees raw TOML. Section
and key names mirror ``POLICY.md`` so that a reader can go from the file to the
code without a dictionary.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
"""Weekday keys as written in policy files, index = ``date.weekday()``."""

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True, order=True)
class Window:
    """A local clock window in minutes after midnight.

    Working windows have ``start < end <= 1440``. The night window may cross
    midnight (``start > end``), e.g. 22:00-05:00 is ``Window(1320, 300)``.
    """

    start: int
    end: int

    @property
    def crosses_midnight(self) -> bool:
        return self.start > self.end

    def __str__(self) -> str:
        return f"{_hhmm(self.start)}-{_hhmm(self.end)}"


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class Team:
    id: str
    name: str
    headcount: int | None = None
    """The people of the team, when declared: more enrolled devices hold it back (SPLIT.md)."""


@dataclass(frozen=True)
class Tool:
    """A digital tool of the department, rated by its users (TOOLS.md)."""

    id: str
    name: str


@dataclass(frozen=True)
class Calendar:
    country: str = "FR"
    subdivision: str = ""
    working_days: frozenset[int] = frozenset(range(5))
    """Working weekdays as ``date.weekday()`` numbers (0 = Monday)."""
    closed_dates: frozenset[date] = frozenset()


@dataclass(frozen=True)
class Hours:
    by_weekday: tuple[tuple[Window, ...], ...] = ((Window(450, 1140),),) * 7
    """Working windows for each weekday, index = ``date.weekday()``, sorted."""
    night: Window = Window(1320, 300)

    def windows(self, weekday: int) -> tuple[Window, ...]:
        return self.by_weekday[weekday]


@dataclass(frozen=True)
class Activity:
    idle_after_seconds: int = 180


@dataclass(frozen=True)
class Breaks:
    enabled: bool = True
    min_break_minutes: int = 5
    every_minutes: int = 60
    repeat_minutes: int = 15
    max_repeats: int = 3


@dataclass(frozen=True)
class Disconnect:
    enabled: bool = True
    repeat_minutes: int = 60


@dataclass(frozen=True)
class ShortRest:
    enabled: bool = True


@dataclass(frozen=True)
class DailyLimit:
    enabled: bool = True
    minutes: int = 420


@dataclass(frozen=True)
class Reminders:
    min_gap_minutes: int = 10


@dataclass(frozen=True)
class Privacy:
    min_group_size: int = 11
    release_delay_days: int = 5


@dataclass(frozen=True)
class Policy:
    """One department's policy, fully merged with the policies it extends.

    The defaults here equal ``policies/default.toml`` so that tests can build a
    policy in one line (``Policy(breaks=Breaks(every_minutes=30))``); a test
    checks that the two agree.
    """

    id: str = "default"
    name: str = "Politique par défaut"
    extends: str = ""
    timezone: str = "Europe/Paris"
    language: str = "fr"
    calendar: Calendar = field(default_factory=Calendar)
    hours: Hours = field(default_factory=Hours)
    activity: Activity = field(default_factory=Activity)
    breaks: Breaks = field(default_factory=Breaks)
    disconnect: Disconnect = field(default_factory=Disconnect)
    short_rest: ShortRest = field(default_factory=ShortRest)
    daily_limit: DailyLimit = field(default_factory=DailyLimit)
    reminders: Reminders = field(default_factory=Reminders)
    privacy: Privacy = field(default_factory=Privacy)
    teams: tuple[Team, ...] = ()
    tools: tuple[Tool, ...] = ()
    source: Path | None = field(default=None, compare=False)
    """The file this policy was loaded from, for messages; None when built in code."""
