"""The impact study as HTML, for its page and its PDF (the same document)."""

from __future__ import annotations

import html

from aggregator.impact import AFTER, Figures, Study
from aggregator.reports.month_names import long_date
from aggregator.storage.tools import Deployment
from aggregator.tools_text import ROW_KEYS, TEXT, month_words
from contract.wording import Language, format_decimal, format_number, format_percent

_DIGITS = {"breaks": 1, "satisfaction": 1}
_SHARES = frozenset({"no_break_6h", "over_10h", "rest_under_11h", "over_48h", "heavier"})


def figure(name: str, value: float | None, lang: Language) -> str:
    if value is None:
        return "—"
    if name in _SHARES:
        return format_percent(value * 100, lang, 0)
    digits = _DIGITS.get(name, 0)
    return format_decimal(value, lang, digits) if digits else format_number(value, lang)


def _after(months: int, lang: Language) -> str:
    """A column's heading: "1 month after", "3 months after"."""
    t = TEXT[lang]
    return t["after_one"] if months == 1 else t["after"].format(months=months)


def study_document(
    deployment: Deployment,
    tool_name: str,
    result: Study,
    lang: Language,
    group_name: str | None = None,
) -> str:
    """The body of the study: what, when, the table side by side, the method."""
    t = TEXT[lang]
    columns: list[tuple[str, Figures]] = [(t["baseline"], result.baseline)]
    if not result.before_deployment:
        columns += [(_after(months, lang), result.after[months]) for months in AFTER]

    def row(label: str, cells: list[str]) -> str:
        # Each cell names its column: at 400 px a row is a block (the reports' CSS).
        return (
            f"<tr><th scope='row'>{html.escape(label)}</th>"
            + "".join(
                f"<td data-label='{html.escape(column)}'>{html.escape(cell)}</td>"
                for (column, _), cell in zip(columns, cells, strict=True)
            )
            + "</tr>"
        )

    def counts(values: tuple[int, ...]) -> str:
        return " / ".join(format_number(n, lang) for n in values) or "—"

    rows = [
        row(
            t["months"],
            [
                ", ".join(month_words(m, lang) for m in f.months) or t["unreleased"]
                for _, f in columns
            ],
        ),
        row(t["devices"], [counts(f.devices) for _, f in columns]),
        row(t["week_devices"], [counts(f.week_devices) for _, f in columns]),
        row(
            t["tool_answers"],
            [
                format_number(f.tool_answers, lang) if f.tool_answers is not None else "—"
                for _, f in columns
            ],
        ),
        *(
            row(t[f"row_{name}"], [figure(name, getattr(f, name), lang) for _, f in columns])
            for name in ROW_KEYS
        ),
    ]
    head = "".join(f"<th scope='col'>{html.escape(label)}</th>" for label, _ in columns)
    header = t["study_header"].format(
        tool=tool_name,
        tool_id=deployment.tool,
        group=group_name or deployment.group,
        date=long_date(deployment.date, lang),
    )
    if deployment.note:
        header += f" — {deployment.note}"
    ahead = f"<p><strong>{html.escape(t['ahead'])}</strong></p>" if result.before_deployment else ""
    return (
        f"<p>{html.escape(header)}</p>{ahead}"
        f"<div class='table-wrap'><table class='study'><thead><tr>"
        f"<th scope='col'>{html.escape(t['figure'])}</th>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
        f"<h2>{html.escape(t['method_title'])}</h2><p>{html.escape(t['method'])}</p>"
    )
