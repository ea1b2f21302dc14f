"""The readers' tool pages (TOOLS.md): the recueil, the deployment register, the impact study.

Routes (a reader's or administrator's session or API token; ``?lang=en`` for English):

- ``GET /tools``: the departments' tools, with links;
- ``GET /tools/recueil/{department}/{tool}?month=YYYY-MM`` (last month by
  default): the proposals, in random order, shown only once the department's
  answers about the tool for that month are released
  (``aggregator.tool_releases``); ``POST /tools/answer`` (a session, with its
  CSRF token): mark one taken into account, with an answer the department's
  agents then show;
- ``GET /tools/deployments``: the register, with the form for administrators;
  ``POST /tools/deployments`` (an administrator's session, CSRF);
- ``GET /tools/deployments/{id}`` and ``/tools/deployments/{id}.pdf``: the impact study.

The devices' routes are ``aggregator.proposals_api``.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import html
import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from aggregator import auth
from aggregator.dependencies import CurrentSession, CurrentViewer, Server, TheServer
from aggregator.deployments import NOTE_MAX, deployment_problem, study_of
from aggregator.impact import month_label, shift
from aggregator.impact_view import study_document
from aggregator.reports.month_names import long_date
from aggregator.storage import tools as stored
from aggregator.tool_page import document, not_found, page
from aggregator.tool_releases import ToolFigures, tool_releases
from aggregator.tools_text import NBSP, TEXT, month_words
from contract.wording import Language, format_number, language_of

MAX_ANSWER = 500
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
Text = Annotated[str, Form(max_length=200)]

router = APIRouter(include_in_schema=False)


def _lang(request: Request) -> Language:
    return language_of(request.query_params.get("lang"))


def _hidden(name: str, value: str) -> str:
    return f'<input type="hidden" name="{name}" value="{html.escape(value)}">'


@router.get("/tools")
def index(request: Request, server: TheServer, viewer: CurrentViewer) -> HTMLResponse:
    lang = _lang(request)
    t = TEXT[lang]
    last = shift(month_label(server.clock().date()), -1)
    sections = []
    for department in server.groups.departments.values():
        if not department.tools:
            continue
        links = "".join(
            f'<li><a href="/tools/recueil/{department.id}/{tool.id}?month={last}&amp;lang={lang}">'
            f"{html.escape(tool.name)}</a></li>"
            for tool in department.tools
        )
        answers = (
            f'<p><a href="/tools/answers/{department.id}?month={last}&amp;lang={lang}">'
            f"{html.escape(t['answers_link'])}</a></p>"
        )
        sections.append(f"<h2>{html.escape(department.name)}</h2>{answers}<ul>{links}</ul>")
    body = (
        f"<p>{html.escape(t['index_intro'])}</p>"
        f'<p><a href="/tools/deployments?lang={lang}">{html.escape(t["register_link"])}</a></p>'
        + "".join(sections)
    )
    return page(request, t["index_title"], body, lang, csrf=viewer.csrf)


@router.get("/tools/recueil/{department}/{tool}")
def recueil(
    department: str,
    tool: str,
    request: Request,
    server: TheServer,
    viewer: CurrentViewer,
    session: CurrentSession,
    month: str | None = None,
) -> HTMLResponse:
    """The recueil: published only with the department's answers about the tool."""
    lang = _lang(request)
    t = TEXT[lang]
    policy = server.groups.departments.get(department)
    names = {item.id: item.name for item in policy.tools} if policy else {}
    chosen = month if month is not None else shift(month_label(server.clock().date()), -1)
    if policy is None or tool not in names or not _MONTH.fullmatch(chosen):
        return not_found(request, lang, viewer.csrf)
    title = t["recueil_title"].format(
        tool=names[tool], department=policy.name, month=month_words(chosen, lang)
    )
    releases = tool_releases(request)
    if not releases.released(department, tool, chosen):
        not_released = f"<p class='held'>{html.escape(t['not_released'])}</p>"
        return page(request, title, not_released, lang, csrf=viewer.csrf)
    released = releases.figures(department, tool, chosen)
    shown = distribution(released, lang) if released is not None else ""
    with server.storage.read() as db:
        found = stored.proposals(db, department, tool, chosen)
    items = []
    for proposal in found:
        answer = (
            f"<p><strong>{html.escape(t['taken'])}</strong> {html.escape(proposal.answer)}</p>"
            if proposal.answer
            else ""
        )
        form = ""
        if session is not None:
            form = (
                '<form method="post" action="/tools/answer">'
                + _hidden("csrf", session.csrf)
                + _hidden("proposal", proposal.id)
                + _hidden("lang", lang)
                + f"<label>{html.escape(t['answer_label'])} "
                f'<input name="answer" maxlength="{MAX_ANSWER}" required></label> '
                f"<button>{html.escape(t['mark'])}</button></form>"
            )
        items.append(f"<li><p>{html.escape(proposal.text)}</p>{answer}{form}</li>")
    count = (
        t["count_none"]
        if not found
        else t["count_one"]
        if len(found) == 1
        else t["count_many"].format(count=len(found))
    )
    body = f"{shown}<h2>{html.escape(t['proposals_title'])}</h2><p>{html.escape(count)}</p>"
    body += f"<ul class='proposals'>{''.join(items)}</ul>"
    return page(request, title, body, lang, csrf=viewer.csrf)


