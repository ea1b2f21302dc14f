"""A policy problem in French, for the command lines of both programs.

The loader words each problem in English, from the schema's descriptions
and its parsers' messages ("breaks.every_minutes: expected an integer from
10 to 240, found 500"), and keeps where it is (file, line, dotted key)
apart. This rewords the message, phrase by phrase: the phrases are the
loader's own, few and fixed, and what the file wrote (a quoted value, a
key, a table) is carried over as it is, since the reader must find it in
the file. A message with a phrase left out stays English where it is not
known; ``tests/policy/test_policy_french.py`` feeds the loader a file with
every kind of mistake and checks that no English is left.
"""

from __future__ import annotations

import re
from typing import Final

from contract.policy.problems import PolicyProblem
from contract.typography import NBSP, french_typography

_QUOTED: Final = r'("[^"]*")'

_PHRASES: Final[list[tuple[str, str]]] = [
    # What a key expects (the schema's descriptions and the parsers' own).
    (r'an id of (\d+) to (\d+) characters among a-z, 0-9 and "-"',
     r'un identifiant de \1 à \2 caractères parmi a-z, 0-9 et "-"'),
    (r"a non-empty name of at most (\d+) characters", r"un nom non vide d'au plus \1 caractères"),
    (r"a non-empty name", "un nom non vide"),
    (r"a name of at most (\d+) characters", r"un nom d'au plus \1 caractères"),
    (r'"default", the id of another policy, or "" \(in default\.toml only\)',
     '"default", l\'identifiant d\'une autre politique, ou "" (dans default.toml seulement)'),
    (r"a time zone name of at most (\d+) characters",
     r"un nom de fuseau horaire d'au plus \1 caractères"),
    (rf"an IANA time zone name such as {_QUOTED}", r"un nom de fuseau horaire IANA comme \1"),
    (r'"fr" or "en"', '"fr" ou "en"'),
    (rf"a country code known to the holidays package, (?:e\.g\.|such as) {_QUOTED}",
     r"un code de pays connu du paquet holidays, comme \1"),
    (rf"\(did you mean {_QUOTED}\?\)", r"(vouliez-vous dire \1 ?)"),
    (r"a subdivision code of at most (\d+) characters",
     r"un code de subdivision d'au plus \1 caractères"),
    (r'"" or a holiday subdivision code of the country',
     '"" ou un code de subdivision de jours fériés du pays'),
    (r"a non-empty list of distinct weekday keys \(([a-z, ]+)\)",
     r"une liste non vide de jours distincts (\1)"),
    (r"a weekday key \(([a-z, ]+)\)", r"un jour de la semaine (\1)"),
    (r'a list of at most (\d+) dates "YYYY-MM-DD"', 'une liste d\'au plus \\1 dates "AAAA-MM-JJ"'),
    (r'a real date "YYYY-MM-DD"', 'une date réelle "AAAA-MM-JJ"'),
    (r'a date "YYYY-MM-DD"', 'une date "AAAA-MM-JJ"'),
    (r"\(day is out of range for month\)", "(ce jour n'existe pas dans ce mois)"),
    (r"\(month must be in 1\.\.12\)", "(le mois va de 1 à 12)"),
    (r'a non-empty list of at most (\d+) windows "HH:MM-HH:MM" such as (\[[^\]]*\])',
     'une liste non vide d\'au plus \\1 plages "HH:MM-HH:MM" comme \\2'),
    (rf'a window "HH:MM-HH:MM" such as {_QUOTED}', r'une plage "HH:MM-HH:MM" comme \1'),
    (r"times from 00:00 to 24:00 in the window", "des heures de 00:00 à 24:00 dans la plage"),
    (r"24:00 only as the end of a window", "24:00 seulement comme fin de plage"),
    (r"a window whose start differs from its end", "une plage dont le début diffère de la fin"),
    (r"the start before the end", "le début avant la fin"),
    (rf"\(a working window cannot cross midnight: split it, e\.g\. {_QUOTED} "
     rf"and the next day's {_QUOTED}\)",
     r"(une plage de travail ne passe pas minuit : coupez-la, par exemple \1 et \2 le lendemain)"),
    (r"true or false", "true ou false"),
    (r"an integer from (-?\d+) to (-?\d+)", r"un entier de \1 à \2"),
    (r"a \[policy\] table with id, name and extends",
     "une table [policy] avec id, name et extends"),
    (r"at most (\d+) (\[\[[a-z]+\]\]) tables, each with an id and a name",
     r"au plus \1 tables \2, chacune avec un id et un name"),
    (r"an? (\[\[?[a-z_]+\]\]?) table", r"une table \1"),
    (r"the id of an existing policy", "l'identifiant d'une politique existante"),
    (r"a policy file", "un fichier de politique"),
    (r"a folder of policy files", "un dossier de fichiers de politique"),
    (r"UTF-8 text", "du texte UTF-8"),
    # Where the rest of a message points.
    (r" \(no file (.+)\)$", r" (pas de fichier \1)"),
    (r" \(the subdivision is inherited from (.+); set calendar\.subdivision here too\)$",
     r" (la subdivision est héritée de \1 ; écrivez aussi calendar.subdivision ici)"),
    (r" \(rename the file (.+?) or change the id\)$", r" (renommez le fichier \1 ou changez l'id)"),
    (r"the file name without \.toml", "le nom du fichier sans .toml"),
    (r'"" \(the default policy extends nothing\)', '"" (la politique par défaut n\'étend rien)'),
    (r'the id of the policy this one extends, usually "default"',
     'l\'identifiant de la politique que celle-ci étend, en général "default"'),
    (r'"" \(only default\.toml extends nothing\)', '"" (seul default.toml n\'étend rien)'),
    (r"a tool id unique in a policy", "un identifiant d'outil unique dans une politique"),
    (r"a team id unique in a policy", "un identifiant d'équipe unique dans une politique"),
    (r"a team id unique across all policies",
     "un identifiant d'équipe unique dans toutes les politiques"),
    (r", already the id of (\w+\[\d+\])", r", déjà l'identifiant de \1"),
    (r" in (/\S+|\S+\.toml)( \(line \d+\))?$", r" dans \1\2"),
    (r" \(line (\d+)\)$", r" (ligne \1)"),
    # The whole message.
    (r"^file not found$", "fichier introuvable"),
    (r"^cannot read the file: (.+)$", r"impossible de lire le fichier : \1"),
    (r"^invalid TOML: (.+) \(column (\d+)\)$", r"TOML invalide (\1) (colonne \2)"),
    (r"^invalid TOML: (.+) \(at the end of the file\)$",
     r"TOML invalide (\1) (à la fin du fichier)"),
    (r"^extends forms a cycle: (.+)$", r"extends forme un cycle : \1"),
    (r"^unknown table (\[[\w.]+\])", r"table \1 inconnue"),
    (r"^unknown key `([^`]+)` at the top of the file", r"clé « \1 » inconnue en haut du fichier"),
    (r"^unknown key `([^`]+)` in (\S+)", r"clé « \1 » inconnue dans \2"),
    (r", did you mean `([^`]+)`\?", r", vouliez-vous dire « \1 » ?"),
    (r" \(expected one of: (.*)\)$", r" (attendu l'un de : \1)"),
    (r"^missing table (\[[\w.]+\])", r"table \1 manquante"),
    (r"^missing key `([^`]+)` in (\S+)", r"clé « \1 » manquante dans \2"),
    (r" \(expected (.+)\)$", r" (attendu : \1)"),
    (r'^unknown holiday subdivision (.+) for (\w+), expected "" or one of: none',
     r'subdivision de jours fériés \1 inconnue pour \2, seul "" est attendu'),
    (r'^unknown holiday subdivision (.+) for (\w+), expected "" or one of: ',
     'subdivision de jours fériés \\1 inconnue pour \\2, attendu "" ou l\'un de : '),
    (r"^expected distinct weekdays, found (.+) twice$",
     r"attendu : des jours distincts, trouvé \1 deux fois"),
    (r"^expected windows that do not overlap, found (.+) and (.+)$",
     r"attendu : des plages qui ne se chevauchent pas, trouvé \1 et \2"),
    (r"^expected (.+?), found a list of (\d+) items$",
     r"attendu : \1, trouvé une liste de \2 éléments"),
    (r"^expected (.+?), found a folder$", r"attendu : \1, trouvé un dossier"),
    (r"^expected (.+?), found byte (0x[0-9a-f]+)$", r"attendu : \1, trouvé l'octet \2"),
    (r"^expected (.+?), found a table$", r"attendu : \1, trouvé une table"),
    (r"^expected (.+?), found (.+) \((\d+) characters\)$",
     r"attendu : \1, trouvé \2 (\3 caractères)"),
    (r"^expected (.+?), found (.+)$", r"attendu : \1, trouvé \2"),
    (r"^expected (.+)$", r"attendu : \1"),
]  # fmt: skip
"""(English phrase, its French) in the order they apply; the French is typeset once."""

_RULES: Final = [(re.compile(english), french_typography(french)) for english, french in _PHRASES]


def french_message(message: str) -> str:
    """The loader's English ``message`` in French, with what the file wrote left as it is."""
    for pattern, french in _RULES:
        message = pattern.sub(french, message)
    return message


def problem_in_french(problem: PolicyProblem) -> str:
    """``dept.toml:6 : breaks.every_minutes : attendu : un entier de 10 à 240, trouvé 500``."""
    where = str(problem.file) if problem.line is None else f"{problem.file}:{problem.line}"
    what = french_message(problem.message)
    if problem.key is not None:
        what = f"{problem.key}{NBSP}: {what}"
    return f"{where}{NBSP}: {what}"
