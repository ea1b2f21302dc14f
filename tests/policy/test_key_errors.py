"""Unknown keys and tables, wrong types, values out of range (POLICY.md ranges)."""

from __future__ import annotations

import pytest

from contract.policy.loader import check_policy_files
from tests.policy.conftest import WritePolicy, department, line_of, problems_of


def test_misspelt_key_is_an_unknown_key_with_a_suggestion(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevry_minutes = 30\n"))
    assert problems_of(path) == [
        f"{path}:6: breaks.evry_minutes: unknown key `evry_minutes` in [breaks], did you mean "
        "`every_minutes`? (expected one of: enabled, min_break_minutes, every_minutes, "
        "repeat_minutes, max_repeats)"
    ]


def test_unknown_key_without_a_close_match(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[short_rest]\ncolour = 3\n"))
    assert problems_of(path) == [
        f"{path}:6: short_rest.colour: unknown key `colour` in [short_rest] "
        "(expected one of: enabled)"
    ]


def test_unknown_table(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[pauses]\nevery_minutes = 30\n"))
    assert problems_of(path) == [
        f"{path}:5: pauses: unknown table [pauses] (expected one of: [policy], [calendar], "
        "[hours], [activity], [breaks], [disconnect], [short_rest], [daily_limit], [reminders], "
        "[privacy], [[teams]], [[tools]])"
    ]


def test_misspelt_table_gets_a_suggestion(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[break]\nevery_minutes = 30\n"))
    (problem,) = check_policy_files([path])
    assert problem.key == "break"
    assert problem.message.startswith("unknown table [break], did you mean `breaks`?")


def test_unknown_key_at_the_top_of_the_file(write_policy: WritePolicy) -> None:
    path = write_policy("dept", 'title = "DNUM"\n' + department("dept"))
    (problem,) = check_policy_files([path])
    assert (problem.line, problem.key) == (1, "title")
    assert problem.message.startswith("unknown key `title` at the top of the file (expected")


@pytest.mark.parametrize(
    ("setting", "found"),
    [
        ('every_minutes = "30"', '"30"'),  # a string is not an integer
        ("every_minutes = true", "true"),  # nor is a boolean
        ("every_minutes = 30.0", "30.0"),  # nor a float
        ("every_minutes = [30]", "[30]"),
    ],
)
def test_wrong_type_for_an_integer(write_policy: WritePolicy, setting: str, found: str) -> None:
    path = write_policy("dept", department("dept", f"[breaks]\n{setting}\n"))
    assert problems_of(path) == [
        f"{path}:6: breaks.every_minutes: expected an integer from 10 to 240, found {found}"
    ]


def test_wrong_type_for_a_boolean(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[disconnect]\nenabled = "yes"\n'))
    assert problems_of(path) == [
        f'{path}:6: disconnect.enabled: expected true or false, found "yes"'
    ]


def test_a_table_written_as_a_value(write_policy: WritePolicy) -> None:
    path = write_policy("dept", "breaks = 5\n" + department("dept"))
    assert problems_of(path) == [f"{path}:1: breaks: expected a [breaks] table, found 5"]


def test_an_inline_table_is_accepted_and_located(write_policy: WritePolicy) -> None:
    path = write_policy("dept", "breaks = { every_minutes = 300 }\n" + department("dept"))
    assert problems_of(path) == [
        f"{path}:1: breaks.every_minutes: expected an integer from 10 to 240, found 300"
    ]


@pytest.mark.parametrize(
    ("table", "key", "low", "high"),
    [
        ("activity", "idle_after_seconds", 30, 1800),
        ("breaks", "min_break_minutes", 1, 60),
        ("breaks", "every_minutes", 10, 240),
        ("breaks", "repeat_minutes", 5, 120),
        ("breaks", "max_repeats", 0, 10),
        ("disconnect", "repeat_minutes", 15, 240),
        ("daily_limit", "minutes", 60, 720),
        ("reminders", "min_gap_minutes", 0, 120),
        ("privacy", "min_group_size", 5, 1000),
        ("privacy", "release_delay_days", 0, 31),
    ],
)
def test_ranges_accept_their_bounds_and_refuse_beyond(
    write_policy: WritePolicy, table: str, key: str, low: int, high: int
) -> None:
    for accepted in (low, high):
        path = write_policy("dept", department("dept", f"[{table}]\n{key} = {accepted}\n"))
        assert check_policy_files([path]) == [], accepted
    for refused in (low - 1, high + 1):
        path = write_policy("dept", department("dept", f"[{table}]\n{key} = {refused}\n"))
        assert problems_of(path) == [
            f"{path}:6: {table}.{key}: expected an integer from {low} to {high}, found {refused}"
        ]


def test_empty_name(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept").replace('"Service dept"', '"  "'))
    assert problems_of(path) == [f'{path}:3: policy.name: expected a non-empty name, found "  "']


def test_unknown_language(write_policy: WritePolicy) -> None:
    text = department("dept").replace('extends = "default"', 'extends = "default"\nlanguage = "de"')
    path = write_policy("dept", text)
    assert problems_of(path) == [
        f'{path}:{line_of(path, "language")}: policy.language: expected "fr" or "en", found "de"'
    ]


def test_the_root_file_must_set_every_key(write_policy: WritePolicy) -> None:
    default = write_policy(
        "default",
        """
        [policy]
        id = "default"
        name = "Politique par défaut"
        extends = ""

        [breaks]
        enabled = true
        """,
    )
    problems = check_policy_files([default])
    keys = [problem.key for problem in problems]
    assert "breaks.every_minutes" in keys
    assert "calendar" in keys
    assert "policy.timezone" in keys
    assert "hours.fri" not in keys  # weekday lists are optional, even in default.toml
    assert "teams" not in keys
    every = next(problem for problem in problems if problem.key == "breaks.every_minutes")
    assert str(every) == (
        f"{default}:6: breaks.every_minutes: missing key `every_minutes` in [breaks] "
        "(expected an integer from 10 to 240)"
    )
    calendar = next(problem for problem in problems if problem.key == "calendar")
    assert (
        str(calendar)
        == f"{default}: calendar: missing table [calendar] (expected a [calendar] table)"
    )
