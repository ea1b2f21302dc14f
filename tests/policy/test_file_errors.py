"""Whole-file problems: missing, unreadable, not TOML; and that all problems are reported."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.policy.loader import check_policy_files, load_policy
from contract.policy.problems import PolicyError, PolicyProblem
from tests.policy.conftest import WritePolicy, department, line_of, problems_of


def test_missing_file_is_a_problem_not_an_exception(policy_dir: Path) -> None:
    missing = policy_dir / "nowhere.toml"
    assert check_policy_files([missing]) == [PolicyProblem(missing, None, None, "file not found")]


def test_load_policy_of_a_missing_file_raises_policy_error(policy_dir: Path) -> None:
    missing = policy_dir / "nowhere.toml"
    with pytest.raises(PolicyError) as raised:
        load_policy(missing)
    assert str(raised.value) == f"{missing}: file not found"


def test_a_folder_is_not_a_policy_file(policy_dir: Path) -> None:
    folder = policy_dir / "folder.toml"
    folder.mkdir()
    assert problems_of(folder) == [f"{folder}: expected a policy file, found a folder"]


def test_text_that_is_not_utf8_is_a_problem(policy_dir: Path) -> None:
    path = policy_dir / "latin1.toml"
    path.write_bytes(department("latin1").replace("Service", "Contrôle").encode("latin-1"))
    assert problems_of(path) == [f"{path}: expected UTF-8 text, found byte 0xf4"]


def test_a_byte_order_mark_is_accepted(policy_dir: Path) -> None:
    path = policy_dir / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + department("bom").encode())
    assert load_policy(path).id == "bom"


def test_toml_syntax_error_gives_its_line(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes 30\n"))
    line = line_of(path, "every_minutes 30")
    assert problems_of(path) == [
        f"{path}:{line}: invalid TOML: Expected '=' after a key in a key/value pair (column 15)"
    ]


def test_toml_duplicate_key_is_a_syntax_error_with_its_line(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", "[breaks]\nevery_minutes = 30\nevery_minutes = 40\n")
    )
    assert problems_of(path) == [
        f"{path}:{line_of(path, 'every_minutes = 40')}: invalid TOML: Cannot overwrite a value "
        "(column 19)"
    ]


def test_toml_error_at_the_end_of_the_file(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes ="))
    (problem,) = check_policy_files([path])
    assert problem.line == 6
    assert problem.message == "invalid TOML: Invalid value (at the end of the file)"


def test_missing_policy_table(write_policy: WritePolicy) -> None:
    path = write_policy("dept", "[breaks]\nevery_minutes = 30\n")
    assert problems_of(path) == [
        f"{path}: policy: missing table [policy] (expected a [policy] table with id, name and "
        "extends)"
    ]


def test_missing_policy_keys_point_to_the_policy_table(write_policy: WritePolicy) -> None:
    path = write_policy("dept", '# Brouillon\n[policy]\nid = "dept"\n')
    assert problems_of(path) == [
        f"{path}:2: policy.name: missing key `name` in [policy] (expected a non-empty name)",
        f'{path}:2: policy.extends: missing key `extends` in [policy] (expected "default", the '
        'id of another policy, or "" (in default.toml only))',
    ]


def test_every_problem_of_a_file_is_reported_in_line_order(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept",
        department(
            "dept",
            """
            [breaks]
            every_minutes = 500
            repeat_minutes = 1

            [privacy]
            min_group_size = 2
            """,
        ),
    )
    assert problems_of(path) == [
        f"{path}:6: breaks.every_minutes: expected an integer from 10 to 240, found 500",
        f"{path}:7: breaks.repeat_minutes: expected an integer from 5 to 120, found 1",
        f"{path}:10: privacy.min_group_size: expected an integer from 5 to 1000, found 2",
    ]


def test_policy_error_lists_every_problem_one_a_line(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", "[breaks]\nevery_minutes = 500\nmax_repeats = 11\n")
    )
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert [problem.key for problem in raised.value.problems] == [
        "breaks.every_minutes",
        "breaks.max_repeats",
    ]
    assert str(raised.value).splitlines() == [str(p) for p in raised.value.problems]
