"""Throttled logins and enrollment codes refused in the ASGI layer, before a route thread.

A flood of guesses is answered almost entirely with refusals (``429`` while
an account, or every account, is closed; ``503`` while the hashing gate is
full). Given by the routes, each refusal waited for one of the few route
threads and went through FastAPI's form parsing and dependencies; forty
clients then kept the threads, and Python's GIL, busy enough to hold
``/healthz`` past 200 ms. ``EarlyRefusal`` gives the same refusals on the
event loop, from what the throttles already know, without counting
anything: the route keeps the one decision that counts (its ``attempt``),
so an attempt let through here is judged there exactly as before.

What is refused here, and only when it is sure:
- ``POST /api/v1/enroll`` while the enrollment throttle is closed;
- ``POST /login`` with a valid CSRF token (a wrong one gets the route's
  ``403``) while the typed name's account, or every account, is closed,
  or while the hashing gate has no room.

A refusal given here is held ``REFUSAL_PAUSE`` on the event loop before it
is sent (a sleep: no thread, no CPU). The delay and ``Retry-After`` it names
are unchanged; but a client guessing in a loop gets at most a few refusals
a second on each connection, instead of as many as Python can serve, so
forty of them cost the server what a few did.

A body is looked at only when its length is declared (``BodyLimit``, outside,
has already refused one over the cap); anything this layer cannot read as a
plain form goes to the route, which refuses it as it always did.
"""

from __future__ import annotations

import asyncio
from typing import cast
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from aggregator.api import ENROLL_KEY, too_many_codes
from aggregator.dependencies import Server
from aggregator.login import account_key, busy_page, csrf_matches, too_many_page
from aggregator.reports import language

LOGIN = ("POST", "/login")
ENROLL = ("POST", "/api/v1/enroll")
FORM = b"application/x-www-form-urlencoded"
MAX_FIELDS = 10
REFUSAL_PAUSE = 0.5
"""Seconds a refusal given here waits before it is sent: far below any delay the throttles name."""


class EarlyRefusal:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        route = (scope.get("method"), scope.get("path")) if scope["type"] == "http" else None
        if route not in (LOGIN, ENROLL) or _declared_length(scope) is None:
            await self.app(scope, receive, send)
            return
        body = await _whole_body(receive)
        if body is None:
            return  # the client left: nobody to answer
        server = cast(Server, scope["app"].state.server)
        if route == ENROLL:
            refusal = _enroll_refusal(server)
        else:
            refusal = _login_refusal(server, scope, body)
        if refusal is not None:
            await asyncio.sleep(REFUSAL_PAUSE)
            await refusal(scope, _replay(b"", receive), send)
            return
        await self.app(scope, _replay(body, receive), send)


def _enroll_refusal(server: Server) -> Response | None:
    delay = server.enrollments.retry_after(ENROLL_KEY)
    return too_many_codes(delay) if delay > 0 else None


def _login_refusal(server: Server, scope: Scope, body: bytes) -> Response | None:
    form = _plain_form(scope, body)
    if form is None:
        return None
    request = Request(scope)
    if not csrf_matches(request, form.get("csrf", "")):
        return None  # the route's 403, as always
    lang = language(form.get("lang", ""))
    delay = server.logins.retry_after(account_key(form.get("name", "")))
    if delay > 0:
        return too_many_page(server, request, lang, delay)
    if server.settings.hashing.full():
        return busy_page(server, request, lang)
    return None


def _plain_form(scope: Scope, body: bytes) -> dict[str, str] | None:
    """The fields of a url-encoded form, each given once; None for anything else."""
    content_type = dict(scope["headers"]).get(b"content-type", b"")
    if content_type.split(b";", 1)[0].strip().lower() != FORM:
        return None
    try:
        fields = parse_qs(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        return None
    if any(len(values) != 1 for values in fields.values()):
        return None
    return {name: values[0] for name, values in fields.items()}


def _declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def _whole_body(receive: Receive) -> bytes | None:
    """The request's body (its length is declared and within the cap); None if the client left."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A ``receive`` that gives ``body`` whole first, then whatever the client sends next."""
    given = False

    async def replayed() -> Message:
        nonlocal given
        if given:
            return await receive()
        given = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replayed
