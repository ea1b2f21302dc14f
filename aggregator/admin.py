"""The administration pages: what an administrator could only do on the command line.

Routes (an administrator's browser session only; every form carries the
session's CSRF token):

- ``GET /admin?lang=fr``: the accounts (name, role, state, created; no secret)
  and the forms below;
- ``POST /admin/readers`` (``name``): create a reader; its generated password
  is shown on the answer, once;
- ``POST /admin/disable`` / ``POST /admin/enable`` (``name``): a reader's
  account; disabled, its sessions and tokens stop working at once;
- ``POST /admin/codes`` (``team``, ``count``): one-time enrollment codes,
  shown on the answer, once.

A reader gets ``403`` on each of them, whatever the form says, and an API
token (even an administrator's) is refused: a token in a script must not be
enough to create accounts. Administrators themselves, and everything else,
are run with ``repit-aggregator``. Nothing here can create an administrator.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from aggregator import auth
from aggregator.admin_view import MAX_CODES, TEXT, Shown, render_admin
from aggregator.dependencies import Refused, Server, TheServer
from aggregator.identity import SESSION_COOKIE
from aggregator.reports import Language, language
from aggregator.reports.render import STYLE_HASH, render_message
from aggregator.web import page_headers

Text = Annotated[str, Form(max_length=200)]

_HEADERS = page_headers(STYLE_HASH)

router = APIRouter(include_in_schema=False)
"""The administration pages, to include in the server's app."""


def _html(document: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(document, status_code=status_code, headers=_HEADERS)


async def _language(request: Request) -> Language:
    """The page's language: the form's ``lang`` on a form, else the query's."""
    if request.method == "POST":
        # Already read by FastAPI for the route's form fields: this is its cache.
        value = (await request.form()).get("lang", "")
        return language(value if isinstance(value, str) else "")
    return language(request.query_params.get("lang"))


PageLanguage = Annotated[Language, Depends(_language)]


def current_admin(request: Request, server: TheServer, lang: PageLanguage) -> auth.Session:
    """The administrator's browser session; anyone else gets the refusal sent."""
    if request.headers.get("authorization") is not None:
        raise Refused(_html(render_message(TEXT[lang]["session_only"], lang), 403))
    cookie = request.cookies.get(SESSION_COOKIE)
    session = auth.session_for(server.storage, cookie, server.clock()) if cookie else None
    if session is None:
        raise Refused(RedirectResponse("/login", status_code=303))
    if session.account.role is not auth.Role.ADMIN:
        raise Refused(_html(render_message(TEXT[lang]["forbidden"], lang), 403))
    return session


CurrentAdmin = Annotated[auth.Session, Depends(current_admin)]


def _form_of_admin(session: CurrentAdmin, lang: PageLanguage, csrf: Text = "") -> auth.Session:
    """The administrator's session, when the form carries its CSRF token."""
    if not auth.same(csrf, session.csrf):
        raise Refused(_html(render_message(TEXT[lang]["expired"], lang), 403))
    return session


AdminForm = Annotated[auth.Session, Depends(_form_of_admin)]


def _answer(
    server: Server,
    session: auth.Session,
    lang: Language,
    shown: Shown | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    teams = [
        (team.id, f"{department.name} — {team.name}")
        for department in server.groups.departments.values()
        for team in department.teams
    ]
    accounts = auth.accounts(server.storage)
    document = render_admin(lang, session.account.name, session.csrf, accounts, teams, shown)
    return _html(document, status_code)


def _refusal(
    server: Server, session: auth.Session, lang: Language, key: str, **values: str
) -> HTMLResponse:
    shown = Shown(TEXT[lang][key].format(**values), error=True)
    return _answer(server, session, lang, shown, 422)


@router.get("/admin", response_class=HTMLResponse)
def admin_page(session: CurrentAdmin, lang: PageLanguage, server: TheServer) -> Response:
    return _answer(server, session, lang)


@router.post("/admin/readers", response_class=HTMLResponse)
def create_reader(
    session: AdminForm, lang: PageLanguage, server: TheServer, name: Text = ""
) -> Response:
    if auth.name_problem(name) is not None:
        return _refusal(server, session, lang, "bad_name")
    try:
        # Always a reader: no field of this form can ask for another role.
        password = auth.create_account(
            server.storage, name, auth.Role.READER, server.clock().date()
        )
    except auth.AuthError:
        return _refusal(server, session, lang, "exists", name=name)
    shown = Shown(TEXT[lang]["password_shown"].format(name=name), (password,))
    return _answer(server, session, lang, shown)


def _change_reader(
    server: Server, session: auth.Session, lang: Language, name: str, disable: bool
) -> Response:
    found = next((a for a in auth.accounts(server.storage) if a.name == name), None)
    if found is None:
        return _refusal(server, session, lang, "unknown_account", name=name)
    if found.role is not auth.Role.READER:
        return _refusal(server, session, lang, "not_reader")
    if disable:
        auth.disable_account(server.storage, name)
    else:
        auth.enable_account(server.storage, name)
    done = TEXT[lang]["disabled_done" if disable else "enabled_done"].format(name=name)
    return _answer(server, session, lang, Shown(done))


@router.post("/admin/disable", response_class=HTMLResponse)
def disable_reader(
    session: AdminForm, lang: PageLanguage, server: TheServer, name: Text = ""
) -> Response:
    return _change_reader(server, session, lang, name, disable=True)


@router.post("/admin/enable", response_class=HTMLResponse)
def enable_reader(
    session: AdminForm, lang: PageLanguage, server: TheServer, name: Text = ""
) -> Response:
    return _change_reader(server, session, lang, name, disable=False)


@router.post("/admin/codes", response_class=HTMLResponse)
def issue_codes(
    session: AdminForm,
    lang: PageLanguage,
    server: TheServer,
    team: Text = "",
    count: Text = "",
) -> Response:
    if server.groups.department_of(team) is None:
        return _refusal(server, session, lang, "unknown_team", team=team)
    wanted = count.strip()
    if not (wanted.isascii() and wanted.isdigit()) or not 1 <= int(wanted) <= MAX_CODES:
        return _refusal(server, session, lang, "bad_count")
    issued = auth.new_enrollment_codes(server.storage, team, int(wanted), server.clock().date())
    message = TEXT[lang]["codes_shown"].format(count=len(issued), team=team)
    return _answer(server, session, lang, Shown(message, tuple(issued)))
