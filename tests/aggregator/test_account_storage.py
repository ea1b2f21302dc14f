"""The accounts' migration on a database of the first schema, and a revoked device over HTTP."""

from __future__ import annotations

import uuid
from datetime import date
from pathlib import Path

import httpx

from aggregator import auth
from aggregator.app import Settings
from aggregator.storage import MIGRATIONS, Storage
from contract.contribution import SCHEMA_VERSION
from contract.policy.model import Policy
from contract.sqlite_files import open_database
from tests.aggregator.conftest import Clock
from tests.aggregator.server import running
from tests.aggregator.test_http import valid_day


def test_a_first_schema_database_keeps_its_accounts_and_devices(tmp_path: Path) -> None:
    path = tmp_path / "aggregator.db"
    old = open_database(path, MIGRATIONS[:1], "Répit aggregator database", foreign_keys=True)
    old.table("accounts").insert(
        {"name": "agnes", "password_hash": "x", "role": "admin", "created": "2026-01-01"}
    )
    old.table("devices").insert(
        {"token_hash": auth.hash_secret("t"), "team": "team-a", "enrolled": "2026-01-01"}
    )
    old.conn.close()

    storage = Storage.open(path)
    (agnes,) = auth.accounts(storage)
    assert agnes == auth.AccountInfo("agnes", auth.Role.ADMIN, False, "2026-01-01")
    first = auth.hash_secret("t")  # an old device's identity is its first token's hash
    assert auth.device_for(storage, "t") == auth.Device(first, "team-a", first)
    auth.revoke_by_token(storage, "t")  # an old device, with no code's hash, is revoked by token
    assert auth.device_for(storage, "t") is None
    with storage.read() as db:
        assert db.execute("PRAGMA user_version").fetchone() == (len(MIGRATIONS),)


def test_a_revoked_device_is_refused_and_its_sums_stay(
    policies: dict[str, Policy], clock: Clock
) -> None:
    storage = Storage.in_memory()
    (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
    with (
        running(Settings(storage, policies, clock=clock)) as url,
        httpx.Client(base_url=url, timeout=30) as client,
    ):
        token = client.post("/api/v1/enroll", json={"code": code}).json()["device_token"]
        bearer = {"Authorization": f"Bearer {token}"}

        def send(period: str) -> int:
            body = {
                "id": str(uuid.uuid4()),
                "schema": SCHEMA_VERSION,
                "kind": "day",
                "period": period,
                "values": valid_day(),
            }
            return client.post("/api/v1/contributions", json=body, headers=bearer).status_code

        assert send("2026-03-02") == 202
        with storage.read() as db:
            before = db.execute("SELECT * FROM sums_day").fetchall()
        assert auth.revoke_by_code(storage, code.lower()) is auth.Revoked.DEVICE
        assert send("2026-03-03") == 401
        assert client.get("/api/v1/policy", headers=bearer).status_code == 401
        with storage.read() as db:
            assert db.execute("SELECT * FROM sums_day").fetchall() == before
        assert before and before[0][2] == 1  # one device's sums, still counted
