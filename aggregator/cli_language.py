"""The language of ``repit-aggregator``: ``--language`` or ``REPIT_LANGUAGE``, French by default.

It is decided from the raw arguments before click parses them, so that help,
click's own words and the errors of a command line it cannot parse are all in
that language. Only the group takes ``--language`` (it comes before the
command's name); ``REPIT_LANGUAGE`` reaches every command.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, Final

import click

from contract.cli_words import give_help, speak
from contract.wording import DEFAULT_LANGUAGE, LANGUAGES, Language

LANGUAGE_OPTION: Final = "--language"
LANGUAGE_ENV: Final = "REPIT_LANGUAGE"

_CHOSEN: ContextVar[Language] = ContextVar("repit_aggregator_language", default=DEFAULT_LANGUAGE)


def language_in(args: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language the group's options ask for, else ``REPIT_LANGUAGE``'s, else French.

    Only the group's own options are read (they end at the command's name), so
    that a value given to a command (``--note --language``) is not taken for one.
    A value that is no language is left to click, which refuses it by name.
    """
    asked: str | None = None
    words = iter(args)
    for word in words:
        if word == "--":
            break
        if word == LANGUAGE_OPTION:
            asked = next(words, None)
        elif word.startswith(LANGUAGE_OPTION + "="):
            asked = word.partition("=")[2]
        elif not word.startswith("-"):
            break
    for candidate in (asked, environ.get(LANGUAGE_ENV)):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE


def current_language() -> Language:
    """The language of the command line running now (French outside one)."""
    return _CHOSEN.get()


language_option = click.option(
    LANGUAGE_OPTION,
    type=click.Choice(LANGUAGES),
    envvar=LANGUAGE_ENV,
    expose_value=False,
    is_eager=True,
    help="Language of help and messages (default: French; env REPIT_LANGUAGE).",
)
"""The group's option; ``language_in`` has already acted on it, click checks its value."""


@contextmanager
def speaking(language: Language) -> Iterator[None]:
    """Run what is inside in ``language`` (``current_language`` gives it)."""
    chosen = _CHOSEN.set(language)
    try:
        yield
    finally:
        _CHOSEN.reset(chosen)


def speak_cli(root: click.Command, language: Language) -> None:
    """Click's own words and every command's help of ``root`` in ``language``."""
    from aggregator.cli_texts import HELP

    speak(language)
    give_help(root, HELP[language], language)


class LanguageGroup(click.Group):
    """The root group: decides the language, words every command in it, then runs.

    Click's words and the help texts are process-wide; they are put back in
    English after each run, so that whatever reads the commands outside a run
    (the documentation tests, another program in the same process) sees the
    code's own texts.
    """

    def main(self, args: Sequence[str] | None = None, *rest: Any, **options: Any) -> Any:
        arguments = list(sys.argv[1:] if args is None else args)
        language = language_in(arguments, os.environ)
        speak_cli(self, language)
        try:
            with speaking(language):
                return super().main(arguments, *rest, **options)
        finally:
            speak_cli(self, "en")
