"""What ``repit-agent enroll`` says, in French (the default) and English.

Enrollment talks to two servers run by two parties (SPLIT.md): every message
names which one answered, so that the person knows whom to ask for a new code.
The problems themselves are ``agent.enrollment.Problem`` values; this module
only words them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from contract.wording import NBSP, Language, language_of

SERVERS: Final[Mapping[Language, Mapping[str, str]]] = {
    "fr": {"leader": "le serveur principal", "helper": "le second serveur"},
    "en": {"leader": "the leader server", "helper": "the helper server"},
}

_FR: Final[Mapping[str, str]] = {
    "bad_url": "{url}{s}: adresse attendue de la forme https://repit.example.org",
    "insecure_url": (
        "{url}{s}: le HTTP simple est refusé pour {host}{s}; utilisez https:// "
        "(le HTTP simple n'est accepté que sur cet ordinateur{s}: localhost, 127.0.0.1, ::1)"
    ),
    "two_codes": (
        "il faut deux codes, un de chaque serveur{s}: "
        "repit-agent enroll ADRESSE CODE_PRINCIPAL CODE_SECOND "
        "(ou CODE_PRINCIPAL.CODE_SECOND en un seul mot)"
    ),
    "unreachable": (
        "{server} ({url}) est injoignable ou n'a pas répondu à temps{s}; "
        "vérifiez la connexion et réessayez"
    ),
    "code_refused": (
        "{server} ({url}) ne connaît pas ce code ou il a déjà servi{s}; "
        "demandez un nouveau code de ce serveur"
    ),
    "throttled": "{server} ({url}) limite les essais{s}: réessayez dans {wait}{s}s",
    "refused": "{server} ({url}) a refusé l'inscription (HTTP {status})",
    "bad_answer": "la réponse de {server} ({url}) n'est pas une inscription",
    "bad_helper": (
        "{server} ({url}) a donné une description invalide du second serveur "
        "(champ {field}){s}; signalez-le à son opérateur"
    ),
    "team_mismatch": (
        "les deux codes ne sont pas de la même équipe{s}: le serveur principal inscrit "
        "dans {team} ({department}), le second serveur dans {other_team} "
        "({other_department}){s}; l'inscription au serveur principal est gardée, "
        "un code du second serveur pour {team} suffit"
    ),
    "waiting": "{server} ({url}) limite les essais{s}: nouvel essai dans {wait}{s}s…",
    "resuming": (
        "déjà inscrit au serveur principal ({url}) avec ce code{s}: inscription au second serveur…"
    ),
    "enrolled": (
        "Inscrit dans l'équipe {team} ({department}) sur les deux serveurs. "
        "L'envoi attend encore votre choix{s}: repit-agent consent share"
    ),
    "pending_at_start": (
        "{team}, inscription au second serveur en attente "
        "(nouvel essai automatique au prochain démarrage de l'agent)"
    ),
    "pending_enroll_again": (
        "{team}, inscription au second serveur en attente{s}; relancez repit-agent enroll "
        "avec les mêmes codes (le code du serveur principal n'est pas redemandé)"
    ),
}

_EN: Final[Mapping[str, str]] = {
    "bad_url": "{url}: expected an address like https://repit.example.org",
    "insecure_url": (
        "{url}: plain HTTP is refused for {host}; use https:// "
        "(plain HTTP is accepted only on this computer: localhost, 127.0.0.1, ::1)"
    ),
    "two_codes": (
        "two codes are needed, one from each server: "
        "repit-agent enroll URL LEADER_CODE HELPER_CODE "
        "(or LEADER_CODE.HELPER_CODE as one word)"
    ),
    "unreachable": "{server} ({url}) cannot be reached: {detail}",
    "code_refused": (
        "{server} ({url}): this enrollment code is unknown or was already used; "
        "ask for a new one from that server"
    ),
    "throttled": "{server} ({url}) limits attempts: try again in {wait} s",
    "refused": "{server} ({url}) refused the enrollment (HTTP {status})",
    "bad_answer": "the answer of {server} ({url}) is not an enrollment",
    "bad_helper": (
        "{server} ({url}) gave an invalid description of the helper server "
        "(field {field}); tell its operator"
    ),
    "team_mismatch": (
        "the two codes are not for the same team: the leader server enrolls in {team} "
        "({department}), the helper server in {other_team} ({other_department}); "
        "the enrollment at the leader is kept, a helper code for {team} is enough"
    ),
    "waiting": "{server} ({url}) limits attempts: trying again in {wait} s…",
    "resuming": (
        "already enrolled at the leader server ({url}) with this code: "
        "enrolling at the helper server…"
    ),
    "enrolled": (
        "Enrolled in team {team} ({department}) on both servers. "
        "Sending still waits for your choice: repit-agent consent share"
    ),
    "pending_at_start": (
        "{team}, enrollment at the helper server pending "
        "(tried again automatically at the agent's next start)"
    ),
    "pending_enroll_again": (
        "{team}, enrollment at the helper server pending; run repit-agent enroll again "
        "with the same codes (the leader server's code is not spent again)"
    ),
}

_TEMPLATES: Final[Mapping[Language, Mapping[str, str]]] = {
    # Written with straight apostrophes, shown with curly ones like the rest of the
    # French interface (the spaces before signs are the templates' own ``{s}``).
    "fr": {what: text.replace("'", "\u2019") for what, text in _FR.items()},
    "en": _EN,
}


def enrollment_text(what: str, language: str, server: str | None = None, **values: object) -> str:
    """The sentence ``what`` in ``language``, naming ``server`` (``leader``/``helper``)."""
    chosen = language_of(language)
    spacer = NBSP if chosen == "fr" else ""
    named = SERVERS[chosen][server] if server is not None else ""
    return _TEMPLATES[chosen][what].format(s=spacer, server=named, **values)
