"""Limits every route keeps (AGGREGATOR.md): bodies capped before reading, errors never echo.

``BodyLimit`` is plain ASGI, outside FastAPI: a FastAPI dependency would run
only after the body had been read and parsed. A declared ``Content-Length``
over the cap is refused at once; a chunked body (no length) is counted as
its chunks arrive, and refused as soon as the count passes the cap, so no
more than the cap plus one chunk is ever held.

``validation_refusal`` replaces FastAPI's 422 answer, which copies the
offending input back (a 100 MB body came back as 200 MB): it keeps where
and what, bounded in count and size.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
MAX_ERRORS = 50
"""Problems listed in one answer (a contribution has 39 fields at most); the rest are counted."""
MAX_TEXT = 200
"""Characters kept of one message."""
MAX_PLACE = 40
"""Characters kept of one part of a location: a field's name, or the start of an unknown key."""

TOO_LARGE = f"the request body is larger than {MAX_BODY_BYTES // 1024} KiB"


class BodyLimit:
    """Refuse with ``413`` any request body over ``limit`` bytes, before reading it further."""

    def __init__(
        self, app: ASGIApp, limit: int = MAX_BODY_BYTES, larger: dict[str, int] | None = None
    ) -> None:
        self.app = app
        self.limit = limit
        self.larger = larger or {}
        """Paths allowed a larger body: the helper's batches of reports from the leader."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is None:
            await _answer(send, 400, "the Content-Length header is not a number")
            return
        limit = self.larger.get(scope.get("path", ""), self.limit)
        if declared > limit:
            await _answer(send, 413, TOO_LARGE)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    # Re-raised as is by FastAPI's body reading and answered by
                    # Starlette's handler: the route never sees the body.
                    raise HTTPException(413, TOO_LARGE)
            return message

        await self.app(scope, counted, send)


def _content_length(scope: Scope) -> int | None:
    """The declared length (0 when none is declared), or None when it is not a number."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() and len(text) < 20 else None
    return 0


async def _answer(send: Send, status: int, message: str) -> None:
    body = json.dumps({"detail": message}).encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode("ascii")),
                # The unread rest of the body would be taken for the next request.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


def bounded_problems(errors: Sequence[Any]) -> list[dict[str, Any]]:
    """FastAPI/pydantic problems as ``loc``, ``msg``, ``type`` only: no ``input``, no ``ctx``."""
    problems: list[dict[str, Any]] = []
    for error in list(errors)[:MAX_ERRORS]:
        item = error if isinstance(error, dict) else {}
        problems.append(
            {
                "loc": [_short(part, MAX_PLACE) for part in list(item.get("loc", ()))[:10]],
                "msg": _short(item.get("msg", "invalid")),
                "type": _short(item.get("type", "invalid")),
            }
        )
    if len(errors) > MAX_ERRORS:
        more = len(errors) - MAX_ERRORS
        problems.append({"loc": [], "msg": f"and {more} more problem(s)", "type": "more"})
    return problems


def _short(part: object, limit: int = MAX_TEXT) -> str | int:
    if isinstance(part, int) and not isinstance(part, bool):
        return part
    text = str(part)
    return text if len(text) <= limit else text[: limit - 1] + "…"


async def validation_refusal(request: Request, error: Exception) -> JSONResponse:
    problems = bounded_problems(error.errors() if isinstance(error, RequestValidationError) else [])
    return JSONResponse({"detail": problems}, status_code=422)
