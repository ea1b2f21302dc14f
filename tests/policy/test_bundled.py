"""The policies shipped in policies/: all valid, and default.toml equals the model's defaults."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import contract
from contract.policy.loader import (
    bundled_policies_dir,
    check_policy_files,
    load_policy,
    load_policy_folder,
)
from contract.policy.model import Policy, Window

BUNDLED = sorted(bundled_policies_dir().glob("*.toml"))
DEPARTMENTS = [path for path in BUNDLED if path.stem != "default"]


def test_bundled_dir_is_the_checkout_policies_folder() -> None:
    assert bundled_policies_dir() == Path(contract.__file__).parent.parent / "policies"
    assert len(DEPARTMENTS) >= 3


def test_bundled_dir_of_an_installed_wheel_is_inside_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "site-packages" / "contract"
    (package / "bundled_policies").mkdir(parents=True)
    monkeypatch.setattr(contract, "__file__", str(package / "__init__.py"))
    assert bundled_policies_dir() == package / "bundled_policies"


@pytest.mark.parametrize("path", BUNDLED, ids=lambda path: path.name)
def test_every_bundled_policy_loads(path: Path) -> None:
    policy = load_policy(path)
    assert policy.id == path.stem
    assert policy.source == path


def test_bundled_policies_check_together_without_problems() -> None:
    assert check_policy_files(BUNDLED) == []


def test_default_toml_equals_the_dataclass_defaults() -> None:
    assert load_policy(bundled_policies_dir() / "default.toml") == Policy()


@pytest.mark.parametrize("path", DEPARTMENTS, ids=lambda path: path.name)
def test_each_department_has_three_to_five_named_teams(path: Path) -> None:
    policy = load_policy(path)
    assert 3 <= len(policy.teams) <= 5
    assert all(team.name.strip() for team in policy.teams)
    assert policy.extends != ""


def test_team_ids_are_unique_across_the_bundled_folder() -> None:
    policies = load_policy_folder(bundled_policies_dir())
    assert set(policies) == {path.stem for path in BUNDLED}
    team_ids = [team.id for policy in policies.values() for team in policy.teams]
    assert len(team_ids) == len(set(team_ids))
    assert policies["default"].teams == ()


def test_lycees_technique_starts_early_and_has_friday_afternoon_off() -> None:
    policy = load_policy(bundled_policies_dir() / "lycees-technique.toml")
    monday, friday = policy.hours.windows(0), policy.hours.windows(4)
    assert monday == (Window(6 * 60 + 30, 12 * 60), Window(12 * 60 + 45, 15 * 60))
    assert friday == (Window(6 * 60 + 30, 12 * 60),)


def test_lycees_restauration_inherits_the_lycees_calendar_through_two_levels() -> None:
    policy = load_policy(bundled_policies_dir() / "lycees-restauration.toml")
    assert policy.extends == "lycees-technique"
    assert policy.calendar.closed_dates == frozenset({date(2026, 5, 15)})
    assert policy.disconnect.repeat_minutes == 120  # from lycees-technique
    assert policy.breaks.every_minutes == 60  # from default
    assert {team.id for team in policy.teams} == {
        "lycees-cuisine-nord",
        "lycees-cuisine-sud",
        "lycees-cuisine-centrale",
    }


def test_rh_has_a_split_day() -> None:
    policy = load_policy(bundled_policies_dir() / "rh.toml")
    assert [str(window) for window in policy.hours.windows(1)] == ["08:30-12:30", "13:30-18:00"]
    assert [str(window) for window in policy.hours.windows(4)] == ["08:30-12:30", "13:30-16:30"]
