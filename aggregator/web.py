"""The Prévention service's web pages: the reports, server-rendered, with CSV and PDF downloads.

Routes (readers and admins only, by session cookie or ``Bearer`` API token;
anyone else is sent to ``/login``, a device token is refused):

- ``/``: the departments and their teams, for each department's latest released month;
- ``/groups/{id}?month=YYYY-MM&lang=fr``: a department's or team's month;
- ``/groups/{id}.csv?month=…`` and ``/groups/{id}.pdf?month=…``: the same content as files;
- ``/groups/{id}/compare?around=YYYY-MM&months=3``: before / after a change
  (by default the latest released months against as many before them), and
  ``/groups/{id}/compare.csv`` / ``compare.pdf`` the same as files;
- ``/guide?lang=fr``: the Prévention guide, for anyone (it holds no figure).

Every figure comes from ``aggregator.reports.build_report``,
``build_surroundings``, ``build_home`` or ``build_comparison``, which read
``group_stats`` only. The pages carry no
script and load nothing: their one inline stylesheet is allowed by its hash.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import HTMLResponse, Response

from aggregator import auth
from aggregator.dependencies import CurrentViewer, Server, TheServer
from aggregator.guide_view import render_guide
from aggregator.identity import Reader as Viewer
from aggregator.periods import PeriodError, parse_month
from aggregator.reports import (
    Language,
    Links,
    build_comparison,
    build_home,
    build_report,
    build_surroundings,
    language,
    render_comparison_html,
    render_csv,
    render_home,
    render_html,
)
from aggregator.reports.content import Reader, shift_month
from aggregator.reports.csv_export import render_comparison_csv
from aggregator.reports.render import STYLE_HASH, html_to_pdf, render_message
from aggregator.reports.text import TEXT, month_name

DEFAULT_COMPARE_MONTHS = 3
MAX_COMPARE_MONTHS = 12


def page_headers(style_hash: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; style-src '{style_hash}'; img-src 'self' data:; "
            "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
        ),
        "X-Frame-Options": "DENY",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
        "Referrer-Policy": "no-referrer",
    }


def _query(**values: str | int) -> str:
    return "?" + urlencode(values)


router = APIRouter(include_in_schema=False)
"""The report pages, to include in the server's app."""

_HEADERS = page_headers(STYLE_HASH)


def _page(document: str, status_code: int = 200) -> HTMLResponse:
    return HTMLResponse(document, status_code=status_code, headers=_HEADERS)


def _message(text: str, lang: Language, status_code: int) -> HTMLResponse:
    return _page(render_message(text, lang), status_code)


@router.get("/", response_class=HTMLResponse)
def home(viewer: CurrentViewer, server: TheServer, lang: str | None = None) -> Response:
    account, csrf = viewer.account, viewer.csrf
    chosen = language(lang)
    entries = build_home(server.storage, server.policies, server.clock())
    switch = "/" + _query(lang="fr" if chosen == "en" else "en")
    # The administration is for an administrator's browser session (aggregator.admin).
    admin_link = f"/admin?lang={chosen}" if csrf and account.role is auth.Role.ADMIN else None
    return _page(render_home(entries, chosen, account.name, csrf, switch, admin_link))


@router.get("/groups/{name}", response_model=None)
def group_report(
    viewer: CurrentViewer,
    server: TheServer,
    name: str,
    month: str | None = None,
    lang: str | None = None,
) -> Response:
    """The page, or with a ``.csv`` / ``.pdf`` suffix the same report as a file."""
    csrf = viewer.csrf
    chosen = language(lang)
    group_id, _, suffix = name.partition(".")
    if suffix not in ("", "csv", "pdf"):
        return _message(TEXT[chosen]["not_found"].format(group=name), chosen, 404)
    now = server.clock()
    reader = Reader(server.storage, server.policies, now)
    group = reader.groups.group(group_id)
    if group is None:
        return _message(TEXT[chosen]["not_found"].format(group=group_id), chosen, 404)
    if month is None:
        month = reader.default_month(group)
    try:
        report = build_report(server.storage, server.policies, group_id, month, now)
        surroundings = build_surroundings(server.storage, server.policies, group_id, month, now)
    except PeriodError as error:
        reason = TEXT[chosen]["bad_request"].format(reason=error.said_in(chosen))
        return _message(reason, chosen, 422)
    filename = f"repit-{group_id}-{month}-{chosen}"
    organisation = server.settings.organisation
    if suffix == "csv":
        return _csv_file(render_csv(report, chosen, surroundings), filename)
    if suffix == "pdf":
        document = render_html(report, chosen, None, surroundings, organisation)
        return _pdf_file(html_to_pdf(document), filename)
    previous, following = shift_month(month, -1), shift_month(month, 1)
    base = f"/groups/{group_id}"
    links = Links(
        home=f"/?lang={chosen}",
        switch=base + _query(month=month, lang="fr" if chosen == "en" else "en"),
        csv=f"{base}.csv" + _query(month=month, lang=chosen),
        pdf=f"{base}.pdf" + _query(month=month, lang=chosen),
        compare=f"{base}/compare"
        + _query(around=month, months=DEFAULT_COMPARE_MONTHS, lang=chosen),
        previous=base + _query(month=previous, lang=chosen),
        next=base + _query(month=following, lang=chosen),
        previous_name=month_name(previous, chosen),
        next_name=month_name(following, chosen),
        csrf=csrf,
    )
    return _page(render_html(report, chosen, links, surroundings, organisation))


