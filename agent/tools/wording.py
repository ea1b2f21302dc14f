"""The words of "Mon avis sur les outils", in French (the default) and English.

French follows French typography: a non-breaking space before ``:`` ``;`` ``?``
``!`` and inside « », written here as plain spaces and fixed by ``_french``
so that the sources stay readable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

NBSP = "\u00a0"
_BEFORE_PUNCTUATION = re.compile(r" ([:;?!»])")
_AFTER_QUOTE = re.compile(r"« ")
_THOUSANDS = re.compile(r"(\d) (\d\d\d)")


@dataclass(frozen=True)
class ToolWords:
    menu_item: str
    title: str
    intro: str
    tools_label: str
    satisfaction: str
    levels: tuple[str, str, str, str, str]
    not_used: str
    workload: str
    lighter: str
    same: str
    heavier: str
    proposal: str
    proposal_warning: str
    read_back: str
    read_back_title: str
    confirm: str
    edit: str
    proposal_sent: str
    proposal_queued: str
    proposal_empty: str
    proposal_too_long: str
    workload_missing: str
    satisfaction_missing: str
    changes_title: str
    no_changes: str
    change_line: str
    save: str
    close: str
    saved: str
    reminder_title: str
    reminder_body: str
    only_in_share: str
    report_title: str
    report_intro: str
    report_month: str
    report_tool: str
    report_proposals: str
    report_colon: str


def _french(words: ToolWords) -> ToolWords:
    def fix(text: str) -> str:
        text = _THOUSANDS.sub(r"\1" + NBSP + r"\2", text)
        return _AFTER_QUOTE.sub("«" + NBSP, _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text))

    values: dict[str, Any] = {}
    for field in fields(words):
        value = getattr(words, field.name)
        values[field.name] = tuple(map(fix, value)) if isinstance(value, tuple) else fix(value)
    return ToolWords(**values)


FRENCH = _french(
    ToolWords(
        menu_item="Mon avis sur les outils",
        title="Répit : mon avis sur les outils",
        intro=(
            "Dites ce que vous pensez des outils numériques de votre direction ce mois-ci. "
            "Rien n'est obligatoire ; fermer la fenêtre n'envoie rien. Une nouvelle réponse "
            "dans le mois remplace la précédente."
        ),
        tools_label="Outils (flèches haut et bas pour choisir)",
        satisfaction="Satisfaction",
        levels=(
            "1 très insatisfait",
            "2 insatisfait",
            "3 ni l'un ni l'autre",
            "4 satisfait",
            "5 très satisfait",
        ),
        not_used="Je ne l'utilise pas",
        workload="Effet sur ma charge de travail",
        lighter="L'allège",
        same="Sans effet",
        heavier="L'alourdit",
        proposal="Une proposition d'amélioration (facultatif, 1 000 caractères au plus)",
        proposal_warning=(
            "À lire avant d'écrire : ce texte est envoyé tel quel au serveur Répit, sans "
            "votre nom, votre équipe ni la date. Il est lu par le service Prévention et "
            "les membres de la formation spécialisée (F3SCT), avec les autres propositions "
            "de la direction, une fois les réponses du mois publiées. Le texte lui-même "
            "peut révéler qui l'a écrit : ne citez personne et n'y mettez rien de personnel."
        ),
        read_back="Relire avant d'envoyer",
        read_back_title="Voici le texte qui partira, tel quel. L'envoyer ?",
        confirm="Confirmer l'envoi",
        edit="Modifier",
        proposal_sent="Proposition envoyée. Merci !",
        proposal_queued="Proposition gardée : elle partira dès que le serveur répondra.",
        proposal_empty="La proposition est vide : écrivez-la d'abord.",
        proposal_too_long="Le texte fait {length} caractères : 1 000 au plus, raccourcissez-le.",
        workload_missing="« {tool} » : indiquez aussi l'effet sur votre charge de travail.",
        satisfaction_missing="« {tool} » : indiquez aussi votre satisfaction.",
        changes_title="Ce qui a changé",
        no_changes="Aucune proposition de la direction n'a encore reçu de réponse.",
        change_line="{tool} : « {proposal} » — {answer}",
        save="Enregistrer mes réponses",
        close="Fermer sans enregistrer",
        saved="Réponses enregistrées : elles partiront à la fin du mois.",
        reminder_title="Votre avis sur les outils ?",
        reminder_body=(
            "Un nouveau mois commence : vous pouvez dire ce que vous pensez des outils "
            "numériques de votre direction, depuis le menu de Répit."
        ),
        only_in_share=(
            "Donner son avis sur les outils demande la participation « Rappels et partage "
            "anonyme »."
        ),
        report_title="Mon avis sur les outils",
        report_intro=(
            "Vos réponses, gardées sur ce poste ; celles d'un mois terminé partent, sans "
            "identifiant, dans les statistiques de la direction."
        ),
        report_month="Mois",
        report_tool="Outil",
        report_proposals="Mes propositions d'amélioration",
        report_colon=" : ",
    )
)

ENGLISH = ToolWords(
    menu_item="Rate my tools",
    title="Répit: rate my tools",
    intro=(
        "Say what you think of your department's digital tools this month. Nothing is "
        "required; closing the window sends nothing. A new answer within the month "
        "replaces the earlier one."
    ),
    tools_label="Tools (up and down arrows to choose)",
    satisfaction="Satisfaction",
    levels=(
        "1 very dissatisfied",
        "2 dissatisfied",
        "3 neither",
        "4 satisfied",
        "5 very satisfied",
    ),
    not_used="I don't use it",
    workload="Effect on my workload",
    lighter="Lightens it",
    same="No effect",
    heavier="Makes it heavier",
    proposal="An improvement proposal (optional, at most 1,000 characters)",
    proposal_warning=(
        "Read before writing: this text is sent as it is to the Répit server, without "
        "your name, your team or the date. The Prévention service and the health and "
        "safety committee read it, with the department's other proposals, once the "
        "month's answers are released. The text itself may show who wrote it: name no "
        "one and put nothing personal in it."
    ),
    read_back="Read it back before sending",
    read_back_title="This is the text that will leave, as it is. Send it?",
    confirm="Confirm sending",
    edit="Edit",
    proposal_sent="Proposal sent. Thank you!",
    proposal_queued="Proposal kept: it will leave as soon as the server answers.",
    proposal_empty="The proposal is empty: write it first.",
    proposal_too_long="The text has {length} characters: at most 1,000, please shorten it.",
    workload_missing='"{tool}": please also give the effect on your workload.',
    satisfaction_missing='"{tool}": please also give your satisfaction.',
    changes_title="What changed",
    no_changes="No proposal of the department has been answered yet.",
    change_line='{tool}: "{proposal}" — {answer}',
    save="Save my answers",
    close="Close without saving",
    saved="Answers saved: they will leave at the end of the month.",
    reminder_title="Your view of your tools?",
    reminder_body=(
        "A new month begins: you can say what you think of your department's digital "
        "tools, from Répit's menu."
    ),
    only_in_share='Rating the tools needs the "Reminders and anonymous sharing" participation.',
    report_title="Rate my tools",
    report_intro=(
        "Your answers, kept on this computer; those of a completed month leave, without "
        "any identifier, in the department's statistics."
    ),
    report_month="Month",
    report_tool="Tool",
    report_proposals="My improvement proposals",
    report_colon=": ",
)


def tool_words(language: str) -> ToolWords:
    return ENGLISH if language == "en" else FRENCH
