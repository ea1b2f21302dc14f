"""The HTTP server (AGGREGATOR.md "HTTP routes"): ``create_app(settings)``.

Who may call what:
- a device (``Authorization: Bearer <device token>``): submit contributions and
  read its team's policy; never the statistics;
- a reader or admin (``Bearer <API token>`` or a logged-in session): the
  released statistics and the web pages; never submit;
- an admin's browser session (never a token): also the administration pages
  (``aggregator.admin``);
- anyone: enroll with a one-time code, ``/healthz`` and the login page.

Nothing about a request is logged here, and the server runs with uvicorn's
access log off, so no client address is written anywhere.

Limits (AGGREGATOR.md "Limits every route keeps", see ``aggregator.limits``
and ``aggregator.throttle``): bodies over 64 KiB get ``413`` before they are
read; a contribution's token is checked before its body is read; errors never
echo the input; logins and enrollment codes are throttled; a full or
read-only database gives ``503`` with the reason.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run
# time, and the dependencies they name are local to create_app.

import asyncio
import html
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import AsyncIterator, Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Annotated, Any

import anyio.to_thread
from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request, status
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import ValidationError

from aggregator import auth
from aggregator.admin import admin_routes
from aggregator.auth import Account, Device, Session
from aggregator.groups import Groups
from aggregator.ingest import InvalidContribution, Outcome, Rules, submit
from aggregator.limits import BodyLimit, bounded_problems, validation_refusal
from aggregator.models import (
    Accepted,
    Contribution,
    Detail,
    Duplicate,
    EnrollRequest,
    EnrollResponse,
    Health,
    Stats,
    contribution_schema,
)
from aggregator.periods import PeriodError
from aggregator.policyjson import policy_document
from aggregator.releases import finalise_due, released_stats
from aggregator.storage import Storage, Unusable, unusable_reason
from aggregator.throttle import Busy, HashGate, Limits, Throttle, whole_seconds
from aggregator.web import report_routes
from contract.policy.model import Policy

log = logging.getLogger(__name__)

# Enrollment codes carry over 100 random bits: guessing one is hopeless, so the limit
# only keeps a flood of wrong codes from costing anything. A wrong code says
# nothing about who sent it (no address is kept, even in memory), so the
# limit is global: 60 wrong codes in a row, then one a second.
ENROLL_LIMITS = Limits(free_failures=60, first_delay=1.0, max_delay=60.0, global_burst=60)
ENROLL_KEY = "all"

SESSION_COOKIE = "repit_session"
LOGIN_CSRF_COOKIE = "repit_login_csrf"
MAX_AGE_DAYS = 62
FINALISE_EVERY_SECONDS = 300.0
"""How often the server records the months whose release date has passed (rule 4).

