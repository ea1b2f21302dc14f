"""The readers' pages of tool answers (TOOLS.md): distributions per group and tool, and trend.

Routes (a reader's or administrator's session or API token; ``?lang=en`` for English):

- ``GET /tools/answers/{group}?month=YYYY-MM`` (last month by default): for a
  department or a team, each tool's released distribution of satisfaction and
  workload effect with the number of answers, and its 12-month trend;
- ``GET /tools/answers/{group}.csv`` and ``.pdf``: the same figures as a file.

Every figure is a released one (``aggregator.tool_releases``): a group-month
held back by the release rules shows no figure and no count, in every format.
"""

# No `from __future__ import annotations`: FastAPI reads the routes' annotations at run time.

import csv
import html
import io
import re

from fastapi import APIRouter, Request
from fastapi.responses import Response

from aggregator.dependencies import CurrentViewer, TheServer
from aggregator.groups import Group
from aggregator.impact import month_label, shift
from aggregator.tool_page import document, not_found, page
from aggregator.tool_releases import ToolFigures, ToolReleases, tool_releases
from aggregator.tools_text import TEXT, month_words
from aggregator.tools_web import distribution
from contract.prio3.repit import TOOL_NOT_USED, TOOL_SATISFACTION, TOOL_WORKLOAD
from contract.wording import Language, format_decimal, format_number, format_percent, language_of

TREND_MONTHS = 12
_MONTH = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")
_SLOTS = (*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED)

router = APIRouter(include_in_schema=False)


def _trend(releases: ToolReleases, group: str, tool: str, month: str, lang: Language) -> str:
    t = TEXT[lang]
    rows = []
    for back in range(TREND_MONTHS - 1, -1, -1):
        shown = shift(month, -back)
        found = releases.figures(group, tool, shown)
        if found is None:
            cells = f"<td colspan='3' class='held-cell'>{html.escape(t['trend_held'])}</td>"
        else:
            mean, heavier = found.mean_satisfaction(), found.heavier_share()
            # Labelled: at 400 px each row is a block, its cells named (the reports' CSS).
            cells = "".join(
                f"<td class='num' data-label='{html.escape(t[key])}'>{value}</td>"
                for key, value in (
                    ("trend_answers", format_number(found.answers, lang)),
                    ("trend_mean", "—" if mean is None else format_decimal(mean, lang)),
                    (
                        "trend_heavier",
                        "—" if heavier is None else format_percent(100 * heavier, lang, 0),
                    ),
                )
            )
        rows.append(f"<tr><th scope='row'>{month_words(shown, lang)}</th>{cells}</tr>")
    head = "".join(
        f"<th scope='col'>{html.escape(t[key])}</th>"
        for key in ("trend_month", "trend_answers", "trend_mean", "trend_heavier")
    )
    return (
        f"<h3>{html.escape(t['trend_title'])}</h3>"
        f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _body(releases: ToolReleases, group: Group, month: str, lang: Language, links: bool) -> str:
    t = TEXT[lang]
    size = group.department.privacy.min_group_size
    parts = [f"<p>{html.escape(t['answers_intro'].format(size=size))}</p>"]
    if links:
        department = group.department
        members = [(department.id, department.name)] + [(x.id, x.name) for x in department.teams]
        items = "".join(
            f'<li><a href="/tools/answers/{gid}?month={month}&amp;lang={lang}">'
            f"{html.escape(name)}</a></li>"
            for gid, name in members
        )
        files = " · ".join(
            f'<a href="/tools/answers/{group.id}.{suffix}?month={month}&amp;lang={lang}">'
            f"{html.escape(t[key])}</a>"
            for suffix, key in (("csv", "csv_link"), ("pdf", "pdf_link"))
        )
        parts.append(f"<nav><h2>{html.escape(t['answers_groups'])}</h2><ul>{items}</ul></nav>")
        parts.append(f"<p>{files}</p>")
    for tool in group.department.tools:
        found = releases.figures(group.id, tool.id, month)
        shown = (
            distribution(found, lang, level=3)
            if found is not None
            else f"<p>{html.escape(t['answers_held'])}</p>"
        )
        trend = _trend(releases, group.id, tool.id, month, lang)
        parts.append(f"<section><h2>{html.escape(tool.name)}</h2>{shown}{trend}</section>")
    return "".join(parts)


def _csv(releases: ToolReleases, group: Group, month: str, lang: Language) -> str:
    """UTF-8 with BOM; in French ``;``-separated, in English ``,``: as the reports' CSV."""
    t = TEXT[lang]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if lang == "fr" else ",", lineterminator="\r\n")
    writer.writerow(
        [t[k] for k in ("csv_group", "csv_month", "csv_tool", "csv_answer", "csv_count")]
    )
    for tool in group.department.tools:
        for back in range(TREND_MONTHS - 1, -1, -1):
            shown = shift(month, -back)
            found: ToolFigures | None = releases.figures(group.id, tool.id, shown)
            if found is None:
                continue  # held back: no row, no count
            writer.writerow([group.id, shown, tool.id, t["csv_answers"], found.answers])
            for slot in _SLOTS:
                writer.writerow([group.id, shown, tool.id, slot, found.counts.get(slot, 0)])
    return "\ufeff" + out.getvalue()


@router.get("/tools/answers/{name}")
def answers(
    name: str,
    request: Request,
    server: TheServer,
    viewer: CurrentViewer,
    month: str | None = None,
) -> Response:
    """The page, or with a ``.csv`` / ``.pdf`` suffix the same figures as a file."""
    lang = language_of(request.query_params.get("lang"))
    t = TEXT[lang]
    group_id, _dot, suffix = name.partition(".")
    group = server.groups.group(group_id)
    chosen = month if month is not None else shift(month_label(server.clock().date()), -1)
    if (
        group is None
        or not group.department.tools
        or suffix not in ("", "csv", "pdf")
        or not _MONTH.fullmatch(chosen)
    ):
        return not_found(request, lang, viewer.csrf)
    releases = tool_releases(request)
    title = t["answers_title"].format(group=group.name, month=month_words(chosen, lang))
    filename = f"repit-outils-{group.id}-{chosen}-{lang}"
    if suffix == "csv":
        return Response(
            _csv(releases, group, chosen, lang).encode("utf-8"),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
        )
    if suffix == "pdf":
        from aggregator.reports.render import html_to_pdf

        pdf = html_to_pdf(document(title, _body(releases, group, chosen, lang, False), lang))
        return Response(
            pdf,
            media_type="application/pdf",
            headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'},
        )
    return page(request, title, _body(releases, group, chosen, lang, True), lang, csrf=viewer.csrf)
