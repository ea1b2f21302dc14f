"""The machine-wide enrollment: the leader's URL and both codes, from agent.toml or debconf."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from agent.enrollment import enrollment, pending_leader
from agent.machine_config import (
    ANSWERS_NAME,
    MachineConfigError,
    enroll_from_machine_config,
    load_machine_config,
)
from agent.store import Store
from tests.agent.split_servers import LEADER, TEAM, TwoServers

TODAY = date(2026, 3, 2)


def configure(folder: Path, monkeypatch: pytest.MonkeyPatch, text: str) -> Path:
    config = folder / "agent.toml"
    config.write_text(text, encoding="utf-8")
    monkeypatch.setenv("REPIT_CONFIG", str(config))
    return config


def test_both_codes_in_agent_toml_enroll_at_both_servers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    codes = 'enrollment_code = "L-1"\nhelper_code = "H-1"\n'
    configure(tmp_path, monkeypatch, f'[aggregator]\nurl = "{LEADER}"\n{codes}')
    servers = TwoServers()
    servers.codes()
    store = Store.in_memory()
    enroll_from_machine_config(store, TODAY, servers.transport)
    joined = enrollment(store)
    assert joined is not None and joined.complete and joined.team == TEAM[0]


def test_a_first_start_with_the_helper_down_resumes_at_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    configure(
        tmp_path, monkeypatch, f'[aggregator]\nurl = "{LEADER}"\nenrollment_code = "L-1.H-1"\n'
    )
    servers = TwoServers(helper_up=False)
    servers.codes()
    store = Store.in_memory()
    enroll_from_machine_config(store, TODAY, servers.transport)  # logged, never fatal
    assert enrollment(store) is None and pending_leader(store) is not None
    servers.helper_up = True
    enroll_from_machine_config(store, TODAY, servers.transport)
    assert enrollment(store) is not None
    assert len(servers.sent("leader", "/api/v1/enroll")) == 1  # the leader's code, spent once


def test_the_debconf_answers_win_over_agent_toml(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = configure(
        tmp_path, monkeypatch, '[aggregator]\nurl = "https://old.example.org"\n'
        '[contacts]\nprevention = "Service Prévention"\n',
    )  # fmt: skip
    (tmp_path / ANSWERS_NAME).write_text(
        f'[aggregator]\nurl = "{LEADER}"\nenrollment_code = "L-9"\nhelper_code = "H-9"\n'
    )
    loaded = load_machine_config(config)
    assert (loaded.aggregator_url, loaded.enrollment_code, loaded.helper_code) == (
        LEADER,
        "L-9",
        "H-9",
    )
    assert loaded.prevention_contact == "Service Prévention"  # the rest is agent.toml's


def test_the_answers_file_takes_only_the_aggregator_table(tmp_path: Path) -> None:
    config = tmp_path / "agent.toml"
    (tmp_path / ANSWERS_NAME).write_text('[policy]\nfile = "/tmp/x.toml"\n')
    with pytest.raises(MachineConfigError, match=rf"{ANSWERS_NAME}: unknown key.*policy"):
        load_machine_config(config)
