"""Click's own words in French (``contract.cli_words``): complete for the installed click,
typeset, and spoken by a real command: its usage errors, prompts and help headings."""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from contract.cli_words import (
    CLICK_FRENCH,
    CLICK_FRENCH_PLURAL,
    DEVELOPER_ONLY,
    ClickFrench,
    CommandWords,
    FrenchHelpFormatter,
    give_help,
    missing_help,
    speak,
)
from contract.typography import NBSP
from tests.texts.test_typography import english_words, missing_spaces

N = NBSP
DYNAMIC_MSGIDS = {"required"}
"""Msgids click passes to ``_`` through a variable (``_(extra["required"])``)."""


def click_msgids() -> tuple[set[str], set[tuple[str, str]]]:
    """Every ``_("…")`` and ``ngettext("…", "…")`` of the installed click's source."""
    singular: set[str] = set(DYNAMIC_MSGIDS)
    plural: set[tuple[str, str]] = set()
    for source in Path(click.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)):
                continue
            texts = [
                a.value
                for a in node.args[:2]
                if isinstance(a, ast.Constant) and isinstance(a.value, str)
            ]
            if node.func.id == "_" and texts:
                singular.add(texts[0])
            elif node.func.id == "ngettext" and len(texts) == 2:
                plural.add((texts[0], texts[1]))
    return singular, plural


def test_every_msgid_a_person_can_read_in_the_installed_click_has_its_french() -> None:
    singular, plural = click_msgids()
    assert len(singular) > 50, "the scan of click's source finds its strings"
    assert sorted(singular - set(CLICK_FRENCH) - DEVELOPER_ONLY) == []
    assert sorted(plural - set(CLICK_FRENCH_PLURAL)) == []


def fields(text: str) -> set[str]:
    names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r"%\((\w+)\)s", text))


def french_entries() -> Iterator[tuple[str, str]]:
    yield from CLICK_FRENCH.items()
    for (one, many), (french_one, french_many) in CLICK_FRENCH_PLURAL.items():
        yield one, french_one
        yield many, french_many


@pytest.mark.parametrize(("msgid", "french"), sorted(french_entries()))
def test_a_french_entry_fills_in_only_what_click_gives_and_is_typeset(
    msgid: str, french: str
) -> None:
    assert fields(french) <= fields(msgid)
    assert missing_spaces(french) == []
    assert english_words(french) == []
    assert "'" not in french, "a straight apostrophe"


@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(sorted(CLICK_FRENCH_PLURAL)))
def test_french_counts_zero_and_one_as_singular(n: int, msgids: tuple[str, str]) -> None:
    one, many = CLICK_FRENCH_PLURAL[msgids]
    assert ClickFrench().ngettext(*msgids, n) == (one if n <= 1 else many)


def test_a_msgid_without_an_entry_stays_as_click_wrote_it() -> None:
    assert ClickFrench().gettext("Choice({choices})") == "Choice({choices})"
    assert ClickFrench().ngettext("one", "many", 2) == "many"


@click.group()
def tool() -> None:
    """A tool."""


@tool.command()
@click.argument("mode", type=click.Choice(["off", "on"]))
@click.option("--folder", type=click.Path(file_okay=False), help="Where.")
def choose(mode: str, folder: str | None) -> None:
    """Choose a mode."""
    click.confirm("Sure?", abort=True)


WORDS = {
    "": CommandWords(help="Un outil."),
    "choose": CommandWords(help="Choisir un mode.", params={"folder": "Où."}),
}


@pytest.fixture
def french() -> Iterator[None]:
    speak("fr")
    give_help(tool, WORDS, "fr")
    yield
    speak("en")
    give_help(tool, None, "en")


def invoke(*args: str, stdin: str | None = None) -> click.testing.Result:
    return CliRunner().invoke(tool, list(args), prog_name="tool", input=stdin)


def test_usage_errors_are_french_and_still_exit_2(french: None) -> None:
    bogus = invoke("choose", "bogus")
    assert bogus.exit_code == 2
    assert bogus.stderr.splitlines() == [
        "Utilisation\u00a0: tool choose [OPTIONS] {off|on}",
        f"Pour l’aide{N}: «{N}tool choose --help{N}».",
        "",
        f"Erreur{N}: valeur invalide pour '{{off|on}}'{N}: "
        f"«{N}bogus{N}» n’est pas l’une des valeurs possibles{N}: 'off', 'on'.",
    ]
    unknown = invoke("choose", "on", "--bogus")
    assert unknown.exit_code == 2
    assert f"Erreur{N}: option inconnue{N}: «{N}--bogus{N}»." in unknown.stderr
    missing = invoke("choose")
    assert missing.exit_code == 2
    assert f"Erreur{N}: argument manquant '{{off|on}}'." in missing.stderr
    assert f"commande inconnue{N}: «{N}nothing{N}»." in invoke("nothing").stderr


def test_an_aborted_prompt_says_so_in_french(french: None) -> None:
    refused = invoke("choose", "on", stdin="n\n")
    assert refused.exit_code == 1
    assert refused.stderr.splitlines()[-1] == "Abandon."


def test_help_is_the_catalogue_s_and_click_s_own_words_french(french: None) -> None:
    page = invoke("choose", "--help").stdout
    assert page.startswith(
        "Utilisation\u00a0: tool choose [OPTIONS] {off|on}\n\n  Choisir un mode."
    )
    assert "--folder DOSSIER  Où." in page
    assert re.search(r"--help +Afficher cette aide et quitter\.", page)
    group = invoke("--help").stdout
    assert "tool [OPTIONS] COMMANDE [ARGUMENTS]..." in group
    assert f"Commandes{N}:" in group and f"Options{N}:" in group
    assert "choose  Choisir un mode." in group


def test_english_comes_back_whole(french: None) -> None:
    invoke("choose", "--help")  # click makes and keeps the French --help option
    speak("en")
    give_help(tool, None, "en")
    page = invoke("choose", "--help").stdout
    assert page.startswith("Usage: tool choose [OPTIONS] {off|on}\n\n  Choose a mode.")
    assert "--folder DIRECTORY  Where." in page
    assert re.search(r"--help +Show this message and exit\.", page)
    assert "Error: No such option '--bogus'" in invoke("choose", "on", "--bogus").stderr


def test_missing_help_names_what_a_catalogue_leaves_out() -> None:
    assert missing_help(tool, WORDS) == []
    assert missing_help(tool, {"": WORDS[""]}) == ["choose"]
    partial = {**WORDS, "choose": CommandWords(help="Choisir.")}
    assert missing_help(tool, partial) == ["choose:folder"]


def test_the_french_formatter_spaces_clicks_semicolons_once() -> None:
    formatter = FrenchHelpFormatter(width=200)
    formatter.write_dl(
        [
            ("--id", "Une clé [0<=x<=255; obligatoire]"),
            ("--f", f"Un fichier (create{N}; variable X)"),
        ]
    )
    page = formatter.getvalue()
    assert f"[0<=x<=255{N}; obligatoire]" in page
    assert f"(create{N}; variable X)" in page and N + N not in page
