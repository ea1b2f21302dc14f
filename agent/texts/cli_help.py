"""``repit-agent``'s help in French: each command's text and each option's.

The English is the code's own (the commands' docstrings and ``help=``);
``contract.cli_words.give_help`` puts these in their place when the person's
language is French, before click renders or parses anything. Keyed by command
path (``""``: the program, ``"policy check"``) and parameter name; a test
(``missing_help``) checks that no command or option is left out. Examples are
commands to copy: they are not typeset, their heading is.
"""

from __future__ import annotations

from typing import Final

from contract.cli_words import CommandWords, HelpCatalogue
from contract.typography import french_typography

_NOT_TYPESET: Final = "\b"
"""Click's mark of a paragraph it must not rewrap: here, the examples."""


def _typeset(text: str) -> str:
    """French typography for the prose; an example paragraph keeps its commands verbatim."""
    paragraphs = []
    for paragraph in text.split("\n\n"):
        if paragraph.startswith(_NOT_TYPESET + "\n"):
            _, heading, *commands = paragraph.split("\n")
            paragraph = "\n".join([_NOT_TYPESET, french_typography(heading), *commands])
        else:
            paragraph = french_typography(paragraph)
        paragraphs.append(paragraph)
    return "\n\n".join(paragraphs)


def _words(
    help: str,
    short_help: str | None = None,
    params: dict[str, str] | None = None,
    metavars: dict[str, str] | None = None,
) -> CommandWords:
    return CommandWords(
        help=_typeset(help),
        short_help=None if short_help is None else french_typography(short_help),
        params={name: french_typography(text) for name, text in (params or {}).items()},
        metavars=metavars or {},
    )


_DATA_DIR = (
    "Dossier de la base locale (par défaut : le dossier de données de l'utilisateur ; "
    "variable REPIT_DATA_DIR)."
)
_POLICY = (
    "Le fichier de politique de la direction (par défaut : la politique fournie ; "
    "variable REPIT_POLICY)."
)
_LANGUAGE = "Langue des textes et des pages (par défaut : celle de la politique, le français)."
_LOCAL = {"data_dir": _DATA_DIR, "policy_path": _POLICY, "language": _LANGUAGE}

