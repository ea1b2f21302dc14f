"""The words of the tool pages (recueil, register, impact study), in French and English.

French is written with plain spaces and given its typography by ``_french``: a
non-breaking space before ``:`` ``;`` ``?`` ``!`` ``%`` and inside « ».
"""

from __future__ import annotations

import re
from typing import Final

from aggregator.periods import PeriodError
from aggregator.reports.month_names import month_name
from contract.wording import Language

NBSP: Final = "\u00a0"
_BEFORE = re.compile(r" ([:;?!%»])")
_AFTER_QUOTE = re.compile(r"« ")

ROW_KEYS: Final = (
    "screen_minutes",
    "after_hours_minutes",
    "breaks",
    "no_break_6h",
    "over_10h",
    "rest_under_11h",
    "over_48h",
    "satisfaction",
    "heavier",
)


def month_words(month: str, lang: Language) -> str:
    """``2026-02`` as a reader says it (``février 2026``); as it is if it is no month."""
    try:
        return month_name(month, lang)
    except (PeriodError, ValueError):
        return month


def _french(words: dict[str, str]) -> dict[str, str]:
    return {
        key: _AFTER_QUOTE.sub("«" + NBSP, _BEFORE.sub(NBSP + r"\1", value))
        for key, value in words.items()
    }


