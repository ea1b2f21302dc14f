"""The devices' proposal routes (TOOLS.md), on the leader.

- ``POST /api/v1/proposals`` (a device token): ``{department, tool, month, text}``;
  201, or 422 (where and why, never the input), 403 (not the device's
  department), 429 (this device's proposals of the month are used up).
  Stored with no device, team or time (``aggregator.storage.tools``).
- ``GET /api/v1/proposals/answers`` (a device token): the department's released
  proposals that readers took into account, with their answers.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aggregator.dependencies import CurrentDevice, TheServer
from aggregator.impact import month_label, shift
from aggregator.models import Detail
from aggregator.storage import tools as stored
from aggregator.tool_releases import tool_releases

MAX_PROPOSALS_PER_MONTH = 20
"""Per device and month: far above what a person writes, low enough to refuse a flood."""
MAX_TEXT = 1000  # TOOLS.md
MAX_ANSWERS_SHOWN = 500
MAX_PROBLEMS = 20
_ID = r"^[a-z0-9-]{2,40}$"


class ProposalBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    department: str = Field(pattern=_ID)
    tool: str = Field(pattern=_ID)
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    text: str = Field(min_length=1, max_length=MAX_TEXT)


def _problem(where: str, message: str) -> JSONResponse:
    return JSONResponse({"detail": [{"loc": ["body", where], "msg": message}]}, status_code=422)


router = APIRouter()

_REFUSALS: dict[int | str, dict[str, object]] = {
    401: {"model": Detail, "description": "No valid device token."},
    403: {"model": Detail, "description": "Not a device token, or not this device's department."},
    503: {"model": Detail, "description": "The database cannot take writes now: the reason."},
}


@router.post(
    "/api/v1/proposals",
    status_code=201,
    responses={
        201: {"description": "Kept, with no link to the device, its team or the time."},
        **_REFUSALS,
        413: {"model": Detail, "description": "The body is over the size limit."},
        422: {"description": "Not a valid proposal: where and why (never the input)."},
        429: {"model": Detail, "description": "Too many proposals from this device this month."},
    },
)
async def propose(request: Request, device: CurrentDevice, server: TheServer) -> JSONResponse:
    """Keep an improvement proposal, with no link to the device, its team or the time."""
    # The body is read after ``current_device`` checked the token.
    raw = await request.body()
    try:
        body = ProposalBody.model_validate_json(raw)
    except ValidationError as error:
        where = [
            {"loc": ["body", *map(str, problem["loc"])], "msg": problem["msg"]}
            for problem in error.errors(include_input=False, include_context=False)
        ]
        return JSONResponse({"detail": where[:MAX_PROBLEMS]}, status_code=422)
    if not body.text.strip():
        return _problem("text", "the text is blank")
    department = server.groups.department_of(device.team)
    if department is None or department.id != body.department:
        return JSONResponse({"detail": "this device is not in that department"}, status_code=403)
    if body.tool not in {tool.id for tool in department.tools}:
        return _problem("tool", "not a tool of the department")
    this_month = month_label(server.clock().date())
    if body.month not in (this_month, shift(this_month, -1)):
        return _problem("month", "expected this month or the last")
    with server.storage.transaction() as db:
        # The count is the device's, the proposal nobody's: two tables, no link.
        if not stored.count_proposal(db, device.identity, body.month, MAX_PROPOSALS_PER_MONTH):
            return JSONResponse(
                {"detail": f"at most {MAX_PROPOSALS_PER_MONTH} proposals a month"},
                status_code=429,
            )
        stored.add_proposal(db, body.department, body.tool, body.month, body.text)
    return JSONResponse({"status": "kept"}, status_code=201)


@router.get("/api/v1/proposals/answers", responses=_REFUSALS)
def answers_for_device(device: CurrentDevice, server: TheServer, request: Request) -> JSONResponse:
    """What readers took into account in the device's department, released months only."""
    department = server.groups.department_of(device.team)
    if department is None:
        return JSONResponse({"answers": []})
    releases = tool_releases(request)
    with server.storage.read() as db:
        rows = stored.answered(db, department.id)
    shown = [
        {"tool": tool, "month": month, "text": text, "answer": answer}
        for tool, month, text, answer in rows
        if releases.released(department.id, tool, month)
    ]
    return JSONResponse({"answers": shown[:MAX_ANSWERS_SHOWN]})
