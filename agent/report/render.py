"""The person's own report (AGENT.md, ``repit-agent report``): one self-contained HTML page.

Pure rendering: figures in, an HTML document out. Nothing is fetched or sent;
the page has no script and refers to no external resource, so it can be
opened, printed or kept without anything leaving the workstation.

The summary covers the completed days only: the current day, when included,
appears in the charts and tables flagged as in progress.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

import jinja2
from markupsafe import Markup

from agent.core.contribution import DayReminders
from agent.core.days import ACTIVE_OVER_10H_MINUTES, DayFigures
from agent.core.reminders import ReminderKind
from agent.core.weeks import AVERAGE_OVER_44H_MINUTES, OVER_48H_MINUTES, WeekFigures
from contract.charts import Mark, bar_chart
from contract.formatting import format_duration

Language = Literal["fr", "en"]

NBSP = "\u00a0"
REMINDER_KINDS: tuple[ReminderKind, ...] = (
    ReminderKind.BREAK,
    ReminderKind.DISCONNECT,
    ReminderKind.SHORT_REST,
    ReminderKind.DAILY_LIMIT,
)


@dataclass(frozen=True)
class ReportData:
    """What the report shows; every figure is the person's own."""

    generated_at: str
    """Local ISO date-time, for the header."""
    policy_name: str
    days: Sequence[DayFigures]
    """The last 30 days, oldest first (may be fewer; may include today, see ``today``)."""
    weeks: Sequence[WeekFigures]
    """The last 12 ISO weeks, oldest first."""
    reminders: Mapping[str, DayReminders]
    """By date ``YYYY-MM-DD``: reminders shown that day, followed, snoozed."""
    today: str | None = None
    """The date of the (incomplete) current day when ``days`` includes it."""
    daily_limit_minutes: int = 420
    every_minutes: int = 60


# --------------------------------------------------------------------------- wording

