"""Click's own words, in French: each msgid click passes to ``gettext`` and its French.

The data of ``contract.cli_words``, which installs it into click. Written with
plain spaces and straight apostrophes, typeset once by ``french_typography``.
Where click fills a placeholder with an English word of its own (``{param_type}``,
a path's ``{name}``), the French leaves it out. A usage error follows "Erreur :",
so it starts with a small letter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from contract.typography import french_typography

_FRENCH_SINGULAR: Final[dict[str, str]] = {
    # Help pages.
    "Usage:": "Utilisation :",
    # Click adds the heading's colon itself: the French space before it comes with the word.
    "Options": "Options\u00a0",
    "Positional arguments": "Arguments\u00a0",
    "Commands": "Commandes\u00a0",
    "Show this message and exit.": "Afficher cette aide et quitter.",
    "Show the version and exit.": "Afficher la version et quitter.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "env var: {var}": "variable d'environnement : {var}",
    "default: {default}": "par défaut : {default}",
    "required": "obligatoire",
    "(dynamic)": "(calculé)",
    "deprecated": "obsolète",
    "Confirm the action without prompting.": "Confirmer sans poser la question.",
    "file": "fichier",
    "directory": "dossier",
    "path": "chemin",
    # Usage errors.
    "Error: {message}": "Erreur : {message}",
    "Try '{command} {option}' for help.": "Pour l'aide : « {command} {option} ».",
    "Missing command.": "commande manquante.",
    "No such command {name!r}.": "commande inconnue : « {name} ».",
    "No such option {name!r}.": "option inconnue : « {name} ».",
    "Missing argument": "argument manquant",
    "Missing option": "option manquante",
    "Missing parameter": "paramètre manquant",
    # Click fills {param_type} with an English word: left out.
    "Missing {param_type}": "paramètre manquant",
    "Missing parameter: {param_name}": "paramètre manquant : {param_name}",
    "Invalid value: {message}": "valeur invalide : {message}",
    "Invalid value for {param_hint}: {message}": "valeur invalide pour {param_hint} : {message}",
    "Option {name!r} does not take a value.": "l'option « {name} » ne prend pas de valeur.",
    "Argument {name!r} takes {nargs} values.": "l'argument « {name} » prend {nargs} valeurs.",
    "Value must be an iterable.": "La valeur doit être une liste.",
    "Choose from:\n\t{choices}": "Choisissez parmi :\n\t{choices}",
    "{value} is not in the range {range}.": "{value} n'est pas dans l'intervalle {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}": (
        "« {value} » n'est pas une valeur de vérité. Valeurs reconnues : {states}"
    ),
    # Click fills {number_type} with an English word: left out.
    "{value!r} is not a valid {number_type}.": "« {value} » n'est pas un nombre valide.",
    "{value!r} is not a valid UUID.": "« {value} » n'est pas un UUID valide.",
    # Click fills {name} with "File", "Directory" or "Path", in English: left out.
    "{name} {filename!r} does not exist.": "« {filename} » n'existe pas.",
    "{name} {filename!r} is a file.": "« {filename} » est un fichier.",
    "{name} {filename!r} is a directory.": "« {filename} » est un dossier.",
    "{name} {filename!r} is not readable.": "« {filename} » n'est pas lisible.",
    "{name} {filename!r} is not writable.": "« {filename} » n'est pas accessible en écriture.",
    "{name} {filename!r} is not executable.": "« {filename} » n'est pas exécutable.",
    "Could not open file {filename!r}: {message}": (
        "Impossible d'ouvrir le fichier « {filename} » : {message}"
    ),
    "unknown error": "erreur inconnue",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}": (
        "Attention : la commande « {name} » est obsolète.{extra_message}"
    ),
    # Click fills {param_type} with "option" or "argument", in English: left out.
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}": (
        "Attention : le paramètre « {name} » est obsolète.{extra_message}"
    ),
    # Prompts and the terminal.
    "Aborted!": "Abandon.",
    "Do you want to continue?": "Voulez-vous continuer ?",
    "Repeat for confirmation": "Répétez pour confirmer",
    "Error: The two entered values do not match.": "Erreur : les deux saisies diffèrent.",
    "Error: invalid input": "Erreur : saisie invalide",
    "Press any key to continue...": "Appuyez sur une touche pour continuer…",
    "{editor}: Editing failed": "{editor} : la modification a échoué",
    "{editor}: Editing failed: {e}": "{editor} : la modification a échoué : {e}",
    "d": " j",  # days, in a progress bar's time left: "2 j 01:02:03"
    "Windows error: {error}": "Erreur Windows : {error}",
    "Shell completion is not supported for Bash versions older than 4.4.": (
        "La complétion ne fonctionne qu'avec Bash 4.4 ou plus récent."
    ),
    "Couldn't detect Bash version, shell completion is not supported.": (
        "Version de Bash inconnue : la complétion ne fonctionne pas."
    ),
}

_FRENCH_PLURAL: Final[dict[tuple[str, str], tuple[str, str]]] = {
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"): (
        "argument en trop ({args})",
        "arguments en trop ({args})",
    ),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."): (
        "Attend {nargs} valeurs, mais 1 a été donnée.",
        "Attend {nargs} valeurs, mais {len} ont été données.",
    ),
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"): (
        "Vouliez-vous dire {possibility} ?",
        "(Vouliez-vous dire l'une de ces possibilités : {possibilities} ?)",
    ),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."): (
        "« {value} » n'est pas la valeur possible : {choice}.",
        "« {value} » n'est pas l'une des valeurs possibles : {choices}.",
    ),
    (
        "{value!r} does not match the format {format}.",
        "{value!r} does not match the formats {formats}.",
    ): (
        "« {value} » ne suit pas le format {format}.",
        "« {value} » ne suit aucun des formats {formats}.",
    ),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."): (
        "l'option « {name} » attend une valeur.",
        "l'option « {name} » attend {nargs} valeurs.",
    ),
    (
        "{len_type} values are required, but {len_value} was given.",
        "{len_type} values are required, but {len_value} were given.",
    ): (
        "{len_type} valeurs sont attendues, mais {len_value} a été donnée.",
        "{len_type} valeurs sont attendues, mais {len_value} ont été données.",
    ),
}

CLICK_FRENCH: Final[Mapping[str, str]] = {
    msgid: french_typography(text) for msgid, text in _FRENCH_SINGULAR.items()
}
"""Click's msgid -> its French, typeset."""

CLICK_FRENCH_PLURAL: Final[Mapping[tuple[str, str], tuple[str, str]]] = {
    msgids: (french_typography(one), french_typography(many))
    for msgids, (one, many) in _FRENCH_PLURAL.items()
}
"""Click's (singular, plural) msgids -> their French, typeset."""

DEVELOPER_ONLY: Final = frozenset(
    [
        "Could not determine name for option with declarations {decls!r}",
        "No options defined but a name was passed ({name}). Did you mean to declare an "
        "argument instead? Did you mean to pass '--{name}'?",
        "Arguments take exactly one parameter declaration, got {length}: {decls}.",
        "Name '{name}' defined twice",
        "Boolean option {decl!r} cannot use the same flag for true/false.",
        "Invalid start character for option ({option})",
        "Choice({choices})",
        "Unknown color {colour!r}",
        "Unknown standard stream '{name}'",
    ]
)
"""Click's msgids raised at a program's own mistake (a declaration, a colour name): a
person running a finished program never reads them, so they have no French."""
