"""Central policies: fetched from the aggregator, applied without restart, refused with a reason."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from agent.cli import cli
from agent.commands import status
from agent.jobs import Agent
from agent.machine_config import MachineConfigError, load_machine_config
from agent.participation import Mode
from agent.policy_sync import (
    FETCH_EVERY_SECONDS,
    KEPT,
    VALIDATED,
    effective_policy,
    kept_policy,
    next_fetch,
    sync_status,
)
from agent.store import Store
from agent.texts import status_lines
from aggregator.policyjson import policy_document
from contract.policy.loader import bundled_policies_dir, load_policy
from contract.policy.model import Policy
from tests.agent.desk import Desk, enrolled

DNUM = load_policy(bundled_policies_dir() / "dnum.toml")


class PolicyServer:
    """Serves whatever document it is given at /api/v1/policy, or fails."""

    def __init__(self) -> None:
        self.document: object = policy_document(DNUM)
        self.down = False

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if self.down:
            raise httpx.ConnectError("down", request=request)
        assert request.headers["Authorization"] == "Bearer tok"
        return httpx.Response(200, json=self.document)


def enrolled_agent(server: PolicyServer) -> Agent:
    store = enrolled(Store.in_memory(), "https://repit.example.org")
    desk = Desk(store=store, upload_transport=httpx.MockTransport(server))
    desk.agent.set_mode(Mode.REMINDERS)
    return desk.agent


def test_the_teams_policy_is_applied_without_restart() -> None:
    server = PolicyServer()
    agent = enrolled_agent(server)
    agent.tick()
    assert agent.sync_policy() == DNUM
    assert agent.policy == DNUM
    assert agent.engine.policy == DNUM
    synced = sync_status(agent.store)
    assert synced is not None and synced.ok
    assert effective_policy(agent.store, Policy()) == DNUM  # what a restart will use


def test_an_invalid_policy_is_refused_and_the_previous_one_stays() -> None:
    server = PolicyServer()
    agent = enrolled_agent(server)
    agent.sync_policy()
    broken = policy_document(DNUM)
    broken["breaks"]["every_minutes"] = 5000
    server.document = broken
    assert agent.sync_policy() == DNUM
    synced = sync_status(agent.store)
    assert synced is not None and not synced.ok
    assert "breaks.every_minutes" in synced.message
    lines = status_lines(
        status(agent.store, agent.policy, Path("/nonexistent"), agent.clock.time()), "en"
    )
    policy_line = next(line for line in lines if line.startswith("Policy:"))
    assert "dnum; the new one was refused" in policy_line
    assert "every_minutes" in policy_line


def test_an_unreachable_aggregator_keeps_the_policy_in_force() -> None:
    server = PolicyServer()
    agent = enrolled_agent(server)
    agent.sync_policy()
    server.down = True
    assert agent.sync_policy() == DNUM
    synced = sync_status(agent.store)
    assert synced is not None and "unreachable" in synced.message


def test_without_enrollment_the_local_policy_applies() -> None:
    agent = enrolled_agent(PolicyServer())
    agent.store.set_setting("enrollment", None)
    assert agent.sync_policy() == Policy()
    assert sync_status(agent.store) is None


def test_the_kept_policy_is_read_back_without_validating_it_again() -> None:
    agent = enrolled_agent(PolicyServer())
    agent.sync_policy()
    validated = agent.store.setting(VALIDATED)
    assert validated is not None and json.loads(validated)["document"] == agent.store.setting(KEPT)
    assert kept_policy(agent.store) == DNUM  # decoded: the same policy as the validated one


def test_a_kept_policy_whose_text_changed_is_validated_again() -> None:
    agent = enrolled_agent(PolicyServer())
    agent.sync_policy()
    other = policy_document(load_policy(bundled_policies_dir() / "rh.toml"))
    agent.store.set_setting(KEPT, json.dumps(other))  # as an older version left it
    assert kept_policy(agent.store) == load_policy(bundled_policies_dir() / "rh.toml")
    assert json.loads(agent.store.setting(VALIDATED) or "{}")["document"] == json.dumps(other)


def test_a_kept_policy_from_an_older_version_without_its_validated_copy_is_validated() -> None:
    agent = enrolled_agent(PolicyServer())
    agent.sync_policy()
    agent.store.set_setting(VALIDATED, None)
    assert kept_policy(agent.store) == DNUM
    assert agent.store.setting(VALIDATED) is not None  # kept for the next start


def test_a_validated_copy_that_does_not_read_back_is_not_trusted() -> None:
    agent = enrolled_agent(PolicyServer())
    agent.sync_policy()
    copy = json.loads(agent.store.setting(VALIDATED) or "{}")
    copy["policy"]["breaks"] = "garbled"
    agent.store.set_setting(VALIDATED, json.dumps(copy))
    assert kept_policy(agent.store) == DNUM


def test_a_restart_within_a_day_of_a_good_fetch_asks_nothing_at_start() -> None:
    server = PolicyServer()
    agent = enrolled_agent(server)
    start = agent.clock.time()
    assert next_fetch(agent.store, start) == start  # never fetched: at once
    agent.sync_policy()
    assert next_fetch(agent.store, start + 3600) == start + FETCH_EVERY_SECONDS
    assert (
        next_fetch(agent.store, start + FETCH_EVERY_SECONDS + 1) == start + FETCH_EVERY_SECONDS + 1
    )
    assert next_fetch(agent.store, start - 3600) == start - 3600  # a clock set back: at once
    server.down = True
    agent.sync_policy()
    assert next_fetch(agent.store, start + 60) == start + 60  # the last attempt failed


def test_machine_config_names_the_policy_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "agent.toml"
    policy = bundled_policies_dir() / "rh.toml"
    config.write_text(
        f'[aggregator]\nurl = ""\nenrollment_code = ""\n\n[policy]\nfile = "{policy}"\n'
    )
    monkeypatch.setenv("REPIT_CONFIG", str(config))
    assert load_machine_config().policy_file == policy
    result = CliRunner().invoke(cli, ["status", "--json", "--data-dir", str(tmp_path / "data")])
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["policy"] == "rh"


def test_machine_config_with_an_unknown_key_is_a_clear_error(tmp_path: Path) -> None:
    config = tmp_path / "agent.toml"
    config.write_text('[aggregator]\nadress = "https://x"\n')
    with pytest.raises(MachineConfigError, match=r"unknown key.*aggregator\.adress"):
        load_machine_config(config)


def test_no_machine_config_is_an_empty_one(tmp_path: Path) -> None:
    assert load_machine_config(tmp_path / "absent.toml").policy_file is None
