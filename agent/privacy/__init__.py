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

from agent.private import private_folder, write_private
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


DEFAULT_CONTACTS: Final = {
    "fr": (
        "le service Prévention de votre collectivité",
        "le délégué à la protection des données de votre collectivité",
    ),
    "en": ("your organisation's Prévention service", "your organisation's data-protection officer"),
}


def write_notice(language: str, folder: Path) -> Path:
    """The notice with the contacts of ``/etc/repit/agent.toml`` (or plain defaults),
    written into ``folder`` for the browser to open."""
    from agent.machine_config import MachineConfigError, load_machine_config

    chosen = language_of(language)
    prevention, dpo = DEFAULT_CONTACTS[chosen]
    try:
        config = load_machine_config()
        prevention = config.prevention_contact or prevention
        dpo = config.dpo_contact or dpo
    except MachineConfigError:
        pass  # the defaults still say whom to ask
    private_folder(folder)
    path = folder / f"privacy-notice.{chosen}.html"
    write_private(path, render_notice(chosen, prevention_contact=prevention, dpo_contact=dpo))
    return path
