"""The before / after page: the released months on each side of a change, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from aggregator.reports.content import Comparison, Side
from aggregator.reports.indicators import BY_KEY, INDICATORS, Figure, Unit
from aggregator.reports.render import ENVIRONMENT, STYLESHEET, generated_line, method_note
from aggregator.reports.text import (
    TEXT,
    Language,
    decimal,
    display,
    label,
    month_name,
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
    difference = after.value - before.value
    unit = BY_KEY[before.key].unit
    sign = "+" if difference > 0 else ("−" if difference < 0 else "")
    if unit is Unit.SHARE:
        return TEXT[lang]["points"].format(sign=sign, value=decimal(abs(difference), lang))
    if unit is Unit.MINUTES:
        minutes = round(abs(difference))
        return f"{sign}{minutes}\u00a0min"
    return f"{sign}{decimal(abs(difference), lang)}"


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
    )
