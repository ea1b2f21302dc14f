"""The person's files are theirs alone: the data folder 0700, every file 0600,
created so from the start, and an older, wider folder narrowed on opening."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from agent import private
from agent.cli import cli
from agent.commands import write_report
from agent.instance import InstanceLock
from agent.participation import Mode
from agent.privacy import write_notice
from agent.store import Store
from contract.policy.model import Policy
from tests.agent.fakes import paris

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")

USUAL_UMASK = 0o022  # what most desktops set: new files 0644, folders 0755


def mode_of(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def usual_umask() -> Iterator[None]:
    previous = os.umask(USUAL_UMASK)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.fixture
def chmods(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every chmod the agent makes: a file created private from the start needs none."""
    calls: list[Path] = []
    real = private.chmod

    def spy(path: Path, mode: int) -> None:
        calls.append(Path(path))
        real(path, mode)

    monkeypatch.setattr(private, "chmod", spy)
    return calls


def use_the_data_folder(folder: Path) -> None:
    """What the agent writes there: lock, database and journals, report, notice."""
    lock = InstanceLock(folder)
    lock.acquire()
    store = Store.open(folder / "repit.db")
    try:
        store.set_setting("mode", Mode.REMINDERS.value)
        assert (folder / "repit.db-wal").exists() and (folder / "repit.db-shm").exists()
        write_report(store, Policy(), "fr", folder / "report.html", now=paris("2026-03-02T12:00"))
        write_notice("fr", folder)
    finally:
        store.close()
        lock.release()


def test_a_new_data_folder_and_its_files_are_created_private(
    tmp_path: Path, chmods: list[Path]
) -> None:
    folder = tmp_path / "repit"
    use_the_data_folder(folder)
    assert mode_of(folder) == 0o700
    files = {p.name: mode_of(p) for p in folder.iterdir()}
    assert {"repit.db", "agent.lock", "report.html", "privacy-notice.fr.html"} <= set(files)
    assert files == dict.fromkeys(files, 0o600)
    assert chmods == [], "created private, not narrowed after the fact"


def test_an_older_wider_folder_is_narrowed_when_opened(tmp_path: Path) -> None:
    folder = tmp_path / "repit"
    use_the_data_folder(folder)
    (folder / "exports").mkdir()
    (folder / "exports" / "old.csv").write_text("x")
    for path in [folder, folder / "exports"]:
        path.chmod(0o755)
    for path in [p for p in folder.rglob("*") if p.is_file()]:
        path.chmod(0o644)  # as an older version left them

    Store.open(folder / "repit.db").close()

    assert mode_of(folder) == mode_of(folder / "exports") == 0o700
    assert {p.name: mode_of(p) for p in folder.rglob("*") if p.is_file()} == {
        p.name: 0o600 for p in folder.rglob("*") if p.is_file()
    }


def test_an_export_written_elsewhere_is_private(tmp_path: Path, chmods: list[Path]) -> None:
    data = tmp_path / "data"
    Store.open(data / "repit.db").close()
    output = tmp_path / "Documents" / "mes-données.json"
    output.parent.mkdir()
    result = CliRunner().invoke(cli, ["export", "-o", str(output), "--data-dir", str(data)])
    assert result.exit_code == 0, result.output
    assert mode_of(output) == 0o600
    assert chmods == []


def test_an_export_over_an_existing_readable_file_makes_it_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    Store.open(data / "repit.db").close()
    output = tmp_path / "export.csv"
    output.write_text("old")
    output.chmod(0o644)
    result = CliRunner().invoke(
        cli, ["export", "--format", "csv", "-o", str(output), "--data-dir", str(data)]
    )
    assert result.exit_code == 0, result.output
    assert mode_of(output) == 0o600
    assert output.read_text() != "old"


def test_a_report_written_elsewhere_is_private(tmp_path: Path) -> None:
    store = Store.in_memory()
    path = write_report(store, Policy(), "fr", tmp_path / "rapport.html", now=paris("2026-03-02"))
    assert mode_of(path) == 0o600


def test_windows_leaves_the_profiles_acl_as_it_is(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows the folder inherits the user profile's ACL; nothing may widen it."""
    path = tmp_path / "repit.db"
    path.write_text("")
    path.chmod(0o644)
    calls: list[object] = []
    monkeypatch.setattr(private, "chmod", lambda *args: calls.append(args))
    private.restrict_for("win32")(path, private.FILE_MODE)
    assert calls == []
    private.restrict_for("linux")(path, private.FILE_MODE)
    private.restrict_for("darwin")(path, private.FILE_MODE)
    assert len(calls) == 2  # macOS: the same POSIX modes as Linux
