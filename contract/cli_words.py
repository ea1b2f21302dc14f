"""Click's own words in French, for both programs' command lines.

Click writes its headings, usage errors and prompts ("Usage:", "Options",
"Error: No such option", "Aborted!") through ``gettext``: each of its modules
binds ``gettext.gettext`` as ``_`` (and ``ngettext``) and calls it when it
writes. ``speak(language)`` rebinds those names, in one place, to a
translation over ``CLICK_FRENCH`` (``contract.click_french``; English:
click's own words), so nothing
needs a compiled ``.mo`` file or a change of locale. ``tests/texts`` checks
that every msgid of the installed click that a person can see has a French
entry: a click upgrade that adds a string fails a test rather than showing
English.

What click decides before any message is written (the help of ``--help``
and ``--version``, the ``[OPTIONS]`` and ``COMMAND [ARGS]...`` of a usage
line, a path's ``FILE`` metavar) and each program's own help texts are
given by ``give_help``, which walks a command tree and puts in each
command's and parameter's help the words of a catalogue of ``CommandWords``
(or puts back the English written in the code).

A program calls both before click parses or renders anything::

    speak(language)
    give_help(cli, FRENCH_HELP if language == "fr" else None, language)
"""

from __future__ import annotations

import gettext
import importlib
import re
import sys
import weakref
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

import click

from contract.click_french import CLICK_FRENCH, CLICK_FRENCH_PLURAL, DEVELOPER_ONLY

if TYPE_CHECKING:
    from contract.wording import Language

__all__ = [
    "CLICK_FRENCH",
    "CLICK_FRENCH_PLURAL",
    "DEVELOPER_ONLY",
    "ClickFrench",
    "CommandWords",
    "FrenchHelpFormatter",
    "HelpCatalogue",
    "click_word",
    "commands_of",
    "give_help",
    "missing_help",
    "speak",
]

_USAGE_FRENCH: Final[Mapping[str, str]] = {
    "[OPTIONS]": "[OPTIONS]",
    "COMMAND [ARGS]...": "COMMANDE [ARGUMENTS]...",
    "[COMMAND] [ARGS]...": "[COMMANDE] [ARGUMENTS]...",
    "COMMAND1 [ARGS]... [COMMAND2 [ARGS]...]...": (
        "COMMANDE1 [ARGUMENTS]... [COMMANDE2 [ARGUMENTS]...]..."
    ),
    "[COMMAND1] [ARGS]... [COMMAND2 [ARGS]...]...": (
        "[COMMANDE1] [ARGUMENTS]... [COMMANDE2 [ARGUMENTS]...]..."
    ),
}
"""The parts of a usage line click writes without ``gettext``."""

_TYPE_FRENCH: Final[Mapping[str, str]] = {
    "text": "TEXTE",
    "integer": "ENTIER",
    "float": "NOMBRE",
    "boolean": "BOOLÉEN",
    "filename": "FICHIER",
    "file": "FICHIER",
    "directory": "DOSSIER",
    "path": "CHEMIN",
    # A type named while click already spoke French (``speak`` before the declarations).
    "fichier": "FICHIER",
    "dossier": "DOSSIER",
    "chemin": "CHEMIN",
}
"""The metavar of an option from its type's name (``--data-dir DIRECTORY``), in French."""

_CLICK_MODULES: Final = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
    "click.shell_completion",
    "click._termui_impl",
)


class ClickFrench(gettext.NullTranslations):
    """Click's words in French; a msgid without an entry stays as click wrote it."""

    def gettext(self, message: str) -> str:
        return CLICK_FRENCH.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        one, many = CLICK_FRENCH_PLURAL.get((msgid1, msgid2), (msgid1, msgid2))
        # French counts 0 and 1 as singular ("0 fichier").
        return one if n <= 1 else many


