"""End-to-end fixtures: the test policies (min_group_size 5), a leader and a helper on files."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from contract.policy.loader import load_policy_folder
from tests.aggregator.conftest import Clock, write_policies
from tests.e2e.live import Deployment


@pytest.fixture
def deployment(tmp_path: Path) -> Iterator[Deployment]:
    policies = load_policy_folder(write_policies(tmp_path / "policies"))
    clock = Clock(datetime(2026, 1, 1, 3, 0, tzinfo=UTC))
    deployment = Deployment(tmp_path, policies, clock)
    yield deployment
    deployment.transport.shutdown()