def _csv_file(text: str, filename: str) -> Response:
    return Response(
        text.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.csv"',
            "Cache-Control": "no-store",
        },
    )


def _pdf_file(document: bytes, filename: str) -> Response:
    return Response(
        document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}.pdf"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/guide", response_class=HTMLResponse)
def guide(lang: str | None = None) -> Response:
    return _page(render_guide(language(lang)))


@router.get("/groups/{group_id}/compare", response_model=None)
def compare(
    viewer: CurrentViewer,
    server: TheServer,
    group_id: str,
    around: str | None = None,
    months: str = str(DEFAULT_COMPARE_MONTHS),
    lang: str | None = None,
) -> Response:
    return _compare(viewer, server, group_id, around, months, lang, "")


@router.get("/groups/{group_id}/compare.csv", response_model=None)
def compare_csv(
    viewer: CurrentViewer,
    server: TheServer,
    group_id: str,
    around: str | None = None,
    months: str = str(DEFAULT_COMPARE_MONTHS),
    lang: str | None = None,
) -> Response:
    return _compare(viewer, server, group_id, around, months, lang, "csv")


@router.get("/groups/{group_id}/compare.pdf", response_model=None)
def compare_pdf(
    viewer: CurrentViewer,
    server: TheServer,
    group_id: str,
    around: str | None = None,
    months: str = str(DEFAULT_COMPARE_MONTHS),
    lang: str | None = None,
) -> Response:
    return _compare(viewer, server, group_id, around, months, lang, "pdf")


def _compare(
    viewer: Viewer,
    server: Server,
    group_id: str,
    around: str | None,
    months: str,
    lang: str | None,
    suffix: str,
) -> Response:
    """The before / after, as a page or a file; by default its "after" side ends with the
    latest released month, so that both sides are published months."""
    csrf = viewer.csrf
    chosen = language(lang)
    now = server.clock()
    reader = Reader(server.storage, server.policies, now)
    group = reader.groups.group(group_id)
    if group is None:
        return _message(TEXT[chosen]["not_found"].format(group=group_id), chosen, 404)
    if not months.isdigit() or not 1 <= int(months) <= MAX_COMPARE_MONTHS:
        reason = (
            f"nombre de mois attendu de 1 à {MAX_COMPARE_MONTHS}, reçu «\u00a0{months}\u00a0»"
            if chosen == "fr"
            else f"months: expected 1..{MAX_COMPARE_MONTHS}, found {months!r}"
        )
        return _message(TEXT[chosen]["bad_request"].format(reason=reason), chosen, 422)
    if around is None:
        latest = reader.latest_released(group) or reader.last_complete_month(group)
        around = shift_month(latest, 1 - int(months))
    try:
        parse_month(around)
        comparison = build_comparison(
            server.storage, server.policies, group_id, around, int(months), now
        )
    except PeriodError as error:
        reason = TEXT[chosen]["bad_request"].format(reason=error.said_in(chosen))
        return _message(reason, chosen, 422)
    organisation = server.settings.organisation
    filename = f"repit-{group_id}-compare-{around}-{months}-{chosen}"
    if suffix == "csv":
        return _csv_file(render_comparison_csv(comparison, chosen), filename)
    if suffix == "pdf":
        document = render_comparison_html(comparison, chosen, None, None, organisation)
        return _pdf_file(html_to_pdf(document), filename)
    base = f"/groups/{group_id}/compare"
    query = {"around": around, "months": months, "lang": chosen}
    links = {
        "home": f"/?lang={chosen}",
        "report": f"/groups/{group_id}" + _query(month=around, lang=chosen),
        "switch": base + _query(**{**query, "lang": "fr" if chosen == "en" else "en"}),
        "csv": f"{base}.csv" + _query(**query),
        "pdf": f"{base}.pdf" + _query(**query),
    }
    return _page(render_comparison_html(comparison, chosen, links, csrf, organisation))
