"""Logging in and out of the web pages (a reader's or admin's browser session).

The login form carries a double-submit CSRF token; wrong passwords are
throttled per name (``aggregator.throttle``), and one password hash runs at
a time (``Settings.hashing``). The page is French by default, English with
``?lang=en`` (kept by the form).
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from aggregator import auth
from aggregator.dependencies import CurrentSession, Server, TheServer
from aggregator.identity import SESSION_COOKIE
from aggregator.login_view import TEXT, render_login
from aggregator.reports import Language, language
from aggregator.reports.render import STYLE_HASH
from aggregator.throttle import Busy, whole_seconds
from aggregator.web import page_headers

LOGIN_CSRF_COOKIE = "repit_login_csrf"

router = APIRouter(include_in_schema=False)


def _secure(server: Server, request: Request) -> bool:
    if server.settings.secure_cookies is not None:
        return server.settings.secure_cookies
    return request.url.scheme == "https"


def _login_page(
    server: Server, request: Request, lang: Language, message: str = "", code: int = 200
) -> HTMLResponse:
    csrf = secrets.token_urlsafe(32)
    response = HTMLResponse(
        render_login(lang, csrf, message, server.settings.organisation),
        status_code=code,
        headers=page_headers(STYLE_HASH),
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        csrf,
        httponly=True,
        samesite="strict",
        secure=_secure(server, request),
        path="/login",
    )
    return response


def csrf_matches(request: Request, csrf: str) -> bool:
    """Double-submit token: the form must carry the value of a cookie that
    only this site could have set, which a cross-site form cannot read."""
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    return bool(expected) and auth.same(csrf, expected)


def account_key(name: str) -> str:
    """The login throttle's key of a typed name."""
    return name.strip().casefold()


def too_many_page(server: Server, request: Request, lang: Language, delay: float) -> HTMLResponse:
    seconds = whole_seconds(delay)
    page = _login_page(server, request, lang, TEXT[lang]["too_many"].format(seconds=seconds), 429)
    page.headers["Retry-After"] = str(seconds)
    return page


def busy_page(server: Server, request: Request, lang: Language) -> HTMLResponse:
    page = _login_page(server, request, lang, TEXT[lang]["busy"], 503)
    page.headers["Retry-After"] = "1"
    return page


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, server: TheServer, lang: str | None = None) -> Response:
    return _login_page(server, request, language(lang))


@router.post("/login")
def login(
    request: Request,
    server: TheServer,
    name: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
    lang: Annotated[str, Form(max_length=10)] = "",
) -> Response:
    chosen = language(lang)
    t = TEXT[chosen]
    if not csrf_matches(request, csrf):
        return _login_page(server, request, chosen, t["expired"], 403)
    # Refused unchecked while the account (or every account) is closed, so
    # the delay said is exact: once it has passed the right password works.
    # (Most such refusals are given before this thread: aggregator.early_refusal.)
    key = account_key(name)
    delay = server.logins.attempt(key)
    if delay > 0:
        return too_many_page(server, request, chosen, delay)
    try:
        who = server.settings.hashing.run(
            lambda: auth.check_password(server.storage, name, password)
        )
    except Busy:
        server.logins.succeeded(key)  # not checked: not a failure either
        return busy_page(server, request, chosen)
    if who is None:
        return _login_page(server, request, chosen, t["wrong"], 401)
    server.logins.succeeded(key)
    session = auth.open_session(server.storage, who, server.clock())
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        httponly=True,
        samesite="strict",
        secure=_secure(server, request),
        max_age=int(auth.SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return response


# The form is read only once the session is known: a declared Form field
# would be parsed before any dependency runs.
async def _session_csrf(request: Request, session: CurrentSession) -> str:
    if session is None:
        return ""
    value = (await request.form(max_files=0, max_fields=10)).get("csrf", "")
    return value[:200] if isinstance(value, str) else ""


@router.post("/logout")
def logout(
    session: CurrentSession, csrf: Annotated[str, Depends(_session_csrf)], server: TheServer
) -> Response:
    if session is None:
        return RedirectResponse("/login", status_code=303)
    if not auth.same(csrf, session.csrf):
        return JSONResponse({"detail": "missing or wrong CSRF token"}, status_code=403)
    auth.close_session(server.storage, session.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
