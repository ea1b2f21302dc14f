"""The words of the served pages that are typeset or spelled out at rendering.

The French guide is written with plain spaces and typeset when served; the
tool pages say a month as a reader does. The browser sweep
(``tests/web/test_sweep.py``) scans the pages themselves.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from aggregator.guide_view import french_typography, guide_html
from aggregator.reports.month_names import MONTHS
from aggregator.tools_text import month_words
from tests.texts.test_typography import missing_spaces

SIGNS = ":;?!%»"


@given(st.text(alphabet=" :;?!%«»ab1"))
def test_typography_is_idempotent_and_leaves_no_plain_space_before_a_sign(text: str) -> None:
    once = french_typography(text)
    assert french_typography(once) == once
    assert all(once[at - 1] != " " for at, sign in enumerate(once) if sign in SIGNS and at > 0)
    assert "« " not in once
    assert once.replace("\u00a0", " ") == text


def test_the_served_french_guide_has_non_breaking_spaces_and_its_code_untouched() -> None:
    served = guide_html("fr")
    text = served.replace("\n", " ")
    assert missing_spaces(text.split("<code>")[0]) == []
    assert "Vous y trouvez\u00a0:" in served
    assert "<code>reader</code>" in served


@given(st.integers(min_value=2020, max_value=2040), st.integers(min_value=1, max_value=12))
def test_a_month_is_said_in_words_in_both_languages(year: int, month: int) -> None:
    label = f"{year:04d}-{month:02d}"
    assert month_words(label, "fr") == f"{MONTHS['fr'][month - 1]} {year}"
    assert month_words(label, "en") == f"{MONTHS['en'][month - 1]} {year}"


@given(st.text(max_size=12))
def test_what_is_no_month_is_shown_as_it_is(text: str) -> None:
    shown = month_words(text, "fr")
    assert shown == text or shown.endswith(text[:4])
    assert month_words("2026-13", "fr") == "2026-13"
