"""The reports' wording, French and English, and how figures are written.

Every format (HTML, CSV, PDF) writes a figure with ``display`` so that the
same figure reads the same everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from aggregator.periods import parse_month
from aggregator.reports.indicators import BY_KEY, Figure, Unit
from contract.formatting import format_duration

Language = Literal["fr", "en"]
LANGUAGES: tuple[Language, ...] = ("fr", "en")
NBSP = "\u00a0"


def language(text: str | None) -> Language:
    """``"en"`` when asked for, French otherwise (the default)."""
    return "en" if text == "en" else "fr"


# -- the indicators: label, what it means, what it does not mean -------------------

INDICATOR_TEXT: dict[Language, dict[str, tuple[str, str]]] = {
    "fr": {
        "over_7h": (
            "Jours actifs avec 7 h d'écran ou plus",
            "Le repère de 7 h de l'enquête auprès des agents de 2023. Ne dit pas que la "
            "journée de travail a duré 7 h : seulement le temps d'activité à l'écran.",
        ),
        "over_10h": (
            "Jours actifs avec plus de 10 h d'écran",
            "Indice de dépassement de la durée quotidienne maximale de 10 h. Ce n'est pas "
            "un décompte du temps de travail.",
        ),
        "after_hours": (
            "Jours actifs avec de l'activité hors des plages de travail",
            "Au moins une minute d'écran en dehors des horaires de la politique ce jour-là, "
            "ou un jour non travaillé. Quelques minutes ne sont pas forcément du travail.",
        ),
        "night": (
            "Jours actifs avec de l'activité le soir ou la nuit (22 h – 5 h)",
            "Au moins une minute d'écran dans la plage de nuit. Ne dit pas combien de temps.",
        ),
        "non_working_day": (
            "Jours actifs qui étaient des jours non travaillés",
            "Week-ends, jours fériés et fermetures de la politique avec de l'écran. "
            "Un horaire décalé autorisé y figure aussi.",
        ),
        "amplitude_12h": (
            "Jours actifs avec plus de 12 h entre la première et la dernière activité",
            "Indice de dépassement de l'amplitude maximale de 12 h. Une seule connexion "
            "tardive suffit : ce n'est pas 12 h de travail.",
        ),
        "rest_11h": (
            "Jours actifs précédés d'un repos de moins de 11 h",
            "Indice du repos quotidien minimal de 11 h, d'après l'écran seulement : un "
            "travail sans écran n'y apparaît pas.",
        ),
        "no_break_6h": (
            "Jours actifs avec 6 h d'écran sans pause de 20 min",
            "Indice de la pause de 20 min due après 6 h. Une pause loin de l'écran mais "
            "sans verrouiller le poste compte comme une pause.",
        ),
        "over_48h": (
            "Semaines actives avec plus de 48 h d'écran",
            "Indice de dépassement de la durée hebdomadaire maximale de 48 h.",
        ),
        "avg_44h": (
            "Semaines actives au-delà de 44 h en moyenne sur 12 semaines",
            "Indice de la moyenne maximale de 44 h sur 12 semaines consécutives ; "
            "compté seulement quand 12 semaines d'historique sont connues.",
        ),
        "rest_35h": (
            "Semaines actives sans repos hebdomadaire de 35 h",
            "Aucune interruption d'écran de 35 h dans la semaine. Ne dit pas que le repos "
            "a été travaillé.",
        ),
        "screen_time": (
            "Temps d'écran moyen par jour actif",
            "Moyenne sur les jours avec de l'activité. Ce n'est pas la durée du travail : "
            "réunions, appels et papier n'y figurent pas.",
        ),
        "breaks": (
            "Pauses (5 min ou plus) par jour actif",
            "Interruptions d'écran d'au moins 5 min entre deux activités, pas forcément "
            "des pauses prises comme telles.",
        ),
        "reminders_break": (
            "Rappels de pause affichés, pour 100 jours actifs",
            "Rappels après une séance d'écran continue. Dépend des réglages de chaque poste.",
        ),
        "reminders_disconnect": (
            "Rappels de déconnexion affichés, pour 100 jours actifs",
            "Rappels hors des plages de travail. Ne dit pas si la personne a arrêté.",
        ),
        "reminders_short_rest": (
            "Rappels de repos court affichés, pour 100 jours actifs",
            "Rappels d'un repos de moins de 11 h depuis la veille.",
        ),
        "reminders_daily_limit": (
            "Rappels du repère quotidien affichés, pour 100 jours actifs",
            "Rappels quand l'écran du jour atteint le repère de la politique (7 h par défaut).",
        ),
        "reminders_followed": (
            "Rappels de pause suivis d'une pause dans les 10 min",
            "Part des rappels de pause après lesquels une pause a commencé. Ne dit pas "
            "que la pause a eu lieu à cause du rappel.",
        ),
    },
    "en": {
        "over_7h": (
            "Active days with 7 h of screen time or more",
            "The 7-hour mark of the 2023 staff survey. It does not say the working day "
            "lasted 7 h: only the screen activity did.",
        ),
        "over_10h": (
            "Active days with more than 10 h of screen time",
            "A sign of the 10-hour daily maximum being exceeded. Not a count of working time.",
        ),
        "after_hours": (
            "Active days with activity outside working hours",
            "At least one minute on screen outside the policy's hours that day, or on a "
            "non-working day. A few minutes are not necessarily work.",
        ),
        "night": (
            "Active days with activity in the evening or at night (10 pm – 5 am)",
            "At least one minute on screen in the night window. It does not say how long.",
        ),
        "non_working_day": (
            "Active days that were non-working days",
            "Weekends, public holidays and the policy's closures with screen activity. "
            "An authorised shifted schedule shows here too.",
        ),
        "amplitude_12h": (
            "Active days with more than 12 h between first and last activity",
            "A sign of the 12-hour maximum span being exceeded. One late log-in is enough: "
            "it is not 12 h of work.",
        ),
        "rest_11h": (
            "Active days after a rest shorter than 11 h",
            "A sign of the 11-hour minimum daily rest, from the screen only: work done "
            "away from a screen does not show.",
        ),
        "no_break_6h": (
            "Active days with 6 h of screen time without a 20-min break",
            "A sign of the 20-minute break due after 6 h. A break away from the screen "
            "without locking it still counts as a break.",
        ),
        "over_48h": (
            "Active weeks with more than 48 h of screen time",
            "A sign of the 48-hour weekly maximum being exceeded.",
        ),
        "avg_44h": (
            "Active weeks over 44 h on average over 12 weeks",
            "A sign of the 44-hour maximum average over 12 weeks; counted only once 12 "
            "weeks of history are known.",
        ),
        "rest_35h": (
            "Active weeks without a 35-hour weekly rest",
            "No 35-hour break from the screen in the week. It does not say the rest was "
            "spent working.",
        ),
        "screen_time": (
            "Average screen time per active day",
            "Averaged over days with activity. Not working time: meetings, calls and "
            "paper do not show.",
        ),
        "breaks": (
            "Breaks (5 min or more) per active day",
            "Pauses of at least 5 min between two activities, not necessarily breaks "
            "taken as such.",
        ),
        "reminders_break": (
            "Break reminders shown, per 100 active days",
            "Reminders after a continuous screen stretch. Depends on each device's settings.",
        ),
        "reminders_disconnect": (
            "Disconnect reminders shown, per 100 active days",
            "Reminders outside working hours. It does not say whether the person stopped.",
        ),
        "reminders_short_rest": (
            "Short-rest reminders shown, per 100 active days",
            "Reminders of a rest shorter than 11 h since the day before.",
        ),
        "reminders_daily_limit": (
            "Daily-mark reminders shown, per 100 active days",
            "Reminders when the day's screen time reaches the policy's mark (7 h by default).",
        ),
        "reminders_followed": (
            "Break reminders followed by a break within 10 min",
            "The share of break reminders after which a break began. It does not say the "
            "break happened because of the reminder.",
        ),
    },
}

SHORT_LABEL: dict[Language, dict[str, str]] = {
    "fr": {
        "over_7h": "≥ 7 h",
        "over_10h": "> 10 h",
        "after_hours": "Hors horaires",
        "night": "Soir et nuit",
        "non_working_day": "Jours non travaillés",
        "no_break_6h": "Sans pause de 20 min",
        "over_48h": "Semaines > 48 h",
        "screen_time": "Écran moyen",
    },
    "en": {
        "over_7h": "≥ 7 h",
        "over_10h": "> 10 h",
        "after_hours": "After hours",
        "night": "Evening and night",
        "non_working_day": "Non-working days",
        "no_break_6h": "No 20-min break",
        "over_48h": "Weeks > 48 h",
        "screen_time": "Average screen time",
    },
}

# -- everything else -------------------------------------------------------------------

TEXT: dict[Language, dict[str, str]] = {
    "fr": {
        "app": "Répit — statistiques d'équipe",
        "held_back": "pas assez de participants",
        "not_yet": "pas encore publié (le {date})",
        "department": "Direction",
        "team": "Équipe",
        "team_of": "Équipe de la direction « {department} »",
        "month": "Mois",
        "period": "Période : {month}",
        "devices": "Postes participants",
        "devices_value": "{count} postes",
        "devices_short": "Postes",
        "active_days": "Jours actifs",
        "active_weeks": "Semaines actives",
        "indicators": "Les indicateurs du mois",
        "col_indicator": "Indicateur",
        "col_value": "Valeur",
        "col_detail": "Calcul",
        "col_meaning": "Ce que cela signifie, et ne signifie pas",
        "of_days": "{count} sur {total} jours actifs",
        "of_weeks": "{count} sur {total} semaines actives",
        "of_reminders": "{count} sur {total} rappels de pause",
        "over_days": "{count} min sur {total} jours actifs",
        "count_over_days": "{count} sur {total} jours actifs",
        "none": "—",
        "trends": "Évolution sur 12 mois",
        "trend_caption": "{label}, de {first} à {last} (en % des jours actifs). "
        "Mois sans barre : pas assez de participants.",
        "teams": "Les équipes",
        "teams_caption": "Indicateurs principaux de chaque équipe pour {month}",
        "col_team": "Équipe",
        "no_teams": "Cette direction n'a pas d'équipe.",
        "method": "Méthode",
        "method_proxy": "Ces chiffres mesurent l'activité à l'écran des postes participants, "
        "pas le temps de travail : Répit note seulement qu'il y a eu une saisie au clavier ou "
        "à la souris, jamais laquelle ni où. Réunions, appels et papier n'apparaissent pas.",
        "method_threshold": "Un groupe n'est publié que si au moins {size} postes y ont "
        "contribué ; sinon il est affiché « pas assez de participants », sans aucun chiffre.",
        "method_suppression": "Suppression complémentaire : quand une équipe est retenue, "
        "d'autres équipes de la direction peuvent l'être aussi, pour que le total de la "
        "direction ne permette pas de la déduire.",
        "method_sums": "Chaque chiffre est un rapport de sommes publiées : aucun chiffre "
        "individuel n'est conservé ni affiché.",
        "generated": "Établi le {when}",
        "download": "Télécharger",
        "csv": "CSV",
        "pdf": "PDF",
        "compare_link": "Comparer avant / après",
        "home": "Accueil",
        "logout": "Se déconnecter",
        "previous": "← {month}",
        "next": "{month} →",
        "show": "Afficher",
        "switch": "English",
        "switch_title": "Read this report in English",
        "home_title": "Les directions et leurs équipes",
        "latest": "Dernier mois publié : {month}",
        "no_release": "Aucun mois publié pour l'instant",
        "compare_title": "Avant / après {month} — {group}",
        "compare_intro": "Les {count} mois avant {month} comparés aux {count} mois à partir "
        "de {month} (par exemple le déploiement d'un outil). Chaque côté additionne les "
        "sommes publiées de ses mois ; un mois retenu n'est pas compté.",
        "around": "Mois du changement",
        "months_each": "Mois de chaque côté",
        "before": "Avant ({first} – {last})",
        "after": "Après ({first} – {last})",
        "col_change": "Écart",
        "months_released": "Mois publiés",
        "months_released_value": "{count} sur {total}",
        "devices_range": "{low} à {high} postes",
        "points": "{sign}{value} pts",
        "not_found": "Aucune direction ni équipe « {group} ».",
        "bad_request": "Requête invalide : {reason}",
        "section_indicators": "indicateurs",
        "section_teams": "équipes",
        "section_trends": "évolution",
        "section_before": "avant",
        "section_after": "après",
        "csv_section": "section",
        "csv_group_id": "groupe_id",
        "csv_group": "groupe",
        "csv_month": "mois",
        "csv_indicator_id": "indicateur_id",
        "csv_indicator": "indicateur",
        "csv_display": "affiché",
        "csv_value": "valeur",
        "csv_numerator": "numérateur",
        "csv_denominator": "dénominateur",
    },
    "en": {
        "app": "Répit — team statistics",
        "held_back": "not enough participants",
        "not_yet": "not yet published (on {date})",
        "department": "Department",
        "team": "Team",
        "team_of": "Team of the department “{department}”",
        "month": "Month",
        "period": "Period: {month}",
        "devices": "Participating devices",
        "devices_value": "{count} devices",
        "devices_short": "Devices",
        "active_days": "Active days",
        "active_weeks": "Active weeks",
        "indicators": "The month's indicators",
        "col_indicator": "Indicator",
        "col_value": "Value",
        "col_detail": "Computed from",
        "col_meaning": "What it means, and does not mean",
        "of_days": "{count} of {total} active days",
        "of_weeks": "{count} of {total} active weeks",
        "of_reminders": "{count} of {total} break reminders",
        "over_days": "{count} min over {total} active days",
        "count_over_days": "{count} over {total} active days",
        "none": "—",
        "trends": "12-month trend",
        "trend_caption": "{label}, {first} to {last} (as a % of active days). "
        "Months without a bar: not enough participants.",
        "teams": "The teams",
        "teams_caption": "Main indicators of each team for {month}",
        "col_team": "Team",
        "no_teams": "This department has no team.",
        "method": "Method",
        "method_proxy": "These figures measure the screen activity of participating devices, "
        "not working time: Répit only notes that some keyboard or mouse input happened, never "
        "which or where. Meetings, calls and paper do not show.",
        "method_threshold": "A group is shown only when at least {size} devices contributed to "
        "it; otherwise it reads “not enough participants”, with no figure at all.",
        "method_suppression": "Complementary suppression: when a team is held back, other "
        "teams of the department may be held back too, so that the department's total "
        "cannot reveal it.",
        "method_sums": "Every figure is a ratio of released sums: no individual figure is "
        "kept or shown.",
        "generated": "Generated on {when}",
        "download": "Download",
        "csv": "CSV",
        "pdf": "PDF",
        "compare_link": "Compare before / after",
        "home": "Home",
        "logout": "Log out",
        "previous": "← {month}",
        "next": "{month} →",
        "show": "Show",
        "switch": "Français",
        "switch_title": "Lire ce rapport en français",
        "home_title": "Departments and their teams",
        "latest": "Latest released month: {month}",
        "no_release": "No month released yet",
        "compare_title": "Before / after {month} — {group}",
        "compare_intro": "The {count} months before {month} compared with the {count} months "
        "from {month} on (for instance a tool deployment). Each side adds up the released "
        "sums of its months; a month held back is not counted.",
        "around": "Month of the change",
        "months_each": "Months on each side",
        "before": "Before ({first} – {last})",
        "after": "After ({first} – {last})",
        "col_change": "Change",
        "months_released": "Months released",
        "months_released_value": "{count} of {total}",
        "devices_range": "{low} to {high} devices",
        "points": "{sign}{value} pts",
        "not_found": "No department or team “{group}”.",
        "bad_request": "Invalid request: {reason}",
        "section_indicators": "indicators",
        "section_teams": "teams",
        "section_trends": "trend",
        "section_before": "before",
        "section_after": "after",
        "csv_section": "section",
        "csv_group_id": "group_id",
        "csv_group": "group",
        "csv_month": "month",
        "csv_indicator_id": "indicator_id",
        "csv_indicator": "indicator",
        "csv_display": "shown",
        "csv_value": "value",
        "csv_numerator": "numerator",
        "csv_denominator": "denominator",
    },
}

MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}
SHORT_MONTHS: dict[Language, tuple[str, ...]] = {
    "fr": (
        "janv.",
        "févr.",
        "mars",
        "avr.",
        "mai",
        "juin",
        "juil.",
        "août",
        "sept.",
        "oct.",
        "nov.",
        "déc.",
    ),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def month_name(month: str, lang: Language) -> str:
    """``"2026-02"`` as ``"février 2026"`` / ``"February 2026"``."""
    first = parse_month(month)
    return f"{MONTHS[lang][first.month - 1]} {first.year}"


def long_date(day: date, lang: Language) -> str:
    """``date(2026, 3, 5)`` as ``"5 mars 2026"`` / ``"5 March 2026"`` (``1er`` for the 1st)."""
    if lang == "fr":
        number = "1er" if day.day == 1 else str(day.day)
        return f"{number} {MONTHS[lang][day.month - 1]} {day.year}"
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def short_month(month: str, lang: Language) -> str:
    """``"2026-02"`` as ``"févr. 26"`` / ``"Feb 26"`` (chart labels)."""
    first = parse_month(month)
    return f"{SHORT_MONTHS[lang][first.month - 1]} {first.year % 100:02d}"


def decimal(value: float, lang: Language, digits: int = 1) -> str:
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "fr" else text


def percent(value: float, lang: Language) -> str:
    return f"{decimal(value, lang)}{NBSP}%" if lang == "fr" else f"{decimal(value, lang)}%"


def display(found: Figure, lang: Language) -> str:
    """A figure as every format shows it: ``"23,4 %"``, ``"6 h 42 min"``, ``"1,3"``."""
    value = found.value
    if value is None:
        return TEXT[lang]["none"]
    unit = BY_KEY[found.key].unit
    if unit is Unit.SHARE:
        return percent(value, lang)
    if unit is Unit.MINUTES:
        return format_duration(round(value))
    return decimal(value, lang)


def rounded(found: Figure) -> float | None:
    """The figure's value at the precision shown, for machine-readable columns."""
    value = found.value
    if value is None:
        return None
    return float(round(value)) if BY_KEY[found.key].unit is Unit.MINUTES else round(value, 1)


def detail(found: Figure, lang: Language) -> str:
    """How the figure was computed, from which released sums."""
    t = TEXT[lang]
    indicator = BY_KEY[found.key]
    if indicator.unit is Unit.SHARE:
        template = {
            "active_day": t["of_days"],
            "active_week": t["of_weeks"],
            "reminders_break": t["of_reminders"],
        }[indicator.denominator]
        return template.format(count=found.numerator, total=found.denominator)
    if indicator.unit is Unit.MINUTES:
        return t["over_days"].format(count=found.numerator, total=found.denominator)
    return t["count_over_days"].format(count=found.numerator, total=found.denominator)


def label(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][0]


def meaning(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][1]
