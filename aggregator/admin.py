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

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from aggregator import auth
from aggregator.admin_view import MAX_CODES, TEXT, Shown, render_admin
from aggregator.groups import Groups
from aggregator.reports import Language, language
from aggregator.reports.render import STYLE_HASH, render_message
from aggregator.storage import Storage
from aggregator.web import page_headers
from contract.policy.model import Policy

Text = Annotated[str, Form(max_length=200)]


class _Refused(Exception):
    def __init__(self, response: Response) -> None:
        self.response = response


def admin_routes(
    storage: Storage,
    policies: Mapping[str, Policy],
    clock: Callable[[], datetime],
    session_cookie: str,
) -> APIRouter:
    """The administration pages, to include in the server's app."""
    headers = page_headers(STYLE_HASH)
    router = APIRouter(include_in_schema=False)
    groups = Groups(policies)
    teams = [
        (team.id, f"{department.name} — {team.name}")
        for department in groups.departments.values()
        for team in department.teams
    ]

    def html(document: str, status_code: int = 200) -> HTMLResponse:
        return HTMLResponse(document, status_code=status_code, headers=headers)

    def administrator(request: Request, lang: Language) -> auth.Session:
        """The administrator's session, or the refusal to send."""
        if request.headers.get("authorization") is not None:
            raise _Refused(html(render_message(TEXT[lang]["session_only"], lang), 403))
        cookie = request.cookies.get(session_cookie)
        session = auth.session_for(storage, cookie, clock()) if cookie else None
        if session is None:
            raise _Refused(RedirectResponse("/login", status_code=303))
        if session.account.role is not auth.Role.ADMIN:
            raise _Refused(html(render_message(TEXT[lang]["forbidden"], lang), 403))
        return session

    def form_of_administrator(request: Request, lang: Language, csrf: str) -> auth.Session:
        session = administrator(request, lang)
        if not auth.same(csrf, session.csrf):
            raise _Refused(html(render_message(TEXT[lang]["expired"], lang), 403))
        return session

    def answer(
        session: auth.Session, lang: Language, shown: Shown | None = None, status_code: int = 200
    ) -> HTMLResponse:
        document = render_admin(
            lang, session.account.name, session.csrf, auth.accounts(storage), teams, shown
        )
        return html(document, status_code)

    def refusal(session: auth.Session, lang: Language, key: str, **values: str) -> HTMLResponse:
        return answer(session, lang, Shown(TEXT[lang][key].format(**values), error=True), 422)

    @router.get("/admin", response_class=HTMLResponse)
    def admin_page(request: Request, lang: str | None = None) -> Response:
        chosen = language(lang)
        try:
            session = administrator(request, chosen)
        except _Refused as refused:
            return refused.response
        return answer(session, chosen)

    @router.post("/admin/readers", response_class=HTMLResponse)
    def create_reader(
        request: Request, name: Text = "", csrf: Text = "", lang: Text = ""
    ) -> Response:
        chosen = language(lang)
        try:
            session = form_of_administrator(request, chosen, csrf)
        except _Refused as refused:
            return refused.response
        if auth.name_problem(name) is not None:
            return refusal(session, chosen, "bad_name")
        try:
            # Always a reader: no field of this form can ask for another role.
            password = auth.create_account(storage, name, auth.Role.READER, clock().date())
        except auth.AuthError:
            return refusal(session, chosen, "exists", name=name)
        shown = Shown(TEXT[chosen]["password_shown"].format(name=name), (password,))
        return answer(session, chosen, shown)

    def change_reader(request: Request, name: str, csrf: str, lang: str, disable: bool) -> Response:
        chosen = language(lang)
        try:
            session = form_of_administrator(request, chosen, csrf)
        except _Refused as refused:
            return refused.response
        found = next((a for a in auth.accounts(storage) if a.name == name), None)
        if found is None:
            return refusal(session, chosen, "unknown_account", name=name)
        if found.role is not auth.Role.READER:
            return refusal(session, chosen, "not_reader")
        if disable:
            auth.disable_account(storage, name)
        else:
            auth.enable_account(storage, name)
        done = TEXT[chosen]["disabled_done" if disable else "enabled_done"].format(name=name)
        return answer(session, chosen, Shown(done))

    @router.post("/admin/disable", response_class=HTMLResponse)
    def disable_reader(
        request: Request, name: Text = "", csrf: Text = "", lang: Text = ""
    ) -> Response:
        return change_reader(request, name, csrf, lang, disable=True)

    @router.post("/admin/enable", response_class=HTMLResponse)
    def enable_reader(
        request: Request, name: Text = "", csrf: Text = "", lang: Text = ""
    ) -> Response:
        return change_reader(request, name, csrf, lang, disable=False)

    @router.post("/admin/codes", response_class=HTMLResponse)
    def issue_codes(
        request: Request, team: Text = "", count: Text = "", csrf: Text = "", lang: Text = ""
    ) -> Response:
        chosen = language(lang)
        try:
            session = form_of_administrator(request, chosen, csrf)
        except _Refused as refused:
            return refused.response
        if groups.department_of(team) is None:
            return refusal(session, chosen, "unknown_team", team=team)
        wanted = count.strip()
        if not (wanted.isascii() and wanted.isdigit()) or not 1 <= int(wanted) <= MAX_CODES:
            return refusal(session, chosen, "bad_count")
        issued = auth.new_enrollment_codes(storage, team, int(wanted), clock().date())
        message = TEXT[chosen]["codes_shown"].format(count=len(issued), team=team)
        return answer(session, chosen, Shown(message, tuple(issued)))

    return router
