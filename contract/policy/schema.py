"""The shape of one policy file, as pydantic models.

Every key is optional here except ``[policy]`` id, name and extends: a
department file sets only what differs from its parent. The root file
(default.toml) must set every key; the loader checks that separately
(``missing_keys``). Models are strict (a bool is not an integer, a string is
not a list) and forbid unknown keys, so that a misspelt key is an error rather
than a silently ignored setting. Each field's ``description`` is the
"expected …" half of its error message.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator
from pydantic_core import PydanticCustomError

from contract.policy import formats
from contract.policy.model import WEEKDAYS, Window

POLICY_VALUE_ERROR = "policy_value"
"""The pydantic error type of our own checks: its message is already complete."""


def _complete_message(check: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Turn a parser's ``ValueError`` into a pydantic error that keeps its text as is."""

    def validate(value: Any) -> Any:
        try:
            return check(value)
        except ValueError as error:
            raise PydanticCustomError(
                POLICY_VALUE_ERROR, "{message}", {"message": str(error)}
            ) from None

    return validate


def _parsed_by(parse: Callable[[Any], Any]) -> PlainValidator:
    return PlainValidator(_complete_message(parse))


MAX_WINDOWS = 12
MAX_CLOSED_DATES = 400
MAX_TEAMS = 1000
MAX_TOOLS = 50  # TOOLS.md: each tool costs nine fields in every monthly tools contribution
"""List bounds: far above any real policy, low enough that a hostile one costs nothing."""

PolicyId = Annotated[str, _parsed_by(formats.parse_policy_id)]
Extends = Annotated[str, _parsed_by(formats.parse_extends)]
Name = Annotated[str, _parsed_by(formats.parse_name)]
ToolName = Annotated[str, _parsed_by(formats.parse_tool_name)]
Timezone = Annotated[str, _parsed_by(formats.parse_timezone)]
Language = Annotated[str, _parsed_by(formats.parse_language)]
Country = Annotated[str, _parsed_by(formats.parse_country)]
SubdivisionText = Annotated[str, _parsed_by(formats.parse_subdivision_text)]
Weekday = Annotated[str, _parsed_by(formats.parse_weekday)]
# Each list's length is bounded before its entries are compared with each other.
Weekdays = Annotated[
    list[Weekday],
    Field(max_length=len(WEEKDAYS)),
    AfterValidator(_complete_message(formats.distinct_weekdays)),
]
ClosedDate = Annotated[date, _parsed_by(formats.parse_closed_date)]
WorkingWindow = Annotated[Window, _parsed_by(formats.parse_working_window)]
WorkingWindows = Annotated[
    list[WorkingWindow],
    Field(max_length=MAX_WINDOWS),
    AfterValidator(_complete_message(formats.sorted_without_overlap)),
]
NightWindow = Annotated[Window, _parsed_by(formats.parse_night_window)]

_WINDOWS = (
    f"a non-empty list of at most {MAX_WINDOWS} windows "
    '"HH:MM-HH:MM" such as ["08:00-12:00", "13:30-17:00"]'
)
_BOOLEAN = "true or false"


def _optional(description: str, **constraints: Any) -> Any:
    return Field(default=None, description=description, **constraints)


def _required(description: str) -> Any:
    return Field(description=description)


def _integer(low: int, high: int) -> Any:
    return _optional(f"an integer from {low} to {high}", ge=low, le=high)


def _windows() -> Any:
    return _optional(_WINDOWS, min_length=1)


