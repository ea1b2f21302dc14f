"""The person's report in words: its catalogue, French and English, and its date formats.

The language type, the numbers and the durations are the contract's
(``contract.wording``), shared with the desktop texts and the aggregator's
reports.
"""

from __future__ import annotations

from datetime import date, datetime

from agent.texts.typography import french_typography
from contract.wording import NBSP, Language

TEXT: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Répit — votre rapport personnel",
        "heading": "Votre rapport Répit",
        "private": (
            "Ce rapport ne quitte pas votre poste. Il est calculé sur cet ordinateur, "
            "à partir de vos seules données, et n'est envoyé à personne\u00a0: ces chiffres "
            "sont pour vous."
        ),
        "generated": "Établi le {when}",
        "policy": "Règles appliquées\u00a0: {policy}",
        "period": "Période\u00a0: du {start} au {end} ({count} jours)",
        "intro": (
            "Voici vos propres chiffres. Ils sont là pour vous aider à repérer vos rythmes "
            "et à préserver vos temps de repos\u00a0; ils ne jugent rien et ne sont comparés "
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
            "vos horaires. Lignes pointillées\u00a0: votre repère de {limit} par jour et les "
            "10 h du maximum quotidien."
        ),
        "series_active": "temps d'écran",
        "series_after": "hors horaires",
        "mark_limit": "repère {limit}",
        "mark_10h": "maximum 10 h",
        "weeks_chart": "Temps d'écran par semaine",
        "weeks_caption": (
            "Temps d'écran par semaine, {count} semaines. Lignes pointillées\u00a0: 48 h, "
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
            "Répit n'a pas encore enregistré d'activité sur ce poste\u00a0: il n'y a pas encore "
            "de données à afficher. Vos chiffres apparaissent ici dès votre première activité "
            "à l'écran\u00a0; ouvrez de nouveau «\u00a0Mon rapport\u00a0» dans le menu de l'icône."
        ),
        "empty_not_chosen": (
            "Choisissez d'abord votre participation\u00a0: dans le menu de l'icône Répit, "
            "«\u00a0Participation\u00a0». Rien n'est enregistré avant votre choix."
        ),
        "empty_off": (
            "Votre participation est désactivée\u00a0: rien n'est enregistré. Pour avoir vos "
            "chiffres, choisissez «\u00a0Rappels seulement\u00a0» dans «\u00a0Participation\u00a0»."
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
            "show. Your figures appear here from your first activity at the screen; open "
            "“My report” again from the icon's menu."
        ),
        "empty_not_chosen": (
            "First choose how you take part: in the Répit icon's menu, “Participation”. "
            "Nothing is recorded before you choose."
        ),
        "empty_off": (
            "Your participation is off: nothing is recorded. To see your figures, choose "
            "“Reminders only” in “Participation”."
        ),
        "footer": "Report produced by Répit on this computer. It was sent nowhere.",
    },
}
# Written with plain apostrophes and spaces, typeset once, as the desktop catalogue is.
TEXT["fr"] = {key: french_typography(text) for key, text in TEXT["fr"].items()}

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


def parse_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def week_monday(label: str) -> date | None:
    """The Monday of an ISO week label ``YYYY-Www``, or None when it is not one."""
    try:
        year, number = label.split("-W")
        return date.fromisocalendar(int(year), int(number), 1)
    except ValueError:
        return None


def week_label(day: date) -> str:
    year, number, _ = day.isocalendar()
    return f"{year}-W{number:02d}"


def generated(text: str, language: Language) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    when = format_date(moment.date(), language)
    return f"{when} à {moment:%H:%M}" if language == "fr" else f"{when} at {moment:%H:%M}"
