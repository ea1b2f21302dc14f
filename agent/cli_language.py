"""The language ``repit-agent`` speaks, decided before click parses or renders anything.

Click writes its help and its usage errors while it parses, before any
command runs: the language must be known from the command line alone. It is
the person's (``--language``, then ``REPIT_LANGUAGE``), else the local
policy's ``language`` (the ``--policy`` file, ``REPIT_POLICY``, the machine
configuration's, following ``extends``), else French, the bundled default
policy's. The policy files are read with ``tomllib`` only, not validated:
``--help`` stays fast and ``run`` imports no pydantic; a file that cannot
be read says nothing here, and the command reports it in the language
found so far.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import click

from contract.cli_words import give_help, speak
from contract.wording import DEFAULT_LANGUAGE, Language, language_of

LANGUAGE_KEY: Final = "repit.language"
"""Where the language chosen lives in the click context's ``meta``."""

_MOST_EXTENDS: Final = 8
"""More parents than any real policy has; a cycle stops there."""


def option_value(args: Sequence[str], option: str) -> str | None:
    """The last value of ``option`` in ``args`` (``--x v`` or ``--x=v``), up to ``--``."""
    found = None
    for at, arg in enumerate(args):
        if arg == "--":
            break
        if arg == option and at + 1 < len(args):
            found = args[at + 1]
        elif arg.startswith(option + "="):
            found = arg[len(option) + 1 :]
    return found


def requested_language(args: Sequence[str], environ: Mapping[str, str]) -> str | None:
    """The language the person asked for: ``--language``, then ``REPIT_LANGUAGE``."""
    return option_value(args, "--language") or environ.get("REPIT_LANGUAGE") or None


def policy_file(args: Sequence[str], environ: Mapping[str, str]) -> Path | None:
    """The local policy file a command would load, when one is named."""
    named = option_value(args, "--policy") or environ.get("REPIT_POLICY")
    if named:
        return Path(named)
    config = Path(environ.get("REPIT_CONFIG", "/etc/repit/agent.toml"))
    configured = _toml(config).get("policy", {})
    file = configured.get("file") if isinstance(configured, dict) else None
    return Path(file) if isinstance(file, str) and file else None


def policy_language(path: Path) -> str | None:
    """The ``language`` a policy file sets or inherits (``extends``), read without validation."""
    for _ in range(_MOST_EXTENDS):
        table = _toml(path).get("policy", {})
        if not isinstance(table, dict):
            return None
        language = table.get("language")
        if isinstance(language, str):
            return language
        parent = table.get("extends")
        if not isinstance(parent, str) or not parent:
            return None
        path = path.parent / f"{parent}.toml"
    return None


def _toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return {}


def language_before_parsing(args: Sequence[str], environ: Mapping[str, str]) -> Language:
    """The language of this command line: the person's, else the local policy's, else French."""
    requested = requested_language(args, environ)
    if requested:
        return language_of(requested)
    path = policy_file(args, environ)
    found = policy_language(path) if path is not None else None
    return language_of(found) if found else DEFAULT_LANGUAGE


def spoken_language() -> Language:
    """The language this command line speaks (French outside a command)."""
    context = click.get_current_context(silent=True)
    if context is None:
        return DEFAULT_LANGUAGE
    return language_of(context.meta.get(LANGUAGE_KEY))


class SpeakingGroup(click.Group):
    """The program's group: speaks the person's language before parsing its command line,
    and click's English again once done (a test's next command starts from the code's)."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        finally:
            speak("en")
            give_help(self, None, "en")

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        language = language_before_parsing(args, os.environ)
        if parent is None:
            from agent.texts.cli_help import FRENCH_HELP

            speak(language)
            give_help(self, FRENCH_HELP if language == "fr" else None, language)
        context = super().make_context(info_name, args, parent, **extra)
        context.meta[LANGUAGE_KEY] = language
        return context
