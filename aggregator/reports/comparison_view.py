"""The before / after page: the released months on each side of a change, side by side.

The same worded rows make the page, its PDF (the page printed) and its CSV
(``csv_export``). A warning says when the sides are uneven: fewer released
months on one side, or clearly fewer devices, so that a change is not read
into a difference of coverage.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from aggregator.organisation import Organisation
from aggregator.reports.benchmarks import fewer_devices
from aggregator.reports.content import Comparison, Side
from aggregator.reports.indicators import INDICATORS, Figure
from aggregator.reports.render import ENVIRONMENT, STYLESHEET
from aggregator.reports.report_view import abbreviations, generated_line, method_note
from aggregator.reports.text import (
    TEXT,
    Language,
    display,
    label,
    month_name,
    signed_change,
)


@dataclass(frozen=True)
class CompareRow:
    key: str
    label: str
    before: str
    after: str
    change: str


@dataclass(frozen=True)
class SideView:
    title: str
    released: bool
    months_released: str
    devices: str


def _side_view(side: Side, key: str, lang: Language) -> SideView:
    t = TEXT[lang]
    title = t[key].format(
        first=month_name(side.months[0], lang), last=month_name(side.months[-1], lang)
    )
    if not side.released:
        return SideView(title, False, "", "")
    low, high = side.devices_low, side.devices_high
    devices = (
        t["devices_value"].format(count=low)
        if low == high
        else t["devices_range"].format(low=low, high=high)
    )
    released = t["months_released_value"].format(
        count=len(side.released_months), total=len(side.months)
    )
    return SideView(title, True, released, devices)


def _change(before: Figure, after: Figure, lang: Language) -> str:
    if before.value is None or after.value is None:
        return TEXT[lang]["none"]
    return signed_change(before.key, after.value - before.value, lang)


def warnings(comparison: Comparison, lang: Language) -> tuple[str, ...]:
    """What makes the two sides uneven, in words; empty when they are comparable."""
    t = TEXT[lang]
    before, after = comparison.before, comparison.after
    if not before.released or not after.released:
        return (t["warn_unreleased"],)
    found = []
    if len(before.released_months) != len(after.released_months):
        found.append(
            t["warn_months"].format(
                before=len(before.released_months), after=len(after.released_months)
            )
        )
    low_before, low_after = before.devices_low or 0, after.devices_low or 0
    if fewer_devices(low_before, low_after):
        found.append(t["warn_devices"].format(before=low_before, after=low_after))
    return tuple(found)


def comparison_rows(comparison: Comparison, lang: Language) -> tuple[CompareRow, ...]:
    before, after = comparison.before, comparison.after
    held = TEXT[lang]["held_back"]
    rows = []
    for indicator in INDICATORS:
        key = indicator.key
        left = display(before.figures[key], lang) if before.released else held
        right = display(after.figures[key], lang) if after.released else held
        change = (
            _change(before.figures[key], after.figures[key], lang)
            if before.released and after.released
            else TEXT[lang]["none"]
        )
        rows.append(CompareRow(key, label(key, lang), left, right, change))
    return tuple(rows)


def render_comparison_html(
    comparison: Comparison,
    lang: Language,
    links: dict[str, str] | None = None,
    csrf: str | None = None,
    organisation: Organisation | None = None,
) -> str:
    t = TEXT[lang]
    group = comparison.group
    around = month_name(comparison.around, lang)
    return ENVIRONMENT.get_template("compare.html.j2").render(
        t=t,
        lang=lang,
        style=Markup(STYLESHEET),
        title=t["compare_title"].format(month=around, group=group.name),
        group=group,
        around=comparison.around,
        around_name=around,
        months_each=comparison.months_each,
        intro=t["compare_intro"].format(count=comparison.months_each, month=around),
        before=_side_view(comparison.before, "before", lang),
        after=_side_view(comparison.after, "after", lang),
        rows=comparison_rows(comparison, lang),
        method=method_note(group.min_group_size, lang),
        generated=generated_line(comparison.generated, lang),
        links=links,
        csrf=csrf,
        warnings=warnings(comparison, lang),
        abbreviations=abbreviations(lang),
        organisation=organisation or Organisation(),
        offline=links is None,
    )
