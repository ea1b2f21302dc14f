"""What ``repit-agent`` says when it cannot do what was asked, in French and English.

The errors themselves are language-neutral: each carries a ``problem`` (a
key) and the ``values`` that fill it in, and an English message of its own
for logs (``StoreError``, ``MachineConfigError``, ``TraceError``). The command
line words them here, at its edge. A key has a French template here for each
English one in the code: ``tests/texts/test_error_words.py`` checks that both
fill in the same values.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from typing import Final, Protocol

from contract.typography import french_typography
from contract.wording import Language

_FR: Final[Mapping[str, str]] = {
    # The local database (agent.store, contract.sqlite_files).
    "store.cannot_create": "{path} : impossible de créer la base ({detail})",
    "store.damaged": (
        "{path} : la base est endommagée ou n'est pas une base de Répit (SQLite : {detail}). "
        "Elle n'a pas été modifiée ; mettez-la de côté pour repartir de zéro, "
        "ou restaurez une copie."
    ),
    "store.foreign": (
        "{path} : ce fichier SQLite n'est pas une base de Répit (ses tables sont celles "
        "d'un autre programme). Il n'a pas été modifié ; choisissez un autre nom de fichier."
    ),
    "store.no_permission": (
        "{path} : accès refusé ({detail}) : cet utilisateur ne peut pas lire et écrire "
        "la base de Répit ou son dossier. Rien n'a changé ; corrigez le propriétaire "
        "ou les droits."
    ),
    "store.newer": (
        "{path} : cette base a été écrite par une version plus récente de Répit "
        "(schéma {version}, cette version en connaît {known}). Elle n'a pas été modifiée ; "
        "mettez Répit à jour pour l'utiliser."
    ),
    "store.newer_state": (
        "la base contient un état du moteur de version {version} ; cet agent ne connaît "
        "que la version {known} : un agent plus récent l'a écrit, réinstallez celui-là "
        "(rien n'a changé)"
    ),
    # The machine-wide configuration (agent.machine_config).
    "config.unreadable": "{path} : configuration illisible ({detail})",
    "config.unknown_keys": "{path} : clé(s) inconnue(s) {keys} ; attendues : {expected}",
    "config.not_text": "{path} : {keys} : une chaîne de caractères attendue",
    # Activity traces (agent.core.trace): what follows "file:line : ".
    "trace.header": "en-tête « time,event » attendu, trouvé « {found} »",
    "trace.empty": "trace vide : en-tête « time,event » attendu",
    "trace.fields": "deux champs « time,event » attendus, trouvé {count} : « {found} »",
    "trace.event": "évènement « {event} » inconnu, attendu l'un de : {known}",
    "trace.order": (
        "ligne dans le désordre : {time} est antérieur à la ligne précédente ({before})"
    ),
    "trace.time": (
        "heure « {time} » invalide, attendue en ISO 8601 comme 2026-03-30T08:00:00+02:00"
    ),
    "trace.offset": ("l'heure « {time} » n'a pas de décalage UTC, attendu comme +02:00 ou Z"),
    # The command line's own.
    "cli.not_enrolled": (
        "cet appareil n'est pas inscrit sur les deux serveurs : "
        "lancez d'abord repit-agent enroll ADRESSE CODE_PRINCIPAL CODE_SECOND"
    ),
    "cli.not_utf8": "{path} : ce n'est pas du texte UTF-8 ({reason} à l'octet {start})",
    "cli.unreadable": "{path} : {detail}",
    "cli.policies_valid_one": "{count} fichier de politique valide.",
    "cli.policies_valid_many": "{count} fichiers de politique valides.",
}

_EN: Final[Mapping[str, str]] = {
    "cli.not_enrolled": (
        "not enrolled at both servers: repit-agent enroll URL LEADER_CODE HELPER_CODE first"
    ),
    "cli.not_utf8": "{path}: not UTF-8 text ({reason} at byte {start})",
    "cli.unreadable": "{path}: {detail}",
    "cli.policies_valid_one": "{count} policy file valid.",
    "cli.policies_valid_many": "{count} policy files valid.",
}
"""The command line's own messages in English; the errors' English is in their code."""

FRENCH: Final[Mapping[str, str]] = {key: french_typography(text) for key, text in _FR.items()}
ENGLISH: Final = _EN


class Worded(Protocol):
    """An error that says what went wrong as a key and values."""

    problem: str

    @property
    def values(self) -> Mapping[str, object]: ...


def error_text(family: str, error: Worded, language: Language) -> str:
    """``error`` (of ``family``: ``store``, ``config``, ``trace``) in ``language``; its own
    English message when the language is English or the problem has no French."""
    template = FRENCH.get(f"{family}.{error.problem}") if language == "fr" else None
    if template is None:
        return str(error)
    return template.format(**error.values)


def trace_error_text(error: Worded, where: str, language: Language) -> str:
    """A trace's problem after its place: ``monday.csv:3 : …``."""
    if language != "fr":
        return str(error)
    return f"{where}\u00a0: {error_text('trace', error, language)}"


_OS_FRENCH: Final[Mapping[int, str]] = {
    errno.ENOENT: "fichier ou dossier introuvable",
    errno.EACCES: "accès refusé",
    errno.EPERM: "opération non permise",
    errno.EISDIR: "c'est un dossier",
    errno.ENOTDIR: "un élément du chemin n'est pas un dossier",
    errno.ENOSPC: "plus de place sur le disque",
    errno.EROFS: "système de fichiers en lecture seule",
}
"""The system's words for the usual file errors (its own are English under C locales)."""


def os_error_words(error: OSError, language: Language) -> str:
    """Why a file could not be used: ``fichier ou dossier introuvable``."""
    words = _OS_FRENCH.get(error.errno or 0) if language == "fr" else None
    if words is not None:
        return french_typography(words)
    return error.strerror or str(error)


def cli_text(key: str, language: Language, **values: object) -> str:
    """One of the command line's own messages."""
    templates = FRENCH if language == "fr" else ENGLISH
    return templates[f"cli.{key}"].format(**values)
