"""What ``repit-aggregator`` tells its operator, in French (the default) and English.

Messages by key, filled in by ``say``; the language is the command line's
(``aggregator.cli_language``). The errors of the libraries the server shares
(accounts, storage, organisation) keep their English message for the server
and carry a ``reason`` and its values: ``error_text`` words them here by that
reason, never by reading the English. French is written with plain spaces and
typeset by ``french_typography``; a test checks both languages have the same
keys and placeholders.
"""

from __future__ import annotations

import errno
from collections.abc import Mapping
from datetime import date
from typing import Final

from babel.dates import format_date

from aggregator.cli_key_messages import KEY_ENGLISH, KEY_FRENCH
from aggregator.cli_language import current_language
from contract.typography import french_typography
from contract.wording import Language

_ENGLISH: Final[dict[str, str]] = {
    # The database and the policies, for every command.
    "database_unusable": "the database cannot be used now ({reason}); retry",
    "unusable.FULL": "the server's disk is full",
    "unusable.READ_ONLY": "the server's database is read-only",
    "unusable.DISK": "the server's disk cannot be written",
    "unusable.BUSY": "the server's database is busy",
    "unusable.SILENT": "the database does not answer",
    "file_unusable": "{path}: {reason}",
    "policies_unusable": "the policies cannot be used:\n{problems}",
    "clear_sums": "{path}: this database holds clear-text sums from before split aggregation"
    " (SPLIT.md); it cannot be used as a leader or a helper. Start with a new database file"
    " (--db).",
    "other_role": "{path}: this database is a {found}'s, not a {role}'s; each server keeps its"
    " own file.",
    "this_database": "the database",
    "database.damaged": "{path}: the database is damaged or not a Répit aggregator database"
    " ({detail}). It was left untouched; move it aside to start afresh, or restore a copy.",
    "database.foreign": "{path}: this SQLite file is not a Répit aggregator database (its tables"
    " are someone else's). It was left untouched; give another file name.",
    "database.no_permission": "{path}: permission denied ({detail}): this user may not read and"
    " write the Répit aggregator database or its folder. Nothing was changed; fix the owner or"
    " the mode.",
    "database.newer": "{path}: this database was written by a newer Répit (schema {version},"
    " this version knows {known}). It was left untouched; update Répit to use it.",
    "cannot_write": "cannot write {path}: {reason}",
    # enroll-code, report, tool deploy.
    "no_team": "no team {team!r} in the policies",
    "codes_printed_one": "{count} enrollment code for {team}.",
    "codes_printed_many": "{count} enrollment codes for {team}.",
    "no_group": "no department or team {group!r} in the policies",
    "report_written": "Report of {group} for {month} written to {path}.",
    "note_too_long": "--note: at most {most} characters, found {found}",
    # Accounts and tokens.
    "account_created": "Account {name!r} ({role}) created; the password is shown only now.",
    "state_active": "active",
    "state_disabled": "disabled",
    "no_account_yet": "No account yet: create one with `user add NAME --role admin`.",
    "account_disabled": "Account {name!r} disabled; its sessions were closed.",
    "account_enabled": "Account {name!r} enabled.",
    "new_password": "New password for {name!r}; it is shown only now.",
    "account_removed": "Account {name!r} removed, with its API tokens and sessions.",
    "token_created": "API token created for {name!r}; it is shown only now.",
    "token_revoked": "API token {id} of {name!r} revoked.",
    # Devices.
    "code_or_token_not_both": "give either --code or --token-file, not both",
    "code_or_token": "give either --code or --token-file",
    "code_cancelled": "This code had not enrolled any device: it is cancelled.",
    "device_revoked": "Device revoked: its token no longer works; its past sums stay.",
    "standard_input": "standard input",
    "token_unreadable": "cannot read the token from {where}: {reason}",
    "token_too_long": "{where} holds more than {most} bytes: not a device token",
    "token_not_text": "{where} does not hold a device token (it is not plain text)",
    "token_empty": "{where} is empty: no device token to revoke",
    # Split aggregation: serve's roles, helper-key.
    "leader_needs": "the leader needs --helper-url and --helper-token-file",
    "helper_url_scheme": "--helper-url: expected an http:// or https:// address, found {url!r}",
    "helper_needs_key": "the helper needs --key-file (made by `repit-aggregator helper-key "
    "create`)",
    "key_written": "HPKE key written to {path}.",
    "leader_token_written": "Leader–helper token written to {path}.",
    # helper-key rotate and retire (the keys kept: ``aggregator.cli_key_messages``).
    "key_file_keeps": "{path} keeps:",
    "reload_helper": "Reload the helper to use it (systemctl reload repit-helper).",
    # audit.
    "audit_role": "Role: {role}",
    "audit_no_role": "not yet used by a leader or a helper",
    "audit_teams": "Teams:",
    "audit_team": "  {team} ({department}): {issued}, {used}, {enrolled}",
    "audit_issued_one": "{count} code issued",
    "audit_issued_many": "{count} codes issued",
    "audit_used_one": "{count} used",
    "audit_used_many": "{count} used",
    "audit_enrolled_one": "{count} device enrolled",
    "audit_enrolled_many": "{count} devices enrolled",
    "audit_headcount": ", headcount {headcount}",
    "audit_too_many": " — MORE DEVICES THAN PEOPLE: held back until you look into it",
    "audit_releases": "Releases recorded:",
    "audit_released": "  {month} {department}: released on {day}",
    "audit_collections": "Collections (audit log):",
    "audit_none": "  none",
    # Reasons of the errors of the shared libraries (``error_text``); their English is
    # the library's own message.
    "auth.name_length": "expected a non-empty account name of at most {most} characters",
    "auth.name_control": "an account name cannot contain control characters",
    "auth.exists": "the account {name!r} already exists",
    "auth.no_account": "no account named {name!r} (see `user list`)",
    "auth.last_admin_disable": "cannot disable {name!r}: it is the last administrator who can"
    " log in (create another with `user add NAME --role admin` first)",
    "auth.last_admin_remove": "cannot remove {name!r}: it is the last administrator who can"
    " log in (create another with `user add NAME --role admin` first)",
    "auth.disabled": "the account {name!r} is disabled (`user enable` it first)",
    "auth.token_id": "expected a token id of {length} hex digits as `token list` shows it",
    "auth.no_token": "no API token with the id {id} (see `token list`)",
    "auth.code_revoked": "the device that enrolled with this code was already revoked",
    "auth.no_code": "no enrollment code like this one (check it, or revoke by --token-file)",
    "auth.no_device": "no enrolled device has this token",
    "role.token_unreadable": "cannot read the leader–helper token {path}: {detail}",
    "role.token_not_text": "{path}: the leader–helper token is not text",
    "role.token_short": "{path}: the leader–helper token must be one line of at least {least}"
    " printable ASCII characters",
    "role.exists": "{path} exists already; it is never overwritten",
    "role.unwritable": "cannot write {path}: {detail}",
    "organisation.name_length": "organisation name: at most {most} characters, found {found}",
    "organisation.logo_kind": "{path}: the logo must be a .png, .jpg or .svg file",
    "organisation.logo_unreadable": "{path}: cannot read the logo ({detail})",
    "organisation.logo_size": "{path}: the logo is over {most} KiB",
    "organisation.logo_content": "{path}: not a {kind} image",
    # What the system says of a file (``os_reason``), by errno.
    "os.EACCES": "permission denied",
    "os.EPERM": "operation not permitted",
    "os.ENOENT": "no such file or folder",
    "os.EISDIR": "it is a folder",
    "os.ENOTDIR": "a part of the path is not a folder",
    "os.ENOSPC": "no space left on the disk",
    "os.EROFS": "read-only file system",
    "os.EEXIST": "a file of that name is in the way",
    **KEY_ENGLISH,
}

