"""Policy problems in French (``contract.policy.french``): every kind the loader reports,
still saying where (file, line, key) and what the file wrote, with no English left."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from contract.policy.french import french_message, problem_in_french
from contract.policy.loader import check_policy_files
from contract.policy.problems import PolicyProblem
from tests.policy.conftest import WritePolicy, department
from tests.texts.test_typography import english_words, missing_spaces

N = "\u00a0"

EVERY_MISTAKE = """\
timezone = "Mars/Olympus"
language = "de"
colour = "blue"

[calendar]
country = "fr"
working_days = ["mon", "mon", "funday"]
closed_dates = ["2026-02-30", "soon", "2026-13-01"]

[hours]
default = ["19:00-08:00", "08:00-12:00", "10:00-13:00"]
mon = []
night = "25:00-05:00"
tue = ["08:00-08:00"]
wed = ["24:00-12:00"]
thu = ["08:00-12:00", "11:00-13:00"]
fri = "08:00-12:00"
sun = ["8h-12h"]

[breaks]
every_minutes = 500
min_break_minutes = "five"
evry_minutes = 3
enabled = "yes"

[tablez]
x = 1

[[teams]]
id = "a"
name = "A"

[[teams]]
id = "team-b"
name = "B"

[[teams]]
id = "team-b"
name = ""

[[tools]]
id = "mail"
name = "Mail"

[[tools]]
id = "mail"
name = "Mail again, with a name far too long for any list of tools that a person reads"
"""


def every_problem(write_policy: WritePolicy, policy_dir: Path) -> list[PolicyProblem]:
    files = [
        write_policy("dept", department("Dept", EVERY_MISTAKE)),
        write_policy("other", department("other", '[[teams]]\nid = "team-b"\nname = "B"\n')),
        write_policy("misnamed", department("renamed")),
        write_policy("orphan", department("orphan", extends="nowhere")),
        write_policy("loop-a", department("loop-a", extends="loop-b")),
        write_policy("loop-b", department("loop-b", extends="loop-a")),
        write_policy("moselle", department("moselle", '[calendar]\nsubdivision = "99"\n')),
        write_policy("broken", "[policy\nid = 1\n"),
        write_policy("notable", 'policy = 3\nstray = "x"\n'),
        write_policy("empty", ""),
        policy_dir / "absent.toml",
        policy_dir,
    ]
    (policy_dir / "latin1.toml").write_bytes('[policy]\nname = "Équipe"\n'.encode("latin-1"))
    files.append(policy_dir / "latin1.toml")
    return check_policy_files(files)


LITERAL = re.compile(
    r'"[^"]*"|`[^`]*`|«[^»]*»|\[\[?[\w.]+\]\]?|\([^()]*\)|/\S+|[\w.]+\[\d+\][\w.]*'
)
"""What the file wrote (values, keys, tables), paths and parenthesised lists and details."""


def words_of_the_sentence(text: str) -> str:
    return LITERAL.sub(" ", text)


def test_every_kind_of_problem_is_french_and_keeps_its_place_and_values(
    write_policy: WritePolicy, policy_dir: Path
) -> None:
    problems = every_problem(write_policy, policy_dir)
    kinds = {re.sub(r'"[^"]*"|\d+', "", problem.message)[:30] for problem in problems}
    assert len(kinds) >= 30, sorted(kinds)
    for problem in problems:
        french = problem_in_french(problem)
        where = f"{problem.file}" + ("" if problem.line is None else f":{problem.line}")
        assert french.startswith(f"{where}{N}: "), french
        if problem.key is not None:
            assert f"{problem.key}{N}: " in french
        for value in re.findall(r'found ("[^"]*")', problem.message):
            assert value in french, (value, french)
        sentence = words_of_the_sentence(french_message(problem.message))
        assert english_words(sentence) == [], (problem.message, french)
        assert re.search(r"\b(expected|found|unknown|missing)\b", sentence) is None, french
        assert missing_spaces(sentence) == [], french


def test_a_known_sentence_reads_as_french() -> None:
    problem = PolicyProblem(
        Path("dept.toml"),
        6,
        "breaks.every_minutes",
        "expected an integer from 10 to 240, found 500",
    )
    assert problem_in_french(problem) == (
        f"dept.toml:6{N}: breaks.every_minutes{N}: attendu{N}: un entier de 10 à 240, trouvé 500"
    )
    assert french_message("file not found") == "fichier introuvable"


@given(st.text(alphabet=st.characters(blacklist_characters='"\n', blacklist_categories=["Cs"])))
def test_what_the_file_wrote_is_carried_over_as_it_is(value: str) -> None:
    message = f'expected an integer from 1 to 60, found "{value}"'
    assert french_message(message) == f'attendu{N}: un entier de 1 à 60, trouvé "{value}"'


@pytest.mark.parametrize(
    "message",
    ["something the loader never says", 'found "x" at last'],
)
def test_a_message_the_phrasebook_does_not_know_is_left_whole(message: str) -> None:
    assert french_message(message) == message