Cheap (one query per department when nothing is due); reads and ingests
record what concerns them anyway, so this only keeps the records current
for a server nobody asks."""


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Settings:
    storage: Storage
    policies: Mapping[str, Policy]
    max_age_days: int = MAX_AGE_DAYS
    secure_cookies: bool | None = None
    """Mark cookies ``Secure``: always (True), never (False), or when the request is HTTPS."""
    clock: Callable[[], datetime] = field(default=_utc_now)
    """The current instant (aware); tests replace it."""
    finalise_every_seconds: float = FINALISE_EVERY_SECONDS
    login_limits: Limits = field(default_factory=Limits)
    enroll_limits: Limits = field(default_factory=lambda: ENROLL_LIMITS)
    hashing: HashGate = field(default_factory=HashGate)
    """One password hash at a time (argon2: 64 MiB, most of two cores), 4 more waiting."""
    throttle_clock: Callable[[], float] = field(default=time.monotonic)


_bearer = HTTPBearer(
    auto_error=False,
    description="A device token (devices) or an API token (readers and admins).",
)
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def _detail(status_code: int, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": message}, status_code=status_code, headers=headers)


def _refusal(status_code: int, message: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status_code == 401 else None
    return HTTPException(status_code, message, headers=headers)


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


_UNUSABLE_FR = {
    Unusable.FULL: "Le disque du serveur est plein",
    Unusable.READ_ONLY: "La base de données du serveur est en lecture seule",
    Unusable.DISK: "Le disque du serveur ne peut pas être écrit",
    Unusable.BUSY: "La base de données du serveur est occupée",
    Unusable.SILENT: "La base de données du serveur ne répond pas",
}
RETRY_UNUSABLE_SECONDS = 60


def _unusable(request: Request, reason: Unusable) -> Response:
    """The 503 of a database that cannot take writes: JSON for the API, a page for people."""
    headers = {"Retry-After": str(RETRY_UNUSABLE_SECONDS)}
    path = request.url.path
    if path.startswith("/api/") or path == "/healthz":
        return _detail(503, f"{reason.value}: nothing was recorded, retry later", headers)
    body = (
        f"<h1>Répit — service indisponible</h1><p>{_UNUSABLE_FR[reason]} : "
        "rien n’a été enregistré. Réessayez dans quelques minutes ; "
        "si cela dure, prévenez l’administrateur.</p>"
    )
    return HTMLResponse(
        _page("Service indisponible", body),
        status_code=503,
        headers={**_HTML_HEADERS, **headers},
    )


async def _database_unusable(request: Request, error: Exception) -> Response:
    reason = unusable_reason(error) if isinstance(error, sqlite3.Error) else None
    if reason is None:
        raise error  # a bug: the server's usual 500
    return _unusable(request, reason)


_HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
}


WORKER_THREADS = 8
"""Threads for the routes (Starlette's default is 40). The database takes one
writer at a time anyway; fewer threads mean less waiting for Python's GIL, so
that a flood of cheap refusals leaves ``/healthz`` and uploads quick."""


def _use_fewer_threads() -> None:
    anyio.to_thread.current_default_thread_limiter().total_tokens = WORKER_THREADS


def create_app(settings: Settings) -> FastAPI:
    storage = settings.storage
    groups = Groups(settings.policies)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        _use_fewer_threads()
        # Rule 4 at start and on a timer: every month whose release date has
        # passed is recorded, whatever asks for it first.
        finalise_due(storage, settings.policies, settings.clock())
        stop = threading.Event()

        def keep_recording() -> None:
            while not stop.wait(settings.finalise_every_seconds):
                try:
                    finalise_due(storage, settings.policies, settings.clock())
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

    app = FastAPI(
        lifespan=lifespan,
        title="Répit aggregator",
        version="1",
        description="Per-team statistics of screen overload, never one person's figures.",
        docs_url=None,
        redoc_url=None,
    )
    app.add_middleware(BodyLimit)
    app.add_exception_handler(RequestValidationError, validation_refusal)
    app.add_exception_handler(sqlite3.OperationalError, _database_unusable)
    health_worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="repit-health")
    logins = Throttle(settings.login_limits, settings.throttle_clock)
    enrollments = Throttle(settings.enroll_limits, settings.throttle_clock)

    def secure(request: Request) -> bool:
        if settings.secure_cookies is not None:
            return settings.secure_cookies
        return request.url.scheme == "https"

    def session_of(request: Request) -> Session | None:
        token = request.cookies.get(SESSION_COOKIE)
        return None if not token else auth.session_for(storage, token, settings.clock())

    def caller(credentials: HTTPAuthorizationCredentials | None) -> Device | Account | None:
        if credentials is None or credentials.scheme.lower() != "bearer":
            return None
        token = credentials.credentials
        return auth.device_for(storage, token) or auth.account_for_token(storage, token)

    # Authentication is a dependency so that it is decided before the body is
    # read: a request without credentials gets 401, never a validation error.
    def device(credentials: Credentials) -> Device:
        who = caller(credentials)
        if who is None:
            raise _refusal(401, "a device token is required")
        if not isinstance(who, Device):
            raise _refusal(403, "only an enrolled device may do this")
        return who

    def reader(request: Request, credentials: Credentials) -> Account:
        who = caller(credentials)
        if isinstance(who, Device):
            raise _refusal(403, "a device cannot read statistics")
        if who is None and credentials is None:
            session = session_of(request)
            who = session.account if session else None
        if who is None:
            raise _refusal(401, "an API token or a logged-in session is required")
        return who

    AsDevice = Annotated[Device, Depends(device)]

    # The body is read here, after ``device`` (its sub-dependency) has checked
    # the token: FastAPI reads a declared body before any dependency runs.
    async def contribution_body(request: Request, _: AsDevice) -> Contribution:
        raw = await request.body()
        try:
            return Contribution.model_validate_json(raw)
        except ValidationError as error:
            problems = [
                {**problem, "loc": ("body", *problem["loc"])}
                for problem in error.errors(include_input=False, include_context=False)
            ]
            raise RequestValidationError(bounded_problems(problems)) from None

    def too_many(delay: float) -> JSONResponse:
        seconds = whole_seconds(delay)
        return _detail(
            429,
            f"too many wrong codes: retry in {seconds} s",
            headers={"Retry-After": str(seconds)},
        )

    # -- devices -------------------------------------------------------------------

    @app.post(
        "/api/v1/enroll",
        status_code=status.HTTP_201_CREATED,
        response_model=EnrollResponse,
        responses=_responses(400, 403, 429),
    )
    def enroll(body: EnrollRequest, credentials: Credentials) -> EnrollResponse | JSONResponse:
        """Spend a one-time enrollment code; the device token is shown only here.

        A device that enrolled before sends its current token
        (``Authorization: Bearer``): that token is revoked and the device keeps
        its identity, so it counts once per batch (rule 5).
        """
        delay = enrollments.attempt(ENROLL_KEY)
        if delay > 0:
            return too_many(delay)
        now = settings.clock()
        previous = (
            credentials.credentials
            if credentials is not None and credentials.scheme.lower() == "bearer"
            else None
        )
        result = auth.enroll(storage, body.code, now.date(), previous)
        if result is None:
            return _detail(403, "this enrollment code is unknown or already used")
        enrollments.succeeded(ENROLL_KEY)
        token, team = result
        department = groups.department_of(team)
        return EnrollResponse(
            device_token=token, team=team, department=department.id if department else ""
        )

    @app.post(
        "/api/v1/contributions",
        status_code=status.HTTP_202_ACCEPTED,
        response_model=Accepted,
        responses={
            200: {"model": Duplicate, "description": "Seen before: nothing added."},
            **_responses(400, 401, 403, 409),
            422: {"description": "Not a valid contribution: where and why (never the input)."},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": contribution_schema()}},
            }
        },
    )
    def contribute(
        device: AsDevice,
        body: Annotated[Contribution, Depends(contribution_body)],
    ) -> Accepted | JSONResponse:
        """Add one contribution (MEASURES.md §8) into its team's batch."""
        department = groups.department_of(device.team)
        if department is None:
            return _detail(403, "this device's team is no longer in the policies")
        rules = Rules(
            department.timezone,
            settings.max_age_days,
            department.privacy.release_delay_days,
            department,
        )
        try:
            outcome = submit(storage, device, body, settings.clock(), rules)
        except InvalidContribution as error:
            return JSONResponse({"detail": bounded_problems(error.detail)}, status_code=422)
        if outcome is Outcome.DUPLICATE:
            return JSONResponse({"duplicate": True}, status_code=200)
        if outcome is Outcome.CONFLICT:
            return _detail(409, f"this device already reported the {body.kind} {body.period}")
        return Accepted()

    @app.get("/api/v1/policy", response_model=dict[str, Any], responses=_responses(401, 403))
    def policy(device: AsDevice) -> dict[str, Any] | JSONResponse:
        """The policy of the device's team (its department's), as the TOML file's structure."""
        department = groups.department_of(device.team)
        if department is None:
            return _detail(403, "this device's team is no longer in the policies")
        return policy_document(department)

    # -- readers -------------------------------------------------------------------

    @app.get(
        "/api/v1/stats",
        response_model=Stats,
        responses=_responses(401, 403, 404),
        dependencies=[Depends(reader)],
    )
    def stats(
        group: Annotated[str, Query(max_length=40, description="A department or team id.")],
        month: Annotated[
            str, Query(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$", description='"YYYY-MM".')
        ],
    ) -> dict[str, Any] | JSONResponse:
        """The released statistics of a department or team for a month."""
        try:
            return released_stats(storage, settings.policies, group, month, settings.clock())
        except PeriodError as error:
            return JSONResponse(
                {"detail": [{"loc": ["query", "month"], "msg": str(error), "type": "month"}]},
                status_code=422,
            )
        except KeyError:
            return _detail(404, f"no department or team {group!r}")

    @app.get("/healthz", response_model=Health, responses=_responses(503))
    async def healthz(request: Request) -> Health | Response:
        """Healthy when the database answers and takes a write, and the disk has room."""
        # On its own thread, not the pool the other routes share: a flood of
        # requests queued for the pool does not make the server look dead.
        loop = asyncio.get_running_loop()
        problem = await loop.run_in_executor(health_worker, storage.problem)
        if problem is not None:
            return _unusable(request, problem)
        return Health()

    # -- web pages -------------------------------------------------------------------

    def login_page(request: Request, message: str = "", code: int = 200) -> HTMLResponse:
        csrf = secrets.token_urlsafe(32)
        notice = f'<p role="alert">{html.escape(message)}</p>' if message else ""
        body = f"""<h1>Répit — connexion</h1>{notice}
<form method="post" action="/login">
<input type="hidden" name="csrf" value="{csrf}">
<label>Identifiant <input name="name" autocomplete="username" required></label>
<label>Mot de passe <input name="password" type="password"
 autocomplete="current-password" required></label>
<button type="submit">Se connecter</button>
</form>"""
        response = HTMLResponse(_page("Connexion", body), status_code=code, headers=_HTML_HEADERS)
        response.set_cookie(
            LOGIN_CSRF_COOKIE,
            csrf,
            httponly=True,
            samesite="strict",
            secure=secure(request),
            path="/login",
        )
        return response

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_form(request: Request) -> Response:
        return login_page(request)

    @app.post("/login", include_in_schema=False)
    def login(
        request: Request,
        name: Annotated[str, Form(max_length=200)] = "",
        password: Annotated[str, Form(max_length=1000)] = "",
        csrf: Annotated[str, Form(max_length=200)] = "",
    ) -> Response:
        # Double-submit token: the form must carry the value of a cookie that
        # only this site could have set, which a cross-site form cannot read.
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        if not expected or not auth.same(csrf, expected):
            return login_page(request, "Le formulaire a expiré : veuillez réessayer.", 403)
        # Refused unchecked while the account (or every account) is closed, so
        # the delay said is exact: once it has passed the right password works.
        key = name.strip().casefold()
        delay = logins.attempt(key)
        if delay > 0:
            seconds = whole_seconds(delay)
            page = login_page(
                request,
                f"Trop de tentatives : réessayez dans {seconds} s.",
                429,
            )
            page.headers["Retry-After"] = str(seconds)
            return page
        try:
            who = settings.hashing.run(lambda: auth.check_password(storage, name, password))
        except Busy:
            logins.succeeded(key)  # not checked: not a failure either
            page = login_page(request, "Le serveur est occupé : réessayez dans un instant.", 503)
            page.headers["Retry-After"] = "1"
            return page
        if who is None:
            return login_page(request, "Identifiant ou mot de passe incorrect.", 401)
        logins.succeeded(key)
        session = auth.open_session(storage, who, settings.clock())
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            session.token,
            httponly=True,
            samesite="strict",
            secure=secure(request),
            max_age=int(auth.SESSION_LIFETIME.total_seconds()),
        )
        response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return response

    def current_session(request: Request) -> Session | None:
        return session_of(request)

    CurrentSession = Annotated[Session | None, Depends(current_session)]

    # The form is read only once the session is known: a declared Form field
    # would be parsed before any dependency runs.
    async def session_csrf(request: Request, session: CurrentSession) -> str:
        if session is None:
            return ""
        value = (await request.form(max_files=0, max_fields=10)).get("csrf", "")
        return value[:200] if isinstance(value, str) else ""

    @app.post("/logout", include_in_schema=False)
    def logout(session: CurrentSession, csrf: Annotated[str, Depends(session_csrf)]) -> Response:
        if session is None:
            return RedirectResponse("/login", status_code=303)
        if not auth.same(csrf, session.csrf):
            return _detail(403, "missing or wrong CSRF token")
        auth.close_session(storage, session.token)
        response = RedirectResponse("/login", status_code=303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    # The reports: "/", "/groups/..." (aggregator.web).
    app.include_router(report_routes(storage, settings.policies, settings.clock, SESSION_COOKIE))
    # The administration: "/admin..." (aggregator.admin).
    app.include_router(admin_routes(storage, settings.policies, settings.clock, SESSION_COOKIE))

    return app


def _page(title: str, body: str) -> str:
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title></head><body>{body}</body></html>"
    )
