"""Shared fixtures of the aggregator tests: a small policy folder and a clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contract.policy.loader import load_policy_folder
from contract.policy.model import Policy

ROOT = Path(__file__).resolve().parents[2]
MIN_GROUP = 5  # the smallest min_group_size a policy may set: keeps the fleets small

DEPARTMENT = f"""
[policy]
id = "dept"
name = "Département d'essai"
extends = "default"

[privacy]
min_group_size = {MIN_GROUP}
release_delay_days = 5

[[teams]]
id = "team-a"
name = "Équipe A"

[[teams]]
id = "team-b"
name = "Équipe B"

[[teams]]
id = "team-c"
name = "Équipe C"
"""

FAR_AWAY = """
[policy]
id = "far"
name = "Antenne lointaine"
extends = "default"
timezone = "Pacific/Auckland"

[privacy]
min_group_size = 5
release_delay_days = 0

[[teams]]
id = "far-team"
name = "Équipe lointaine"
"""


def write_policies(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "default.toml").write_text((ROOT / "policies" / "default.toml").read_text())
    (folder / "dept.toml").write_text(DEPARTMENT)
    (folder / "far.toml").write_text(FAR_AWAY)
    return folder


@pytest.fixture
def policies_dir(tmp_path: Path) -> Path:
    return write_policies(tmp_path / "policies")


@pytest.fixture
def policies(policies_dir: Path) -> dict[str, Policy]:
    return load_policy_folder(policies_dir)


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    """2026-03-10 12:00 UTC: February is complete, and released (5 days after its end)."""
    return Clock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
