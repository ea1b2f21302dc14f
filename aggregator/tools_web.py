"""Routes of TOOLS.md: proposals from devices, the recueil, the deployment register.

- ``POST /api/v1/proposals`` (a device token): ``{department, tool, month, text}``;
  201, or 422 (where and why), 403 (another department), 429 (this device's
  proposals of the month are used up). Stored with no device, team or time.
- ``GET /api/v1/proposals/answers`` (a device token): the department's released
  proposals that readers took into account, with their answers.
- ``GET /tools/recueil/{department}/{tool}?month=YYYY-MM`` (reader): the recueil, shuffled,
  shown only once the department's answers about the tool are released;
  ``POST /tools/answer`` (a reader's session, CSRF): mark one taken into account.
- ``GET /tools/deployments`` and ``POST /tools/deployments`` (admin session): the register.
- ``GET /tools/deployments/{id}`` and ``/tools/deployments/{id}.pdf`` (reader): the
  impact study.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import html
import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from aggregator import auth
from aggregator.dependencies import CurrentDevice, CurrentSession, CurrentViewer, TheServer
from aggregator.groups import Groups
from aggregator.impact import AFTER, Figures, Study, month_label, shift, study
from aggregator.releases import group_stats
from aggregator.storage import tools as stored
from aggregator.tool_releases import NothingReleasedYet, ToolReleases

MAX_PROPOSALS_PER_MONTH = 20
"""Per device and month: far above what a person writes, low enough to refuse a flood."""
MAX_TEXT = 1000
MAX_ANSWER = 500
_ID = r"^[a-z0-9-]{2,40}$"
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
_HEADERS = {"Content-Security-Policy": "default-src 'none'", "X-Content-Type-Options": "nosniff"}


class ProposalBody(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    department: str = Field(pattern=_ID)
    tool: str = Field(pattern=_ID)
    month: str = Field(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")
    text: str = Field(min_length=1, max_length=MAX_TEXT)


def tool_releases(request: Request) -> ToolReleases:
    """The release state of tool answers (``aggregator.tool_releases``)."""
    found: ToolReleases = getattr(request.app.state, "tool_releases", None) or NothingReleasedYet()
    return found


router = APIRouter()


@router.post("/api/v1/proposals", status_code=201)
async def propose(request: Request, device: CurrentDevice, server: TheServer) -> JSONResponse:
    """Keep an improvement proposal, with no link to the device, its team or the time."""
    raw = await request.body()
    try:
        body = ProposalBody.model_validate_json(raw)
    except ValidationError as error:
        where = [
            {"loc": ["body", *map(str, problem["loc"])], "msg": problem["msg"]}
            for problem in error.errors(include_input=False, include_context=False)[:20]
        ]
        return JSONResponse({"detail": where}, status_code=422)
    department = server.groups.department_of(device.team)
    if department is None or department.id != body.department:
        return JSONResponse({"detail": "this device is not in that department"}, status_code=403)
    if body.tool not in {tool.id for tool in department.tools}:
        return JSONResponse(
            {"detail": [{"loc": ["body", "tool"], "msg": "not a tool of the department"}]},
            status_code=422,
        )
    this_month = month_label(server.clock().date())
    if body.month not in (this_month, shift(this_month, -1)):
        return JSONResponse(
            {"detail": [{"loc": ["body", "month"], "msg": "expected this month or the last"}]},
            status_code=422,
        )
    with server.storage.transaction() as db:
        # The count is the device's, the proposal nobody's: two tables, no link.
        if not stored.count_proposal(db, device.identity, body.month, MAX_PROPOSALS_PER_MONTH):
            return JSONResponse(
                {"detail": f"at most {MAX_PROPOSALS_PER_MONTH} proposals a month"},
                status_code=429,
            )
        stored.add_proposal(db, body.department, body.tool, body.month, body.text)
    return JSONResponse({"status": "kept"}, status_code=201)


@router.get("/api/v1/proposals/answers")
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
    return JSONResponse({"answers": shown[:500]})


def _page(title: str, body: str, status_code: int = 200) -> HTMLResponse:
    document = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(document, status_code=status_code, headers=_HEADERS)


def _month_or_last(server: TheServer, month: str | None) -> str | None:
    if month is None:
        return shift(month_label(server.clock().date()), -1)
    return month if _MONTH.fullmatch(month) else None


@router.get("/tools/recueil/{department}/{tool}", include_in_schema=False)
def recueil(
    department: str,
    tool: str,
    request: Request,
    server: TheServer,
    _: CurrentViewer,
    session: CurrentSession,
    month: str | None = None,
) -> HTMLResponse:
    """The recueil: released only with the department's answers about the tool."""
    policy = server.groups.departments.get(department)
    names = {t.id: t.name for t in policy.tools} if policy else {}
    chosen = _month_or_last(server, month)
    if policy is None or tool not in names or chosen is None:
        return _page("Recueil introuvable", "<p>Direction, outil ou mois inconnu.</p>", 404)
    title = f"Recueil des propositions : {names[tool]}, {policy.name}, {chosen}"
    if not tool_releases(request).released(department, tool, chosen):
        return _page(
            title,
            "<p>Les réponses de ce mois pour cet outil ne sont pas publiées "
            "(mois en cours, délai de publication ou groupe trop petit) : "
            "les propositions ne le sont pas non plus.</p>",
        )
    with server.storage.read() as db:
        found = stored.proposals(db, department, tool, chosen)
    items = []
    for proposal in found:
        answer = (
            f"<p><strong>Pris en compte :</strong> {html.escape(proposal.answer)}</p>"
            if proposal.answer
            else ""
        )
        form = ""
        if session is not None:
            form = (
                '<form method="post" action="/tools/answer">'
                f'<input type="hidden" name="csrf" value="{html.escape(session.csrf)}">'
                f'<input type="hidden" name="proposal" value="{proposal.id}">'
                f'<label>Réponse <input name="answer" maxlength="{MAX_ANSWER}" required></label> '
                "<button>Marquer comme pris en compte</button></form>"
            )
        items.append(f"<li><p>{html.escape(proposal.text)}</p>{answer}{form}</li>")
    body = (
        f"<p>{len(found)} proposition(s), dans un ordre aléatoire, sans équipe, date ni auteur.</p>"
        f"<ul>{''.join(items)}</ul>"
    )
    return _page(title, body)