TEXT: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Répit — votre rapport personnel",
        "heading": "Votre rapport Répit",
        "private": (
            "Ce rapport ne quitte pas votre poste. Il est calculé sur cet ordinateur, "
            "à partir de vos seules données, et n'est envoyé à personne : ces chiffres "
            "sont pour vous."
        ),
        "generated": "Établi le {when}",
        "policy": "Règles appliquées : {policy}",
        "period": "Période : du {start} au {end} ({count} jours)",
        "intro": (
            "Voici vos propres chiffres. Ils sont là pour vous aider à repérer vos rythmes "
            "et à préserver vos temps de repos ; ils ne jugent rien et ne sont comparés "
            "à ceux de personne."
        ),
        "today_note": (
            "La journée en cours ({day}) figure dans les graphiques et les tableaux, "
            "mais pas dans le résumé."
        ),
        "summary": "Résumé de la période",
        "summary_days": "Sur {count} journées terminées",
        "active_days": "Jours avec de l'activité à l'écran",
        "out_of": "{count} sur {total}",
        "average": "Temps d'écran moyen par jour actif",
        "over_limit": "Jours au-delà de {limit}",
        "over_10h": "Jours au-delà de 10 h",
        "after_hours": "Jours avec de l'activité hors de vos horaires",
        "night": "Jours avec de l'activité le soir ou la nuit",
        "non_working": "Jours non travaillés avec de l'activité",
        "short_rest": "Repos de moins de 11 h avant la journée",
        "no_break": "Jours avec 6 h d'écran sans pause de 20 min",
        "breaks_per_day": "Pauses par jour actif",
        "reminders_shown": "Rappels affichés",
        "reminders_followed": "Rappels de pause suivis d'une pause dans les 10 min",
        "reminders_snoozed": "Rappels reportés ou mis en pause",
        "none": "—",
        "days_chart": "Temps d'écran par jour",
        "days_caption": (
            "Temps d'écran par jour, du {start} au {end}. En foncé, la part en dehors de "
            "vos horaires. Lignes pointillées : votre repère de {limit} par jour et les "
            "10 h du maximum quotidien."
        ),
        "series_active": "temps d'écran",
        "series_after": "hors horaires",
        "mark_limit": "repère {limit}",
        "mark_10h": "maximum 10 h",
        "weeks_chart": "Temps d'écran par semaine",
        "weeks_caption": (
            "Temps d'écran par semaine, {count} semaines. Lignes pointillées : 48 h, "
            "le maximum d'une semaine, et 44 h, le maximum en moyenne sur 12 semaines."
        ),
        "mark_48h": "48 h",
        "mark_44h": "44 h (moy.)",
        "week_short": "S{number}",
        "week_long": "Semaine {number} ({start} – {end})",
        "reminders": "Rappels par semaine",
        "reminders_caption": "Rappels affichés par semaine et par sorte",
        "no_reminders": "Aucun rappel enregistré sur la période.",
        "kind_break": "Pause",
        "kind_disconnect": "Déconnexion",
        "kind_short_rest": "Repos court",
        "kind_daily_limit": "Repère quotidien",
        "total": "Total",
        "followed": "Pauses prises après un rappel",
        "snoozed": "Reportés",
        "days_table": "Les jours en détail",
        "days_table_caption": "Vos journées, de la plus ancienne à la plus récente",
        "col_date": "Date",
        "col_weekday": "Jour",
        "col_active": "Temps d'écran",
        "col_first_last": "Première – dernière activité",
        "col_amplitude": "Amplitude",
        "col_breaks": "Pauses",
        "col_stretch": "Plus longue séance",
        "col_after": "Hors horaires",
        "col_night": "Soir et nuit",
        "col_rest": "Repos avant",
        "col_flags": "À noter",
        "weeks_table": "Les semaines en détail",
        "weeks_table_caption": "Vos semaines, de la plus ancienne à la plus récente",
        "col_week": "Semaine",
        "col_dates": "Du lundi au dimanche",
        "flag_today": "journée en cours",
        "flag_week_current": "semaine en cours",
        "flag_non_working": "jour non travaillé",
        "flag_over_limit": "au-delà de {limit}",
        "flag_over_10h": "au-delà de 10 h",
        "flag_amplitude": "amplitude > 12 h",
        "flag_rest": "repos < 11 h",
        "flag_no_break": "6 h sans pause de 20 min",
        "flag_long_stretch": "séance ≥ {every}",
        "flag_over_48h": "au-delà de 48 h",
        "flag_rest_35h": "repos hebdomadaire < 35 h",
        "flag_avg_44h": "moyenne sur 12 semaines > 44 h",
        "about": "À propos de ces chiffres",
        "proxy": (
            "Ces chiffres mesurent l'activité à l'écran, pas votre temps de travail. "
            "Répit note seulement qu'il y a eu une saisie au clavier ou à la souris, "
            "jamais laquelle ni où. Une réunion, un appel ou une lecture sur papier "
            "n'apparaissent donc pas, et quelques minutes d'écran le soir ne sont pas "
            "forcément du travail."
        ),
        "references": (
            "Les repères de 10 h par jour, 12 h d'amplitude, 11 h de repos quotidien, "
            "20 min de pause après 6 h, 48 h par semaine, 44 h en moyenne sur 12 semaines "
            "et 35 h de repos hebdomadaire sont ceux des garanties minimales du temps de "
            "travail dans la fonction publique."
        ),
        "empty_heading": "Pas encore de données",
        "empty": (
            "Répit n'a pas encore enregistré d'activité sur ce poste : il n'y a pas encore "
            "de données à afficher. Votre rapport se remplira au fil des jours ; "
            "revenez dans quelque temps."
        ),
        "footer": "Rapport produit par Répit sur ce poste. Il n'a été envoyé nulle part.",
    },
    "en": {
        "title": "Répit — your personal report",
        "heading": "Your Répit report",
        "private": (
            "This report never leaves your computer. It is computed on this machine, from "
            "your own data only, and is sent to no one: these figures are for you."
        ),
        "generated": "Generated on {when}",
        "policy": "Policy: {policy}",
        "period": "Period: {start} to {end} ({count} days)",
        "intro": (
            "Here are your own figures. They are here to help you notice your rhythms and "
            "protect your rest; they judge nothing and are compared with no one's."
        ),
        "today_note": (
            "The current day ({day}) appears in the charts and tables, but not in the summary."
        ),
        "summary": "Summary of the period",
        "summary_days": "Over {count} completed days",
        "active_days": "Days with screen activity",
        "out_of": "{count} of {total}",
        "average": "Average screen time per active day",
        "over_limit": "Days over {limit}",
        "over_10h": "Days over 10 h",
        "after_hours": "Days with activity outside your working hours",
        "night": "Days with activity in the evening or at night",
        "non_working": "Non-working days with activity",
        "short_rest": "Rests shorter than 11 h before the day",
        "no_break": "Days with 6 h of screen time without a 20-min break",
        "breaks_per_day": "Breaks per active day",
        "reminders_shown": "Reminders shown",
        "reminders_followed": "Break reminders followed by a break within 10 min",
        "reminders_snoozed": "Reminders snoozed or paused",
        "none": "—",
        "days_chart": "Screen time per day",
        "days_caption": (
            "Screen time per day, {start} to {end}. The darker part is outside your working "
            "hours. Dashed lines: your {limit} daily mark and the 10 h daily maximum."
        ),
        "series_active": "screen time",
        "series_after": "outside working hours",
        "mark_limit": "{limit} mark",
        "mark_10h": "10 h maximum",
        "weeks_chart": "Screen time per week",
        "weeks_caption": (
            "Screen time per week, {count} weeks. Dashed lines: 48 h, the weekly maximum, "
            "and 44 h, the maximum average over 12 weeks."
        ),
        "mark_48h": "48 h",
        "mark_44h": "44 h (avg.)",
        "week_short": "W{number}",
        "week_long": "Week {number} ({start} – {end})",
        "reminders": "Reminders per week",
        "reminders_caption": "Reminders shown per week and per kind",
        "no_reminders": "No reminder recorded over the period.",
        "kind_break": "Break",
        "kind_disconnect": "Disconnect",
        "kind_short_rest": "Short rest",
        "kind_daily_limit": "Daily mark",
        "total": "Total",
        "followed": "Breaks taken after a reminder",
        "snoozed": "Snoozed",
        "days_table": "Day by day",
        "days_table_caption": "Your days, oldest first",
        "col_date": "Date",
        "col_weekday": "Day",
        "col_active": "Screen time",
        "col_first_last": "First – last activity",
        "col_amplitude": "Span of the day",
        "col_breaks": "Breaks",
        "col_stretch": "Longest stretch",
        "col_after": "Outside hours",
        "col_night": "Evening and night",
        "col_rest": "Rest before",
        "col_flags": "Notes",
        "weeks_table": "Week by week",
        "weeks_table_caption": "Your weeks, oldest first",
        "col_week": "Week",
        "col_dates": "Monday to Sunday",
        "flag_today": "day in progress",
        "flag_week_current": "week in progress",
        "flag_non_working": "non-working day",
        "flag_over_limit": "over {limit}",
        "flag_over_10h": "over 10 h",
        "flag_amplitude": "span over 12 h",
        "flag_rest": "rest under 11 h",
        "flag_no_break": "6 h without a 20-min break",
        "flag_long_stretch": "stretch ≥ {every}",
        "flag_over_48h": "over 48 h",
        "flag_rest_35h": "weekly rest under 35 h",
        "flag_avg_44h": "12-week average over 44 h",
        "about": "About these figures",
        "proxy": (
            "These figures measure screen activity, not your working time. Répit only "
            "notes that some keyboard or mouse input happened, never which or where. "
            "A meeting, a phone call or reading on paper does not show, and a few minutes "
            "on screen in the evening are not necessarily work."
        ),
        "references": (
            "The marks of 10 h a day, a 12-hour span, 11 h of daily rest, a 20-min break "
            "after 6 h, 48 h a week, 44 h on average over 12 weeks and 35 h of weekly rest "
            "are the minimum working-time guarantees of the French public service."
        ),
        "empty_heading": "No data yet",
        "empty": (
            "Répit has not recorded any activity on this computer yet: there is no data to "
            "show. Your report will fill in over the coming days; come back in a while."
        ),
        "footer": "Report produced by Répit on this computer. It was sent nowhere.",
    },
}

