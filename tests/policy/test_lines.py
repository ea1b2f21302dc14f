"""find_line: where a key is written, found by scanning the TOML text."""

from __future__ import annotations

import pytest

from contract.policy.lines import Location, find_line

TEXT = """\
# [breaks] in a comment is not a header
title = "x"
breaks.every_minutes = 5
privacy = { min_group_size = 3 }

[policy]
id = "dept"   # a comment

[ "hours" ]   # quoted, with spaces
"fri" = ["08:00-12:00",
         "13:00-17:00"]
night = "22:00-05:00"

[breaks.sub]
every_minutes = 7

[[teams]]
id = "a"
name = "A"

[[teams]]
name = "B"
id = "b"

[calendar]
country = "FR"
"""


@pytest.mark.parametrize(
    ("location", "line"),
    [
        (("policy", "id"), 7),
        (("policy",), 6),
        (("policy", "name"), 6),  # not written: the table's line
        (("hours", "fri"), 10),  # quoted key under a quoted header
        (("hours", "fri", 1), 10),  # a list item: the key's line
        (("hours", "night"), 12),
        (("breaks", "every_minutes"), 3),  # a dotted key before the first header
        (("privacy", "min_group_size"), 4),  # an inline table
        (("privacy",), 4),
        (("title",), 2),
        (("teams", 0, "id"), 18),
        (("teams", 1, "id"), 23),
        (("teams", 1), 21),
        (("teams", 1, "chef"), 21),
        (("teams", 2, "id"), None),
        (("calendar", "country"), 26),
        (("activity", "idle_after_seconds"), None),
        ((), None),
    ],
)
def test_find_line(location: Location, line: int | None) -> None:
    assert find_line(TEXT, location) == line


def test_a_key_of_another_table_is_not_taken() -> None:
    text = "[breaks]\nenabled = true\n[disconnect]\nrepeat_minutes = 60\n[short_rest]\n"
    assert find_line(text, ("short_rest", "enabled")) == 5
    assert find_line(text, ("breaks", "repeat_minutes")) == 1


def test_windows_line_endings() -> None:
    assert find_line("[breaks]\r\nenabled = 1\r\n", ("breaks", "enabled")) == 2
