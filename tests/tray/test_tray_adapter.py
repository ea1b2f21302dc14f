"""The running agent as the tray sees it (``agent.process.TrayAdapter``), on a fake clock.

What the menu's items do for real: the answers pause and resume the agent's
reminders, the export writes a readable page and opens its folder, the
erase stops the agent and leaves nothing behind.
"""

from __future__ import annotations

import os
import stat
import threading
from pathlib import Path

import pytest

from agent.participation import Mode
from agent.paths import database_path
from agent.process import TrayAdapter, _erase
from agent.store import Store
from contract.policy.model import Policy
from tests.agent.desk import Desk
from tests.agent.fakes import RecordingNotifier
from tests.waiting import wait_until

NB = "\u00a0"


@pytest.fixture
def opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A stand-in ``xdg-open`` on PATH that writes what it was asked to open."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    record = tmp_path / "opened.txt"
    opener = bin_dir / "xdg-open"
    opener.write_text(f'#!/bin/sh\nprintf "%s\\n" "$1" >> "{record}"\n')
    opener.chmod(opener.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    return record


def adapter_on(desk: Desk, folder: Path, erase: threading.Event | None = None) -> TrayAdapter:
    return TrayAdapter(
        desk.agent, folder, Policy(), "fr", threading.Event(), erase, export_dir=folder / "docs"
    )


def test_the_menu_shows_until_when_and_resumes(tmp_path: Path) -> None:
    desk = Desk(start="2026-03-02T21:03:00")
    desk.agent.set_mode(Mode.REMINDERS)
    adapter = adapter_on(desk, tmp_path)
    assert adapter.paused_until() is None
    adapter.pause_reminders(False)  # "En réunion (1 heure)"
    assert adapter.paused_until() == f"jusqu’à 22{NB}h{NB}03"
    adapter.resume_reminders()
    assert adapter.paused_until() is None
    adapter.pause_reminders(True)
    assert adapter.paused_until() is not None
    assert adapter.paused_until().startswith("jusqu’à demain, ")  # type: ignore[union-attr]


def test_todays_figures_before_any_choice_say_what_to_do(tmp_path: Path) -> None:
    adapter = adapter_on(Desk(), tmp_path)
    assert adapter.today_summary().startswith(f"Choisissez d’abord votre participation{NB}:")


def test_export_writes_a_readable_page_and_opens_its_folder(tmp_path: Path, opened: Path) -> None:
    desk = Desk()
    desk.notifier = RecordingNotifier()
    desk.agent.notifier = desk.notifier
    desk.agent.set_mode(Mode.REMINDERS)
    desk.work(30)
    adapter = adapter_on(desk, tmp_path)

    adapter.export_data()

    [page] = (tmp_path / "docs").glob("mes-donnees-repit-*.html")
    text = page.read_text(encoding="utf-8")
    assert "<h2>Périodes d’activité à l’écran</h2>" in text
    assert '<th scope="col">Début</th>' in text and f"9{NB}h{NB}00" in text
    wait_until(lambda: opened.exists() and opened.read_text().strip() != "", "xdg-open to run")
    assert opened.read_text().splitlines() == [str(page.parent)]
    title, body = desk.notifier.shown[-1]
    assert title == f"Répit{NB}: vos données exportées"
    assert page.name in body


def test_erase_stops_the_agent_then_leaves_nothing(tmp_path: Path) -> None:
    store = Store.open(database_path(tmp_path))
    desk = Desk(store=store)
    desk.agent.set_mode(Mode.SHARE)
    erase = threading.Event()
    adapter = adapter_on(desk, tmp_path, erase)
    quitted: list[bool] = []
    adapter.on_quit = lambda: quitted.append(True)

    adapter.erase_data()

    assert erase.is_set() and quitted == [True]
    assert database_path(tmp_path).exists()  # erased only once the store is closed
    store.close()
    notifier = RecordingNotifier()
    _erase(tmp_path, notifier, "fr")
    assert not database_path(tmp_path).exists()
    assert notifier.shown[0][0] == f"Répit{NB}: vos données sont effacées"
    assert Store.open(database_path(tmp_path)).mode() is None  # a fresh start


def test_the_share_destination_of_a_half_done_enrollment_is_its_pending_team(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from datetime import date

    from agent.enrollment import EnrollmentError, enroll
    from agent.participation import PendingTeam
    from tests.agent.split_servers import LEADER, TwoServers

    monkeypatch.setenv("REPIT_CONFIG", str(tmp_path / "absent.toml"))
    desk = Desk(start="2026-03-02T10:00:00")
    adapter = adapter_on(desk, tmp_path)
    assert adapter.share_destination() is None  # enrolled nowhere
    servers = TwoServers()
    servers.codes()
    servers.helper_up = False
    with pytest.raises(EnrollmentError):
        enroll(
            desk.agent.store, LEADER, "L-1", date(2026, 3, 2), servers.transport, helper_code="H-1"
        )
    assert adapter.share_destination() == PendingTeam("dnum-infra", "enroll_again")
    servers.helper_up = True
    enroll(desk.agent.store, LEADER, "L-1", date(2026, 3, 2), servers.transport, helper_code="H-1")
    assert adapter.share_destination() == (LEADER, "dnum-infra")
