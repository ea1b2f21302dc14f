"""The API fuzzed with schemathesis from the live server's ``/openapi.json``.

Every operation gets generated requests (valid and invalid) sent over HTTP
to a real server on loopback, once with a device token and once with a
reader token: no 5xx, and every answer is one the document declares, with a
body that fits its schema. The "positive data is accepted" check is off: the
JSON Schema cannot say "the period is complete and not too old" or "this code
was not used yet", so a schema-valid body may rightly get 403, 409 or 422.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from aggregator import auth
from aggregator.app import Settings
from aggregator.storage import Storage
from contract.policy.loader import load_policy_folder
from tests.aggregator.conftest import Clock, write_policies
from tests.aggregator.server import running

EXAMPLES = 60  # per operation and token: the whole file runs in well under a minute


@dataclass(frozen=True)
class Live:
    url: str
    device: str
    reader: str


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    policies = load_policy_folder(write_policies(folder / "policies"))
    storage = Storage.in_memory()
    clock = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    with running(Settings(storage, policies, clock=clock)) as url:
        (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
        device = httpx.post(f"{url}/api/v1/enroll", json={"code": code}).json()["device_token"]
        auth.create_account(storage, "prevention", auth.Role.READER, date(2026, 1, 1))
        reader = auth.create_api_token(storage, "prevention", date(2026, 1, 1))
        yield Live(url, device, reader)
    storage.close()


def operations(live: Live) -> list[Any]:
    api = schemathesis.openapi.from_url(f"{live.url}/openapi.json")
    return [result.ok() for result in api.get_all_operations()]  # type: ignore[union-attr]


# One test per operation, driven by hypothesis directly: schemathesis's pytest
# plugin (``from_fixture``) does not run under pytest 9 yet.
@pytest.mark.parametrize(
    "path",
    ["/api/v1/enroll", "/api/v1/contributions", "/api/v1/policy", "/api/v1/stats", "/healthz"],
)
def test_the_api_keeps_its_contract(live: Live, path: str) -> None:
    found = [operation for operation in operations(live) if operation.path == path]
    assert found, f"{path} is not in the OpenAPI document"
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_contract(case: Any) -> None:
            for token in (live.device, live.reader):
                case.call_and_validate(
                    base_url=live.url,
                    headers={"Authorization": f"Bearer {token}"},
                    excluded_checks=[positive_data_acceptance],
                )

        keeps_contract()


def test_every_operation_is_fuzzed(live: Live) -> None:
    assert {operation.path for operation in operations(live)} == {
        "/api/v1/enroll",
        "/api/v1/contributions",
        "/api/v1/policy",
        "/api/v1/stats",
        "/healthz",
    }
