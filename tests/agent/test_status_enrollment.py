"""``repit-agent status`` says when an enrollment is half done (SPLIT.md "Enrollment").

The store is put in that state by the real enrollment code: the leader
enrolls the device, the helper is down. ``status`` then names the team and
says that the helper's step is pending and how it resumes (without a new
leader code), in French by default, in English on request, and in ``--json``.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from agent.cli import cli
from agent.enrollment import EnrollmentError, enroll, enrollment, pending_leader
from agent.paths import database_path
from agent.store import Store
from contract.wording import NBSP
from tests.agent.split_servers import HELPER, LEADER, TwoServers


def run(data_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, [*args, "--data-dir", str(data_dir)])


def half_enrolled(data_dir: Path) -> TwoServers:
    """A person's database enrolled at the leader; the helper unreachable."""
    servers = TwoServers()
    servers.codes()
    servers.helper_up = False
    store = Store.open(database_path(data_dir))
    try:
        with pytest.raises(EnrollmentError) as failed:
            enroll(store, LEADER, "L-1", date(2026, 3, 2), servers.transport, helper_code="H-1")
        assert failed.value.problem.what == "unreachable"
        assert enrollment(store) is None and pending_leader(store) is not None
    finally:
        store.close()
    return servers


@pytest.fixture
def no_machine_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPIT_CONFIG", str(tmp_path / "absent.toml"))


@pytest.mark.usefixtures("no_machine_config")
def test_status_says_the_helper_step_is_pending_and_how_it_resumes(tmp_path: Path) -> None:
    half_enrolled(tmp_path)
    french = run(tmp_path, "status")
    assert french.exit_code == 0, french.output
    assert (
        f"Équipe{NBSP}: dnum-infra, inscription au second serveur en attente{NBSP}; "
        "relancez repit-agent enroll avec les mêmes codes" in french.output
    )
    english = run(tmp_path, "status", "--language", "en")
    assert english.exit_code == 0, english.output
    assert (
        "Team: dnum-infra, enrollment at the helper server pending; run repit-agent enroll again"
        in english.output
    )
    assert "second serveur" not in english.output
    document = json.loads(run(tmp_path, "status", "--json").output)
    assert document["team"] is None  # nothing is sent until both servers enrolled it
    assert document["enrollment_pending"] == {
        "team": "dnum-infra",
        "department": "dnum",
        "leader_url": LEADER,
        "helper_url": HELPER,
        "resumes": "enroll_again",
    }


def test_with_the_codes_in_the_machine_configuration_it_resumes_at_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "agent.toml"
    config.write_text(f'[aggregator]\nurl = "{LEADER}/"\nenrollment_code = "L-1.H-1"\n')
    monkeypatch.setenv("REPIT_CONFIG", str(config))
    data_dir = tmp_path / "data"
    half_enrolled(data_dir)
    french = run(data_dir, "status")
    assert (
        f"Équipe{NBSP}: dnum-infra, inscription au second serveur en attente "
        "(nouvel essai automatique au prochain démarrage de l’agent)" in french.output
    )
    english = run(data_dir, "status", "--language", "en")
    assert "tried again automatically at the agent's next start" in english.output
    document = json.loads(run(data_dir, "status", "--json").output)
    assert document["enrollment_pending"]["resumes"] == "at_start"


@pytest.mark.usefixtures("no_machine_config")
def test_once_the_helper_answers_the_same_codes_finish_and_status_shows_the_team(
    tmp_path: Path,
) -> None:
    servers = half_enrolled(tmp_path)
    servers.helper_up = True
    store = Store.open(database_path(tmp_path))
    try:
        enroll(store, LEADER, "L-1", date(2026, 3, 2), servers.transport, helper_code="H-1")
    finally:
        store.close()
    document = json.loads(run(tmp_path, "status", "--json").output)
    assert document["team"] == "dnum-infra" and document["enrollment_pending"] is None
    french = run(tmp_path, "status").output
    assert f"Équipe{NBSP}: dnum-infra\n" in french and "en attente" not in french


@pytest.mark.usefixtures("no_machine_config")
def test_choosing_share_names_the_pending_team_and_status_says_what_waits(
    tmp_path: Path,
) -> None:
    half_enrolled(tmp_path)
    asked = CliRunner().invoke(cli, ["consent", "share", "--data-dir", str(tmp_path)], input="n\n")
    assert (
        f"Équipe{NBSP}: dnum-infra, inscription au second serveur en attente{NBSP}; "
        "relancez repit-agent enroll avec les mêmes codes" in asked.stderr
    )
    assert "rien ne sera envoyé avant la fin de l’inscription." in asked.stderr
    assert "aucune équipe" not in asked.stderr
    english = CliRunner().invoke(
        cli, ["consent", "share", "--yes", "--language", "en", "--data-dir", str(tmp_path)]
    )
    assert english.exit_code == 0, english.output
    assert "Team: dnum-infra, enrollment at the helper server pending" in english.stderr
    assert "not enrolled in any team" not in english.stderr
    french = run(tmp_path, "status").output
    assert (
        f"Dernier envoi{NBSP}: rien n’est envoyé avant la fin de l’inscription au second serveur"
        in french
    )
