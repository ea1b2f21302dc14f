"""The database: refusal of damaged or newer files, migrations, and crash safety of ingest."""

from __future__ import annotations

import sqlite3
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from aggregator import auth
from aggregator.ingest import InvalidContribution, Outcome, Rules, submit
from aggregator.models import Contribution
from aggregator.storage import MIGRATIONS, Storage, StorageError, batches, sums_table
from contract.contribution import FIELDS, Kind

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
RULES = Rules("Europe/Paris", 62, 5)


def test_a_new_database_has_every_layout_field_as_a_column(tmp_path: Path) -> None:
    storage = Storage.open(tmp_path / "sub" / "aggregator.db")
    for kind in Kind:
        columns = storage.db.table(sums_table(kind)).columns_dict
        assert list(columns) == ["team", "month", "devices", *(f.name for f in FIELDS[kind])]
    with storage.read() as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    storage.close()
    Storage.open(tmp_path / "sub" / "aggregator.db").close()  # reopening migrates nothing


def test_a_damaged_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "aggregator.db"
    garbage = b"this is not a database at all" * 200
    path.write_bytes(garbage)
    with pytest.raises(StorageError, match="damaged or not a Répit aggregator database"):
        Storage.open(path)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aggregator.db"]


def test_a_newer_database_is_refused_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "aggregator.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE future (x)")
    connection.execute("PRAGMA user_version = 99")
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer Répit"):
        Storage.open(path)
    assert path.read_bytes() == before


def day(period: str, **changes: int) -> Contribution:
    values = {**{f.name: f.low for f in FIELDS[Kind.DAY]}, **changes}
    return Contribution.model_validate(
        {"id": str(uuid.uuid4()), "schema": 1, "kind": "day", "period": period, "values": values}
    )


def enrolled(storage: Storage, team: str = "team-a") -> auth.Device:
    (code,) = auth.new_enrollment_codes(storage, team, 1, date(2026, 1, 1))
    result = auth.enroll(storage, code, date(2026, 1, 1))
    assert result is not None
    device = auth.device_for(storage, result[0])
    assert device is not None
    return device


def contents(storage: Storage) -> dict[str, list[tuple[object, ...]]]:
    with storage.read() as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall())
            for table in ("reports", "idempotency", "sums_day", "sums_week")
        }


def test_a_crash_between_the_report_and_the_sums_leaves_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    storage = Storage.in_memory()
    device = enrolled(storage)
    assert submit(storage, device, day("2026-03-08", breaks=3), NOW, RULES) is Outcome.ACCEPTED
    before = contents(storage)

    def crash(*args: object) -> None:
        # The report and the idempotency id are written by now (inside the transaction).
        with storage.read() as db:
            assert db.execute("SELECT COUNT(*) FROM reports").fetchone()[0] == 2
        raise OSError("disk gone")

    monkeypatch.setattr(batches, "add_to_batch", crash)
    retry = day("2026-03-09", breaks=5)
    with pytest.raises(OSError, match="disk gone"):
        submit(storage, device, retry, NOW, RULES)
    assert contents(storage) == before
    monkeypatch.undo()
    # Nothing of the failed attempt remains: the retry is accepted, counted once.
    assert submit(storage, device, retry, NOW, RULES) is Outcome.ACCEPTED
    assert submit(storage, device, retry, NOW, RULES) is Outcome.DUPLICATE
    with storage.read() as db:
        assert db.execute("SELECT devices, reports, breaks FROM sums_day").fetchall() == [(1, 2, 8)]


def test_an_invalid_contribution_raises_with_every_reason_and_adds_nothing() -> None:
    storage = Storage.in_memory()
    device = enrolled(storage)
    bad = day("2026-03-10", breaks=97)
    with pytest.raises(InvalidContribution) as raised:
        submit(storage, device, bad, NOW, RULES)
    messages = [item["msg"] for item in raised.value.detail]
    assert any("96" in message for message in messages)
    assert any("not complete" in message for message in messages)
    assert contents(storage) == {"reports": [], "idempotency": [], "sums_day": [], "sums_week": []}


def test_distinct_devices_per_batch() -> None:
    storage = Storage.in_memory()
    first, second = enrolled(storage), enrolled(storage)
    other_team = enrolled(storage, "team-b")
    for device in (first, second, other_team):
        for period in ("2026-03-01", "2026-03-02"):
            assert submit(storage, device, day(period), NOW, RULES) is Outcome.ACCEPTED
    with storage.read() as db:
        rows = db.execute("SELECT team, month, devices, reports FROM sums_day").fetchall()
    assert sorted(rows) == [("team-a", "2026-03", 2, 4), ("team-b", "2026-03", 1, 2)]