def distribution(figures: ToolFigures, lang: Language, level: int = 2) -> str:
    """The released distribution of the month's answers about the tool, with their number,
    under a heading of ``level`` (3 inside a tool's section)."""
    t = TEXT[lang]
    rows = [
        *(
            (t["dist_satisfaction"].format(level=level), f"satisfaction_{level}")
            for level in range(1, 6)
        ),
        (t["dist_lighter"], "workload_lighter"),
        (t["dist_same"], "workload_same"),
        (t["dist_heavier"], "workload_heavier"),
        (t["dist_not_used"], "not_used"),
    ]
    cells = "".join(
        f"<tr><th scope='row'>{html.escape(label)}</th>"
        f"<td>{format_number(figures.counts.get(slot, 0), lang)}</td></tr>"
        for label, slot in rows
    )
    return (
        f"<h{level}>{html.escape(t['dist_title'])}</h{level}>"
        f"<p>{html.escape(t['dist_answers'])}{NBSP if lang == 'fr' else ''}: "
        f"{format_number(figures.answers, lang)}</p>"
        f"<table class='distribution pairs'><thead><tr>"
        f"<th scope='col'>{html.escape(t['dist_answer'])}</th>"
        f"<th scope='col'>{html.escape(t['dist_count'])}</th></tr>"
        f"</thead><tbody>{cells}</tbody></table>"
    )


@router.post("/tools/answer")
def mark_taken_into_account(
    server: TheServer,
    request: Request,
    session: CurrentSession,
    proposal: Annotated[str, Form(max_length=64)],
    answer: Annotated[str, Form(min_length=1, max_length=MAX_ANSWER)],
    csrf: Text = "",
    lang_field: Annotated[str, Form(alias="lang", max_length=5)] = "",
) -> Response:
    lang = language_of(lang_field)
    t = TEXT[lang]
    if session is None:
        return RedirectResponse("/login", status_code=303)
    if not auth.same(csrf, session.csrf):
        expired = f"<p role='alert'>{html.escape(t['expired'])}</p>"
        return page(request, t["expired_title"], expired, lang, 403, session.csrf)
    if not answer.strip():
        blank = f"<p role='alert'>{html.escape(t['blank'])}</p>"
        return page(request, t["blank_title"], blank, lang, 422, session.csrf)
    with server.storage.transaction() as db:
        place = stored.proposal_place(db, proposal)
        # A proposal not yet published cannot be answered: that would show it exists.
        if place is None or not tool_releases(request).released(*place):
            return not_found(request, lang, session.csrf)
        stored.answer_proposal(db, proposal, answer.strip())
    department, tool, month = place
    return RedirectResponse(
        f"/tools/recueil/{department}/{tool}?month={month}&lang={lang}", status_code=303
    )


# -- the deployment register and the impact study -------------------------------------


@router.get("/tools/deployments")
def register(
    request: Request, server: TheServer, viewer: CurrentViewer, session: CurrentSession
) -> HTMLResponse:
    lang = _lang(request)
    t = TEXT[lang]
    with server.storage.read() as db:
        rows = stored.deployments(db)
    lines = "".join(
        f'<li><a href="/tools/deployments/{d.id}?lang={lang}">'
        + html.escape(" — ".join((*_names(server, d), long_date(d.date, lang))))
        + f"</a> {html.escape(d.note)}</li>"
        for d in rows
    )
    listing = f"<ul>{lines}</ul>" if rows else f"<p>{html.escape(t['register_empty'])}</p>"
    form = ""
    if session is not None and session.account.role is auth.Role.ADMIN:
        # The tools and groups of the policies to choose from, as the codes' form does;
        # the server checks the pair (deployment_problem) whatever the form sends.
        fields = (
            _choice(t["tool"], "tool", _tool_choices(server))
            + _choice(t["group"], "group", _group_choices(server))
            + "".join(
                f'<label>{html.escape(t[name])} <input name="{name}"{extra}></label> '
                for name, extra in (
                    ("date", ' type="date" required'),
                    ("note", f' maxlength="{NOTE_MAX}"'),
                )
            )
        )
        form = (
            f"<h2>{html.escape(t['register_form'])}</h2>"
            '<form method="post" action="/tools/deployments" class="tools">'
            + _hidden("csrf", session.csrf)
            + _hidden("lang", lang)
            + fields
            + f"<button>{html.escape(t['save'])}</button></form>"
        )
    return page(request, t["register_title"], listing + form, lang, csrf=viewer.csrf)


