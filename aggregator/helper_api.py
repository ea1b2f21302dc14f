"""The helper's routes (SPLIT.md): its public key for anyone, the rest for the leader only.

- ``GET /api/v1/hpke-config``: the helper's HPKE configuration;
- ``POST /api/v1/helper/aggregate``: a batch of reports to verify and aggregate
  (``aggregator.helper_verify``), answered with one verdict per report;
- ``POST /api/v1/helper/collect``: a department's month, answered with the
  helper's aggregate shares of the groups its own rules release
  (``aggregator.helper_release``).

The leader shows the leader–helper token (``Authorization: Bearer``),
checked before the body is read; nothing else opens these routes. On a
server that is not a helper they answer 404.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import json
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from aggregator.credentials import same
from aggregator.dependencies import Credentials, Server, TheServer, bearer_token
from aggregator.helper_release import NotReleasable, collect, parse_request
from aggregator.helper_verify import MAX_BATCH, BadBatch, judge_batch, parse_batch
from aggregator.roles import HelperRole

AGGREGATE_PATH = "/api/v1/helper/aggregate"
MAX_BATCH_BODY = MAX_BATCH * 2048
"""A batch's body may be this large (the other routes keep 64 KiB)."""

router = APIRouter()


def _detail(status: int, message: str) -> JSONResponse:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse({"detail": message}, status_code=status, headers=headers)


def _helper(server: Server) -> HelperRole | None:
    role = server.settings.role
    return role if isinstance(role, HelperRole) else None


def _refusal(server: Server, credentials: Any) -> JSONResponse | None:
    role = _helper(server)
    if role is None:
        return _detail(404, "this server is not a helper")
    token = bearer_token(credentials)
    if token is None:
        return _detail(401, "the leader–helper token is required")
    if not same(token, role.leader_token):
        return _detail(403, "this is not the leader's token")
    return None


async def _json(request: Request) -> Any:
    try:
        return json.loads(await request.body())
    except (ValueError, UnicodeDecodeError):
        return None


@router.get("/api/v1/hpke-config")
def hpke_config(server: TheServer) -> Response:
    """The helper's public HPKE configuration: devices seal their helper shares to it."""
    role = _helper(server)
    if role is None:
        return _detail(404, "this server is not a helper")
    return JSONResponse(role.hpke_config.to_json())


@router.post(AGGREGATE_PATH)
async def aggregate(request: Request, server: TheServer, credentials: Credentials) -> Response:
    """Verify and aggregate a batch of reports; one verdict per report, in order."""
    refused = _refusal(server, credentials)
    if refused is not None:
        return refused
    try:
        items = parse_batch(await _json(request))
    except BadBatch as error:
        return _detail(422, str(error))
    role = _helper(server)
    assert role is not None
    results = await run_in_threadpool(
        judge_batch, server.storage, role, server.policies, items, server.clock()
    )
    return JSONResponse({"results": results})


@router.post("/api/v1/helper/collect")
async def collect_month(request: Request, server: TheServer, credentials: Credentials) -> Response:
    """The helper's aggregate shares of a department's month, if its own rules release it."""
    refused = _refusal(server, credentials)
    if refused is not None:
        return refused
    try:
        department, month, counts = parse_request(await _json(request))
        answer = await run_in_threadpool(
            collect, server.storage, server.policies, department, month, counts, server.clock()
        )
    except NotReleasable as error:
        return _detail(error.status, str(error))
    return JSONResponse(answer)
