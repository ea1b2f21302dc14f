"""The reports' wording, French and English, and how figures are written.

Every format (HTML, CSV, PDF) writes a figure with ``display`` so that the
same figure reads the same everywhere. The language type and the number and
duration formats are the contract's (``contract.wording``), shared with the
agent; the indicators' own wording is in ``indicator_text``.
"""

from __future__ import annotations

from datetime import date

from aggregator.periods import parse_month
from aggregator.reports.indicator_text import INDICATOR_TEXT, SHORT_LABEL
from aggregator.reports.indicators import BY_KEY, Figure, Unit
from contract.wording import (
    LANGUAGES,
    NBSP,
    Language,
    format_decimal,
    format_duration,
    format_number,
    format_percent,
)

__all__ = [
    "INDICATOR_TEXT",
    "LANGUAGES",
    "NBSP",
    "SHORT_LABEL",
    "TEXT",
    "Language",
    "detail",
    "display",
    "label",
    "language",
    "meaning",
    "month_name",
]


def language(text: str | None) -> Language:
    """``"en"`` when asked for, French otherwise (the default)."""
    return "en" if text == "en" else "fr"


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
        "period": "Période\u00a0: {month}",
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
        "over_days": "{count}\u00a0min sur {total} jours actifs",
        "count_over_days": "{count} sur {total} jours actifs",
        "none": "—",
        "trends": "Évolution sur 12 mois",
        "trend_caption": "{label}, de {first} à {last} (en\u00a0% des jours actifs).",
        "teams": "Les équipes",
        "teams_caption": "Indicateurs principaux de chaque équipe pour {month}",
        "col_team": "Équipe",
        "no_teams": "Cette direction n'a pas d'équipe.",
        "method": "Méthode",
        "method_proxy": "Ces chiffres mesurent l'activité à l'écran des postes participants, "
        "pas le temps de travail\u00a0: Répit note seulement qu'il y a eu une saisie au clavier ou "
        "à la souris, jamais laquelle ni où. Réunions, appels et papier n'apparaissent pas.",
        "method_threshold": "Un groupe n'est publié que si au moins {size} postes y ont "
        "contribué\u00a0; sinon il est affiché « pas assez de participants », sans aucun chiffre.",
        "method_suppression": "Suppression complémentaire\u00a0: quand une équipe est retenue, "
        "d'autres équipes de la direction peuvent l'être aussi, pour que le total de la "
        "direction ne permette pas de la déduire.",
        "method_sums": "Chaque chiffre est un rapport de sommes publiées\u00a0: aucun chiffre "
        "individuel n'est conservé ni affiché.",
        "generated": "Établi le {when}",
        "download": "Télécharger",
        "download_colon": "Télécharger\u00a0:",
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
        "latest": "Dernier mois publié\u00a0: {month}",
        "no_release": "Aucun mois publié pour l'instant",
        "compare_title": "Avant / après {month} — {group}",
        "compare_intro": "Les {count} mois avant {month} comparés aux {count} mois à partir "
        "de {month} (par exemple le déploiement d'un outil). Chaque côté additionne les "
        "sommes publiées de ses mois\u00a0; un mois retenu n'est pas compté.",
        "around": "Mois du changement",
        "months_each": "Mois de chaque côté",
        "before": "Avant ({first} – {last})",
        "after": "Après ({first} – {last})",
        "col_change": "Écart",
        "months_released": "Mois publiés",
        "months_released_value": "{count} sur {total}",
        "devices_range": "{low} à {high} postes",
        "points": "{sign}{value}\u00a0pts",
        "not_found": "Aucune direction ni équipe « {group} ».",
        "bad_request": "Requête invalide\u00a0: {reason}",
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
        "held_why": "moins de {size}\u00a0postes participants, ou masqué pour qu'on ne puisse "
        "pas déduire une équipe voisine",
        "chart_not_yet": "pas encore publié",
        "axis_share": "Part des jours actifs (en\u00a0%)",
        "axis_month": "Mois",
        "chart_legend": "Chaque barre porte sa valeur\u00a0; un trait épais marque 0\u00a0%\u00a0; "
        "hachures\u00a0: pas encore publié\u00a0; pointillés\u00a0: pas assez de participants.",
        "col_previous": "{month}",
        "col_department": "Direction",
        "back_to_department": "← {name}",
        "guide": "Guide du service Prévention",
        "headline": "Chiffres clés de {month}",
        "col_change_previous": "Écart avec {month}",
        "col_change_median": "Écart avec la médiane sur 12\u00a0mois",
        "median_of": "médiane de {count}\u00a0mois publiés\u00a0: {value}",
        "far_above": "nettement au-dessus de la direction pour «\u00a0{label}\u00a0»\u00a0: "
        "{team} contre {department}",
        "far_below": "nettement en dessous de la direction pour «\u00a0{label}\u00a0»\u00a0: "
        "{team} contre {department}",
        "close_to_department": "proche de la direction",
        "legend": "Abréviations et unités",
        "abbr_points": "pts",
        "abbr_points_long": "points de pourcentage (l'écart entre deux pourcentages)",
        "abbr_min": "minutes",
        "abbr_h": "heures",
        "abbr_percent": "pourcentage des jours actifs (ou des semaines actives, ou des "
        "rappels de pause, selon l'indicateur)",
        "abbr_csv": "fichier de valeurs séparées, pour un tableur",
        "abbr_pdf": "document imprimable",
        "abbr_f3sct": "formation spécialisée en santé, sécurité et conditions de travail",
        "purpose": "Répit aide le service Prévention et la F3SCT à repérer, équipe par équipe, "
        "les journées longues et le manque de déconnexion, à partir de statistiques "
        "anonymes\u00a0: jamais les chiffres d'une personne.",
        "warn_months": "Attention\u00a0: les deux côtés n'ont pas le même nombre de mois "
        "publiés ({before} avant, {after} après)\u00a0; l'écart compare des périodes inégales.",
        "warn_devices": "Attention\u00a0: moins de postes d'un côté ({before} avant, {after} "
        "après)\u00a0; l'écart peut venir de qui participe plutôt que du changement.",
        "warn_unreleased": "Attention\u00a0: un côté n'a aucun mois publié\u00a0; "
        "aucune comparaison n'est possible.",
        "compare_section": "comparaison",
        "csv_side": "côté",
        "organisation": "Organisation\u00a0: {name}",
        "logo": "Logo de {name}",
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
        "trend_caption": "{label}, {first} to {last} (as a % of active days).",
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
        "download_colon": "Download:",
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
        "points": "{sign}{value}\u00a0pts",
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
        "held_why": "fewer than {size} participating devices, or hidden so that a "
        "neighbouring team cannot be deduced",
        "chart_not_yet": "not yet published",
        "axis_share": "Share of active days (%)",
        "axis_month": "Month",
        "chart_legend": "Each bar carries its value; a thick line marks 0%; "
        "hatching: not yet published; dots: not enough participants.",
        "col_previous": "{month}",
        "col_department": "Department",
        "back_to_department": "← {name}",
        "guide": "Prevention service guide",
        "headline": "Key figures for {month}",
        "col_change_previous": "Change from {month}",
        "col_change_median": "Change from the 12-month median",
        "median_of": "median of {count} released months: {value}",
        "far_above": "well above the department for “{label}”: {team} against {department}",
        "far_below": "well below the department for “{label}”: {team} against {department}",
        "close_to_department": "close to the department",
        "legend": "Abbreviations and units",
        "abbr_points": "pts",
        "abbr_points_long": "percentage points (the difference between two percentages)",
        "abbr_min": "minutes",
        "abbr_h": "hours",
        "abbr_percent": "percentage of active days (or of active weeks, or of break "
        "reminders, depending on the indicator)",
        "abbr_csv": "comma-separated values, for a spreadsheet",
        "abbr_pdf": "printable document",
        "abbr_f3sct": "the staff committee for health, safety and working conditions (F3SCT)",
        "purpose": "Répit helps the Prevention service and the health and safety committee "
        "spot, team by team, long days and a lack of disconnection, from anonymous "
        "statistics: never one person's figures.",
        "warn_months": "Warning: the two sides do not have as many released months "
        "({before} before, {after} after); the change compares unequal periods.",
        "warn_devices": "Warning: fewer devices on one side ({before} before, {after} after); "
        "the change may come from who takes part rather than from the change itself.",
        "warn_unreleased": "Warning: one side has no released month; no comparison is possible.",
        "compare_section": "comparison",
        "csv_side": "side",
        "organisation": "Organisation: {name}",
        "logo": "Logo of {name}",
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
    """``"1,3"`` / ``"1.3"``, with thousands separated (``contract.wording``)."""
    return format_decimal(value, lang, digits)


