"""The JSON API (AGGREGATOR.md "HTTP routes"): one router for devices, one for readers.

- ``devices``: enroll with a one-time code, submit contributions, read the
  team's policy; never the statistics;
- ``readers``: the released statistics; never submit;
- ``health``: ``/healthz``, for anyone.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import asyncio
import json
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from aggregator import auth
from aggregator.dependencies import Credentials, CurrentDevice, Server, TheServer, current_reader
from aggregator.helper_client import HelperUnavailable
from aggregator.ingest import InvalidContribution, Outcome, Rules
from aggregator.leader_ingest import submit_report
from aggregator.limits import bounded_problems
from aggregator.models import (
    Accepted,
    Detail,
    Duplicate,
    EnrollRequest,
    EnrollResponse,
    Health,
    LeaderEnrollResponse,
    Stats,
)
from aggregator.pages import unusable
from aggregator.periods import PeriodError
from aggregator.policyjson import policy_document
from aggregator.releases import released_stats
from aggregator.roles import LeaderRole
from aggregator.throttle import whole_seconds

ENROLL_KEY = "all"
"""The one key of the enrollment throttle: a wrong code says nothing about who sent it."""


def detail(status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status_code, headers=headers)


def _responses(*codes: int) -> dict[int | str, dict[str, Any]]:
    reasons = {
        400: "The body is not JSON.",
        401: "No valid credentials.",
        403: "Credentials of the wrong kind, or a refused code.",
        404: "Unknown group.",
        409: "This device already reported this kind and period.",
        429: "Too many wrong codes or passwords: retry after the delay said (Retry-After).",
        503: "The database cannot take writes now (full disk, read-only...): the reason.",
    }
    return {code: {"model": Detail, "description": reasons[code]} for code in codes}


def too_many_codes(delay: float) -> JSONResponse:
    seconds = whole_seconds(delay)
    return detail(
        429,
        f"too many wrong codes: retry in {seconds} s",
        headers={"Retry-After": str(seconds)},
    )


devices = APIRouter()


@devices.post(
    "/api/v1/enroll",
    status_code=status.HTTP_201_CREATED,
    response_model=LeaderEnrollResponse | EnrollResponse,
    responses=_responses(400, 403, 429, 503),
)
def enroll(
    body: EnrollRequest, credentials: Credentials, server: TheServer
) -> LeaderEnrollResponse | EnrollResponse | JSONResponse:
    """Spend a one-time enrollment code; the device token is shown only here.

    A device that enrolled before sends its current token
    (``Authorization: Bearer``): that token is revoked and the device keeps
    its identity, so it counts once per batch (rule 5).
    """
    delay = server.enrollments.attempt(ENROLL_KEY)
    if delay > 0:
        return too_many_codes(delay)
    now = server.clock()
    previous = (
        credentials.credentials
        if credentials is not None and credentials.scheme.lower() == "bearer"
        else None
    )
    helper_config = None
    if server.driver is not None:
        try:
            helper_config = server.driver.helper_config.current()
        except HelperUnavailable:
            return detail(
                503, "the helper cannot be reached now: retry later", {"Retry-After": "60"}
            )
    result = auth.enroll(server.storage, body.code, now.date(), previous)
    if result is None:
        return detail(403, "this enrollment code is unknown or already used")
    server.enrollments.succeeded(ENROLL_KEY)
    token, team = result
    department = server.groups.department_of(team)
    answer = EnrollResponse(
        device_token=token, team=team, department=department.id if department else ""
    )
    if server.driver is None:
        return answer
    # The leader's answer tells the device where the helper is and its key, so
    # that the device can enroll there and seal its shares to it.
    role = server.settings.role
    assert isinstance(role, LeaderRole) and helper_config is not None
    return LeaderEnrollResponse(
        **answer.model_dump(),
        helper_url=role.helper_url,
        hpke_config=helper_config.to_json(),
    )


@devices.post(
    "/api/v1/reports",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=Accepted,
    responses={
        200: {"model": Duplicate, "description": "Seen before: nothing added."},
        **_responses(400, 401, 403, 409, 503),
        404: {"model": Detail, "description": "This server is not a leader."},
        422: {"description": "Not a valid report: where and why (never the input)."},
    },
)
async def report(request: Request, device: CurrentDevice, server: TheServer) -> Response:
    """Take in one split report (SPLIT.md); it waits here until aggregated with the helper.

    The token is checked (``current_device``) before the body is read.
    """
    if not isinstance(server.settings.role, LeaderRole):
        return detail(404, "this server is not a leader: reports go to the leader")
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return detail(400, "the body is not JSON")
    return await run_in_threadpool(_take_report, server, device, body)


def _take_report(server: Server, device: auth.Device, body: object) -> Response:
    department = server.groups.department_of(device.team)
    if department is None:
        return detail(403, "this device's team is no longer in the policies")
    rules = Rules(
        department.timezone,
        server.settings.max_age_days,
        department.privacy.release_delay_days,
        department,
    )
    try:
        outcome = submit_report(server.report_commits, device, body, server.clock(), rules)
    except InvalidContribution as error:
        return JSONResponse({"detail": bounded_problems(error.detail)}, status_code=422)
    if outcome is Outcome.DUPLICATE:
        return JSONResponse({"duplicate": True}, status_code=200)
    if outcome is Outcome.CONFLICT:
        return detail(409, "this device already reported this kind and period")
    if server.driver is not None and server.settings.aggregate_on_upload:
        server.driver.wake()
    return JSONResponse(Accepted().model_dump(), status_code=202)


@devices.post(
    "/api/v1/contributions",
    status_code=status.HTTP_410_GONE,
    responses={410: {"model": Detail, "description": "Gone: reports go to /api/v1/reports."}},
)
def contribute() -> JSONResponse:
    """Gone (SPLIT.md): no server takes values in the clear any more."""
    return detail(
        410,
        "clear-text contributions are no longer taken: send split reports to"
        " POST /api/v1/reports (SPLIT.md)",
    )


@devices.get("/api/v1/policy", response_model=dict[str, Any], responses=_responses(401, 403))
def policy(device: CurrentDevice, server: TheServer) -> dict[str, Any] | JSONResponse:
    """The policy of the device's team (its department's), as the TOML file's structure."""
    department = server.groups.department_of(device.team)
    if department is None:
        return detail(403, "this device's team is no longer in the policies")
    return policy_document(department)


