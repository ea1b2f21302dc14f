"""The person's own report (AGENT.md, ``repit-agent report``): one self-contained HTML page.

Pure rendering: figures in, an HTML document out. Nothing is fetched or sent;
the page has no script and refers to no external resource, so it can be
opened, printed or kept without anything leaving the workstation.

The summary covers the completed days only: the current day, when included,
appears in the charts and tables flagged as in progress. The page's parts
are worded apart: ``summary``, ``tables`` (days, weeks, reminders, tool
answers) and ``charts``; this module puts them in the template.
"""

from __future__ import annotations

import jinja2

from agent.report.charts import days_chart, weeks_chart
from agent.report.data import ReportData
from agent.report.summary import REMINDER_KINDS, summary
from agent.report.tables import day_rows, reminder_rows, tool_rows, week_rows
from agent.report.wording import TEXT, format_date, generated, parse_date
from agent.tools.wording import tool_words
from contract.wording import Language

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("agent.report"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_report(data: ReportData, language: Language = "fr") -> str:
    """The complete, self-contained HTML document of the person's own report.

    With no day at all, a friendly "no data yet" page.
    """
    if language not in TEXT:
        raise ValueError(f"unknown language {language!r}: expected 'fr' or 'en'")
    t = TEXT[language]
    common = {
        "lang": language,
        "t": t,
        "generated": t["generated"].format(when=generated(data.generated_at, language)),
        "policy": t["policy"].format(policy=data.policy_name),
    }
    if not data.days:
        empty = {None: "empty_not_chosen", "off": "empty_off"}.get(data.mode, "empty")
        return _ENVIRONMENT.get_template("empty.html.j2").render(**common, empty=empty)

    first, last = parse_date(data.days[0].date), parse_date(data.days[-1].date)
    today = parse_date(data.today) if data.today else None
    has_today = any(day.date == data.today for day in data.days)
    completed = sum(day.date != data.today for day in data.days)
    return _ENVIRONMENT.get_template("report.html.j2").render(
        **common,
        period=t["period"].format(
            start=format_date(first, language) if first else data.days[0].date,
            end=format_date(last, language) if last else data.days[-1].date,
            count=len(data.days),
        ),
        today_note=(
            t["today_note"].format(day=format_date(today, language) if today else data.today)
            if has_today
            else None
        ),
        summary_days=t["summary_days"].format(count=completed),
        summary=summary(data, t, language),
        days_chart=days_chart(data, t, language),
        weeks_chart=weeks_chart(data, t, language) if data.weeks else None,
        reminder_kinds=[t["kind_" + kind.value] for kind in REMINDER_KINDS],
        reminder_rows=reminder_rows(data, language),
        day_rows=day_rows(data, t, language),
        week_rows=week_rows(data, t, language),
        tw=tool_words(language),
        tool_rows=tool_rows(data, language),
        tool_proposals=data.tool_proposals,
    )
