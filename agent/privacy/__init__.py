"""The privacy notice, in French and English: static, self-contained HTML pages.

The pages say what is recorded, what never is, what is sent and only when,
who sees what, how long it is kept, how to change one's mind or erase, the
legal basis and whom to contact. They are the text of the documentation too.
The two contacts are placeholders (``{{prevention_contact}}``,
``{{dpo_contact}}``) that a deployment fills with ``render_notice``.

The figures a policy sets are not copied into the text: each stands in a
``<span data-policy="KEY">`` (the department's value) or ``<span
data-default="KEY">`` (the value a policy has when it says nothing), filled
by ``render_notice`` from the policy in force. The pages hold the default
policy's values, so that read as they are (the documentation) they say what
a deployment that changes nothing shows.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Final

from agent.private import private_folder, write_private
from agent.texts import language_of
from contract.policy.model import Policy

PLACEHOLDERS: Final = ("prevention_contact", "dpo_contact")

_FOLDER: Final = Path(__file__).resolve().parent


def notice_path(language: str) -> Path:
    """The notice page in ``language`` ("fr" or "en"; anything else gets French)."""
    return _FOLDER / f"notice.{language_of(language)}.html"


POLICY_FIGURES: Final[dict[str, Callable[[Policy], int]]] = {
    "min_group_size": lambda policy: policy.privacy.min_group_size,
}
"""The figures the notice takes from a policy, by the key its ``data-*`` spans name."""

_FIGURE = re.compile(r'<span data-(policy|default)="([a-z_]+)">[^<]*</span>')


def render_notice(
    language: str,
    *,
    prevention_contact: str,
    dpo_contact: str,
    policy: Policy | None = None,
) -> str:
    """The notice with a deployment's contacts (plain text, escaped here) and
    ``policy``'s figures (the default policy's when None) filled in."""
    default = Policy()
    chosen = policy or default
    text = notice_path(language).read_text(encoding="utf-8")
    values = {"prevention_contact": prevention_contact, "dpo_contact": dpo_contact}
    for name in PLACEHOLDERS:
        text = text.replace("{{" + name + "}}", html.escape(values[name]))

    def figure(match: re.Match[str]) -> str:
        source, key = match[1], match[2]
        return str(POLICY_FIGURES[key](chosen if source == "policy" else default))

    return _FIGURE.sub(figure, text)


DEFAULT_CONTACTS: Final = {
    "fr": (
        "le service Prévention de votre collectivité",
        "le délégué à la protection des données de votre collectivité",
    ),
    "en": ("your organisation's Prévention service", "your organisation's data-protection officer"),
}


def write_notice(language: str, folder: Path, policy: Policy | None = None) -> Path:
    """The notice with the contacts of ``/etc/repit/agent.toml`` (or plain defaults)
    and the figures of ``policy`` (the one in force), written into ``folder``
    for the browser to open."""
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
    page = render_notice(chosen, prevention_contact=prevention, dpo_contact=dpo, policy=policy)
    write_private(path, page)
    return path