@router.post("/tools/answer", include_in_schema=False)
def mark_taken_into_account(
    server: TheServer,
    request: Request,
    session: CurrentSession,
    proposal: Annotated[str, Form(max_length=64)],
    answer: Annotated[str, Form(min_length=1, max_length=MAX_ANSWER)],
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if session is None:
        return RedirectResponse("/login", status_code=303)
    if not auth.same(csrf, session.csrf):
        return _page("Formulaire expiré", "<p>Rechargez la page.</p>", 403)
    with server.storage.transaction() as db:
        place = stored.proposal_place(db, proposal)
        if place is None or not tool_releases(request).released(*place):
            return _page("Proposition introuvable", "<p>Rien à marquer.</p>", 404)
        stored.answer_proposal(db, proposal, answer.strip())
    department, tool, month = place
    return RedirectResponse(f"/tools/recueil/{department}/{tool}?month={month}", status_code=303)


# -- the deployment register and the impact study -------------------------------


@router.get("/tools/deployments", include_in_schema=False)
def register(server: TheServer, _: CurrentViewer, session: CurrentSession) -> HTMLResponse:
    with server.storage.read() as db:
        rows = stored.deployments(db)
    lines = "".join(
        f'<li><a href="/tools/deployments/{d.id}">{html.escape(d.tool)} — '
        f"{html.escape(d.group)} — {d.date.isoformat()}</a> {html.escape(d.note)}</li>"
        for d in rows
    )
    form = ""
    if session is not None and session.account.role is auth.Role.ADMIN:
        form = (
            '<h2>Enregistrer un déploiement</h2><form method="post" action="/tools/deployments">'
            f'<input type="hidden" name="csrf" value="{html.escape(session.csrf)}">'
            '<label>Outil <input name="tool" required></label> '
            '<label>Groupe <input name="group" required></label> '
            '<label>Date <input name="date" type="date" required></label> '
            '<label>Note <input name="note" maxlength="500"></label> '
            "<button>Enregistrer</button></form>"
        )
    return _page("Registre des déploiements d'outils", f"<ul>{lines}</ul>{form}")


@router.post("/tools/deployments", include_in_schema=False)
def register_deployment(
    server: TheServer,
    session: CurrentSession,
    tool: Annotated[str, Form(max_length=40)],
    group: Annotated[str, Form(max_length=40)],
    date_text: Annotated[str, Form(alias="date", max_length=10)],
    note: Annotated[str, Form(max_length=500)] = "",
    csrf: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    if session is None:
        return RedirectResponse("/login", status_code=303)
    if session.account.role is not auth.Role.ADMIN or not auth.same(csrf, session.csrf):
        return _page("Refusé", "<p>Réservé aux administrateurs.</p>", 403)
    problem = deployment_problem(server.groups, tool, group, date_text)
    if problem is not None:
        return _page("Déploiement refusé", f"<p>{html.escape(problem)}</p>", 422)
    with server.storage.transaction() as db:
        stored.add_deployment(db, tool, group, date.fromisoformat(date_text), note.strip())
    return RedirectResponse("/tools/deployments", status_code=303)


def deployment_problem(groups: Groups, tool: str, group: str, day: str) -> str | None:
    """Why a deployment cannot be registered, or None (shared with the command line)."""
    found = groups.group(group)
    if found is None:
        return f"unknown group `{group}`: expected a department or team id of the policies"
    if tool not in {t.id for t in found.department.tools}:
        known = ", ".join(t.id for t in found.department.tools) or "none"
        return f"unknown tool `{tool}` in {found.department.id} (its tools: {known})"
    try:
        date.fromisoformat(day)
    except ValueError:
        return f"expected a date YYYY-MM-DD, found {day!r}"
    if not re.fullmatch(r"\d{4}-\d\d-\d\d", day):
        return f"expected a date YYYY-MM-DD, found {day!r}"
    return None


def study_of(server: TheServer, releases: ToolReleases, deployment: stored.Deployment) -> Study:
    now = server.clock()
    policies = server.policies

    def stats_of(month: str):  # type: ignore[no-untyped-def]
        if month >= month_label(now.date()):
            return None
        try:
            stats = group_stats(server.storage, policies, deployment.group, month, now)
        except KeyError:
            return None
        return stats if stats.shown else None

    return study(
        deployment.date,
        now.date(),
        stats_of,
        lambda month: releases.figures(deployment.group, deployment.tool, month),
    )


def _number(value: float | None, digits: int = 0, percent: bool = False) -> str:
    if value is None:
        return "—"
    shown = value * 100 if percent else value
    text = f"{shown:.{digits}f}".replace(".", ",")
    return text + ("\u00a0%" if percent else "")


ROWS: tuple[tuple[str, str, int, bool], ...] = (
    ("Temps d'écran par jour actif (min)", "screen_minutes", 0, False),
    ("Hors plages de travail par jour actif (min)", "after_hours_minutes", 0, False),
    ("Pauses par jour actif", "breaks", 1, False),
    ("Jours de 6 h sans pause de 20 min", "no_break_6h", 0, True),
    ("Jours de plus de 10 h d'écran", "over_10h", 0, True),
    ("Jours avec un repos de moins de 11 h", "rest_under_11h", 0, True),
    ("Semaines de plus de 48 h", "over_48h", 0, True),
    ("Satisfaction moyenne (1 à 5)", "satisfaction", 1, False),
    ("Réponses « l'alourdit »", "heavier", 0, True),
)


def study_document(deployment: stored.Deployment, tool_name: str, result: Study) -> str:
    columns: list[tuple[str, Figures]] = [("Avant (référence)", result.baseline)]
    if not result.before_deployment:
        columns += [(f"{months} mois après", result.after[months]) for months in AFTER]
    head = "".join(f"<th>{html.escape(label)}</th>" for label, _ in columns)

    def cell(figures: Figures, name: str, digits: int, percent: bool) -> str:
        return f"<td>{_number(getattr(figures, name), digits, percent)}</td>"

    rows = "".join(
        f"<tr><th>{html.escape(label)}</th>"
        + "".join(cell(figures, name, digits, percent) for _, figures in columns)
        + "</tr>"
        for label, name, digits, percent in ROWS
    )
    months = "".join(f"<td>{', '.join(f.months) or 'non publié'}</td>" for _, f in columns)
    devices = "".join(
        f"<td>{' / '.join(str(n) for n in f.devices) or '—'}</td>" for _, f in columns
    )
    answers = "".join(
        f"<td>{f.tool_answers if f.tool_answers is not None else '—'}</td>" for _, f in columns
    )
    ahead = (
        "<p><strong>Le déploiement n'a pas encore eu lieu : cette page est la situation "
        "de référence que la formation spécialisée examine avant le projet.</strong></p>"
        if result.before_deployment
        else ""
    )
    method = (
        "<h2>Méthode</h2><p>La référence est faite des trois derniers mois publiés du groupe "
        "avant le mois du déploiement ; les colonnes suivantes sont le premier, le troisième "
        "et le sixième mois après. Chaque chiffre est un rapport de sommes publiées (par jour "
        "actif, ou part des jours ou semaines actifs) sur des groupes d'au moins "
        "min_group_size postes ; un mois non publié ne montre rien. Le nombre de postes est "
        "celui de chaque mois ; la satisfaction vient des réponses publiées sur l'outil. Les "
        "écarts décrivent le groupe, pas une personne, et d'autres changements du même mois "
        "peuvent y contribuer.</p>"
    )
    return (
        f"<p>Outil : {html.escape(tool_name)} ({html.escape(deployment.tool)}) — groupe : "
        f"{html.escape(deployment.group)} — déploiement le {deployment.date.isoformat()}"
        f"{' — ' + html.escape(deployment.note) if deployment.note else ''}</p>{ahead}"
        f"<table><tr><th></th>{head}</tr><tr><th>Mois</th>{months}</tr>"
        f"<tr><th>Postes</th>{devices}</tr><tr><th>Réponses sur l'outil</th>{answers}</tr>"
        f"{rows}</table>{method}"
    )


def _study_page(server: TheServer, request: Request, identifier: int) -> tuple[str, str] | None:
    with server.storage.read() as db:
        found = stored.deployment(db, identifier)
    if found is None:
        return None
    group = server.groups.group(found.group)
    names = {t.id: t.name for t in group.department.tools} if group else {}
    title = f"Étude d'impact : {names.get(found.tool, found.tool)}, {found.group}"
    body = study_document(
        found, names.get(found.tool, found.tool), study_of(server, tool_releases(request), found)
    )
    return title, body


@router.get("/tools/deployments/{identifier}.pdf", include_in_schema=False)
def impact_study_pdf(
    identifier: int, request: Request, server: TheServer, _: CurrentViewer
) -> Response:
    from aggregator.reports.render import html_to_pdf

    page = _study_page(server, request, identifier)
    if page is None:
        return _page("Déploiement introuvable", "", 404)
    title, body = page
    document = (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{html.escape(title)}'
        f"</title></head><body><h1>{html.escape(title)}</h1>{body}</body></html>"
    )
    return Response(html_to_pdf(document), media_type="application/pdf")


@router.get("/tools/deployments/{identifier}", include_in_schema=False)
def impact_study(
    identifier: int, request: Request, server: TheServer, _: CurrentViewer
) -> HTMLResponse:
    page = _study_page(server, request, identifier)
    if page is None:
        return _page("Déploiement introuvable", "", 404)
    title, body = page
    return _page(title, body + f'<p><a href="/tools/deployments/{identifier}.pdf">PDF</a></p>')
