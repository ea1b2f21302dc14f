"""The administration page's wording (French by default, English on request) and rendering.

One page, ``admin.html.j2``: the accounts, a form to create a reader, a form
to issue enrollment codes, and (after a form) what it did: a generated
password or the codes, shown this once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import jinja2
from markupsafe import Markup

from aggregator.auth import AccountInfo, Role
from aggregator.reports.month_names import long_date
from aggregator.reports.render import STYLESHEET
from aggregator.reports.text import Language

NBSP = "\u00a0"
MAX_CODES = 100
"""Codes issued by one form: a team's worth; the command line issues more."""

TEXT: dict[Language, dict[str, str]] = {
    "fr": {
        "app": "Répit — statistiques de déconnexion",
        "title": "Administration",
        "home": "Accueil",
        "switch": "English",
        "logout": "Se déconnecter",
        "accounts": "Comptes",
        "name": "Identifiant",
        "role": "Rôle",
        "state": "État",
        "created": "Créé le",
        "action": "Action",
        "reader": "lecteur",
        "admin": "administrateur",
        "active": "actif",
        "disabled": "désactivé",
        "disable": "Désactiver",
        "enable": "Réactiver",
        "admins_note": (
            f"Les comptes administrateurs se gèrent en ligne de commande{NBSP}: "
            "repit-aggregator user."
        ),
        "new_reader": "Nouveau compte lecteur",
        "create": "Créer le compte",
        "codes": "Codes d'inscription",
        "codes_note": (
            "Chaque code inscrit un poste dans l'équipe choisie, une seule fois. "
            "Il se lit et se tape sans ambiguïté (ni 0, ni O, ni 1, ni I, ni L)."
        ),
        "team": "Équipe",
        "count": f"Nombre (1 à {MAX_CODES})",
        "issue": "Créer les codes",
        "password_shown": (
            f"Compte lecteur «{NBSP}{{name}}{NBSP}» créé. Son mot de passe n'est affiché "
            f"qu'ici, une seule fois{NBSP}: transmettez-le maintenant."
        ),
        "codes_shown": (
            f"{{count}}{NBSP}code(s) pour l'équipe «{NBSP}{{team}}{NBSP}». Ils ne sont "
            f"affichés qu'ici, une seule fois{NBSP}: notez-les maintenant."
        ),
        "disabled_done": (
            f"Compte «{NBSP}{{name}}{NBSP}» désactivé{NBSP}: ses sessions et ses jetons "
            "ne fonctionnent plus."
        ),
        "enabled_done": f"Compte «{NBSP}{{name}}{NBSP}» réactivé.",
        "forbidden": "Cette page est réservée aux administrateurs.",
        "session_only": (
            "L'administration se fait depuis une session ouverte dans le navigateur, "
            "pas avec un jeton d'API."
        ),
        "expired": f"Le formulaire a expiré{NBSP}: veuillez réessayer.",
        "exists": f"Le compte «{NBSP}{{name}}{NBSP}» existe déjà.",
        "bad_name": (
            f"Identifiant invalide{NBSP}: il faut de 1 à 200{NBSP}caractères, "
            "sans caractère de contrôle."
        ),
        "unknown_account": f"Aucun compte «{NBSP}{{name}}{NBSP}».",
        "not_reader": (
            f"Seuls les comptes lecteurs se gèrent ici{NBSP}; les administrateurs, en ligne "
            "de commande."
        ),
        "unknown_team": f"Aucune équipe «{NBSP}{{team}}{NBSP}» dans les politiques.",
        "bad_count": f"Nombre de codes{NBSP}: de 1 à {MAX_CODES}.",
    },
    "en": {
        "app": "Répit — right-to-disconnect statistics",
        "title": "Administration",
        "home": "Home",
        "switch": "Français",
        "logout": "Log out",
        "accounts": "Accounts",
        "name": "Name",
        "role": "Role",
        "state": "State",
        "created": "Created",
        "action": "Action",
        "reader": "reader",
        "admin": "administrator",
        "active": "active",
        "disabled": "disabled",
        "disable": "Disable",
        "enable": "Enable",
        "admins_note": (
            "Administrator accounts are run from the command line: repit-aggregator user."
        ),
        "new_reader": "New reader account",
        "create": "Create the account",
        "codes": "Enrollment codes",
        "codes_note": (
            "Each code enrolls one device into the chosen team, once. It reads and types "
            "without ambiguity (no 0, O, 1, I or L)."
        ),
        "team": "Team",
        "count": f"How many (1 to {MAX_CODES})",
        "issue": "Issue the codes",
        "password_shown": (
            "Reader account “{name}” created. Its password is shown only here, once: "
            "pass it on now."
        ),
        "codes_shown": (
            "{count} code(s) for the team “{team}”. They are shown only here, once: "
            "write them down now."
        ),
        "disabled_done": "Account “{name}” disabled: its sessions and tokens no longer work.",
        "enabled_done": "Account “{name}” enabled again.",
        "forbidden": "This page is for administrators only.",
        "session_only": "Administration is done from a browser session, not with an API token.",
        "expired": "The form has expired: please try again.",
        "exists": "The account “{name}” already exists.",
        "bad_name": "Invalid name: 1 to 200 characters, no control characters.",
        "unknown_account": "No account “{name}”.",
        "not_reader": "Only reader accounts are run here; administrators, from the command line.",
        "unknown_team": "No team “{team}” in the policies.",
        "bad_count": f"Number of codes: 1 to {MAX_CODES}.",
    },
}

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "reports" / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True)
class Shown:
    """What a form just did, shown once above the page."""

    message: str
    secrets: tuple[str, ...] = ()
    """A generated password or enrollment codes: on this page only, never stored in clear."""
    error: bool = False


def _day(text: str, lang: Language) -> str:
    """An account's creation day as a reader says it (``1er janvier 2026``)."""
    try:
        return long_date(date.fromisoformat(text), lang)
    except ValueError:
        return text


def render_admin(
    lang: Language,
    admin: str,
    csrf: str,
    accounts: Sequence[AccountInfo],
    teams: Sequence[tuple[str, str]],
    shown: Shown | None = None,
) -> str:
    """The administration page; ``teams`` are (id, name) pairs for the codes form."""
    t = TEXT[lang]
    rows = [
        {
            "name": found.name,
            "role": t[found.role.value],
            "state": t["disabled" if found.disabled else "active"],
            "created": _day(found.created, lang),
            "reader": found.role is Role.READER,
            "disabled": found.disabled,
        }
        for found in accounts
    ]
    return _ENVIRONMENT.get_template("admin.html.j2").render(
        t=t,
        lang=lang,
        other="fr" if lang == "en" else "en",
        style=Markup(STYLESHEET),
        title=f"{t['title']} — Répit",
        admin=admin,
        csrf=csrf,
        accounts=rows,
        teams=teams,
        shown=shown,
        max_codes=MAX_CODES,
    )