def _choice(label: str, name: str, choices: list[tuple[str, str]]) -> str:
    options = "".join(
        f'<option value="{html.escape(value)}">{html.escape(shown)}</option>'
        for value, shown in choices
    )
    return f'<label>{html.escape(label)} <select name="{name}" required>{options}</select></label> '


def _tool_choices(server: Server) -> list[tuple[str, str]]:
    named: dict[str, str] = {}
    for department in server.groups.departments.values():
        for tool in department.tools:
            named.setdefault(tool.id, f"{tool.name} ({tool.id})")
    return sorted(named.items(), key=lambda item: item[1])


def _group_choices(server: Server) -> list[tuple[str, str]]:
    choices = []
    for department in server.groups.departments.values():
        choices.append((department.id, f"{department.name} ({department.id})"))
        choices += [
            (team.id, f"{department.name} — {team.name} ({team.id})") for team in department.teams
        ]
    return choices


@router.post("/tools/deployments")
def register_deployment(
    request: Request,
    server: TheServer,
    session: CurrentSession,
    tool: Annotated[str, Form(max_length=40)],
    group: Annotated[str, Form(max_length=40)],
    day: Annotated[str, Form(alias="date", max_length=10)],
    note: Annotated[str, Form(max_length=NOTE_MAX)] = "",
    csrf: Text = "",
    lang_field: Annotated[str, Form(alias="lang", max_length=5)] = "",
) -> Response:
    lang = language_of(lang_field)
    t = TEXT[lang]
    if session is None:
        return RedirectResponse("/login", status_code=303)
    if session.account.role is not auth.Role.ADMIN or not auth.same(csrf, session.csrf):
        refused = f"<p role='alert'>{html.escape(t['admin_only'])}</p>"
        return page(request, t["refused_title"], refused, lang, 403, session.csrf)
    problem = deployment_problem(server.groups, tool, group, day, t)
    if problem is not None:
        said = f"<p role='alert'>{html.escape(problem)}</p>"
        return page(request, t["deployment_refused"], said, lang, 422, session.csrf)
    with server.storage.transaction() as db:
        stored.add_deployment(db, tool, group, date.fromisoformat(day), note.strip())
    return RedirectResponse(f"/tools/deployments?lang={lang}", status_code=303)


def _names(server: Server, deployment: stored.Deployment) -> tuple[str, str]:
    """The deployment's tool and group as the policies name them (their ids if gone)."""
    group = server.groups.group(deployment.group)
    if group is None:
        return deployment.tool, deployment.group
    tools = {tool.id: tool.name for tool in group.department.tools}
    return tools.get(deployment.tool, deployment.tool), group.name


def _study(server: TheServer, request: Request, identifier: int) -> tuple[str, str] | None:
    """The study's title and body, or None for an unknown deployment."""
    lang = _lang(request)
    with server.storage.read() as db:
        found = stored.deployment(db, identifier)
    if found is None:
        return None
    tool_name, group_name = _names(server, found)
    title = TEXT[lang]["study_title"].format(tool=tool_name, group=group_name)
    result = study_of(server, tool_releases(request), found)
    return title, study_document(found, tool_name, result, lang, group_name)


@router.get("/tools/deployments/{identifier}.pdf")
def impact_study_pdf(
    identifier: int, request: Request, server: TheServer, viewer: CurrentViewer
) -> Response:
    from aggregator.reports.render import html_to_pdf

    lang = _lang(request)
    found = _study(server, request, identifier)
    if found is None:
        return not_found(request, lang, viewer.csrf)
    title, body = found
    pdf = html_to_pdf(document(title, body, lang))
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="etude-impact-{identifier}.pdf"'},
    )


@router.get("/tools/deployments/{identifier}")
def impact_study(
    identifier: int, request: Request, server: TheServer, viewer: CurrentViewer
) -> HTMLResponse:
    lang = _lang(request)
    found = _study(server, request, identifier)
    if found is None:
        return not_found(request, lang, viewer.csrf)
    title, body = found
    link = (
        f'<p><a href="/tools/deployments/{identifier}.pdf?lang={lang}">'
        f"{html.escape(TEXT[lang]['pdf'])}</a></p>"
    )
    return page(request, title, body + link, lang, csrf=viewer.csrf)
