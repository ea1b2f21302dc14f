"""Ids, file names and the extends chain; problems reported in the file that has them."""

from __future__ import annotations

import pytest

from contract.policy.loader import bundled_policies_dir, check_policy_files, load_policy
from contract.policy.problems import PolicyError
from tests.policy.conftest import WritePolicy, department, line_of, problems_of


@pytest.mark.parametrize("bad_id", ["DNUM", "d", "dnum_infra", "dnum infra", "é-dnum", "x" * 41])
def test_bad_id_pattern(write_policy: WritePolicy, bad_id: str) -> None:
    path = write_policy("dept", department(bad_id))
    assert problems_of(path) == [
        f'{path}:2: policy.id: expected an id of 2 to 40 characters among a-z, 0-9 and "-", '
        f'found "{bad_id}"'
    ]


def test_id_must_match_the_file_name(write_policy: WritePolicy) -> None:
    path = write_policy("dnum", department("dsi"))
    assert problems_of(path) == [
        f'{path}:2: policy.id: expected "dnum", the file name without .toml, found "dsi" '
        "(rename the file dsi.toml or change the id)"
    ]


def test_missing_parent_names_the_file_looked_for(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", extends="direction"))
    looked_for = path.parent / "direction.toml"
    assert problems_of(path) == [
        f'{path}:4: policy.extends: expected the id of an existing policy, found "direction" '
        f"(no file {looked_for})"
    ]


def test_cycle_of_two_is_reported_from_each_side(write_policy: WritePolicy) -> None:
    a = write_policy("a-dept", department("a-dept", extends="b-dept"))
    b = write_policy("b-dept", department("b-dept", extends="a-dept"))
    assert problems_of(a) == [
        f"{a}:4: policy.extends: extends forms a cycle: a-dept → b-dept → a-dept"
    ]
    assert problems_of(a, b) == [
        f"{a}:4: policy.extends: extends forms a cycle: a-dept → b-dept → a-dept",
        f"{b}:4: policy.extends: extends forms a cycle: b-dept → a-dept → b-dept",
    ]


def test_cycle_reached_through_another_file_names_the_whole_chain(
    write_policy: WritePolicy,
) -> None:
    write_policy("a-dept", department("a-dept", extends="b-dept"))
    write_policy("b-dept", department("b-dept", extends="a-dept"))
    c = write_policy("c-dept", department("c-dept", extends="a-dept"))
    assert problems_of(c) == [
        f"{c}:4: policy.extends: extends forms a cycle: c-dept → a-dept → b-dept → a-dept"
    ]


def test_a_policy_that_extends_itself(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", extends="dept"))
    assert problems_of(path) == [f"{path}:4: policy.extends: extends forms a cycle: dept → dept"]


def test_empty_extends_outside_default(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", extends=""))
    assert problems_of(path) == [
        f"{path}:4: policy.extends: expected the id of the policy this one extends, usually "
        '"default", found "" (only default.toml extends nothing)'
    ]


def test_default_must_extend_nothing(write_policy: WritePolicy) -> None:
    write_policy("other", department("other"))
    default_text = (bundled_policies_dir() / "default.toml").read_text(encoding="utf-8")
    default = write_policy("default", default_text.replace('extends = ""', 'extends = "other"'))
    line = line_of(default, 'extends = "other"')
    assert problems_of(default) == [
        f'{default}:{line}: policy.extends: expected "" (the default policy extends nothing), '
        'found "other"',
        # and other.toml extends default:
        f"{default}:{line}: policy.extends: extends forms a cycle: default → other → default",
    ]


def test_badly_formed_extends(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", extends="../default"))
    assert problems_of(path) == [
        f'{path}:4: policy.extends: expected "default", the id of another policy, or "" '
        '(in default.toml only), found "../default"'
    ]


def test_inherited_bad_value_is_reported_in_the_parents_file(write_policy: WritePolicy) -> None:
    parent = write_policy("parent", department("parent", "[breaks]\nevery_minutes = 500\n"))
    child = write_policy(
        "child", department("child", "[breaks]\nmax_repeats = 2\n", extends="parent")
    )
    expected = f"{parent}:6: breaks.every_minutes: expected an integer from 10 to 240, found 500"
    with pytest.raises(PolicyError) as raised:
        load_policy(child)
    assert str(raised.value) == expected
    # Checked together, the parent's problem is reported once, not once per child.
    assert problems_of(child, parent) == [expected]


def test_a_parent_with_a_syntax_error_fails_its_children(write_policy: WritePolicy) -> None:
    parent = write_policy("parent", department("parent", "[breaks\n"))
    child = write_policy("child", department("child", extends="parent"))
    (problem,) = check_policy_files([child])
    assert (problem.file, problem.line) == (parent, 5)
    assert problem.message.startswith("invalid TOML: ")


def test_problems_of_the_child_and_of_the_chain_together(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes = 5\n", extends="nope"))
    assert [problem.key for problem in check_policy_files([path])] == [
        "breaks.every_minutes",
        "policy.extends",
    ]