TEXT: Final[dict[Language, dict[str, str]]] = {
    "fr": _french(
        {
            "index_title": "Outils numériques",
            "nav_home": "Accueil",
            "switch": "English",
            "logout": "Se déconnecter",
            "index_intro": (
                "Pour chaque direction, ses outils : le recueil des propositions du mois "
                "dernier, et le registre des déploiements avec leurs études d'impact."
            ),
            "register_link": "Registre des déploiements et études d'impact",
            "answers_link": "Avis des agents sur les outils",
            "answers_title": "Avis sur les outils : {group}, {month}",
            "answers_intro": (
                "Les réponses du mois, outil par outil, publiées seulement pour un groupe "
                "d'au moins {size} postes ayant répondu, et sans permettre de déduire une "
                "équipe voisine."
            ),
            "answers_held": (
                "Pas de réponses publiées ce mois pour cet outil (mois en cours, délai de "
                "publication, trop peu de réponses, ou masqué pour qu'on ne puisse pas "
                "déduire une équipe voisine)."
            ),
            "answers_groups": "Groupes",
            "trend_title": "Évolution sur 12 mois",
            "trend_month": "Mois",
            "trend_answers": "Réponses",
            "trend_mean": "Satisfaction moyenne (1 à 5)",
            "trend_heavier": "Part « l'alourdit »",
            "trend_held": "non publié",
            "csv_link": "Télécharger en CSV",
            "pdf_link": "Télécharger en PDF",
            "csv_group": "groupe",
            "csv_month": "mois",
            "csv_tool": "outil",
            "csv_answer": "réponse",
            "csv_count": "nombre",
            "csv_answers": "réponses",
            "not_found_title": "Page introuvable",
            "not_found": "Direction, outil, mois ou déploiement inconnu.",
            "recueil_title": "Recueil des propositions : {tool}, {department}, {month}",
            "not_released": (
                "Les réponses de ce mois sur cet outil ne sont pas publiées (mois en cours, "
                "délai de publication ou trop peu de réponses) : les propositions ne le sont "
                "pas non plus."
            ),
            "dist_title": "Les réponses du mois",
            "dist_answers": "Nombre de réponses",
            "dist_satisfaction": "Satisfaction {level} sur 5",
            "dist_lighter": "Allège la charge de travail",
            "dist_same": "Sans effet sur la charge",
            "dist_heavier": "Alourdit la charge de travail",
            "dist_not_used": "Ne l'utilise pas",
            "dist_count": "Réponses",
            "dist_answer": "Réponse",
            "proposals_title": "Les propositions",
            "count_none": "Aucune proposition ce mois-ci.",
            "count_one": "1 proposition, sans équipe, date ni auteur.",
            "count_many": (
                "{count} propositions, dans un ordre aléatoire, sans équipe, date ni auteur."
            ),
            "taken": "Pris en compte :",
            "answer_label": "Réponse aux agents",
            "mark": "Marquer comme pris en compte",
            "expired_title": "Formulaire expiré",
            "expired": "Rechargez la page et recommencez.",
            "blank_title": "Réponse vide",
            "blank": "Écrivez la réponse que les agents liront.",
            "register_title": "Registre des déploiements d'outils",
            "register_empty": "Aucun déploiement enregistré.",
            "register_form": "Enregistrer un déploiement",
            "tool": "Outil",
            "group": "Direction ou équipe",
            "date": "Date",
            "note": "Note",
            "save": "Enregistrer",
            "refused_title": "Refusé",
            "admin_only": "Réservé aux administrateurs.",
            "deployment_refused": "Déploiement refusé",
            "unknown_group": (
                "groupe « {group} » inconnu : une direction ou une équipe des politiques"
            ),
            "unknown_tool": "outil « {tool} » inconnu dans {department} (ses outils : {known})",
            "bad_date": "date attendue au format AAAA-MM-JJ, reçu « {day} »",
            "none": "aucun",
            "study_title": "Étude d'impact : {tool}, {group}",
            "study_header": "Outil : {tool} ({tool_id}) — groupe : {group} — déploiement le {date}",
            "figure": "Chiffre",
            "baseline": "Avant (référence)",
            "after": "{months} mois après",
            "after_one": "1 mois après",
            "months": "Mois",
            "devices": "Postes (jours)",
            "week_devices": "Postes (semaines)",
            "tool_answers": "Réponses sur l'outil",
            "unreleased": "non publié",
            "ahead": (
                "Le déploiement n'a pas encore eu lieu : cette page est la situation de "
                "référence que la formation spécialisée examine avant le projet."
            ),
            "method_title": "Méthode",
            "method": (
                "La référence est faite des trois derniers mois publiés du groupe avant le "
                "mois du déploiement ; les colonnes suivantes sont le premier, le troisième et "
                "le sixième mois après. Chaque chiffre est un rapport de sommes publiées (par "
                "jour actif, ou part des jours ou des semaines actifs) sur des groupes assez "
                "grands pour que personne ne soit isolé ; un mois non publié ne montre rien. "
                "Le nombre de postes est celui de chaque mois ; la satisfaction vient des "
                "réponses publiées sur l'outil. Les écarts décrivent le groupe, pas une "
                "personne, et d'autres changements du même moment peuvent y contribuer."
            ),
            "pdf": "Télécharger le PDF",
            "row_screen_minutes": "Temps d'écran par jour actif (min)",
            "row_after_hours_minutes": "Hors plages de travail par jour actif (min)",
            "row_breaks": "Pauses par jour actif",
            "row_no_break_6h": "Jours de 6 h sans pause de 20 min",
            "row_over_10h": "Jours de plus de 10 h d'écran",
            "row_rest_under_11h": "Jours après un repos de moins de 11 h",
            "row_over_48h": "Semaines de plus de 48 h",
            "row_satisfaction": "Satisfaction moyenne (1 à 5)",
            "row_heavier": "Réponses « l'alourdit »",
        }
    ),
    "en": {
        "index_title": "Digital tools",
        "nav_home": "Home",
        "switch": "Français",
        "logout": "Log out",
        "index_intro": (
            "For each department, its tools: last month's collected proposals, and the "
            "deployment register with its impact studies."
        ),
        "register_link": "Deployment register and impact studies",
        "answers_link": "Staff's views of their tools",
        "answers_title": "Views of the tools: {group}, {month}",
        "answers_intro": (
            "The month's answers, tool by tool, shown only for a group of at least {size} "
            "computers that answered, and never so that a neighbouring team could be deduced."
        ),
        "answers_held": (
            "No answers shown this month for this tool (current month, release delay, too few "
            "answers, or hidden so that a neighbouring team cannot be deduced)."
        ),
        "answers_groups": "Groups",
        "trend_title": "Over 12 months",
        "trend_month": "Month",
        "trend_answers": "Answers",
        "trend_mean": "Mean satisfaction (1 to 5)",
        "trend_heavier": 'Share "makes it heavier"',
        "trend_held": "not released",
        "csv_link": "Download as CSV",
        "pdf_link": "Download as PDF",
        "csv_group": "group",
        "csv_month": "month",
        "csv_tool": "tool",
        "csv_answer": "answer",
        "csv_count": "count",
        "csv_answers": "answers",
        "not_found_title": "Page not found",
        "not_found": "Unknown department, tool, month or deployment.",
        "recueil_title": "Proposals: {tool}, {department}, {month}",
        "not_released": (
            "This month's answers about this tool are not released (current month, release "
            "delay or too few answers): neither are the proposals."
        ),
        "dist_title": "The month's answers",
        "dist_answers": "Number of answers",
        "dist_satisfaction": "Satisfaction {level} of 5",
        "dist_lighter": "Lightens the workload",
        "dist_same": "No effect on the workload",
        "dist_heavier": "Makes the workload heavier",
        "dist_not_used": "Does not use it",
        "dist_count": "Answers",
        "dist_answer": "Answer",
        "proposals_title": "The proposals",
        "count_none": "No proposal this month.",
        "count_one": "1 proposal, with no team, date or author.",
        "count_many": "{count} proposals, in random order, with no team, date or author.",
        "taken": "Taken into account:",
        "answer_label": "Answer to staff",
        "mark": "Mark as taken into account",
        "expired_title": "Form expired",
        "expired": "Reload the page and try again.",
        "blank_title": "Blank answer",
        "blank": "Write the answer staff will read.",
        "register_title": "Tool deployment register",
        "register_empty": "No deployment registered.",
        "register_form": "Register a deployment",
        "tool": "Tool",
        "group": "Department or team",
        "date": "Date",
        "note": "Note",
        "save": "Register",
        "refused_title": "Refused",
        "admin_only": "Administrators only.",
        "deployment_refused": "Deployment refused",
        "unknown_group": (
            "unknown group `{group}`: expected a department or team id of the policies"
        ),
        "unknown_tool": "unknown tool `{tool}` in {department} (its tools: {known})",
        "bad_date": "expected a date YYYY-MM-DD, found {day!r}",
        "none": "none",
        "study_title": "Impact study: {tool}, {group}",
        "study_header": "Tool: {tool} ({tool_id}) — group: {group} — deployed on {date}",
        "figure": "Figure",
        "baseline": "Before (baseline)",
        "after": "{months} months after",
        "after_one": "1 month after",
        "months": "Months",
        "devices": "Computers (days)",
        "week_devices": "Computers (weeks)",
        "tool_answers": "Answers about the tool",
        "unreleased": "not released",
        "ahead": (
            "The deployment has not happened yet: this page is the baseline the committee "
            "discusses ahead of the project."
        ),
        "method_title": "Method",
        "method": (
            "The baseline is the group's last three released months before the deployment's "
            "month; the next columns are the first, third and sixth months after. Each figure "
            "is a ratio of released sums (per active day, or a share of active days or weeks) "
            "over groups large enough that nobody is singled out; a month not released shows "
            "nothing. The number of computers is each month's; satisfaction comes from the "
            "released answers about the tool. Differences describe the group, not a person, "
            "and other changes at the same time may contribute to them."
        ),
        "pdf": "Download the PDF",
        "row_screen_minutes": "Screen time per active day (min)",
        "row_after_hours_minutes": "Outside working windows per active day (min)",
        "row_breaks": "Breaks per active day",
        "row_no_break_6h": "Days with 6 h without a 20-minute break",
        "row_over_10h": "Days with more than 10 h of screen time",
        "row_rest_under_11h": "Days after a rest shorter than 11 h",
        "row_over_48h": "Weeks over 48 h",
        "row_satisfaction": "Mean satisfaction (1 to 5)",
        "row_heavier": 'Answers "makes it heavier"',
    },
}