_FRENCH: Final[dict[str, str]] = {
    "database_unusable": "la base ne peut pas servir maintenant ({reason}) ; réessayez",
    "unusable.FULL": "le disque du serveur est plein",
    "unusable.READ_ONLY": "la base du serveur est en lecture seule",
    "unusable.DISK": "le disque du serveur ne peut pas être écrit",
    "unusable.BUSY": "la base du serveur est occupée",
    "unusable.SILENT": "la base ne répond pas",
    "file_unusable": "{path} : {reason}",
    "policies_unusable": "les politiques ne peuvent pas servir :\n{problems}",
    "clear_sums": "{path} : cette base contient des sommes en clair d'avant l'agrégation"
    " partagée (SPLIT.md) ; elle ne peut servir ni au serveur principal ni au second serveur."
    " Partez d'un nouveau fichier de base (--db).",
    "other_role": "{path} : cette base est celle du rôle {found}, pas {role} ; chaque serveur"
    " garde son propre fichier.",
    "this_database": "la base",
    "database.damaged": "{path} : la base est endommagée ou n'est pas une base du serveur"
    " d'agrégation de Répit (SQLite : {detail}). Elle n'a pas été modifiée ; mettez-la de côté"
    " pour repartir de zéro, ou restaurez une copie.",
    "database.foreign": "{path} : ce fichier SQLite n'est pas une base du serveur d'agrégation"
    " de Répit (ses tables sont celles d'un autre programme). Il n'a pas été modifié ;"
    " choisissez un autre nom de fichier.",
    "database.no_permission": "{path} : accès refusé ({detail}) : cet utilisateur ne peut pas"
    " lire et écrire la base du serveur d'agrégation ou son dossier. Rien n'a changé ;"
    " corrigez le propriétaire ou les droits.",
    "database.newer": "{path} : cette base a été écrite par une version plus récente de Répit"
    " (schéma {version}, cette version en connaît {known}). Elle n'a pas été modifiée ;"
    " mettez Répit à jour pour l'utiliser.",
    "cannot_write": "impossible d'écrire {path} : {reason}",
    "no_team": "aucune équipe « {team} » dans les politiques",
    "codes_printed_one": "{count} code d'inscription pour {team}.",
    "codes_printed_many": "{count} codes d'inscription pour {team}.",
    "no_group": "aucune direction ni équipe « {group} » dans les politiques",
    "report_written": "Rapport de {group} pour {month} écrit dans {path}.",
    "note_too_long": "--note : {most} caractères au plus, reçu {found}",
    "account_created": "Compte « {name} » ({role}) créé ; le mot de passe n'est affiché"
    " que maintenant.",
    "state_active": "actif",
    "state_disabled": "désactivé",
    "no_account_yet": "Aucun compte pour l'instant : créez-en un avec"
    " « user add NOM --role admin ».",
    "account_disabled": "Compte « {name} » désactivé ; ses sessions ont été fermées.",
    "account_enabled": "Compte « {name} » réactivé.",
    "new_password": "Nouveau mot de passe pour « {name} » ; il n'est affiché que maintenant.",
    "account_removed": "Compte « {name} » supprimé, avec ses jetons d'API et ses sessions.",
    "token_created": "Jeton d'API créé pour « {name} » ; il n'est affiché que maintenant.",
    "token_revoked": "Jeton d'API {id} de « {name} » révoqué.",
    "code_or_token_not_both": "donnez soit --code, soit --token-file, pas les deux",
    "code_or_token": "donnez soit --code, soit --token-file",
    "code_cancelled": "Ce code n'avait inscrit aucun poste : il est annulé.",
    "device_revoked": "Poste révoqué : son jeton ne fonctionne plus ; ses sommes passées restent.",
    "standard_input": "l'entrée standard",
    "token_unreadable": "impossible de lire le jeton dans {where} : {reason}",
    "token_too_long": "{where} contient plus de {most} octets : ce n'est pas un jeton de poste",
    "token_not_text": "{where} ne contient pas de jeton de poste (ce n'est pas du texte brut)",
    "token_empty": "{where} est vide : aucun jeton de poste à révoquer",
    "leader_needs": "le serveur principal a besoin de --helper-url et de --helper-token-file",
    "helper_url_scheme": "--helper-url : adresse en http ou https attendue, reçu « {url} »",
    "helper_needs_key": "le second serveur a besoin de --key-file (créé par « repit-aggregator"
    " helper-key create »)",
    "key_written": "Clé HPKE écrite dans {path}.",
    "leader_token_written": "Jeton entre les deux serveurs écrit dans {path}.",
    "key_file_keeps": "{path} garde :",
    "reload_helper": "Rechargez le second serveur pour l'utiliser (systemctl reload repit-helper).",
    "audit_role": "Rôle : {role}",
    "audit_no_role": "pas encore utilisée par un serveur principal ni un second serveur",
    "audit_teams": "Équipes :",
    "audit_team": "  {team} ({department}) : {issued}, {used}, {enrolled}",
    "audit_issued_one": "{count} code émis",
    "audit_issued_many": "{count} codes émis",
    "audit_used_one": "{count} utilisé",
    "audit_used_many": "{count} utilisés",
    "audit_enrolled_one": "{count} poste inscrit",
    "audit_enrolled_many": "{count} postes inscrits",
    "audit_headcount": ", effectif {headcount}",
    "audit_too_many": " — PLUS DE POSTES QUE DE PERSONNES : retenue jusqu'à ce que vous vérifiiez",
    "audit_releases": "Publications enregistrées :",
    "audit_released": "  {month} {department} : publié le {day}",
    "audit_collections": "Collectes (journal d'audit) :",
    "audit_none": "  aucune",
    "auth.name_length": "nom de compte attendu, non vide et de {most} caractères au plus",
    "auth.name_control": "un nom de compte ne peut pas contenir de caractères de contrôle",
    "auth.exists": "le compte « {name} » existe déjà",
    "auth.no_account": "aucun compte nommé « {name} » (voyez « user list »)",
    "auth.last_admin_disable": "impossible de désactiver « {name} » : c'est le dernier"
    " administrateur qui peut se connecter (créez-en d'abord un autre avec"
    " « user add NOM --role admin »)",
    "auth.last_admin_remove": "impossible de supprimer « {name} » : c'est le dernier"
    " administrateur qui peut se connecter (créez-en d'abord un autre avec"
    " « user add NOM --role admin »)",
    "auth.disabled": "le compte « {name} » est désactivé (réactivez-le d'abord avec"
    " « user enable »)",
    "auth.token_id": "identifiant de jeton attendu : {length} chiffres hexadécimaux, tel que"
    " « token list » le montre",
    "auth.no_token": "aucun jeton d'API d'identifiant {id} (voyez « token list »)",
    "auth.code_revoked": "le poste inscrit avec ce code a déjà été révoqué",
    "auth.no_code": "aucun code d'inscription ne ressemble à celui-ci (vérifiez-le, ou"
    " révoquez avec --token-file)",
    "auth.no_device": "aucun poste inscrit n'a ce jeton",
    "role.token_unreadable": "impossible de lire le jeton entre les deux serveurs {path} :"
    " {detail}",
    "role.token_not_text": "{path} : le jeton entre les deux serveurs n'est pas du texte",
    "role.token_short": "{path} : le jeton entre les deux serveurs doit tenir sur une ligne"
    " d'au moins {least} caractères ASCII imprimables",
    "role.exists": "{path} existe déjà ; il n'est jamais écrasé",
    "role.unwritable": "impossible d'écrire {path} : {detail}",
    "organisation.name_length": "nom de l'organisation : {most} caractères au plus, reçu {found}",
    "organisation.logo_kind": "{path} : le logo doit être un fichier .png, .jpg ou .svg",
    "organisation.logo_unreadable": "{path} : impossible de lire le logo ({detail})",
    "organisation.logo_size": "{path} : le logo dépasse {most} Kio",
    "organisation.logo_content": "{path} : ce n'est pas une image {kind}",
    "os.EACCES": "permission refusée",
    "os.EPERM": "opération non permise",
    "os.ENOENT": "fichier ou dossier introuvable",
    "os.EISDIR": "c'est un dossier",
    "os.ENOTDIR": "une partie du chemin n'est pas un dossier",
    "os.ENOSPC": "plus de place sur le disque",
    "os.EROFS": "système de fichiers en lecture seule",
    "os.EEXIST": "un fichier de ce nom est dans le chemin",
    **KEY_FRENCH,
}

