"""policy_from_dict: a merged policy received as data (e.g. JSON from the aggregator)."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from contract.policy.loader import bundled_policies_dir, policy_from_dict
from contract.policy.model import Breaks, Policy
from contract.policy.problems import PolicyError


def _default_data() -> dict[str, Any]:
    with (bundled_policies_dir() / "default.toml").open("rb") as file:
        return tomllib.load(file)


def test_default_data_gives_the_default_policy() -> None:
    assert policy_from_dict(_default_data()) == Policy()


def test_data_that_went_through_json() -> None:
    data = json.loads(json.dumps(_default_data()))
    data["breaks"]["every_minutes"] = 30
    data["teams"] = [{"id": "dnum-infra", "name": "Infrastructures"}]
    policy = policy_from_dict(data, source=Path("aggregator.json"))
    assert policy.breaks == Breaks(every_minutes=30)
    assert policy.teams[0].id == "dnum-infra"
    assert policy.source == Path("aggregator.json")


def test_bad_data_is_reported_without_lines() -> None:
    data = _default_data()
    data["breaks"]["every_minutes"] = 500
    with pytest.raises(PolicyError) as raised:
        policy_from_dict(data)
    assert str(raised.value) == (
        "<policy>: breaks.every_minutes: expected an integer from 10 to 240, found 500"
    )


def test_incomplete_data_is_refused() -> None:
    data = _default_data()
    del data["privacy"]
    del data["breaks"]["enabled"]
    with pytest.raises(PolicyError) as raised:
        policy_from_dict(data, source=Path("x.json"))
    assert [str(problem) for problem in raised.value.problems] == [
        "x.json: breaks.enabled: missing key `enabled` in [breaks] (expected true or false)",
        "x.json: privacy: missing table [privacy] (expected a [privacy] table)",
    ]


def test_subdivision_is_checked_against_the_country() -> None:
    data = _default_data()
    data["calendar"]["subdivision"] = "ZZ"
    with pytest.raises(PolicyError) as raised:
        policy_from_dict(data)
    assert raised.value.problems[0].key == "calendar.subdivision"
