"""[[teams]]: ids well formed and unique within a file and across all policies."""

from __future__ import annotations

from pathlib import Path

import pytest

from contract.policy.loader import check_policy_files, load_policy, load_policy_folder
from contract.policy.problems import PolicyError
from tests.policy.conftest import WritePolicy, department, line_of, problems_of

TEAMS = """
[[teams]]
id = "{first}"
name = "Première équipe"

[[teams]]
id = "{second}"
name = "Deuxième équipe"
"""


def _teams(first: str, second: str) -> str:
    return TEAMS.format(first=first, second=second)


def test_duplicate_team_id_within_a_file(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _teams("dept-a", "dept-a")))
    first, second = 6, 10
    assert line_of(path, 'name = "Deuxième équipe"') == second + 1
    assert problems_of(path) == [
        f'{path}:{second}: teams[1].id: expected a team id unique in a policy, found "dept-a", '
        f"already the id of teams[0] (line {first})"
    ]


def test_duplicate_team_id_across_files_names_both_files(write_policy: WritePolicy) -> None:
    one = write_policy("one", department("one", _teams("one-a", "shared")))
    two = write_policy("two", department("two", _teams("shared", "two-b")))
    assert check_policy_files([one]) == []
    assert check_policy_files([two]) == []
    assert problems_of(one, two) == [
        f'{two}:6: teams[0].id: expected a team id unique across all policies, found "shared", '
        f"already the id of teams[1] in {one} (line 10)"
    ]


def test_team_id_shared_with_a_parent_is_refused(write_policy: WritePolicy) -> None:
    parent = write_policy("parent", department("parent", _teams("fam-a", "fam-b")))
    child = write_policy("child", department("child", _teams("fam-b", "child-c"), extends="parent"))
    with pytest.raises(PolicyError) as raised:
        load_policy(child)
    expected = (
        f'{child}:6: teams[0].id: expected a team id unique across all policies, found "fam-b", '
        f"already the id of teams[1] in {parent} (line 10)"
    )
    assert str(raised.value) == expected
    # Reported once, in the child, however the files are listed.
    assert problems_of(child) == [expected]
    assert problems_of(child, parent) == [expected]
    assert problems_of(parent, child) == [expected]


def test_bad_team_id(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", _teams("Dept A", "dept-b")))
    assert problems_of(path) == [
        f'{path}:6: teams[0].id: expected an id of 2 to 40 characters among a-z, 0-9 and "-", '
        'found "Dept A"'
    ]


def test_team_without_a_name_and_with_an_unknown_key(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", '[[teams]]\nid = "dept-a"\nchef = "M. X"\n'))
    assert problems_of(path) == [
        f"{path}:5: teams[0].name: missing key `name` in [[teams]] (expected a non-empty name)",
        f"{path}:7: teams[0].chef: unknown key `chef` in [[teams]]"
        " (expected one of: id, name, headcount)",
    ]


def test_teams_written_as_a_list_of_strings(write_policy: WritePolicy) -> None:
    path = write_policy("dept", 'teams = ["dept-a"]\n' + department("dept"))
    assert problems_of(path) == [f'{path}:1: teams[0]: expected a [[teams]] table, found "dept-a"']


def test_load_policy_folder_returns_policies_by_id(
    write_policy: WritePolicy, policy_dir: Path
) -> None:
    write_policy("one", department("one", _teams("one-a", "one-b")))
    write_policy("two", department("two", "[breaks]\nevery_minutes = 45\n", extends="one"))
    policies = load_policy_folder(policy_dir)
    assert sorted(policies) == ["default", "one", "two"]
    assert policies["two"].breaks.every_minutes == 45
    assert policies["two"].source == policy_dir / "two.toml"


def test_load_policy_folder_raises_with_every_problem(
    write_policy: WritePolicy, policy_dir: Path
) -> None:
    one = write_policy("one", department("one", _teams("shared", "one-b")))
    two = write_policy("two", department("two", _teams("shared", "two-b")))
    bad = write_policy("bad", department("bad", "[breaks]\nevery_minutes = 0\n"))
    with pytest.raises(PolicyError) as raised:
        load_policy_folder(policy_dir)
    assert [(problem.file, problem.key) for problem in raised.value.problems] == [
        (bad, "breaks.every_minutes"),
        (two, "teams[0].id"),
    ]
    assert f"in {one} (line 6)" in raised.value.problems[1].message


def test_load_policy_folder_of_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(PolicyError) as raised:
        load_policy_folder(tmp_path / "absent")
    assert str(raised.value) == f"{tmp_path / 'absent'}: expected a folder of policy files"


def test_a_team_declares_its_headcount(write_policy: WritePolicy, policy_dir: Path) -> None:
    write_policy(
        "dept", department("dept", '[[teams]]\nid = "dept-a"\nname = "A"\nheadcount = 14\n')
    )
    assert load_policy_folder(policy_dir)["dept"].teams[0].headcount == 14


def test_a_headcount_out_of_range_is_named(write_policy: WritePolicy) -> None:
    path = write_policy(
        "dept", department("dept", '[[teams]]\nid = "dept-a"\nname = "A"\nheadcount = 0\n')
    )
    assert any("teams[0].headcount" in problem for problem in problems_of(path))
