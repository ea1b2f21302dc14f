"""The accounts' migration on a database of the first schema, and a revoked device over HTTP."""

from __future__ import annotations

from pathlib import Path

from aggregator import auth
from aggregator.storage import MIGRATIONS, Storage
from contract.contribution import Kind
from contract.policy.model import Policy
from contract.sqlite_files import open_database
from tests.aggregator.conftest import Clock
from tests.aggregator.split_pair import SplitDeployment
from tests.aggregator.test_split_http import valid_day


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
    tmp_path: Path, policies: dict[str, Policy], clock: Clock
) -> None:
    leader = Storage.open(tmp_path / "leader.db")
    helper = Storage.open(tmp_path / "helper.db")
    deployment = SplitDeployment(leader, helper, clock, tmp_path / "policies")
    with deployment.serve(policies):
        device = deployment.enroll_device("team-a")
        token = device.leader_token
        bearer = {"Authorization": f"Bearer {token}"}
        assert deployment.send(token, Kind.DAY, "2026-03-02", valid_day()).status_code == 202
        deployment.settle()
        with leader.read() as db:
            before = db.execute("SELECT * FROM agg_shares").fetchall()
        auth.revoke_by_token(leader, token)
        assert deployment.send(token, Kind.DAY, "2026-03-03", valid_day()).status_code == 401
        assert deployment.http.get("/api/v1/policy", headers=bearer).status_code == 401
        deployment.settle()
        with leader.read() as db:
            assert db.execute("SELECT * FROM agg_shares").fetchall() == before
        assert before and before[0][3] == 1  # one device's report, still counted
    leader.close()
    helper.close()
