"""Parsers for the text formats a policy file uses, with messages for people.

Each parser takes the raw value from TOML (any type) and either returns the
parsed value or raises ``ValueError`` whose text is the whole message,
"expected …, found …". The pydantic schema wraps them; the aggregator can reuse
them on its own inputs.
"""

from __future__ import annotations

import itertools
import json
import re
import zoneinfo
from datetime import date, datetime, time
from functools import cache

import holidays

from contract.policy.model import MINUTES_PER_DAY, WEEKDAYS, Window

ID_PATTERN = re.compile(r"[a-z0-9-]{2,40}")
ID_RULE = 'an id of 2 to 40 characters among a-z, 0-9 and "-"'
LANGUAGES = ("fr", "en")

_WINDOW = re.compile(r"(\d\d):(\d\d)-(\d\d):(\d\d)")
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_LONGEST_FOUND = 80

# Bounds on what a policy may hold: a policy also arrives from the aggregator,
# and a hostile or broken one must not make the agent keep or show megabytes.
NAME_MAX = 120
TOOL_NAME_MAX = 80  # POLICY.md: a tool's name is shown on one line of the agent's window
TEXT_MAX = 64  # time zone names and subdivision codes are far shorter


def describe(value: object) -> str:
    """The value as it would be written in TOML, so that the reader recognises it."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, datetime | date | time):
        text = value.isoformat()
    elif isinstance(value, list):
        text = "[" + ", ".join(describe(item) for item in value) + "]"
    elif isinstance(value, dict):
        text = "a table"
    else:
        text = str(value)
    if len(text) > _LONGEST_FOUND:
        return text[: _LONGEST_FOUND - 1] + "…"
    return text


def _expected(what: str, value: object) -> ValueError:
    return ValueError(f"expected {what}, found {describe(value)}")


def parse_policy_id(value: object) -> str:
    if isinstance(value, str) and ID_PATTERN.fullmatch(value):
        return value
    raise _expected(ID_RULE, value)


def parse_extends(value: object) -> str:
    if value == "" or (isinstance(value, str) and ID_PATTERN.fullmatch(value)):
        return value
    raise _expected('"default", the id of another policy, or "" (in default.toml only)', value)


def parse_name(value: object) -> str:
    if isinstance(value, str) and len(value) > NAME_MAX:
        raise _too_long(f"a name of at most {NAME_MAX} characters", value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    raise _expected("a non-empty name", value)


def parse_tool_name(value: object) -> str:
    if isinstance(value, str) and len(value) > TOOL_NAME_MAX:
        raise _too_long(f"a name of at most {TOOL_NAME_MAX} characters", value)
    return parse_name(value)


def _too_long(what: str, value: str) -> ValueError:
    return ValueError(f"expected {what}, found {describe(value)} ({len(value)} characters)")


def parse_timezone(value: object) -> str:
    if isinstance(value, str) and len(value) > TEXT_MAX:
        raise _too_long(f"a time zone name of at most {TEXT_MAX} characters", value)
    if isinstance(value, str):
        try:
            zoneinfo.ZoneInfo(value)
        # An unknown name is ZoneInfoNotFoundError, a malformed one ValueError,
        # and a folder of the database ("Europe") IsADirectoryError.
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
        else:
            return value
    raise _expected('an IANA time zone name such as "Europe/Paris"', value)


def parse_language(value: object) -> str:
    if isinstance(value, str) and value in LANGUAGES:
        return value
    raise _expected(" or ".join(f'"{language}"' for language in LANGUAGES), value)


@cache
def holiday_subdivisions() -> dict[str, tuple[str, ...]]:
    """Countries of the ``holidays`` package and their subdivision codes."""
    return {
        country: tuple(subdivisions)
        for country, subdivisions in holidays.list_supported_countries().items()
    }


def parse_country(value: object) -> str:
    if isinstance(value, str) and value in holiday_subdivisions():
        return value
    hint = ""
    if isinstance(value, str) and value.upper() in holiday_subdivisions():
        hint = f' (did you mean "{value.upper()}"?)'
    raise ValueError(
        'expected a country code known to the holidays package, such as "FR", '
        f"found {describe(value)}{hint}"
    )


def parse_subdivision_text(value: object) -> str:
    """Only the type here: which codes are valid depends on the (maybe inherited) country."""
    if isinstance(value, str) and len(value) > TEXT_MAX:
        raise _too_long(f"a subdivision code of at most {TEXT_MAX} characters", value)
    if isinstance(value, str):
        return value
    raise _expected('"" or a holiday subdivision code of the country', value)


def subdivision_problem(country: str, subdivision: str) -> str | None:
    """Why ``subdivision`` is not one of ``country``'s, or None when it is (or is "")."""
    known = holiday_subdivisions().get(country, ())
    if subdivision == "" or subdivision in known:
        return None
    choices = ", ".join(f'"{code}"' for code in known) if known else "none"
    return (
        f"unknown holiday subdivision {describe(subdivision)} for {country}, "
        f'expected "" or one of: {choices}'
    )


def parse_weekday(value: object) -> str:
    if isinstance(value, str) and value in WEEKDAYS:
        return value
    raise _expected(f"a weekday key ({', '.join(WEEKDAYS)})", value)


def distinct_weekdays(days: list[str]) -> list[str]:
    for index, day in enumerate(days):
        if day in days[:index]:
            raise ValueError(f'expected distinct weekdays, found "{day}" twice')
    return days


def parse_closed_date(value: object) -> date:
    # TOML has its own date values; a date-time is a subclass of date, so it
    # must be refused explicitly: a closed date has no time of day.
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError as error:
            raise ValueError(
                f'expected a real date "YYYY-MM-DD", found {describe(value)} ({error})'
            ) from None
    raise _expected('a date "YYYY-MM-DD"', value)


def _clock_minutes(hours: str, minutes: str) -> int | None:
    """Minutes after midnight for "HH:MM", 00:00 to 24:00; None when not a time."""
    total = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or total > MINUTES_PER_DAY:
        return None
    return total


def _parse_clock_window(value: object) -> Window:
    """A "HH:MM-HH:MM" whose two times are real times; start and end not compared."""
    match = _WINDOW.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise _expected('a window "HH:MM-HH:MM" such as "08:00-12:00"', value)
    start = _clock_minutes(match[1], match[2])
    end = _clock_minutes(match[3], match[4])
    if start is None or end is None:
        raise _expected("times from 00:00 to 24:00 in the window", value)
    if start == MINUTES_PER_DAY:
        raise _expected("24:00 only as the end of a window", value)
    return Window(start, end)


def parse_working_window(value: object) -> Window:
    window = _parse_clock_window(value)
    if window.start >= window.end:
        raise ValueError(
            f"expected the start before the end, found {describe(value)} "
            '(a working window cannot cross midnight: split it, e.g. "22:00-24:00" '
            'and the next day\'s "00:00-06:00")'
        )
    return window


def parse_night_window(value: object) -> Window:
    window = _parse_clock_window(value)
    if window.start == window.end:
        raise _expected("a window whose start differs from its end", value)
    return window


def sorted_without_overlap(windows: list[Window]) -> list[Window]:
    """The windows in time order; touching windows (…-12:00, 12:00-…) do not overlap."""
    ordered = sorted(windows)
    for earlier, later in itertools.pairwise(ordered):
        if later.start < earlier.end:
            raise ValueError(
                f'expected windows that do not overlap, found "{earlier}" and "{later}"'
            )
    return ordered
