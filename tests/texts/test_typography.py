"""French typography in the catalogues: a non-breaking space before ``:`` ``;`` ``%`` ``?`` ``!``.

A simple, strict check over every French sentence of the agent's desktop
catalogue (tray, notifications, ``status``, ``consent``, ``export``,
``forget``), of the person's report, of the aggregator's reports and of the
privacy notice: the character before one of those signs must be a
non-breaking space (U+00A0, or the narrow U+202F). Placeholders
(``{x:02d}``), web addresses and times of day (``08:00``) are not sentences
and are left out. The desktop catalogue is also scanned for English words
and straight apostrophes.
"""

from __future__ import annotations

import dataclasses
import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from agent.privacy import notice_path
from agent.report.wording import TEXT as REPORT_TEXT
from agent.texts import FR, texts
from agent.texts.typography import french_typography
from aggregator.reports.indicator_text import INDICATOR_TEXT, SHORT_LABEL
from aggregator.reports.text import TEXT as REPORTS_TEXT
from contract.wording import (
    LANGUAGES,
    NBSP,
    Language,
    format_decimal,
    format_duration,
    format_number,
    format_percent,
)

SIGNS = ":;%?!"
NON_BREAKING = {"\u00a0", "\u202f"}
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
ADDRESS = re.compile(r"https?://\S+")
TIME_OF_DAY = re.compile(r"\d:\d")


def missing_spaces(text: str) -> list[str]:
    """Each sign not preceded by a non-breaking space, with a little context."""
    sentence = ADDRESS.sub("", PLACEHOLDER.sub("X", text))
    found = []
    for at, sign in enumerate(sentence):
        if sign not in SIGNS or at == 0 or sentence[at - 1] in NON_BREAKING:
            continue
        if TIME_OF_DAY.fullmatch(sentence[at - 1 : at + 2]):
            continue
        found.append(sentence[max(0, at - 20) : at + 1])
    return found


def french_sentences() -> dict[str, str]:
    sentences = {f"report.{key}": text for key, text in REPORT_TEXT["fr"].items()}
    sentences |= {f"reports.{key}": text for key, text in REPORTS_TEXT["fr"].items()}
    for key, (label, meaning) in INDICATOR_TEXT["fr"].items():
        sentences[f"indicator.{key}.label"] = label
        sentences[f"indicator.{key}.meaning"] = meaning
    sentences |= {f"short_label.{key}": text for key, text in SHORT_LABEL["fr"].items()}
    return sentences


def desktop_sentences() -> dict[str, str]:
    """Every French text of the agent's desktop catalogue (its CLI messages included) and
    of the readable export."""
    from agent import export_page

    sentences = {f"desktop.{f.name}": getattr(FR, f.name) for f in dataclasses.fields(FR)}
    for table in ("_TITLES", "_HEADERS", "_SETTING_NAMES", "_VALUE_WORDS"):
        words = getattr(export_page, table)["fr"]
        sentences |= {f"export.{table}.{key}": text for key, text in words.items()}
    return sentences


ENGLISH_WORDS = frozenset(
    [
        "the",
        "and",
        "or",
        "of",
        "to",
        "is",
        "are",
        "not",
        "nothing",
        "reminders",
        "share",
        "off",
        "on",
        "yes",
        "no",
        "aborted",
        "error",
        "expected",
        "participation:",
        "deleted",
        "file",
        "files",
        "team",
        "week",
        "day",
        "today",
        "break",
        "paused",
        "until",
        "your",
        "you",
        "please",
        "enrolled",
        "data",
    ]
)
"""English words that must not appear in the French interface ("Participation" is French
too: only "Participation:", with a plain colon, is the English one)."""

WORD = re.compile(r"[A-Za-zÀ-ÿ’'-]+:?")  # week-end is French


def english_words(text: str) -> list[str]:
    sentence = ADDRESS.sub("", PLACEHOLDER.sub(" ", text))
    return [w for w in WORD.findall(sentence) if w.lower() in ENGLISH_WORDS]


@pytest.mark.parametrize(("key", "text"), sorted(desktop_sentences().items()))
def test_desktop_french_text_has_french_typography_and_no_english(key: str, text: str) -> None:
    assert missing_spaces(text) == [], key
    assert english_words(text) == [], key
    assert "'" not in text, f"{key}: a straight apostrophe"
    assert "[y/N]" not in text


def test_the_english_scan_finds_english() -> None:
    assert english_words("Participation: reminders") == ["Participation:", "reminders"]
    assert english_words("[y/N]: Aborted!") == ["Aborted"]
    assert english_words("Participation : Rappels seulement") == []


def test_the_english_catalogue_is_not_typeset_the_french_way() -> None:
    assert texts("en").share_question == "Share anonymous sums with your team?"


@given(st.text(alphabet=" :;?!%«»'abc1h{}"))
def test_french_typography_is_idempotent_and_leaves_no_plain_space_before_a_sign(
    text: str,
) -> None:
    once = french_typography(text)
    assert french_typography(once) == once
    assert "'" not in once
    assert all(once[i - 1] != " " for i, sign in enumerate(once) if sign in SIGNS and i > 0)


def notice_text() -> str:
    """The French privacy notice's visible text: no style sheet, no tags."""
    page = notice_path("fr").read_text(encoding="utf-8")
    page = re.sub(r"<style.*?</style>", " ", page, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", page))


def test_the_french_privacy_notice_has_non_breaking_spaces_before_high_signs() -> None:
    assert missing_spaces(notice_text()) == []


def test_the_check_finds_a_plain_space_and_accepts_a_non_breaking_one() -> None:
    assert missing_spaces("Période : mars") == ["Période :"]
    assert missing_spaces("Pourquoi ?") == ["Pourquoi ?"]
    assert missing_spaces("20,8 %") == ["20,8 %"]
    assert missing_spaces("sans espace!") == ["sans espace!"]
    assert missing_spaces(f"Période{NBSP}: {{start:%d}} à 08:00, https://x.org{NBSP}!") == []


@pytest.mark.parametrize(("key", "text"), sorted(french_sentences().items()))
def test_french_sentence_has_non_breaking_spaces_before_high_signs(key: str, text: str) -> None:
    assert missing_spaces(text) == [], key
    if key.startswith("report."):  # the person's own report, typeset like the desktop
        assert "'" not in text, f"{key}: a straight apostrophe"
        assert english_words(text) == [], key


def test_french_and_english_numbers() -> None:
    assert format_percent(20.84, "fr") == f"20,8{NBSP}%"
    assert format_percent(20.84, "en") == "20.8%"
    assert f"{format_number(778679, 'fr')}{NBSP}min" == f"778{NBSP}679{NBSP}min"
    assert format_number(778679, "en") == "778,679"
    assert format_decimal(1.25, "fr", 2) == "1,25"


@given(st.integers(min_value=-10_000, max_value=10_000_000), st.sampled_from(LANGUAGES))
def test_a_duration_is_one_unbreakable_group_that_reads_back(
    minutes: int, language: Language
) -> None:
    shown = format_duration(minutes, language)
    assert " " not in shown
    digits = shown.replace(NBSP, "").replace(",", "").replace("min", " ").replace("h", " ")
    parts = [int(part) for part in digits.split()]
    total = parts[0] if shown.endswith("min") and len(parts) == 1 else parts[0] * 60
    if len(parts) == 2:
        total += parts[1]
    assert total == max(0, minutes)
