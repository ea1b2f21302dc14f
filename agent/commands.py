"""The library behind ``repit-agent``'s commands that need no running agent.

Each function takes the store (or the data folder) and returns values; the
CLI only parses options and prints.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Any

import psutil

from agent.core.contribution import DayReminders
from agent.core.localdays import local_date, local_iso
from agent.core.reminders import ReminderKind
from agent.instance import running_pid
from agent.participation import Mode
from agent.pending_enrollment import pending_enrollment
from agent.private import write_private
from agent.store import Store, figures_of_day, forget
from agent.texts import Language
from contract.contribution import Kind
from contract.policy.model import Policy

REPORT_DAYS = 30
REPORT_WEEKS = 12


def status(store: Store, policy: Policy, data_dir: Path, now: float) -> dict[str, Any]:
    """What ``repit-agent status`` shows: mode, today's figures, the last break, the agent."""
    mode = store.mode()
    state = store.engine_state()
    instant = int(now)
    today = None
    since_break: int | None = None
    if mode is not None and mode.records:
        today = asdict(figures_of_day(store, policy, local_date(instant, policy.timezone)))
        if state is not None:
            since_break = state.minutes_since_break(instant, policy.breaks.min_break_minutes * 60)
    paused = store.setting("paused_until")
    pid = running_pid(data_dir)
    return {
        "mode": mode.value if mode is not None else None,
        "policy": policy.id,
        "today": today,
        "minutes_since_last_break": since_break,
        "next_break_reminder_in_minutes": (
            max(0, policy.breaks.every_minutes - since_break)
            if since_break is not None and policy.breaks.enabled
            else None
        ),
        "reminders_paused_until": (
            local_iso(int(paused), policy.timezone) if paused and int(paused) > instant else None
        ),
        "team": store.setting("team"),
        "enrollment_pending": pending_enrollment(store),
        "policy_from_aggregator": _policy_sync(store),
        "last_upload": store.setting("last_upload"),
        "agent": _agent_process(pid, store),
        "data_dir": str(data_dir),
    }


def _policy_sync(store: Store) -> dict[str, Any] | None:
    from agent.policy_sync import sync_status

    synced = sync_status(store)
    return None if synced is None else asdict(synced)


def _agent_process(pid: int | None, store: Store) -> dict[str, Any]:
    if pid is None:
        return {"running": False}
    info: dict[str, Any] = {"running": True, "pid": pid, "source": store.setting("source")}
    try:
        process = psutil.Process(pid)
        with process.oneshot():
            info["cpu_percent"] = process.cpu_percent(interval=0.2)
            info["rss_mb"] = round(process.memory_info().rss / 2**20, 1)
    except psutil.Error:
        pass
    return info


def set_participation(store: Store, mode: Mode, now: float) -> None:
    """The person's choice, from the tray or the command line.

    Leaving ``share`` drops what waits in the outbox at once; recording starts
    with the first choice that records.
    """
    from agent.upload import leave_share

    if store.mode() is Mode.SHARE and mode is not Mode.SHARE:
        leave_share(store)
    store.set_mode(mode)
    if mode.records and store.setting("recording_since") is None:
        store.set_setting("recording_since", str(int(now)))


def export_readable(
    store: Store, folder: Path, language: Language, timezone: str, now: float
) -> Path:
    """Writes all local data as a page a person reads (``agent.export_page``) into ``folder``."""
    from agent.export_page import export_page

    day = local_date(int(now), timezone).isoformat()
    name = f"mes-donnees-repit-{day}.html" if language == "fr" else f"my-repit-data-{day}.html"
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    write_private(path, export_page(store.export(), language, timezone, now))
    return path


def preview(store: Store) -> list[dict[str, Any]]:
    """Before enrolling: the values an upload would carry, one per completed day and week.

    Only the period, the kind and the integer values of MEASURES.md §8: no
    identifier, no time of day. Once enrolled, ``agent.upload.pending_with_values``
    shows them beside the exact encrypted body.
    """
    return [
        {"kind": kind.value, "period": period, "values": values}
        for kind, period, values in store.contributions()
    ]


def export(
    store: Store,
    output_format: str,
    language: Language = "fr",
    timezone: str = "Europe/Paris",
    now: float = 0.0,
) -> str:
    """All local data, as JSON (one document), CSV (one section per table) or a
    page a person reads ("html": local times, French headers in French)."""
    tables = store.export()
    if output_format == "html":
        from agent.export_page import export_page

        return export_page(tables, language, timezone, now)
    if output_format == "json":
        return json.dumps(tables, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    for name, rows in tables.items():
        buffer.write(f"# {name}\n")
        if rows:
            writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
        buffer.write("\n")
    return buffer.getvalue()


def forget_everything(data_dir: Path, database: Path) -> list[Path]:
    """Delete all local data (the database, its journals, the report) and the enrollment."""
    removed = forget(database)
    report = data_dir / "report.html"
    if report.exists():
        report.unlink()
        removed.append(report)
    return removed


def write_report(store: Store, policy: Policy, language: Language, path: Path, now: float) -> Path:
    """Render the person's own report (last 30 days, 12 weeks) to ``path``."""
    from agent.report import ReportData, render_report

    instant = int(now)
    today = local_date(instant, policy.timezone)
    first = today - timedelta(days=REPORT_DAYS - 1)
    days = [d for d in store.days(first) if d.date < today.isoformat()]
    # The reminder counts of a kept day are those of its contribution: spans
    # and reminder times are purged after 35 days, the counts stay.
    reminders = {
        period: _reminders_of(values)
        for kind, period, values in store.contributions(first)
        if kind is Kind.DAY
    }
    mode = store.mode()
    if mode is not None and mode is not Mode.OFF:
        days.append(figures_of_day(store, policy, today))
    weeks = store.weeks(today - timedelta(weeks=REPORT_WEEKS))[-REPORT_WEEKS:]
    data = ReportData(
        generated_at=local_iso(instant, policy.timezone),
        policy_name=policy.name,
        days=days,
        weeks=weeks,
        reminders=reminders,
        mode=mode.value if mode is not None else None,
        today=today.isoformat() if days and days[-1].date == today.isoformat() else None,
        daily_limit_minutes=policy.daily_limit.minutes,
        every_minutes=policy.breaks.every_minutes,
        **tool_report_data(store, policy),
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    write_private(path, render_report(data, language))  # the person's own figures
    return path


def tool_report_data(store: Store, policy: Policy) -> dict[str, Any]:
    """The person's tool answers and proposals, for their report (TOOLS.md)."""
    from agent.core.tool_answers import Rating
    from agent.report.data import ToolAnswerRow
    from agent.tools.storage import answers, sent_proposals

    names = {tool.id: tool.name for tool in policy.tools}
    rows = [
        ToolAnswerRow(
            a.month,
            a.tool,
            names.get(a.tool, a.tool),
            a.answer.satisfaction if isinstance(a.answer, Rating) else None,
            a.answer.workload.value if isinstance(a.answer, Rating) else None,
        )
        for a in answers(store)
    ]
    proposals = [(m, names.get(t, t), text) for m, t, text in sent_proposals(store)]
    return {"tool_answers": rows, "tool_proposals": proposals}


def _reminders_of(values: dict[str, int]) -> DayReminders:
    return DayReminders(
        shown={kind: values[f"reminders_{kind.value}"] for kind in ReminderKind},
        breaks_after_reminder=values["breaks_after_reminder"],
        snoozed=values["reminders_snoozed"],
    )
