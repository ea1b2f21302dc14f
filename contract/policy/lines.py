"""Where a key is written in a TOML file.

``tomllib`` gives no positions, so this scans the text: find the section (the
``[table]`` header, or the n-th ``[[table]]`` header), then the ``key =`` line
inside it. It understands the ways people write policies (headers, quoted keys,
dotted keys at the top, inline tables); for anything stranger it falls back to
the table's line, or None.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

Location = Sequence[str | int]
"""A pydantic error location: ("breaks", "every_minutes"), ("teams", 2, "id"),
("hours", "fri", 1)."""

_KEY = r"""(?: [A-Za-z0-9_-]+ | "[^"\n]*" | '[^'\n]*' )"""
_HEADER = re.compile(
    rf"""
    ^\s* (?P<open>\[\[?) \s*
    (?P<name> {_KEY} (?: \s*\.\s* {_KEY} )* )
    \s* \]\]? \s* (?:\#.*)? $
    """,
    re.VERBOSE,
)


@dataclass(frozen=True)
class _Section:
    name: str  # dotted, unquoted: "breaks", "teams"; "" before the first header
    is_array: bool  # [[name]]
    header_line: int  # 1-based; 0 for the section before the first header
    body: range  # 0-based indexes of the lines under the header


def _unquoted(dotted: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in dotted.split("."))


def _sections(lines: list[str]) -> list[_Section]:
    starts: list[tuple[int, str, bool]] = [(-1, "", False)]
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            starts.append((index, _unquoted(match["name"]), match["open"] == "[["))
    ends = [index for index, _, _ in starts[1:]] + [len(lines)]
    return [
        _Section(name, is_array, index + 1, range(index + 1, end))
        for (index, name, is_array), end in zip(starts, ends, strict=True)
    ]


def _key_line(lines: list[str], body: range, key: str) -> int | None:
    """The line of ``key = …`` (or ``key.sub = …``) among ``body``."""
    escaped = re.escape(key)
    assignment = re.compile(rf"""^\s*(?:{escaped}|"{escaped}"|'{escaped}')\s*[=.]""")
    for index in body:
        if assignment.match(lines[index]):
            return index + 1
    return None


def _line_in(lines: list[str], section: _Section, key: str | None) -> int:
    found = _key_line(lines, section.body, key) if key is not None else None
    return found or section.header_line


def find_line(text: str, location: Location) -> int | None:
    """The 1-based line where ``location`` is written, or the line of its table, or None.

    Only the table and its key are used: an error about ``hours.fri[1]`` points
    to the ``fri = …`` line.
    """
    if not location or not isinstance(location[0], str):
        return None
    lines = text.splitlines()
    sections = _sections(lines)
    table, rest = location[0], location[1:]

    if rest and isinstance(rest[0], int):
        occurrence, rest = rest[0], rest[1:]
        array = [s for s in sections if s.is_array and s.name == table]
        if occurrence >= len(array):
            # Written as an array (teams = [...]) rather than [[teams]] headers.
            return _key_line(lines, sections[0].body, table)
        key = rest[0] if rest and isinstance(rest[0], str) else None
        return _line_in(lines, array[occurrence], key)

    key = rest[0] if rest and isinstance(rest[0], str) else None
    for section in sections[1:]:
        if section.name == table and not section.is_array:
            return _line_in(lines, section, key)
    # No [table] header: a dotted key (breaks.every_minutes = 5) or an inline
    # table (breaks = { … }) before the first header, or a top-level key.
    top = sections[0]
    if key is not None:
        dotted = _key_line(lines, top.body, f"{table}.{key}")
        if dotted is not None:
            return dotted
    return _key_line(lines, top.body, table)
