"""The API fuzzed with schemathesis from the live servers' ``/openapi.json``.

Every operation gets generated requests (valid and invalid) sent over HTTP
to a real leader and helper pair on loopback (SPLIT.md): the leader's routes
once with a device token and once with a reader token, the helper's with the
leader–helper token and with a helper device token: no 5xx, and every answer
is one the document declares, with a body that fits its schema (the helper's
two leader-only routes declare no refusals yet: no 5xx is checked there, see
``UNDECLARED``). The "positive data is accepted" check is off: the
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
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import positive_data_acceptance

from aggregator import auth
from tests.aggregator.conftest import Clock
from tests.aggregator.split_pair import TOKEN, codes, pair

EXAMPLES = 60  # per operation and token: the whole file runs in well under a minute


HELPER_PATHS = {"/api/v1/hpke-config", "/api/v1/helper/aggregate", "/api/v1/helper/collect"}
UNDECLARED = {"/api/v1/helper/aggregate", "/api/v1/helper/collect"}
"""Routes whose OpenAPI document declares only 200 (their 401, 403, 404 and 422 answers are
the helper's to declare): fuzzed for server errors only."""


@dataclass(frozen=True)
class Live:
    url: str
    helper_url: str
    device: str
    reader: str
    helper_device: str

    def where(self, path: str) -> tuple[str, tuple[str, ...]]:
        """The server a route belongs to, and the tokens to try it with."""
        if path in HELPER_PATHS:
            return self.helper_url, (TOKEN, self.helper_device)
        return self.url, (self.device, self.reader)


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    folder: Path = tmp_path_factory.mktemp("fuzz")
    clock = Clock(datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    with pair(folder, clock) as servers:
        (code,) = codes(servers.leader, "team-a", 1)
        device = httpx.post(f"{servers.leader_url}/api/v1/enroll", json={"code": code})
        (code,) = codes(servers.helper, "team-a", 1)
        helper_device = httpx.post(f"{servers.helper_url}/api/v1/enroll", json={"code": code})
        storage = servers.leader.storage
        auth.create_account(storage, "prevention", auth.Role.READER, date(2026, 1, 1))
        reader = auth.create_api_token(storage, "prevention", date(2026, 1, 1))
        yield Live(
            servers.leader_url,
            servers.helper_url,
            device.json()["device_token"],
            reader,
            helper_device.json()["device_token"],
        )


def operations(live: Live, url: str | None = None) -> list[Any]:
    api = schemathesis.openapi.from_url(f"{url or live.url}/openapi.json")
    return [result.ok() for result in api.get_all_operations()]  # type: ignore[union-attr]


ROUTES = (
    "/api/v1/enroll",
    "/api/v1/contributions",
    "/api/v1/reports",
    "/api/v1/policy",
    "/api/v1/proposals",
    "/api/v1/proposals/answers",
    "/api/v1/stats",
    "/healthz",
    *sorted(HELPER_PATHS),
)


# One test per operation, driven by hypothesis directly: schemathesis's pytest
# plugin (``from_fixture``) does not run under pytest 9 yet.
@pytest.mark.parametrize("path", ROUTES)
def test_the_api_keeps_its_contract(live: Live, path: str) -> None:
    url, tokens = live.where(path)
    found = [operation for operation in operations(live, url) if operation.path == path]
    assert found, f"{path} is not in the OpenAPI document"
    for operation in found:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        def keeps_contract(case: Any) -> None:
            for token in tokens:
                headers = {"Authorization": f"Bearer {token}"}
                if path in UNDECLARED:
                    case.call_and_validate(
                        base_url=url, headers=headers, checks=[not_a_server_error]
                    )
                    continue
                case.call_and_validate(
                    base_url=url, headers=headers, excluded_checks=[positive_data_acceptance]
                )

        keeps_contract()


def test_every_operation_is_fuzzed(live: Live) -> None:
    assert {operation.path for operation in operations(live)} == set(ROUTES)