_LOCALES: Final[Mapping[Language, str]] = {"fr": "fr_FR", "en": "en_GB"}

MESSAGES: Final[Mapping[Language, Mapping[str, str]]] = {
    "en": _ENGLISH,
    "fr": {key: french_typography(text) for key, text in _FRENCH.items()},
}


def say(key: str, language: Language | None = None, **values: object) -> str:
    """The message ``key`` filled in with ``values``, in the command line's language."""
    return MESSAGES[language or current_language()][key].format(**values)


def plural(count: int, key: str, **values: object) -> str:
    """``key_one`` or ``key_many`` as ``count`` asks (French: 0 and 1 are singular,
    English: 1 only); ``count`` fills ``{count}``."""
    language = current_language()
    one = count <= 1 if language == "fr" else count == 1
    return say(f"{key}_{'one' if one else 'many'}", language, count=count, **values)


def error_text(error: Exception, family: str) -> str:
    """A shared library's error in the command line's language: in French by its
    ``reason`` and ``values`` (``family.reason`` in the catalogue), in English its own
    message (which the English catalogue repeats, so that both list the same reasons)."""
    reason = getattr(error, "reason", "")
    values = getattr(error, "values", {})
    key = f"{family}.{reason}"
    if current_language() == "en" or not reason or key not in _ENGLISH:
        return str(error)  # the library's own English, the server's words too
    if "errno" in values:  # the system's words for it, in the language too
        values = values | {"detail": _system_words(int(values["errno"]), values.get("detail"))}
    return say(key, **values)


def os_reason(error: OSError) -> str:
    """What the system says of a file, in the command line's language (by ``errno``)."""
    return _system_words(error.errno or 0, error.strerror or str(error))


def day_words(iso: str) -> str:
    """An ISO date ("2026-12-02") as the language writes it ("2 décembre 2026",
    "2 December 2026"); anything else unchanged (a key file's ``created`` is free text)."""
    try:
        day = date.fromisoformat(iso) if len(iso) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return iso
    return format_date(day, "d MMMM y", locale=_LOCALES[current_language()])


def _system_words(number: int, fallback: str | None) -> str:
    name = errno.errorcode.get(number, "")
    if f"os.{name}" in _ENGLISH:
        return say(f"os.{name}")
    return fallback or name