FRENCH_HELP: Final[HelpCatalogue] = {
    "": _words(
        "Répit : des rappels qui protègent les pauses et les soirées, et des statistiques "
        "d'équipe qui ne montrent les chiffres de personne.\n\n"
        "\b\nExemples :\n"
        "  repit-agent consent reminders\n"
        "  repit-agent run\n"
        "  repit-agent status\n"
        "  repit-agent policy check policies/*.toml\n"
        "  repit-agent replay --policy policies/default.toml trace.csv",
        params={"language": _LANGUAGE},
    ),
    "run": _words(
        "Lancer l'agent : icône de notification, rappels, enregistrement (seulement une "
        "fois la participation choisie).\n\n"
        "\b\nExemples :\n"
        "  repit-agent run\n"
        "  repit-agent run --headless --data-dir /tmp/repit-demo",
        short_help="Lancer l'agent : icône, rappels, enregistrement.",
        params={"headless": "Sans icône de notification.", **_LOCAL},
    ),
    "status": _words(
        "Afficher la participation, les chiffres du jour, le temps depuis la dernière "
        "pause, le prochain rappel, l'équipe et le dernier envoi.\n\n"
        "\b\nExemples :\n"
        "  repit-agent status\n"
        "  repit-agent status --json",
        short_help="Participation, chiffres du jour, prochain rappel, équipe.",
        params={"as_json": "Écrire un seul document JSON.", **_LOCAL},
    ),
    "consent": _words(
        "Choisir votre participation : off (rien n'est enregistré), reminders (enregistré "
        "sur cet ordinateur seulement, avec des rappels) ou share (de même, et des sommes "
        "anonymes envoyées pour votre équipe). Choisir share dit ce qui est envoyé et à "
        "qui, et demande d'abord. Un agent lancé suit à son prochain passage.\n\n"
        "\b\nExemples :\n"
        "  repit-agent consent reminders\n"
        "  repit-agent consent share --yes",
        short_help="Choisir votre participation : off, reminders ou share.",
        params={"yes": "Ne pas demander de confirmation en choisissant share.", **_LOCAL},
    ),
    "enroll": _words(
        "Rejoindre votre équipe avec deux codes à usage unique, un de chaque serveur : "
        "CODE_PRINCIPAL du serveur principal à l'ADRESSE donnée (celui de votre service "
        "de Prévention), CODE_SECOND du second serveur que nomme le principal (tenu par "
        "un autre organisme). Les deux codes peuvent s'écrire en un seul mot, "
        "CODE_PRINCIPAL.CODE_SECOND. Aucun des deux serveurs ne peut lire seul ce que cet "
        "appareil envoie. L'envoi attend encore votre choix : repit-agent consent share.\n\n"
        "Si le second serveur est injoignable, relancez plus tard la même commande : le "
        "code du serveur principal ne resservira pas. S'inscrire de nouveau avec de "
        "nouveaux codes révoque les jetons précédents : l'appareil garde une seule "
        "identité sur chaque serveur.\n\n"
        "\b\nExemples :\n"
        "  repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV P4LD-8XWC-2NJB\n"
        "  repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV.P4LD-8XWC-2NJB",
        short_help="Rejoindre votre équipe avec les codes des deux serveurs.",
        params={"data_dir": _DATA_DIR, "language": _LANGUAGE},
        metavars={"url": "ADRESSE", "code": "CODE_PRINCIPAL", "helper_code": "[CODE_SECOND]"},
    ),
    "forget": _words(
        "Effacer toutes vos données locales et l'inscription de cet appareil.\n\n"
        "\b\nExemple :\n"
        "  repit-agent forget --yes",
        short_help="Effacer toutes vos données locales et l'inscription.",
        params={
            "yes": "Ne pas demander de confirmation.",
            "data_dir": _DATA_DIR,
            "language": _LANGUAGE,
        },
    ),
    "encode": _words(
        "Écrire le corps d'envoi exact (SPLIT.md, schéma 2) que cet agent inscrit "
        "enverrait pour les valeurs données, chiffré pour son second serveur. Rien n'est "
        "envoyé ni gardé : pour tester les serveurs hors du projet.\n\n"
        "\b\nExemple :\n"
        '  repit-agent encode --kind week --period 2026-W10 --values \'{"reports": 1,\n'
        '    "active_week": 1, "active_minutes": 2400, "over_48h": 0,\n'
        '    "rest_under_35h": 0, "avg_12w_over_44h": 0}\'',
        short_help="Écrire le corps d'envoi chiffré de valeurs données.",
        params={
            "kind": "La sorte de rapport : day (un jour) ou week (une semaine).",
            "period": "Le jour (AAAA-MM-JJ) ou la semaine ISO (AAAA-Www).",
            "values_json": (
                "Les valeurs de la contribution, en objet JSON : chaque champ de MEASURES.md §8."
            ),
            "data_dir": _DATA_DIR,
            "language": _LANGUAGE,
        },
        metavars={"period": "PÉRIODE", "values_json": "VALEURS"},
    ),
    "export": _words(
        "Exporter toutes vos données locales : réglages, périodes d'activité, rappels, "
        "chiffres des jours et des semaines, envois en attente. La page html a un tableau "
        "par sorte, les heures locales et des en-têtes dans votre langue.\n\n"
        "\b\nExemples :\n"
        "  repit-agent export --format csv -o mes-donnees.csv\n"
        "  repit-agent export --format html -o mes-donnees.html\n"
        "  repit-agent export | less",
        short_help="Exporter toutes vos données locales.",
        params={
            "output_format": (
                "Format : json ou csv pour des programmes, html pour une page à lire."
            ),
            "output": "Écrire dans ce fichier plutôt que sur la sortie standard.",
            **_LOCAL,
        },
    ),
    "preview": _words(
        "Afficher exactement ce que le prochain envoi enverra. Une fois inscrit : pour "
        "chaque jour et chaque semaine terminés (MEASURES.md §8) et chaque mois terminé "
        "de vos réponses sur vos outils (TOOLS.md), ses valeurs en clair à côté du corps "
        "chiffré exact que recevra le serveur principal, où aucun des deux serveurs ne "
        "peut les lire seul. Avant l'inscription : les valeurs seulement. Rien n'est "
        "envoyé sans votre choix share.\n\n"
        "\b\nExemple :\n"
        "  repit-agent preview",
        short_help="Afficher exactement ce que le prochain envoi enverra.",
        params={"data_dir": _DATA_DIR, "language": _LANGUAGE},
    ),
    "report": _words(
        "Écrire votre propre rapport (les 30 derniers jours et les 12 dernières semaines, "
        "avec des graphiques) dans une page HTML. Il reste sur cet ordinateur.\n\n"
        "\b\nExemples :\n"
        "  repit-agent report --open\n"
        "  repit-agent report -o ~/mon-rapport.html --language en",
        short_help="Écrire votre propre rapport, une page HTML.",
        params={
            "output": "Où écrire la page (par défaut : report.html dans le dossier de données).",
            "open_it": "Ouvrir la page dans le navigateur.",
            **_LOCAL,
        },
    ),
    "policy": _words("Les fichiers de politique (POLICY.md).", params={"language": _LANGUAGE}),
    "policy check": _words(
        "Vérifier les FICHIERS de politique, avec les politiques qu'ils étendent ; "
        "les identifiants d'équipe doivent être uniques dans l'ensemble. Statut de sortie "
        "0 quand tous sont valides, 2 sinon.\n\n"
        "\b\nExemple :\n"
        "  repit-agent policy check policies/*.toml",
        short_help="Vérifier des fichiers de politique.",
        params={"language": _LANGUAGE},
        metavars={"files": "FICHIERS..."},
    ),
    "replay": _words(
        "Rejouer une TRACE d'activité (CSV : time,event) et écrire ses chiffres par jour, "
        "par semaine et ses rappels en un document JSON (MEASURES.md §7).\n\n"
        "\b\nExemple :\n"
        "  repit-agent replay --policy policies/dnum.toml monday.csv",
        short_help="Rejouer une trace d'activité, écrire ses chiffres en JSON.",
        params={
            "policy_path": "Le fichier de politique dont les règles s'appliquent (POLICY.md).",
            "language": _LANGUAGE,
        },
    ),
}
"""Every ``repit-agent`` command's help in French."""