readers = APIRouter()


@readers.get(
    "/api/v1/stats",
    response_model=Stats,
    responses=_responses(401, 403, 404),
    dependencies=[Depends(current_reader)],
)
def stats(
    group: Annotated[str, Query(max_length=40, description="A department or team id.")],
    month: Annotated[str, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description='"YYYY-MM".')],
    server: TheServer,
) -> dict[str, Any] | JSONResponse:
    """The released statistics of a department or team for a month."""
    try:
        return released_stats(server.storage, server.policies, group, month, server.clock())
    except PeriodError as error:
        return JSONResponse(
            {"detail": [{"loc": ["query", "month"], "msg": str(error), "type": "month"}]},
            status_code=422,
        )
    except KeyError:
        return detail(404, f"no department or team {group!r}")


health = APIRouter()


@health.get("/healthz", response_model=Health, responses=_responses(503))
async def healthz(request: Request, server: TheServer) -> Health | Response:
    """Healthy when the database answers and takes a write, and the disk has room."""
    # On its own thread, not the pool the other routes share: a flood of
    # requests queued for the pool does not make the server look dead.
    loop = asyncio.get_running_loop()
    problem = await loop.run_in_executor(server.health_worker, server.storage.problem)
    if problem is not None:
        return unusable(request, problem)
    return Health()
