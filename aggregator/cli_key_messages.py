"""What ``repit-aggregator helper-key`` says of the helper's key file, in English and French.

A part of ``aggregator.cli_messages``' catalogues, kept apart because the key
file has many ways of being wrong: the reasons of ``KeyFileError``
(``aggregator.helper_keys``) in the family ``role``, since a key file is a
role's file and ``aggregator.roles`` passes them on as ``RoleError``'s; and the
lines that say which keys the file keeps. The English of a reason repeats the
library's own message; ``{where}`` is the file, or the file and its entry
(``helper-key.json, keys[1]``). French is written with plain spaces and
straight apostrophes, typeset with the rest of the catalogue.
"""

from __future__ import annotations

from typing import Final

KEY_ENGLISH: Final[dict[str, str]] = {
    # The lines of ``helper-key rotate`` and ``retire`` after ``key_file_keeps``.
    "key_current": "key {id}: current{made}",
    "key_retired": "key {id}: retired, still opens reports{made}",
    "key_made": ", made {day}",
    # The reasons of ``KeyFileError``.
    "role.key_unreadable": "cannot read the helper key {path}: {detail}",
    "role.key_too_large": "{path}: over {most} KiB, not a helper key file",
    "role.key_not_json": "{path}: not a helper key file (JSON expected)",
    "role.key_layout": '{where}: expected {{"current", "keys"}}',
    "role.key_count": "{where}: `keys` must list 1 to {most} keys",
    "role.key_fields": "{where}: expected the fields {fields}",
    "role.key_id_range": "{where}: `{field}` must be an integer 0..255",
    "role.key_created": "{where}: `created` must be a date",
    "role.key_private": "{where}: `private_key` is not an HPKE private key of {size} bytes"
    " in base64url",
    "role.key_current_missing": "{where}: `current` names key {id}, which `keys` does not hold",
    "role.key_id_twice": "key id {ids} appears twice",
    "role.key_id_twice_in": "{where}: key id {ids} appears twice",
    "role.key_retire_current": "key {id} is the current one: rotate first (helper-key rotate),"
    " then retire it once the reports sealed to it have arrived",
    "role.key_missing": "no key {id} in this file (it holds {kept})",
    "role.key_ids_used_up": "all {count} key ids are kept: retire some first",
}

KEY_FRENCH: Final[dict[str, str]] = {
    "key_current": "clé {id}, courante{made}",
    "key_retired": "clé {id}, retirée, ouvre encore des rapports{made}",
    "key_made": ", créée le {day}",
    "role.key_unreadable": "impossible de lire la clé du second serveur {path} : {detail}",
    "role.key_too_large": "{path} : plus de {most} Kio, ce n'est pas un fichier de clés du"
    " second serveur",
    "role.key_not_json": "{path} : ce n'est pas un fichier de clés du second serveur"
    " (JSON attendu)",
    "role.key_layout": "{where} : ce n'est pas un fichier de clés du second serveur (champs"
    " « current » et « keys » attendus)",
    "role.key_count": "{where} : « keys » doit lister de 1 à {most} clés",
    "role.key_fields": "{where} : champs attendus {fields}",
    "role.key_id_range": "{where} : « {field} » doit être un entier de 0 à 255",
    "role.key_created": "{where} : « created » doit être une date",
    "role.key_private": "{where} : « private_key » n'est pas une clé privée HPKE de {size}"
    " octets en base64url",
    "role.key_current_missing": "{where} : « current » désigne la clé {id}, que « keys » ne"
    " contient pas",
    "role.key_id_twice": "l'identifiant de clé {ids} figure deux fois",
    "role.key_id_twice_in": "{where} : l'identifiant de clé {ids} figure deux fois",
    "role.key_retire_current": "la clé {id} est la clé courante : renouvelez d'abord"
    " (helper-key rotate), puis retirez-la une fois arrivés les rapports scellés avec elle",
    "role.key_missing": "aucune clé {id} dans ce fichier (il contient {kept})",
    "role.key_ids_used_up": "les {count} identifiants de clé sont tous gardés : retirez-en d'abord",
}
