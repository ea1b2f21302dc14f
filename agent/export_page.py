"""All the person's local data as a page they can read: one table per kind, French headers.

``repit-agent export`` writes JSON or CSV for programs; this is for people,
and what the tray's "Exporter mes données" writes: dates and times in the
person's own time zone and words ("22 h 03", "2 h 05", "semaine 10 de
2026"), every table the store holds. The device token of an enrollment is
left out: it is a secret, not the person's data, and a page gets shared.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from html import escape
from typing import Any, Final
from zoneinfo import ZoneInfo

from agent.texts import format_count, format_duration, time_of_day, week_name
from agent.texts.typography import french_typography
from contract.wording import Language

Cell = Callable[[Any], str]

_TITLES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "page": "Mes données Répit",
        "intro": "Tout ce que Répit garde sur cet ordinateur, au {when}.",
        "empty": "Rien dans cette table.",
        "settings": "Réglages",
        "engine": "État du calcul en cours",
        "spans": "Périodes d'activité à l'écran",
        "reminders": "Rappels affichés",
        "snoozes": "Rappels reportés ou suspendus",
        "days": "Chiffres par jour",
        "weeks": "Chiffres par semaine",
        "outbox": "Envois préparés",
        "yes": "oui",
        "no": "non",
    },
    "en": {
        "page": "My Répit data",
        "intro": "Everything Répit keeps on this computer, as of {when}.",
        "empty": "Nothing in this table.",
        "settings": "Settings",
        "engine": "State of the calculation under way",
        "spans": "Periods of activity at the screen",
        "reminders": "Reminders shown",
        "snoozes": "Reminders snoozed or paused",
        "days": "Figures per day",
        "weeks": "Figures per week",
        "outbox": "Prepared uploads",
        "yes": "yes",
        "no": "no",
    },
}

_HEADERS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "key": "Réglage", "value": "Valeur", "state": "État", "start": "Début", "end": "Fin",
        "duration": "Durée", "time": "Heure", "kind": "Rappel", "reason": "Raison",
        "date": "Date", "week": "Semaine", "monday": "Lundi", "period": "Période",
        "status": "État", "attempts": "Tentatives", "created": "Préparé le",
        "contribution": "Sommes prêtes à l'envoi",
        "active_minutes": "Temps d'écran", "working_day": "Jour travaillé",
        "first_activity": "Première activité", "last_activity": "Dernière activité",
        "amplitude_minutes": "Amplitude", "breaks": "Pauses",
        "longest_stretch_minutes": "Plus longue période sans pause",
        "after_hours_minutes": "Hors horaires", "night_minutes": "La nuit",
        "rest_before_minutes": "Repos avant la journée",
        "active_over_10h": "Plus de 10 h d'écran",
        "amplitude_over_12h": "Amplitude de plus de 12 h",
        "rest_under_11h": "Repos de moins de 11 h", "no_break_6h": "6 h sans pause",
        "long_stretch": "Longue période sans pause", "after_hours_active": "Actif hors horaires",
        "night_active": "Actif la nuit", "non_working_day_active": "Actif un jour non travaillé",
        "over_48h": "Plus de 48 h", "rest_under_35h": "Repos de moins de 35 h",
        "avg_12w_over_44h": "Plus de 44 h en moyenne sur 12 semaines",
    },
    "en": {
        "key": "Setting", "value": "Value", "state": "State", "start": "Start", "end": "End",
        "duration": "Duration", "time": "Time", "kind": "Reminder", "reason": "Reason",
        "date": "Date", "week": "Week", "monday": "Monday", "period": "Period",
        "status": "Status", "attempts": "Attempts", "created": "Prepared on",
        "contribution": "Sums ready to send",
        "active_minutes": "Screen time", "working_day": "Working day",
        "first_activity": "First activity", "last_activity": "Last activity",
        "amplitude_minutes": "Span of the day", "breaks": "Breaks",
        "longest_stretch_minutes": "Longest stretch without a break",
        "after_hours_minutes": "Outside working hours", "night_minutes": "At night",
        "rest_before_minutes": "Rest before the day",
        "active_over_10h": "Over 10 h at the screen", "amplitude_over_12h": "Span over 12 h",
        "rest_under_11h": "Rest under 11 h", "no_break_6h": "6 h without a break",
        "long_stretch": "Long stretch without a break",
        "after_hours_active": "Active outside working hours", "night_active": "Active at night",
        "non_working_day_active": "Active on a non-working day",
        "over_48h": "Over 48 h", "rest_under_35h": "Rest under 35 h",
        "avg_12w_over_44h": "Over 44 h on average over 12 weeks",
    },
}  # fmt: skip

_SETTING_NAMES: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "mode": "Participation", "recording_since": "Enregistrement depuis",
        "paused_until": "Rappels suspendus jusqu'à", "team": "Équipe",
        "source": "Source de l'activité", "last_upload": "Dernier envoi",
        "enrollment": "Inscription", "language": "Langue",
    },
    "en": {
        "mode": "Participation", "recording_since": "Recording since",
        "paused_until": "Reminders paused until", "team": "Team",
        "source": "Source of activity", "last_upload": "Last upload",
        "enrollment": "Enrollment", "language": "Language",
    },
}  # fmt: skip

_VALUE_WORDS: Final[dict[Language, dict[str, str]]] = {
    "fr": {
        "break": "pause", "disconnect": "déconnexion", "short_rest": "repos court",
        "daily_limit": "longue journée", "early": "avant la journée", "evening": "le soir",
        "between_windows": "pause de l'horaire", "non_working_day": "jour non travaillé",
        "day": "jour", "week": "semaine", "pending": "en attente", "sent": "envoyé",
        "failed": "refusé",
    },
    "en": {"short_rest": "short rest", "daily_limit": "long day",
           "between_windows": "break in the schedule", "non_working_day": "non-working day"},
}  # fmt: skip

_INSTANT_SETTINGS: Final = frozenset({"recording_since", "paused_until"})

for _words in (_TITLES, _HEADERS, _SETTING_NAMES, _VALUE_WORDS):
    # Written plainly above; typeset like the rest of the French desktop texts.
    _words["fr"] = {key: french_typography(text) for key, text in _words["fr"].items()}

_STYLE: Final = (
    "body{font-family:system-ui,sans-serif;margin:2rem;color:#1e1e1e}"
    "table{border-collapse:collapse;margin:0 0 2rem}"
    "th,td{border:1px solid #888;padding:.25rem .5rem;text-align:left;vertical-align:top}"
    "th{background:#eee}"
)


def export_page(
    tables: Mapping[str, Sequence[Mapping[str, Any]]],
    language: Language,
    timezone: str,
    now: float,
) -> str:
    """The page of ``tables`` (``Store.export()``), dates in ``timezone``, as of ``now``."""
    zone = ZoneInfo(timezone)
    words = _TITLES[language]
    heads = _HEADERS[language]

    def local(instant: Any) -> str:
        moment = datetime.fromtimestamp(int(instant), zone)
        return f"{moment.date().isoformat()} {time_of_day(moment, language)}"

    def word(value: Any) -> str:
        text = "" if value is None else str(value)
        return _VALUE_WORDS[language].get(text, text)

    def yes_no(value: Any) -> str:
        return words["yes"] if value else words["no"]

    def figure(name: str, value: Any) -> str:
        if isinstance(value, bool):
            return yes_no(value)
        if name.endswith("_minutes") and isinstance(value, int):
            return format_duration(value, language)
        if isinstance(value, int):
            return format_count(value, language)
        return "" if value is None else str(value)

    def setting(row: Mapping[str, Any]) -> list[str]:
        key, value = str(row["key"]), row["value"]
        name = _SETTING_NAMES[language].get(key, key)
        if key in _INSTANT_SETTINGS and str(value).isdigit():
            return [name, local(value)]
        if key == "mode" and value:
            from agent.participation import Mode
            from agent.texts import mode_name

            return [name, mode_name(Mode(value), language)]
        if key == "enrollment":
            joined = json.loads(value)
            return [name, ", ".join(str(joined.get(k, "")) for k in ("url", "team", "department"))]
        return [name, str(value)]

    def figures_row(first: list[str], raw: str | None) -> tuple[list[str], list[str]]:
        values = json.loads(raw) if raw else {}
        names = [k for k in values if k not in {"date", "week"}]
        return [heads.get(k, k) for k in names], first + [figure(k, values[k]) for k in names]

    sections: list[tuple[str, list[str], list[list[str]]]] = []
    sections.append(
        (
            "settings",
            [heads["key"], heads["value"]],
            [setting(r) for r in tables.get("settings", [])],
        )
    )
    sections.append(
        (
            "spans",
            [heads["start"], heads["end"], heads["duration"]],
            [
                [
                    local(r["start"]),
                    local(r["end"]),
                    format_duration((r["end"] - r["start"]) // 60, language),
                ]
                for r in tables.get("spans", [])
            ],
        )
    )
    sections.append(
        (
            "reminders",
            [heads["time"], heads["kind"], heads["reason"]],
            [
                [local(r["time"]), word(r["kind"]), word(r.get("reason"))]
                for r in tables.get("reminders", [])
            ],
        )
    )
    sections.append(
        ("snoozes", [heads["time"]], [[local(r["time"])] for r in tables.get("snoozes", [])])
    )
    for name, first_header in (("days", "date"), ("weeks", "week")):
        rows: list[list[str]] = []
        header: list[str] = [heads[first_header]]
        for row in tables.get(name, []):
            first = (
                [str(row["date"])] if name == "days" else [week_name(str(row["week"]), language)]
            )
            names, cells = figures_row(first, row.get("figures"))
            header = [heads[first_header], *names, heads["contribution"]]
            rows.append([*cells, _values(row.get("contribution"), language)])
        sections.append((name, header, rows))
    sections.append(
        (
            "outbox",
            [heads["period"], heads["kind"], heads["status"], heads["attempts"], heads["created"]],
            [
                [
                    str(r["period"]),
                    word(r["kind"]),
                    word(r["status"]),
                    str(r["attempts"]),
                    local(r["created"]),
                ]
                for r in tables.get("outbox", [])
            ],
        )
    )
    sections.append(
        ("engine", [heads["state"]], [[str(r["state"])] for r in tables.get("engine", [])])
    )
    moment = datetime.fromtimestamp(int(now), zone)
    when = f"{moment.date().isoformat()} {time_of_day(moment, language)}"
    parts = [
        "<!doctype html>",
        f'<html lang="{language}"><head><meta charset="utf-8">',
        f"<title>{escape(words['page'])}</title><style>{_STYLE}</style></head><body>",
        f"<h1>{escape(words['page'])}</h1>",
        f"<p>{escape(words['intro'].format(when=when))}</p>",
    ]
    for name, headings, table_rows in sections:
        parts.append(f"<h2>{escape(words[name])}</h2>")
        if not table_rows:
            parts.append(f"<p>{escape(words['empty'])}</p>")
            continue
        parts.append("<table><thead><tr>")
        parts += [f'<th scope="col">{escape(cell)}</th>' for cell in headings]
        parts.append("</tr></thead><tbody>")
        for line in table_rows:
            parts.append("<tr>" + "".join(f"<td>{escape(cell)}</td>" for cell in line) + "</tr>")
        parts.append("</tbody></table>")
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _values(raw: str | None, language: Language) -> str:
    if not raw:
        return ""
    values = json.loads(raw)
    return ", ".join(
        f"{key} = {format_count(value, language)}"
        for key, value in values.items()
        if isinstance(value, int)
    )
