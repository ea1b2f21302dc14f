"""Every policy field is bounded: a too-large value is a policy error naming the key
and the bound, found in bounded time (a policy also arrives from the aggregator)."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.policy.formats import NAME_MAX, TEXT_MAX
from contract.policy.loader import bundled_policies_dir, policy_from_dict
from contract.policy.problems import PolicyError
from contract.policy.schema import MAX_CLOSED_DATES, MAX_TEAMS, MAX_WINDOWS


def _default_data() -> dict[str, Any]:
    with (bundled_policies_dir() / "default.toml").open("rb") as file:
        return tomllib.load(file)


def _refusal(table: str, key: str, value: object) -> str:
    data = _default_data()
    data[table][key] = value
    with pytest.raises(PolicyError) as raised:
        policy_from_dict(data)
    return str(raised.value)


@pytest.mark.parametrize(
    ("table", "key", "value", "bound"),
    [
        ("policy", "name", "x" * 150_000, f"a name of at most {NAME_MAX} characters"),
        ("policy", "timezone", "Europe/" * 1000, f"at most {TEXT_MAX} characters"),
        ("calendar", "subdivision", "X" * 1000, f"at most {TEXT_MAX} characters"),
        ("calendar", "closed_dates", ["2026-05-01"] * 10_000, f"at most {MAX_CLOSED_DATES} dates"),
        ("hours", "default", ["08:00-09:00"] * 1000, f"at most {MAX_WINDOWS} windows"),
    ],
)
def test_a_too_large_value_names_the_key_and_the_bound(
    table: str, key: str, value: object, bound: str
) -> None:
    message = _refusal(table, key, value)
    assert f"{table}.{key}: expected " in message
    assert bound in message
    assert len(message) < 400, "the value itself is not repeated"


def test_too_many_teams_is_refused() -> None:
    teams = [{"id": f"team-{n}", "name": f"Équipe {n}"} for n in range(MAX_TEAMS + 1)]
    data = _default_data()
    data["teams"] = teams
    with pytest.raises(PolicyError) as raised:
        policy_from_dict(data)
    assert f"teams: expected at most {MAX_TEAMS} [[teams]] tables" in str(raised.value)
    assert f"found a list of {MAX_TEAMS + 1} items" in str(raised.value)


@given(st.integers(min_value=1, max_value=NAME_MAX))
def test_a_name_up_to_the_bound_is_kept(length: int) -> None:
    data = _default_data()
    data["policy"]["name"] = "é" * length
    assert policy_from_dict(data).name == "é" * length


@given(st.integers(min_value=NAME_MAX + 1, max_value=20 * NAME_MAX))
def test_a_name_past_the_bound_is_refused(length: int) -> None:
    assert "policy.name" in _refusal("policy", "name", "é" * length)
