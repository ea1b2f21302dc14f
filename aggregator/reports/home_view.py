"""The home page: each department's latest released month, what changed, which teams stand out.

For each department: its headline figures for the latest released month,
each with the change from the month before and from the department's own
median over the 12 months up to it (released months only); then its teams,
each with its device count, or why it is held back, and in words whether it
stands far from its department on a headline figure. Everything is read
through the same ``Reader`` as the reports and compared in
``benchmarks``: nothing but released figures.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from markupsafe import Markup

from aggregator.reports.benchmarks import Side, difference, far_from
from aggregator.reports.content import (
    TREND_MONTHS,
    DepartmentEntry,
    GroupMonth,
    Reader,
    build_overview,
    shift_month,
)
from aggregator.reports.render import ENVIRONMENT, STYLESHEET
from aggregator.reports.report_view import held_explained
from aggregator.reports.surroundings import released_median
from aggregator.reports.text import (
    TEXT,
    Language,
    display,
    display_value,
    label,
    month_name,
    signed_change,
)
from aggregator.storage import Storage
from contract.policy.model import Policy

HEADLINE_KEYS: tuple[str, ...] = ("over_7h", "after_hours", "no_break_6h", "over_48h")
"""The figures a department's summary shows, and on which a team is "far" from it."""


@dataclass(frozen=True)
class HomeEntry:
    entry: DepartmentEntry
    min_group_size: int
    previous: GroupMonth | None
    """The department's month before its latest released one."""
    year: tuple[GroupMonth, ...]
    """The department's 12 months up to its latest released one."""


def build_home(
    storage: Storage, policies: Mapping[str, Policy], now: datetime
) -> tuple[HomeEntry, ...]:
    reader = Reader(storage, policies, now)
    entries = []
    for entry in build_overview(storage, policies, now):
        department = reader.group(entry.department.id)
        previous = None
        year: tuple[GroupMonth, ...] = ()
        if entry.latest is not None:
            previous = reader.group_month(department, shift_month(entry.latest, -1))
            year = tuple(
                reader.group_month(department, shift_month(entry.latest, offset))
                for offset in range(1 - TREND_MONTHS, 1)
            )
        entries.append(
            HomeEntry(entry, department.department.privacy.min_group_size, previous, year)
        )
    return tuple(entries)


def _headline(home: HomeEntry, lang: Language) -> list[dict[str, str]]:
    t = TEXT[lang]
    department = home.entry.department
    if not department.released:
        return []
    rows = []
    for key in HEADLINE_KEYS:
        found = department.figures[key]
        previous = home.previous
        before = previous.figures[key].value if previous is not None and previous.released else None
        middle, count = released_median(home.year, key)
        rows.append(
            {
                "key": key,
                "label": label(key, lang),
                "value": display(found, lang),
                "previous": signed_change(key, difference(found, before), lang),
                "median": signed_change(key, difference(found, middle), lang),
                "median_note": t["median_of"].format(
                    count=count, value=display_value(key, middle, lang)
                ),
            }
        )
    return rows


def _marks(team: GroupMonth, department: GroupMonth, lang: Language) -> list[str]:
    """In words, each headline figure on which ``team`` stands far from ``department``."""
    if not team.released or not department.released:
        return []
    t = TEXT[lang]
    marks = []
    for key in HEADLINE_KEYS:
        side = far_from(team.figures[key], department.figures[key])
        if side is None:
            continue
        template = t["far_above"] if side is Side.ABOVE else t["far_below"]
        marks.append(
            template.format(
                label=label(key, lang),
                team=display(team.figures[key], lang),
                department=display(department.figures[key], lang),
            )
        )
    return marks


def render_home(
    homes: Sequence[HomeEntry],
    lang: Language,
    account: str,
    csrf: str | None,
    switch: str,
    admin_link: str | None = None,
) -> str:
    """The home page; ``admin_link`` (to the administration) for an administrator's session."""
    t = TEXT[lang]
    departments = []
    for home in homes:
        entry = home.entry
        department = entry.department
        departments.append(
            {
                "id": department.id,
                "name": department.name,
                "month": department.month,
                "month_name": month_name(department.month, lang),
                "latest": (
                    t["latest"].format(month=month_name(entry.latest, lang))
                    if entry.latest
                    else t["no_release"]
                ),
                "devices": (
                    t["devices_value"].format(count=department.devices)
                    if department.released
                    else held_explained(department, home.min_group_size, lang)
                ),
                "previous_name": month_name(shift_month(department.month, -1), lang),
                "headline": _headline(home, lang),
                "teams": [
                    {
                        "id": team.id,
                        "name": team.name,
                        "status": (
                            t["devices_value"].format(count=team.devices)
                            if team.released
                            else held_explained(team, home.min_group_size, lang)
                        ),
                        "marks": _marks(team, department, lang),
                    }
                    for team in entry.teams
                ],
            }
        )
    return ENVIRONMENT.get_template("home.html.j2").render(
        t=t,
        lang=lang,
        style=Markup(STYLESHEET),
        title=t["app"],
        departments=departments,
        account=account,
        csrf=csrf,
        switch=switch,
        admin_link=admin_link,
    )