WEEKDAYS: dict[Language, tuple[str, ...]] = {
    "fr": ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


# --------------------------------------------------------------------------- formatting


def format_hours(minutes: float) -> str:
    """A round number of hours for chart axes and marks: ``"7 h"``, ``"7 h 30"``."""
    hours, rest = divmod(round(minutes), 60)
    return f"{hours}{NBSP}h" if rest == 0 else f"{hours}{NBSP}h{NBSP}{rest:02d}"


def format_date(day: date, language: Language) -> str:
    return f"{day:%d/%m/%Y}" if language == "fr" else day.isoformat()


def format_short_date(day: date, language: Language) -> str:
    return f"{day:%d/%m}" if language == "fr" else f"{MONTHS_EN[day.month - 1]} {day.day}"


def format_decimal(value: float, language: Language) -> str:
    text = f"{value:.1f}"
    return text.replace(".", ",") if language == "fr" else text


def _parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _week_monday(label: str) -> date | None:
    """The Monday of an ISO week label ``YYYY-Www``, or None when it is not one."""
    try:
        year, number = label.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        return None


def _week_label(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def _generated(text: str, language: Language) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    when = format_date(moment.date(), language)
    return f"{when} à {moment:%H:%M}" if language == "fr" else f"{when} at {moment:%H:%M}"


# --------------------------------------------------------------------------- view model


@dataclass(frozen=True, slots=True)
class SummaryItem:
    label: str
    value: str


@dataclass(frozen=True, slots=True)
class DayRow:
    iso: str
    date: str
    weekday: str
    active: str
    first_last: str
    amplitude: str
    breaks: str
    stretch: str
    after_hours: str
    night: str
    rest_before: str
    flags: list[str]
    css: str


@dataclass(frozen=True, slots=True)
class WeekRow:
    week: str
    dates: str
    active: str
    flags: list[str]
    css: str


@dataclass(frozen=True, slots=True)
class Chart:
    svg: Markup
    caption: str


@dataclass(frozen=True, slots=True)
class ReminderRow:
    week: str
    counts: list[int]
    total: int
    followed: int
    snoozed: int


def _shown(reminders: DayReminders, kind: ReminderKind) -> int:
    return reminders.shown.get(kind, 0)


def _summary(data: ReportData, t: Mapping[str, str], language: Language) -> list[SummaryItem]:
    completed = [day for day in data.days if day.date != data.today]
    active = [day for day in completed if day.active_minutes > 0]
    limit = format_hours(data.daily_limit_minutes)
    none = t["none"]

    def out_of_active(count: int) -> str:
        return t["out_of"].format(count=count, total=len(active)) if active else "0"

    average = (
        format_duration(sum(day.active_minutes for day in active) // len(active))
        if active
        else none
    )
    breaks_per_day = (
        format_decimal(sum(day.breaks for day in active) / len(active), language)
        if active
        else none
    )
    dates = {day.date for day in completed}
    day_reminders = [r for key, r in data.reminders.items() if key in dates]
    by_kind = {kind: sum(_shown(r, kind) for r in day_reminders) for kind in REMINDER_KINDS}
    shown = sum(by_kind.values())
    detail = ", ".join(
        f"{t['kind_' + kind.value].lower()} {count}" for kind, count in by_kind.items() if count
    )
    followed = sum(r.breaks_after_reminder for r in day_reminders)
    snoozed = sum(r.snoozed for r in day_reminders)

    return [
        SummaryItem(t["active_days"], t["out_of"].format(count=len(active), total=len(completed))),
        SummaryItem(t["average"], average),
        SummaryItem(
            t["over_limit"].format(limit=limit),
            out_of_active(sum(day.active_minutes > data.daily_limit_minutes for day in active)),
        ),
        SummaryItem(t["over_10h"], out_of_active(sum(day.active_over_10h for day in active))),
        SummaryItem(t["after_hours"], out_of_active(sum(day.after_hours_active for day in active))),
        SummaryItem(t["night"], out_of_active(sum(day.night_active for day in active))),
        SummaryItem(t["non_working"], str(sum(day.non_working_day_active for day in completed))),
        SummaryItem(t["short_rest"], str(sum(day.rest_under_11h for day in completed))),
        SummaryItem(t["no_break"], out_of_active(sum(day.no_break_6h for day in active))),
        SummaryItem(t["breaks_per_day"], breaks_per_day),
        SummaryItem(t["reminders_shown"], f"{shown} ({detail})" if detail else str(shown)),
        SummaryItem(
            t["reminders_followed"],
            t["out_of"].format(count=followed, total=by_kind[ReminderKind.BREAK]),
        ),
        SummaryItem(t["reminders_snoozed"], str(snoozed)),
    ]


def _day_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[DayRow]:
    limit = format_hours(data.daily_limit_minutes)
    rows = []
    for day in data.days:
        parsed = _parse_date(day.date)
        flags = []
        if day.date == data.today:
            flags.append(t["flag_today"])
        if not day.working_day:
            flags.append(t["flag_non_working"])
        if day.active_minutes > data.daily_limit_minutes and not day.active_over_10h:
            flags.append(t["flag_over_limit"].format(limit=limit))
        if day.active_over_10h:
            flags.append(t["flag_over_10h"])
        if day.amplitude_over_12h:
            flags.append(t["flag_amplitude"])
        if day.rest_under_11h:
            flags.append(t["flag_rest"])
        if day.no_break_6h:
            flags.append(t["flag_no_break"])
        if day.long_stretch:
            flags.append(t["flag_long_stretch"].format(every=format_hours(data.every_minutes)))
        css = " ".join(
            name
            for name, on in (
                ("today", day.date == data.today),
                ("non-working", not day.working_day),
            )
            if on
        )
        first_last = (
            f"{day.first_activity} – {day.last_activity}"
            if day.first_activity is not None and day.last_activity is not None
            else t["none"]
        )
        rows.append(
            DayRow(
                iso=day.date,
                date=format_date(parsed, language) if parsed else day.date,
                weekday=WEEKDAYS[language][parsed.weekday()] if parsed else "",
                active=format_duration(day.active_minutes),
                first_last=first_last,
                amplitude=format_duration(day.amplitude_minutes) if day.first_activity else "—",
                breaks=str(day.breaks),
                stretch=format_duration(day.longest_stretch_minutes),
                after_hours=format_duration(day.after_hours_minutes),
                night=format_duration(day.night_minutes),
                rest_before=(
                    format_duration(day.rest_before_minutes)
                    if day.rest_before_minutes is not None
                    else t["none"]
                ),
                flags=flags,
                css=css,
            )
        )
    return rows


def _current_week(data: ReportData) -> str | None:
    today = _parse_date(data.today) if data.today else None
    return _week_label(today) if today else None


def _week_dates(label: str, language: Language) -> tuple[str, str] | None:
    monday = _week_monday(label)
    if monday is None:
        return None
    sunday = date.fromordinal(monday.toordinal() + 6)
    return format_short_date(monday, language), format_short_date(sunday, language)


def _week_rows(data: ReportData, t: Mapping[str, str], language: Language) -> list[WeekRow]:
    current = _current_week(data)
    rows = []
    for week in data.weeks:
        flags = []
        if week.week == current:
            flags.append(t["flag_week_current"])
        if week.over_48h:
            flags.append(t["flag_over_48h"])
        if week.rest_under_35h:
            flags.append(t["flag_rest_35h"])
        if week.avg_12w_over_44h:
            flags.append(t["flag_avg_44h"])
        span = _week_dates(week.week, language)
        rows.append(
            WeekRow(
                week=week.week,
                dates=f"{span[0]} – {span[1]}" if span else "",
                active=format_duration(week.active_minutes),
                flags=flags,
                css="current" if week.week == current else "",
            )
        )
    return rows


def _reminder_rows(data: ReportData) -> list[ReminderRow]:
    """Reminders summed per ISO week, for the weeks that have any reminder record."""
    by_week: dict[str, list[DayReminders]] = {}
    for key in sorted(data.reminders):
        parsed = _parse_date(key)
        if parsed is not None:
            by_week.setdefault(_week_label(parsed), []).append(data.reminders[key])
    rows = []
    for week, records in sorted(by_week.items()):
        counts = [sum(_shown(r, kind) for r in records) for kind in REMINDER_KINDS]
        rows.append(
            ReminderRow(
                week=week,
                counts=counts,
                total=sum(counts),
                followed=sum(r.breaks_after_reminder for r in records),
                snoozed=sum(r.snoozed for r in records),
            )
        )
    return rows


def _days_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
    parsed = [_parse_date(day.date) for day in data.days]
    labels = [
        format_short_date(p, language) if p else day.date
        for p, day in zip(parsed, data.days, strict=True)
    ]
    first, last = parsed[0], parsed[-1]
    limit = format_hours(data.daily_limit_minutes)
    caption = t["days_caption"].format(
        start=format_date(first, language) if first else data.days[0].date,
        end=format_date(last, language) if last else data.days[-1].date,
        limit=limit,
    )
    svg = bar_chart(
        [day.active_minutes for day in data.days],
        labels,
        stacked=[day.after_hours_minutes for day in data.days],
        muted=[day.date == data.today for day in data.days],
        marks=[
            Mark(data.daily_limit_minutes, t["mark_limit"].format(limit=limit), "#b00020", "6 4"),
            Mark(ACTIVE_OVER_10H_MINUTES, t["mark_10h"], "#333333", "2 3"),
        ],
        caption=caption,
        tick_step=120,
        format_value=lambda minutes: format_duration(round(minutes)),
        format_tick=format_hours,
        series=(t["series_active"], t["series_after"]),
    )
    return Chart(Markup(svg), caption)


def _weeks_chart(data: ReportData, t: Mapping[str, str], language: Language) -> Chart:
    labels = []
    for week in data.weeks:
        number = week.week.split("-W")[-1].lstrip("0") or week.week
        span = _week_dates(week.week, language)
        labels.append(
            t["week_long"].format(number=number, start=span[0], end=span[1])
            if span and len(data.weeks) <= 4
            else t["week_short"].format(number=number)
        )
    current = _current_week(data)
    caption = t["weeks_caption"].format(count=len(data.weeks))
    svg = bar_chart(
        [week.active_minutes for week in data.weeks],
        labels,
        muted=[week.week == current for week in data.weeks],
        marks=[
            Mark(OVER_48H_MINUTES, t["mark_48h"], "#b00020", "6 4"),
            Mark(AVERAGE_OVER_44H_MINUTES, t["mark_44h"], "#333333", "2 3"),
        ],
        caption=caption,
        tick_step=600,
        format_value=lambda minutes: format_duration(round(minutes)),
        format_tick=format_hours,
    )
    return Chart(Markup(svg), caption)


# --------------------------------------------------------------------------- rendering

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
        "generated": t["generated"].format(when=_generated(data.generated_at, language)),
        "policy": t["policy"].format(policy=data.policy_name),
    }
    if not data.days:
        return _ENVIRONMENT.get_template("empty.html.j2").render(**common)

    first, last = _parse_date(data.days[0].date), _parse_date(data.days[-1].date)
    today = _parse_date(data.today) if data.today else None
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
        summary=_summary(data, t, language),
        days_chart=_days_chart(data, t, language),
        weeks_chart=_weeks_chart(data, t, language) if data.weeks else None,
        reminder_kinds=[t["kind_" + kind.value] for kind in REMINDER_KINDS],
        reminder_rows=_reminder_rows(data),
        day_rows=_day_rows(data, t, language),
        week_rows=_week_rows(data, t, language),
    )