class FrenchHelpFormatter(click.HelpFormatter):
    """Click's help formatter, with French typography where click joins its own notes.

    Click joins an option's notes (``[0<=x<=255; obligatoire]``) with a plain
    "; ", which no translation reaches; French wants a non-breaking space
    before the semicolon.
    """

    def write_dl(
        self, rows: Iterable[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        # Only click's own "; ": a catalogue's text is typeset already ("…\u00a0; ").
        typeset = [(term, _CLICK_SEMICOLON.sub("\u00a0; ", text)) for term, text in rows]
        super().write_dl(typeset, col_max, col_spacing)


_CLICK_SEMICOLON: Final = re.compile(r"(?<![\s\u00a0\u202f]); ")


_FORMATTERS: Final[Mapping[str, type[click.HelpFormatter]]] = {
    "fr": FrenchHelpFormatter,
    "en": click.HelpFormatter,
}

_TRANSLATIONS: Final[Mapping[str, gettext.NullTranslations]] = {
    "fr": ClickFrench(),
    "en": gettext.NullTranslations(),
}


def speak(language: Language) -> None:
    """Make click write its own words in ``language`` in this process, from now on."""
    translation = _TRANSLATIONS[language]
    click.Context.formatter_class = _FORMATTERS[language]
    for name in _CLICK_MODULES:
        module = sys.modules.get(name) or importlib.import_module(name)
        if hasattr(module, "_"):
            module._ = translation.gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translation.ngettext  # type: ignore[attr-defined]


def click_word(message: str, language: Language) -> str:
    """One of click's msgids in ``language``."""
    return _TRANSLATIONS[language].gettext(message)


@dataclass(frozen=True, slots=True)
class CommandWords:
    """One command's help in one language: the words ``--help`` shows.

    ``help`` replaces the command's docstring, ``short_help`` its line in its
    group's list (default: click's cut of ``help``), ``params`` the help of
    its options and arguments and ``metavars`` the names that stand for
    their values (``FICHIER``), each by the parameter's name (``data_dir``).
    """

    help: str
    short_help: str | None = None
    params: Mapping[str, str] = field(default_factory=dict)
    metavars: Mapping[str, str] = field(default_factory=dict)


HelpCatalogue = Mapping[str, CommandWords]
"""A program's help in one language, by command path below the program: ``""`` for
the program itself, ``"consent"``, ``"policy check"``."""


@dataclass(frozen=True, slots=True)
class _Written:
    """What the code wrote on a command or a parameter, before any ``give_help``."""

    help: str | None
    short_help: str | None = None
    metavar: str | None = None
    options_metavar: str | None = None
    subcommand_metavar: str | None = None


_WRITTEN: Final[weakref.WeakKeyDictionary[object, _Written]] = weakref.WeakKeyDictionary()


def commands_of(root: click.Command) -> dict[str, click.Command]:
    """Every command of ``root``'s tree by its path below ``root`` (``""``: root itself)."""
    found = {"": root}
    if isinstance(root, click.Group):
        for name, command in root.commands.items():
            for path, below in commands_of(command).items():
                found[f"{name} {path}".strip()] = below
    return found


def _params_of(command: click.Command) -> list[click.Parameter]:
    """The command's parameters, with its ``--help`` once click made it (it makes it at the
    first use and keeps it: a later language must change its help too)."""
    made_help = getattr(command, "_help_option", None)
    extra = [made_help] if isinstance(made_help, click.Parameter) else []
    return [*command.params, *extra]


def _written(thing: click.Command | click.Parameter) -> _Written:
    if thing not in _WRITTEN:
        if isinstance(thing, click.Command):
            subcommand = thing.subcommand_metavar if isinstance(thing, click.Group) else None
            _WRITTEN[thing] = _Written(
                help=thing.help,
                short_help=thing.short_help,
                options_metavar=thing.options_metavar,
                subcommand_metavar=subcommand,
            )
        else:
            _WRITTEN[thing] = _Written(help=getattr(thing, "help", None), metavar=thing.metavar)
    return _WRITTEN[thing]


def _french_metavar(param: click.Parameter) -> str | None:
    """A French name for a value click would name from its type (``DIRECTORY``)."""
    if not isinstance(param, click.Option) or param.is_flag:
        return None
    # A choice ("choice") lists its values, the program's own words: not in the table.
    return _TYPE_FRENCH.get(param.type.name)


def give_help(root: click.Command, catalogue: HelpCatalogue | None, language: Language) -> None:
    """Put ``catalogue``'s words (``None``: the English written in the code) in the help of
    every command and parameter of ``root``'s tree, and click's own help words (``--help``,
    ``[OPTIONS]``) in ``language``. A command or parameter the catalogue leaves out keeps
    the English: ``missing_help`` lists them for a test."""
    for path, command in commands_of(root).items():
        written = _written(command)
        words = None if catalogue is None else catalogue.get(path)
        command.help = written.help if words is None else words.help
        command.short_help = written.short_help if words is None else words.short_help
        usage_words = _USAGE_FRENCH if language == "fr" else {}
        if written.options_metavar is not None:
            command.options_metavar = usage_words.get(
                written.options_metavar, written.options_metavar
            )
        if isinstance(command, click.Group) and written.subcommand_metavar is not None:
            command.subcommand_metavar = usage_words.get(
                written.subcommand_metavar, written.subcommand_metavar
            )
        for param in _params_of(command):
            _give_param_help(param, words, language)


def _give_param_help(
    param: click.Parameter, words: CommandWords | None, language: Language
) -> None:
    written = _written(param)
    name = param.name or ""
    help_text = written.help
    metavar = written.metavar
    if words is not None and name in words.params:
        help_text = words.params[name]
    elif help_text is not None:
        help_text = click_word(_english(help_text), language)
    if words is not None and name in words.metavars:
        metavar = words.metavars[name]
    elif metavar is None and language == "fr":
        metavar = _french_metavar(param)
    if isinstance(param, click.Option | click.Argument):
        param.help = help_text
    param.metavar = metavar


def _english(text: str) -> str:
    """Click's msgid for a help that click wrote in French (``speak`` before the declarations)."""
    for msgid, french in CLICK_FRENCH.items():
        if text == french:
            return msgid
    return text


def missing_help(root: click.Command, catalogue: HelpCatalogue) -> list[str]:
    """What ``catalogue`` leaves out: each command path, and ``path:param`` for each
    parameter with a help in the code but none in the catalogue (click's own ``--help``
    and ``--version`` excepted: ``give_help`` translates those)."""
    missing = []
    for path, command in commands_of(root).items():
        words = catalogue.get(path)
        if words is None:
            missing.append(path or "(the program)")
            continue
        for param in command.params:
            written = _written(param).help
            if written is None or _english(written) in CLICK_FRENCH:
                continue
            if (param.name or "") not in words.params:
                missing.append(f"{path}:{param.name}")
    return missing
