"""The privacy notice, in French and English: static, self-contained HTML pages.

The pages say what is recorded, what never is, what is sent and only when,
who sees what, how long it is kept, how to change one's mind or erase, the
legal basis and whom to contact. They are the text of the documentation too.
The two contacts are placeholders (``{{prevention_contact}}``,
``{{dpo_contact}}``) that a deployment fills with ``render_notice``.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Final

from agent.texts import language_of

PLACEHOLDERS: Final = ("prevention_contact", "dpo_contact")

_FOLDER: Final = Path(__file__).resolve().parent


def notice_path(language: str) -> Path:
    """The notice page in ``language`` ("fr" or "en"; anything else gets French)."""
    return _FOLDER / f"notice.{language_of(language)}.html"


def render_notice(language: str, *, prevention_contact: str, dpo_contact: str) -> str:
    """The notice with a deployment's contacts filled in (plain text, escaped here)."""
    text = notice_path(language).read_text(encoding="utf-8")
    values = {"prevention_contact": prevention_contact, "dpo_contact": dpo_contact}
    for name in PLACEHOLDERS:
        text = text.replace("{{" + name + "}}", html.escape(values[name]))
    return text
