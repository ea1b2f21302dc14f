"""The agent's own error messages in French and English (``agent.texts.errors``): the
local database, the machine configuration, activity traces, the command line's own.

Each error is made for real where this machine allows it (a damaged file, someone
else's SQLite file, a newer schema, a broken configuration, bad traces); only the
permission problems, which root does not meet, are built from their key and values."""

from __future__ import annotations

import errno
import re
import sqlite3
import string
from pathlib import Path

import pytest

from agent.core.trace import ENGLISH as TRACE_ENGLISH
from agent.core.trace import TraceError, parse_trace
from agent.machine_config import MachineConfigError, load_machine_config
from agent.store import Store, StoreError
from agent.texts.errors import ENGLISH, FRENCH, cli_text, error_text, os_error_words
from agent.texts.errors import trace_error_text as trace_text
from contract.sqlite_files import DatabaseFileError
from tests.texts.test_typography import english_words, missing_spaces

N = "\u00a0"
LITERAL = re.compile(r"«[^»]*»|\([^()]*\)|/\S+|\{[^{}]*\}|repit-agent .*$|time,event")


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize(("key", "french"), sorted(FRENCH.items()))
def test_every_french_message_is_typeset_and_has_no_english(key: str, french: str) -> None:
    sentence = LITERAL.sub(" ", french)
    assert english_words(sentence) == [], key
    assert missing_spaces(french) == [], key
    assert "'" not in french, key


def test_the_french_fills_in_what_the_english_gives() -> None:
    for key, english in ENGLISH.items():
        assert fields(FRENCH[key]) == fields(english), key
    for problem, english in TRACE_ENGLISH.items():
        assert fields(FRENCH[f"trace.{problem}"]) == fields(english), problem


def store_error(path: Path) -> StoreError:
    with pytest.raises(StoreError) as caught:
        Store.open(path).close()
    return caught.value


def test_a_damaged_database_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    path.write_bytes(b"\x00garbage" * 300)
    error = store_error(path)
    assert error_text("store", error, "en") == str(error)
    assert "damaged or not a Répit database" in str(error)
    assert error_text("store", error, "fr").startswith(
        f"{path}{N}: la base est endommagée ou n’est pas une base de Répit (SQLite{N}: "
    )
    assert path.read_bytes() == b"\x00garbage" * 300  # left untouched


def test_someone_else_s_database_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    connection.close()
    error = store_error(path)
    assert "is not a Répit database" in error_text("store", error, "en")
    assert error_text("store", error, "fr") == (
        f"{path}{N}: ce fichier SQLite n’est pas une base de Répit (ses tables sont celles "
        f"d’un autre programme). Il n’a pas été modifié{N}; choisissez un autre nom de fichier."
    )


def test_a_newer_database_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    Store.open(path).close()
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA user_version = 999")
    connection.close()
    error = store_error(path)
    assert "written by a newer Répit (schema 999" in error_text("store", error, "en")
    french = error_text("store", error, "fr")
    assert french.startswith(
        f"{path}{N}: cette base a été écrite par une version plus récente de Répit (schéma 999, "
    )
    assert french.endswith("mettez Répit à jour pour l’utiliser.")


def test_a_permission_problem_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "repit.db"
    error = DatabaseFileError(
        "permission denied", "no_permission", {"path": path, "detail": "[Errno 13]"}
    )
    assert error_text("store", error, "en") == "permission denied"
    assert error_text("store", error, "fr") == (
        f"{path}{N}: accès refusé ([Errno 13]){N}: cet utilisateur ne peut pas lire et écrire "
        f"la base de Répit ou son dossier. Rien n’a changé{N}; corrigez le propriétaire "
        "ou les droits."
    )


def test_an_error_without_french_keeps_its_english(tmp_path: Path) -> None:
    error = DatabaseFileError("something new", "not_yet_worded", {})
    assert error_text("store", error, "fr") == "something new"


def config_error(tmp_path: Path, text: str) -> MachineConfigError:
    path = tmp_path / "agent.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MachineConfigError) as caught:
        load_machine_config(path)
    return caught.value