class Table(BaseModel):
    """A TOML table: strict types, no unknown keys."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class PolicyTable(Table):
    id: PolicyId = _required(formats.ID_RULE)
    name: Name = _required("a non-empty name")
    extends: Extends = _required(
        '"default", the id of another policy, or "" (in default.toml only)'
    )
    timezone: Timezone | None = _optional('an IANA time zone name such as "Europe/Paris"')
    language: Language | None = _optional('"fr" or "en"')


class CalendarTable(Table):
    country: Country | None = _optional('a country code known to the holidays package, e.g. "FR"')
    subdivision: SubdivisionText | None = _optional(
        '"" or a holiday subdivision code of the country'
    )
    working_days: Weekdays | None = _optional(
        f"a non-empty list of distinct weekday keys ({', '.join(WEEKDAYS)})",
        min_length=1,
    )
    closed_dates: list[ClosedDate] | None = _optional(
        f'a list of at most {MAX_CLOSED_DATES} dates "YYYY-MM-DD"', max_length=MAX_CLOSED_DATES
    )


class HoursTable(Table):
    default: WorkingWindows | None = _windows()
    mon: WorkingWindows | None = _windows()
    tue: WorkingWindows | None = _windows()
    wed: WorkingWindows | None = _windows()
    thu: WorkingWindows | None = _windows()
    fri: WorkingWindows | None = _windows()
    sat: WorkingWindows | None = _windows()
    sun: WorkingWindows | None = _windows()
    night: NightWindow | None = _optional('a window "HH:MM-HH:MM" such as "22:00-05:00"')

    def for_weekday(self, weekday: str) -> list[Window] | None:
        windows: list[Window] | None = getattr(self, weekday)
        return windows


class ActivityTable(Table):
    idle_after_seconds: int | None = _integer(30, 1800)


class BreaksTable(Table):
    enabled: bool | None = _optional(_BOOLEAN)
    min_break_minutes: int | None = _integer(1, 60)
    every_minutes: int | None = _integer(10, 240)
    repeat_minutes: int | None = _integer(5, 120)
    max_repeats: int | None = _integer(0, 10)


class DisconnectTable(Table):
    enabled: bool | None = _optional(_BOOLEAN)
    repeat_minutes: int | None = _integer(15, 240)


class ShortRestTable(Table):
    enabled: bool | None = _optional(_BOOLEAN)


class DailyLimitTable(Table):
    enabled: bool | None = _optional(_BOOLEAN)
    minutes: int | None = _integer(60, 720)


class RemindersTable(Table):
    min_gap_minutes: int | None = _integer(0, 120)


class PrivacyTable(Table):
    min_group_size: int | None = _integer(5, 1000)
    release_delay_days: int | None = _integer(0, 31)


class TeamTable(Table):
    id: PolicyId = _required(formats.ID_RULE)
    name: Name = _required("a non-empty name")
    # SPLIT.md: a server holds back a team with more enrolled devices than this.
    headcount: int | None = _integer(1, 10000)


class ToolTable(Table):
    id: PolicyId = _required(formats.ID_RULE)
    name: ToolName = _required(f"a non-empty name of at most {formats.TOOL_NAME_MAX} characters")


class PolicyFile(Table):
    policy: PolicyTable = _required("a [policy] table with id, name and extends")
    calendar: CalendarTable | None = _optional("a [calendar] table")
    hours: HoursTable | None = _optional("an [hours] table")
    activity: ActivityTable | None = _optional("an [activity] table")
    breaks: BreaksTable | None = _optional("a [breaks] table")
    disconnect: DisconnectTable | None = _optional("a [disconnect] table")
    short_rest: ShortRestTable | None = _optional("a [short_rest] table")
    daily_limit: DailyLimitTable | None = _optional("a [daily_limit] table")
    reminders: RemindersTable | None = _optional("a [reminders] table")
    privacy: PrivacyTable | None = _optional("a [privacy] table")
    teams: list[TeamTable] | None = _optional(
        f"at most {MAX_TEAMS} [[teams]] tables, each with an id and a name", max_length=MAX_TEAMS
    )
    tools: list[ToolTable] | None = _optional(
        f"at most {MAX_TOOLS} [[tools]] tables, each with an id and a name", max_length=MAX_TOOLS
    )


INHERITED_TABLES: tuple[str, ...] = (
    "calendar",
    "hours",
    "activity",
    "breaks",
    "disconnect",
    "short_rest",
    "daily_limit",
    "reminders",
    "privacy",
)
"""Tables merged key by key from parent to child. ``policy`` is merged too,
except id, name and extends, which every file sets; ``teams`` is never inherited;
``tools`` is inherited as a whole list, replaced by a child that writes its own."""

NEVER_REQUIRED: frozenset[tuple[str, ...]] = frozenset(
    {("teams",), ("tools",), *(("hours", weekday) for weekday in WEEKDAYS)}
)
"""Keys the root file may leave out: teams, tools, and the weekday lists (``default`` applies)."""


def missing_keys(file: PolicyFile) -> list[tuple[str, ...]]:
    """Every key left unset, as (table, key) or (table,) — for the root file, which sets all."""
    missing: list[tuple[str, ...]] = []
    for table_name in PolicyFile.model_fields:
        if (table_name,) in NEVER_REQUIRED:
            continue
        table = getattr(file, table_name)
        if table is None:
            missing.append((table_name,))
            continue
        for key in type(table).model_fields:
            if (table_name, key) not in NEVER_REQUIRED and getattr(table, key) is None:
                missing.append((table_name, key))
    return missing
