"""The HTTP server (AGGREGATOR.md "HTTP routes"): ``create_app(settings)`` assembles it.

Who may call what:
- a device (``Authorization: Bearer <device token>``): submit contributions and
  read its team's policy; never the statistics;
- a reader or admin (``Bearer <API token>`` or a logged-in session): the
  released statistics and the web pages; never submit;
- an admin's browser session (never a token): also the administration pages
  (``aggregator.admin``);
- anyone: enroll with a one-time code, ``/healthz`` and the login page.

One router an area: ``aggregator.api`` (devices, readers' statistics,
``/healthz``), ``aggregator.login``, ``aggregator.web`` (the reports),
``aggregator.admin``; who is asking is decided by the dependencies of
``aggregator.dependencies``, once for every area.

Nothing about a request is logged here, and the server runs with uvicorn's
access log off, so no client address is written anywhere.

Limits (AGGREGATOR.md "Limits every route keeps", see ``aggregator.limits``
and ``aggregator.throttle``): bodies over 64 KiB get ``413`` before they are
read; a contribution's token is checked before its body is read; errors never
echo the input; logins and enrollment codes are throttled, and the refusals
of a flood are given before a route thread (``aggregator.early_refusal``); a
full or read-only database gives ``503`` with the reason.
"""

# No `from __future__ import annotations`: FastAPI reads the annotations at run time.

import logging
import sqlite3
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError

from aggregator import (
    admin,
    api,
    helper_api,
    login,
    proposals_api,
    tool_dashboard,
    tools_web,
    web,
)
from aggregator.dependencies import Refused, Server, send_refusal
from aggregator.early_refusal import EarlyRefusal
from aggregator.helper_api import AGGREGATE_PATH, MAX_BATCH_BODY
from aggregator.identity import SESSION_COOKIE
from aggregator.limits import BodyLimit, validation_refusal
from aggregator.login import LOGIN_CSRF_COOKIE
from aggregator.pages import database_unusable
from aggregator.releases import finalise_due
from aggregator.roles import LeaderRole
from aggregator.settings import ENROLL_LIMITS, FINALISE_EVERY_SECONDS, MAX_AGE_DAYS, Settings
from aggregator.storage.split import Role, claim_role
from aggregator.tool_releases import StoredToolReleases

__all__ = [
    "ENROLL_LIMITS",
    "FINALISE_EVERY_SECONDS",
    "LOGIN_CSRF_COOKIE",
    "MAX_AGE_DAYS",
    "SESSION_COOKIE",
    "Settings",
    "create_app",
]

log = logging.getLogger(__name__)

WORKER_THREADS = 8
"""Threads for the routes (Starlette's default is 40). The database takes one
writer at a time anyway; fewer threads mean less waiting for Python's GIL, so
that a flood of cheap refusals leaves ``/healthz`` and uploads quick."""


def _use_fewer_threads() -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    _use_fewer_threads()
    server: Server = app.state.server
    settings = server.settings
    # Rule 4 at start and on a timer: every month whose release date has
    # passed is recorded, whatever asks for it first.
    finalise_due(settings.storage, settings.policies, settings.clock())
    if server.driver is not None:
        server.driver.start()
    stop = threading.Event()

    def keep_recording() -> None:
        while not stop.wait(settings.finalise_every_seconds):
            try:
                finalise_due(settings.storage, settings.policies, settings.clock())
            except sqlite3.Error as error:
                # A busy or full database: the next tick, or the next read
                # or upload of the month, records it; nothing is shown meanwhile.
                log.warning("recording the released months failed: %s", error)

    timer = threading.Thread(target=keep_recording, name="final-releases", daemon=True)
    timer.start()
    try:
        yield
    finally:
        stop.set()
        timer.join(timeout=10)
        if server.driver is not None:
            server.driver.stop()


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        lifespan=_lifespan,
        title="Répit aggregator",
        version="1",
        description="Per-team statistics of screen overload, never one person's figures.",
        docs_url=None,
        redoc_url=None,
    )
    if settings.role is not None:
        claim_role(
            settings.storage, Role.LEADER if isinstance(settings.role, LeaderRole) else Role.HELPER
        )
    app.state.server = Server.of(settings)
    app.state.tool_releases = StoredToolReleases(settings.storage)
    # Added first, so inside BodyLimit: it sees only bodies within the cap.
    app.add_middleware(EarlyRefusal)
    app.add_middleware(BodyLimit, larger={AGGREGATE_PATH: MAX_BATCH_BODY})
    app.add_exception_handler(RequestValidationError, validation_refusal)
    app.add_exception_handler(sqlite3.OperationalError, database_unusable)
    app.add_exception_handler(Refused, send_refusal)
    app.include_router(api.devices)
    app.include_router(api.readers)
    app.include_router(api.health)
    app.include_router(helper_api.router)
    app.include_router(login.router)
    # The reports: "/", "/groups/..." (aggregator.web).
    app.include_router(web.router)
    # The administration: "/admin..." (aggregator.admin).
    app.include_router(admin.router)
    # Tools (TOOLS.md): the devices' proposals, then the readers' pages.
    app.include_router(proposals_api.router)
    app.include_router(tools_web.router)
    app.include_router(tool_dashboard.router)
    return app