def test_machine_configuration_errors_in_both_languages(tmp_path: Path) -> None:
    path = tmp_path / "agent.toml"
    broken = config_error(tmp_path, "[aggregator\n")
    assert str(broken).startswith(f"{path}: ")
    assert error_text("config", broken, "fr").startswith(f"{path}{N}: configuration illisible (")
    unknown = config_error(tmp_path, '[aggregator]\nadress = "x"\n')
    assert "unknown key(s) aggregator.adress; expected" in error_text("config", unknown, "en")
    assert error_text("config", unknown, "fr").startswith(
        f"{path}{N}: clé(s) inconnue(s) aggregator.adress{N}; attendues{N}: aggregator.url, "
    )
    wrong = config_error(tmp_path, "[policy]\nfile = 3\n")
    assert error_text("config", wrong, "en") == f"{path}: policy.file: expected a string"
    assert error_text("config", wrong, "fr") == (
        f"{path}{N}: policy.file{N}: une chaîne de caractères attendue"
    )


BAD_TRACES = {
    "header": ("2026-03-02T09:00:00+01:00,input\n", f"m.csv:1{N}: en-tête «{N}time,event{N}»"),
    "empty": ("\n", f"m.csv{N}: trace vide{N}: en-tête «{N}time,event{N}» attendu"),
    "fields": ("time,event\na,b,c\n", f"m.csv:2{N}: deux champs «{N}time,event{N}» attendus"),
    "event": ("time,event\n2026-03-02T09:00:00Z,click\n", f"m.csv:2{N}: évènement «{N}click"),
    "order": (
        "time,event\n2026-03-02T09:00:00Z,input\n2026-03-02T08:00:00Z,input\n",
        f"m.csv:3{N}: ligne dans le désordre{N}: 2026-03-02T08:00:00Z est antérieur",
    ),
    "time": ("time,event\nnine,input\n", f"m.csv:2{N}: heure «{N}nine{N}» invalide"),
    "offset": (
        "time,event\n2026-03-02T09:00:00,input\n",
        f"m.csv:2{N}: l’heure «{N}2026-03-02T09:00:00{N}» n’a pas de décalage UTC",
    ),
}


@pytest.mark.parametrize(("problem", "case"), sorted(BAD_TRACES.items()))
def test_every_trace_error_in_both_languages(problem: str, case: tuple[str, str]) -> None:
    text, french = case
    with pytest.raises(TraceError) as caught:
        list(parse_trace(text.splitlines(keepends=True), "m.csv"))
    error = caught.value
    assert error.problem == problem
    assert trace_text(error, error.where, "en") == str(error)
    assert str(error).startswith(error.where + ": ")
    assert trace_text(error, error.where, "fr").startswith(french)


def test_the_command_line_s_own_messages_in_both_languages() -> None:
    assert cli_text("policies_valid_one", "fr", count=1) == "1 fichier de politique valide."
    assert cli_text("policies_valid_many", "en", count=3) == "3 policy files valid."
    assert cli_text("not_utf8", "fr", path="t.csv", reason="invalid start byte", start=4) == (
        f"t.csv{N}: ce n’est pas du texte UTF-8 (invalid start byte à l’octet 4)"
    )
    assert "LEADER_CODE HELPER_CODE" in cli_text("not_enrolled", "en")


def test_the_usual_file_errors_have_french_words() -> None:
    missing = FileNotFoundError(errno.ENOENT, "No such file or directory")
    assert os_error_words(missing, "fr") == "fichier ou dossier introuvable"
    assert os_error_words(missing, "en") == "No such file or directory"
    odd = OSError(errno.EXDEV, "Invalid cross-device link")
    assert os_error_words(odd, "fr") == "Invalid cross-device link"


def test_an_error_carries_its_values_not_a_language() -> None:
    error = TraceError("m.csv", 2, "time", time="nine")
    assert (error.problem, dict(error.values)) == ("time", {"time": "nine"})
    assert error.message == "bad time `nine`, expected ISO 8601 like 2026-03-30T08:00:00+02:00"