def percent(value: float, lang: Language, digits: int = 1) -> str:
    """``"23,4 %"`` / ``"23.4%"``."""
    return format_percent(value, lang, digits)


def display(found: Figure, lang: Language) -> str:
    """A figure as every format shows it: ``"23,4 %"``, ``"6 h 42 min"``, ``"1,3"``."""
    return display_value(found.key, found.value, lang)


def display_value(key: str, value: float | None, lang: Language) -> str:
    """A value of indicator ``key`` (a median, say) written as ``display`` writes figures."""
    if value is None:
        return TEXT[lang]["none"]
    unit = BY_KEY[key].unit
    if unit is Unit.SHARE:
        return percent(value, lang)
    if unit is Unit.MINUTES:
        return format_duration(value, lang)
    return decimal(value, lang)


def rounded(found: Figure) -> float | None:
    """The figure's value at the precision shown, for machine-readable columns."""
    value = found.value
    if value is None:
        return None
    return float(round(value)) if BY_KEY[found.key].unit is Unit.MINUTES else round(value, 1)


def detail(found: Figure, lang: Language) -> str:
    """How the figure was computed, from which released sums.

    ``"78 000 min sur 200 jours actifs"``: counts grouped by thousands, as every figure.
    """
    t = TEXT[lang]
    indicator = BY_KEY[found.key]
    if indicator.unit is Unit.SHARE:
        template = {
            "active_day": t["of_days"],
            "active_week": t["of_weeks"],
            "reminders_break": t["of_reminders"],
        }[indicator.denominator]
        return template.format(
            count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
        )
    if indicator.unit is Unit.MINUTES:
        return t["over_days"].format(
            count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
        )
    return t["count_over_days"].format(
        count=format_number(found.numerator, lang), total=format_number(found.denominator, lang)
    )


def label(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][0]


def meaning(key: str, lang: Language) -> str:
    return INDICATOR_TEXT[lang][key][1]


def signed_change(key: str, difference: float | None, lang: Language) -> str:
    """A change of indicator ``key``: ``"+3,2 pts"``, ``"−12 min"``, ``"+0,4"``; "—" for none."""
    if difference is None:
        return TEXT[lang]["none"]
    unit = BY_KEY[key].unit
    shown = round(abs(difference)) if unit is Unit.MINUTES else round(abs(difference), 1)
    sign = "+" if shown > 0 and difference > 0 else ("−" if shown > 0 else "")
    if unit is Unit.SHARE:
        return TEXT[lang]["points"].format(sign=sign, value=decimal(abs(difference), lang))
    if unit is Unit.MINUTES:
        return f"{sign}{shown}{NBSP}min"
    return f"{sign}{decimal(abs(difference), lang)}"
