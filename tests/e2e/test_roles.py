"""Roles over every route the server has, not only the ones written down today.

``tests/aggregator/test_http.py`` checks the API routes one by one; this
walks the application's route table, so that a page added later (the
reports) is covered too: an anonymous request gets nothing but the login
page, ``/healthz`` (and the public OpenAPI document, which holds no data),
and a device token opens no reader page.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import httpx
from starlette.routing import Route

from aggregator import auth
from aggregator.app import Settings, create_app
from aggregator.storage import Storage
from tests.e2e.live import Deployment

PUBLIC = {"/login", "/healthz", "/openapi.json", "/guide"}
"""Routes anyone may read: the guide holds no figure."""
DEVICE_READS = {"/api/v1/policy", "/api/v1/proposals/answers"}
"""What a device reads: its policy, and the answers given to its department's proposals."""
SAMPLE = {"name": "dept", "group_id": "dept", "group": "dept", "month": "2026-02"}


def _get_paths(routes: list[Any], prefix: str = "") -> Iterator[str]:
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's included routers
        if included is not None:
            yield from _get_paths(list(included.routes), prefix + route.include_context.prefix)
        elif isinstance(route, Route) and route.methods and "GET" in route.methods:
            yield prefix + route.path


def readable_routes(deployment: Deployment) -> list[str]:
    """Every GET route of the application, path parameters filled with sample values."""
    app = create_app(Settings(Storage.in_memory(), deployment.policies))
    return sorted(
        {
            re.sub(r"\{(\w+)(:\w+)?\}", lambda m: SAMPLE.get(m[1], "dept"), path)
            for path in _get_paths(list(app.routes))
        }
    )


def refused(response: httpx.Response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code in (302, 303, 307) and response.headers["location"].endswith(
        "/login"
    )


def test_anonymous_and_devices_get_nothing_but_the_public_routes(
    deployment: Deployment,
) -> None:
    deployment.clock.now = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
    paths = readable_routes(deployment)
    assert "/api/v1/stats" in paths and "/" in paths
    storage = deployment.storage()
    try:
        (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
    finally:
        storage.close()
    query = {"group": "dept", "month": "2026-02"}
    with deployment.up() as client:
        device = client.post("/api/v1/enroll", json={"code": code}).json()["device_token"]
        reader = deployment.reader_token()
        for path in paths:
            anonymous = client.get(path, params=query)
            if path in PUBLIC:
                assert anonymous.status_code == 200, path
                continue
            assert refused(anonymous), (path, anonymous.status_code)
            as_device = client.get(
                path, params=query, headers={"Authorization": f"Bearer {device}"}
            )
            if path in DEVICE_READS:
                assert as_device.status_code == 200, path  # a device reads its own
                assert (
                    client.get(path, headers={"Authorization": f"Bearer {reader}"}).status_code
                    == 403
                )
                continue
            assert refused(as_device), (path, as_device.status_code)
        # Neither a reader nor anonymous may submit; a device may not enroll again as a reader.
        body = {"id": "0b0f6c1e-4d7a-4b8e-9f3a-2c1d5e6f7a8b", "schema": 2, "kind": "day"}
        for headers in ({}, {"Authorization": f"Bearer {reader}"}):
            response = client.post("/api/v1/reports", json=body, headers=headers)
            assert response.status_code in (401, 403)
        # The clear-text route is gone for everyone (SPLIT.md), devices included.
        for headers in (
            {},
            {"Authorization": f"Bearer {reader}"},
            {"Authorization": f"Bearer {device}"},
        ):
            response = client.post("/api/v1/contributions", json=body, headers=headers)
            assert response.status_code == 410
