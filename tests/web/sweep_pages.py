"""Every HTML page a reader or an administrator can reach, as the sweep opens it.

A ``Page`` is a GET address; a ``Form`` is the answer to a form submitted
from a page, the way a person would (fill, click). Each names the role that
sees it and what must be on it, so that no page is swept empty. Every GET
route of the server is either reached by one of them or listed in
``NOT_PAGES`` with the reason (``test_sweep`` checks both ways).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from tests.web.dashboard import LATEST, NOT_YET, ORGANISATION
from tests.web.tool_answers import RECUEIL_MONTH


class Role(StrEnum):
    ANYONE = "anyone"
    READER = "reader"
    ADMIN = "admin"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    """With ``{lang}``, and ``{study}`` for the parapheur's deployment."""
    role: Role = Role.READER
    status: int = 200
    shows: str = "main"
    """A CSS selector that must match: the served data made the page non-empty."""
    says: str = ""
    """Words the page must hold, if any."""


Submit = Callable[[Any, str, str], None]
"""(Playwright page, language, a name unique to this width and language) -> None."""


@dataclass(frozen=True)
class Form:
    name: str
    action: str
    """The route the form posts to."""
    start: str
    """The page the form is on (as ``Page.path``)."""
    submit: Submit
    role: Role
    status: int
    shows: str


RECUEIL = f"/tools/recueil/dept/parapheur?month={RECUEIL_MONTH}&lang={{lang}}"

PAGES = (
    Page("login", "/login?lang={lang}", Role.ANYONE, shows="header img.logo", says=ORGANISATION),
    Page("home", "/?lang={lang}", shows="table.headline"),
    Page("department", f"/groups/dept?month={LATEST}&lang={{lang}}", shows="svg.chart"),
    Page("team", f"/groups/team-a?month={LATEST}&lang={{lang}}", shows="table.indicators"),
    Page("held-back", f"/groups/team-c?month={LATEST}&lang={{lang}}", shows="#held-why"),
    Page("compare", "/groups/dept/compare?lang={lang}", shows="main table"),
    Page("guide", "/guide?lang={lang}", shows="main table"),
    Page("unknown-group", "/groups/nope?lang={lang}", status=404, shows="[role=alert]"),
    Page("bad-month", "/groups/dept?month=2026-13&lang={lang}", status=422, shows="[role=alert]"),
    Page(
        "bad-compare",
        "/groups/dept/compare?months=99&lang={lang}",
        status=422,
        shows="[role=alert]",
    ),
    Page("admin-refused", "/admin?lang={lang}", status=403, shows="[role=alert]"),
    Page("tools", "/tools?lang={lang}", shows="main a[href^='/tools/recueil/']"),
    Page("register", "/tools/deployments?lang={lang}", shows="main a[href^='/tools/deployments/']"),
    Page("study", "/tools/deployments/{study}?lang={lang}", shows="table.study td:not(:empty)"),
    Page("recueil", RECUEIL, shows="ul.proposals li form"),
    Page(
        "recueil-held-back",
        f"/tools/recueil/dept/parapheur?month={NOT_YET}&lang={{lang}}",
        shows="p.held",
    ),
    Page(
        "answers", f"/tools/answers/dept?month={LATEST}&lang={{lang}}", shows="table.distribution"
    ),
    Page(
        "answers-team",
        f"/tools/answers/team-a?month={LATEST}&lang={{lang}}",
        shows="table.distribution",
    ),
    Page(
        "answers-held-back",
        f"/tools/answers/team-c?month={LATEST}&lang={{lang}}",
        shows="main section p",
    ),
    Page("tools-not-found", "/tools/deployments/99?lang={lang}", status=404, shows="main p"),
    Page("admin", "/admin?lang={lang}", Role.ADMIN, shows="#accounts tbody tr"),
    Page(
        "register-admin",
        "/tools/deployments?lang={lang}",
        Role.ADMIN,
        shows="form[action='/tools/deployments']",
    ),
)


def _create_reader(page: Any, lang: str, name: str) -> None:
    page.fill("form[action='/admin/readers'] input[name=name]", name)
    page.click("form[action='/admin/readers'] button[type=submit]")


def _switch_reader(page: Any, lang: str, name: str) -> None:
    page.click(f"tr[data-account='{name}'] button[type=submit]")


def _issue_codes(page: Any, lang: str, name: str) -> None:
    page.select_option("form[action='/admin/codes'] select[name=team]", "team-b")
    page.fill("form[action='/admin/codes'] input[name=count]", "3")
    page.click("form[action='/admin/codes'] button[type=submit]")


def _bad_deployment(page: Any, lang: str, name: str) -> None:
    """The parapheur for a team of a department that has no such tool: refused."""
    form = "form[action='/tools/deployments']"
    page.select_option(f"{form} select[name=tool]", "parapheur")
    page.select_option(f"{form} select[name=group]", "far-team")
    page.fill(f"{form} input[name=date]", "2026-06-15")
    page.click(f"{form} button")


def _wrong_password(page: Any, lang: str, name: str) -> None:
    page.fill("input[name=name]", f"nobody-{name}")
    page.fill("input[name=password]", "not the password")
    page.click("button[type=submit]")


def _answer_proposal(page: Any, lang: str, name: str) -> None:
    page.fill("ul.proposals li input[name=answer] >> nth=-1", f"✓ {name}")
    page.click("ul.proposals li button >> nth=-1")


FORMS = (
    Form(
        "login-refused",
        "/login",
        "/login?lang={lang}",
        _wrong_password,
        Role.ANYONE,
        401,
        "[role=alert]",
    ),
    # In this order: the reader is created, then disabled, enabled, created again (refused).
    Form(
        "admin-reader-created",
        "/admin/readers",
        "/admin?lang={lang}",
        _create_reader,
        Role.ADMIN,
        200,
        "code",
    ),
    Form(
        "admin-reader-disabled",
        "/admin/disable",
        "/admin?lang={lang}",
        _switch_reader,
        Role.ADMIN,
        200,
        "[role=status]",
    ),
    Form(
        "admin-reader-enabled",
        "/admin/enable",
        "/admin?lang={lang}",
        _switch_reader,
        Role.ADMIN,
        200,
        "[role=status]",
    ),
    Form(
        "admin-name-taken",
        "/admin/readers",
        "/admin?lang={lang}",
        _create_reader,
        Role.ADMIN,
        422,
        "[role=alert]",
    ),
    Form(
        "admin-codes",
        "/admin/codes",
        "/admin?lang={lang}",
        _issue_codes,
        Role.ADMIN,
        200,
        "ul.secrets code",
    ),
    Form(
        "deployment-refused",
        "/tools/deployments",
        "/tools/deployments?lang={lang}",
        _bad_deployment,
        Role.ADMIN,
        422,
        "[role=alert]",
    ),
    Form(
        "recueil-answered",
        "/tools/answer",
        RECUEIL,
        _answer_proposal,
        Role.READER,
        200,
        "ul.proposals strong",
    ),
)

NOT_PAGES = {
    "/healthz": "JSON for monitoring, not a page",
    "/groups/{group_id}/compare.csv": "a CSV file (tests/web/test_files.py)",
    "/groups/{group_id}/compare.pdf": "a PDF file (tests/web/test_files.py)",
    "/tools/deployments/{identifier}.pdf": "a PDF file (tests/tools/test_tool_pages.py)",
}
"""GET routes that are no page, with the reason; every route under ``/api/`` is JSON too."""

NOT_FORMS = {
    "/logout": "answers with a redirect to the login page, swept",
}
"""POST routes no swept form answers, with the reason."""
