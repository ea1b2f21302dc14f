"""The login page's wording (French by default, English on request) and rendering."""

from __future__ import annotations

from pathlib import Path

import jinja2
from markupsafe import Markup

from aggregator.organisation import Organisation
from aggregator.reports.render import STYLESHEET
from aggregator.reports.text import TEXT as REPORT_TEXT
from aggregator.reports.text import Language

NBSP = "\u00a0"

TEXT: dict[Language, dict[str, str]] = {
    "fr": {
        "title": "Connexion — Répit",
        "heading": "Répit — connexion",
        "switch": "English",
        "name": "Identifiant",
        "password": "Mot de passe",
        "submit": "Se connecter",
        "expired": f"Le formulaire a expiré{NBSP}: veuillez réessayer.",
        "too_many": f"Trop de tentatives{NBSP}: réessayez dans {{seconds}}{NBSP}s.",
        "busy": f"Le serveur est occupé{NBSP}: réessayez dans un instant.",
        "wrong": "Identifiant ou mot de passe incorrect.",
        "app": REPORT_TEXT["fr"]["app"],
        "purpose": REPORT_TEXT["fr"]["purpose"],
        "logo": REPORT_TEXT["fr"]["logo"],
    },
    "en": {
        "title": "Log in — Répit",
        "heading": "Répit — log in",
        "switch": "Français",
        "name": "Name",
        "password": "Password",
        "submit": "Log in",
        "expired": "The form has expired: please try again.",
        "too_many": "Too many attempts: try again in {seconds} s.",
        "busy": "The server is busy: try again in a moment.",
        "wrong": "Wrong name or password.",
        "app": REPORT_TEXT["en"]["app"],
        "purpose": REPORT_TEXT["en"]["purpose"],
        "logo": REPORT_TEXT["en"]["logo"],
    },
}

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "reports" / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_login(
    lang: Language, csrf: str, message: str = "", organisation: Organisation | None = None
) -> str:
    """The login form under the organisation's name and the tool's purpose, with ``message``
    (a refusal) above it when there is one."""
    t = TEXT[lang]
    return _ENVIRONMENT.get_template("login.html.j2").render(
        t=t,
        lang=lang,
        other="fr" if lang == "en" else "en",
        style=Markup(STYLESHEET),
        title=t["title"],
        csrf=csrf,
        message=message,
        organisation=organisation or Organisation(),
    )
