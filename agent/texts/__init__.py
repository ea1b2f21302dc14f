"""Every sentence the agent shows a person, in French (the default) and English.

One typed catalogue per language (``french``, ``english``, shaped by
``catalogue``) and the functions that fill them in (``sentences``). The tone is
the product's: specific (the figure that triggered a reminder), kind, never
guilt-tripping; a reminder suggests, it never blames. The language type and
the number and duration formats are the contract's (``contract.wording``).
"""

from __future__ import annotations

from typing import Final

from agent.texts.catalogue import Catalogue
from agent.texts.english import EN
from agent.texts.french import FR
from agent.texts.sentences import (
    CATALOGUES,
    RECOMMENDED_REST_HOURS,
    consent_prompt,
    format_count,
    format_duration,
    icon_state_label,
    is_singular,
    mode_detail,
    mode_name,
    mode_with_detail,
    nothing_sent_note,
    pending_team_words,
    reminder_message,
    share_explanation,
    status_lines,
    texts,
    time_of_day,
    today_summary,
    tooltip,
    until_words,
    week_name,
)
from contract.wording import DEFAULT_LANGUAGE, LANGUAGES, Language, language_of

APP_NAME: Final = "Répit"

__all__ = [
    "APP_NAME",
    "CATALOGUES",
    "DEFAULT_LANGUAGE",
    "EN",
    "FR",
    "LANGUAGES",
    "RECOMMENDED_REST_HOURS",
    "Catalogue",
    "Language",
    "consent_prompt",
    "format_count",
    "format_duration",
    "icon_state_label",
    "is_singular",
    "language_of",
    "mode_detail",
    "mode_name",
    "mode_with_detail",
    "nothing_sent_note",
    "pending_team_words",
    "reminder_message",
    "share_explanation",
    "status_lines",
    "texts",
    "time_of_day",
    "today_summary",
    "tooltip",
    "until_words",
    "week_name",
]
