"""The French help of ``repit-aggregator``: every command, option and argument.

The English is the code's own (docstrings and ``help=``); this is its French,
by command path (``""``: the program, ``"user add"``) and parameter name, in
the shape ``contract.cli_words.give_help`` puts in place. Written with plain
spaces and straight apostrophes, typeset by ``french_typography``; a test
checks that no command or parameter is left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from aggregator import cli_key_texts as key_texts
from aggregator.settings import MAX_AGE_DAYS
from contract.cli_words import CommandWords, HelpCatalogue
from contract.typography import french_typography

_SHARED: Final[Mapping[str, str]] = {
    "db_path": "Le fichier de la base (par défaut : aggregator.db dans le dossier des données "
    "de l'utilisateur ; variable REPIT_DB).",
    "policies_dir": "Le dossier des fichiers de politique (par défaut : les politiques "
    "fournies ; variable REPIT_POLICIES).",
    "organisation_name": "Le nom de l'organisation sur la page de connexion et les PDF "
    "(variable REPIT_ORGANISATION_NAME).",
    "organisation_logo": "Un logo PNG, JPEG ou SVG (256 Kio au plus) à côté de ce nom "
    "(variable REPIT_ORGANISATION_LOGO).",
    "key_file": "Le fichier des clés HPKE du second serveur (helper-key create ; "
    "variable REPIT_HELPER_KEY), lu au démarrage et de nouveau à chaque SIGHUP : après "
    "helper-key rotate ou retire, rechargez ou redémarrez le second serveur.",
    "group_id": "Un identifiant de direction ou d'équipe.",
}
_SHARED_METAVARS: Final[Mapping[str, str]] = {
    "db_path": "FICHIER",
    "policies_dir": "DOSSIER",
    "organisation_name": "NOM",
    "organisation_logo": "FICHIER",
    "key_file": "FICHIER",
    "group_id": "ID",
    "name": "NOM",
}


def _words(
    help_text: str,
    params: Mapping[str, str] | None = None,
    metavars: Mapping[str, str] | None = None,
    shared: tuple[str, ...] = (),
) -> CommandWords:
    """One command's French words, typeset, with the ``shared`` options' help beside its own."""
    all_params = {name: _SHARED[name] for name in shared} | dict(params or {})
    all_metavars = {
        name: _SHARED_METAVARS[name] for name in (*shared, "name") if name in _SHARED_METAVARS
    } | dict(metavars or {})
    typeset = french_typography(help_text)
    return CommandWords(
        help=typeset,
        short_help=_short(typeset),
        params={name: french_typography(text) for name, text in all_params.items()},
        metavars=all_metavars,
    )


def _short(help_text: str) -> str:
    """The line of a command in its group's list: its first sentence.

    Given, not left to click, whose own cut splits on every space and joins with
    plain ones: the non-breaking spaces would be lost.
    """
    first = " ".join(help_text.split("\n\n")[0].split("\n"))
    sentence = first.partition(". ")[0]
    return sentence.rstrip(".") + "."


_DB = ("db_path",)
_DB_POLICIES = ("db_path", "policies_dir")
_ORGANISATION = ("organisation_name", "organisation_logo")

_PROGRAM = """Le serveur d'agrégation de Répit : le serveur principal ou le second serveur de
l'agrégation partagée (SPLIT.md). Le serveur principal reçoit des rapports dont
aucun des deux serveurs ne peut lire seul les valeurs, et montre au service
Prévention les statistiques des seuls groupes assez grands pour que personne ne
puisse y être reconnu.

\b
Exemples :
  repit-aggregator enroll-code --team dnum-infra --count 20
  repit-aggregator user add prevention --role reader
  repit-aggregator token create prevention
  repit-aggregator user list
  repit-aggregator helper-key create --key-file helper-key.json
  repit-aggregator serve --role leader --helper-url URL --helper-token-file F
  repit-aggregator audit --month 2026-02
  repit-aggregator --language en user list
"""

_SERVE = """Faire tourner le serveur principal ou le second serveur jusqu'à l'interruption
(SPLIT.md).

Le journal des accès est coupé : aucune adresse de client n'est écrite nulle part.
Les lignes du journal du serveur (journalctl) restent en anglais, quelle que soit
la langue choisie. Chaque serveur garde sa propre base ; le serveur principal a
besoin de l'adresse du second serveur et du jeton entre les deux serveurs,
le second serveur du même jeton et de sa clé HPKE.

\b
Exemples :
  repit-aggregator serve --role helper --port 8471 --db helper.db
      --key-file helper-key.json --leader-token-file leader-token
  repit-aggregator serve --role leader --port 8470 --db leader.db
      --helper-url http://127.0.0.1:8471 --helper-token-file leader-token
"""

_ENROLL_CODE = """Afficher des codes d'inscription à usage unique pour une équipe, un par
ligne.

Chaque code inscrit un seul poste, une seule fois ; seule son empreinte est
gardée : imprimez-les maintenant. Un code fait six groupes de quatre caractères
sans confusion possible (ni 0, O, 1, I, L ou U), accepté en majuscules comme en
minuscules, avec ou sans les tirets.

\b
Exemple :
  repit-aggregator enroll-code --team dnum-infra --count 20 > codes.txt
"""

_REPORT = """Écrire le rapport d'une direction ou d'une équipe pour un mois, tel que la
page web le montre.

Seuls les chiffres publiés y figurent (tels qu'enregistrés à la date de
publication du mois) ; un groupe retenu porte « pas encore publié (le …) » avant
cette date, « pas assez de participants » après.

\b
Exemple :
  repit-aggregator report --group dnum --month 2026-02 --format pdf -o dnum-2026-02.pdf
"""

_AUDIT = """Ce que ce serveur a fait, par équipe : codes émis, postes inscrits,
publications, collectes.

Sur le serveur principal comme sur le second serveur, chacun d'après ses propres
registres ; une équipe qui a plus de postes inscrits que son effectif déclaré est
signalée (elle est retenue jusqu'à ce que l'opérateur s'en occupe).

\b
Exemple :
  repit-aggregator audit --month 2026-02
"""

_USER_ADD = """Créer un compte et afficher son mot de passe généré, une seule fois.

\b
Exemple :
  repit-aggregator user add prevention --role reader
"""

_USER_LIST = """Afficher les comptes : nom, rôle, état et jour de création, séparés par
des tabulations.

Aucun mot de passe ni jeton n'est affiché (seules leurs empreintes sont gardées).

\b
Exemple :
  repit-aggregator user list
"""

_USER_DISABLE = """Désactiver un compte : son mot de passe, ses jetons d'API et ses
sessions ouvertes cessent aussitôt de fonctionner.

Le compte reste dans la liste ; « user enable » lui rend ses jetons. Le dernier
administrateur qui peut se connecter ne peut pas être désactivé.

\b
Exemple :
  repit-aggregator user disable prevention
"""

_USER_ENABLE = """Réactiver un compte désactivé (son mot de passe et ses jetons d'API
fonctionnent de nouveau).

\b
Exemple :
  repit-aggregator user enable prevention
"""

_USER_PASSWD = """Donner à un compte un nouveau mot de passe généré et l'afficher, une
seule fois ; ses sessions prennent fin.

\b
Exemple :
  repit-aggregator user passwd prevention
"""

_USER_REMOVE = """Supprimer un compte avec ses jetons d'API et ses sessions.

Le dernier administrateur qui peut se connecter ne peut pas être supprimé.

\b
Exemple :
  repit-aggregator user remove prevention
"""

_TOKEN_CREATE = """Afficher un nouveau jeton d'API pour un compte.

Envoyez-le dans l'en-tête HTTP Authorization, après « Bearer » ; il n'est
affiché que maintenant.

\b
Exemple :
  repit-aggregator token create prevention
"""

_TOKEN_LIST = """Afficher les jetons d'API (de NOM, ou de tous les comptes) :
identifiant, compte, jour de création.

L'identifiant est le début de l'empreinte du jeton, pas le jeton : donnez-le à
« token revoke ».

\b
Exemple :
  repit-aggregator token list prevention
"""

_TOKEN_REVOKE = """Révoquer un jeton d'API par l'identifiant que montre « token list » ;
il cesse aussitôt de fonctionner.

\b
Exemple :
  repit-aggregator token revoke 3f9a0c41d2e7
"""

_DEVICE_REVOKE = """Révoquer un poste : son jeton cesse aussitôt de fonctionner ; les
sommes qu'il a déjà ajoutées restent.

Désignez-le par le code d'inscription qu'il a utilisé (un code pas encore utilisé
est annulé à la place) ou par son jeton, lu dans un fichier ou sur l'entrée
standard : jamais sur la ligne de commande, où les autres utilisateurs et
l'historique du shell le verraient. Rien d'autre ne désigne un poste : aucun nom,
aucune adresse n'est gardé.

\b
Exemples :
  repit-aggregator device revoke --code K7QM-3XHP-9RTV-WD4N-B2CE-6FJY
  repit-aggregator device revoke --token-file device-token.txt
  repit-aggregator device revoke --token-file - < device-token.txt
"""

_TOOL_DEPLOY = """Enregistrer le déploiement (ou le changement) d'un outil pour un groupe ;
afficher son numéro.

Son étude d'impact est sur /tools/deployments/NUMÉRO : avant la date, la
situation de départ ; après, les premier, troisième et sixième mois à côté.

\b
Exemple :
  repit-aggregator tool deploy --tool parapheur --group rh --date 2027-03-01
"""

HELP_FR: Final[HelpCatalogue] = {
    "": _words(
        _PROGRAM,
        {
            "language": "Langue de l'aide et des messages (par défaut : français ; "
            "variable REPIT_LANGUAGE)."
        },
    ),
    "serve": _words(
        _SERVE,
        {
            "host": "L'adresse où écouter.",
            "port": "Le port où écouter.",
            "role": "leader : le serveur principal, qui inscrit les postes, reçoit leurs "
            "rapports et montre les statistiques ; helper : le second serveur, celui de la "
            "seconde partie, sans laquelle le serveur principal ne peut rien (SPLIT.md).",
            "helper_url": "Pour le serveur principal : l'adresse du second serveur, par exemple "
            "https://helper.example.org (variable REPIT_HELPER_URL).",
            "helper_token_file": "Pour le serveur principal : le fichier du jeton entre les "
            "deux serveurs, donné par l'opérateur du second serveur (variable "
            "REPIT_HELPER_TOKEN_FILE).",
            "leader_token_file": "Pour le second serveur : le fichier du jeton entre les deux "
            "serveurs (variable REPIT_LEADER_TOKEN_FILE).",
            "max_age_days": "Refuser les contributions des périodes finies depuis plus de "
            f"jours que cela (par défaut : {MAX_AGE_DAYS}).",
            "secure_cookies": "Marquer les cookies Secure (par défaut : quand la requête est "
            "arrivée en HTTPS). Utilisez --secure-cookies derrière un mandataire TLS.",
            "ssl_certfile": "Servir en HTTPS avec ce certificat (PEM).",
            "ssl_keyfile": "La clé privée de --ssl-certfile (PEM).",
        },
        {
            "host": "ADRESSE",
            "port": "PORT",
            "helper_url": "URL",
            "helper_token_file": "FICHIER",
            "leader_token_file": "FICHIER",
            "max_age_days": "JOURS",
            "ssl_certfile": "FICHIER",
            "ssl_keyfile": "FICHIER",
        },
        (*_DB_POLICIES, "key_file", *_ORGANISATION),
    ),
    "enroll-code": _words(
        _ENROLL_CODE,
        {
            "team": "L'équipe que rejoindront les postes (un identifiant d'équipe).",
            "count": "Combien de codes (par défaut : 1).",
        },
        {"team": "ID", "count": "N"},
        _DB_POLICIES,
    ),
    "report": _words(
        _REPORT,
        {
            "month": "Le mois, « AAAA-MM ».",
            "output_format": "html : la page web ; csv : ses chiffres ; pdf : imprimé pour "
            "une réunion du comité.",
            "output": "Le fichier à écrire.",
            "lang": "La langue du rapport (par défaut : celle de --language).",
        },
        {"month": "AAAA-MM", "output": "FICHIER"},
        ("group_id", *_DB_POLICIES, *_ORGANISATION),
    ),
    "helper-key": _words(
        "Les clés HPKE du second serveur (sur celui-ci seulement) : créer, renouveler, retirer."
    ),
    "helper-key create": _words(
        key_texts.HELPER_KEY_CREATE,
        {
            "key_file": "Où écrire la clé privée (lisible par son seul propriétaire ; "
            "jamais écrasée).",
            "token_file": "Écrire aussi ici un nouveau jeton entre les deux serveurs (lisible "
            "par son seul propriétaire), à remettre à l'opérateur du serveur principal par "
            "un moyen sûr.",
        },
        {"key_file": "FICHIER", "token_file": "FICHIER"},
    ),
    "helper-key rotate": _words(
        key_texts.HELPER_KEY_ROTATE,
        {"key_file": key_texts.ROTATED_KEY_FILE},
        {"key_file": "FICHIER"},
    ),
    "helper-key retire": _words(
        key_texts.HELPER_KEY_RETIRE,
        {
            "key_file": key_texts.ROTATED_KEY_FILE,
            "config_id": "La clé retirée à abandonner (helper-key rotate liste celles qui "
            "sont gardées).",
        },
        {"key_file": "FICHIER", "config_id": "ID"},
    ),
    "audit": _words(
        _AUDIT, {"month": "Ce mois seulement, « AAAA-MM »."}, {"month": "AAAA-MM"}, _DB_POLICIES
    ),
    "user": _words("Les comptes du service Prévention (lecteurs) et des administrateurs."),
    "user add": _words(
        _USER_ADD,
        {"role": "reader : lit les statistiques ; admin : de même, et administre."},
        shared=_DB,
    ),
    "user list": _words(_USER_LIST, shared=_DB),
    "user disable": _words(_USER_DISABLE, shared=_DB),
    "user enable": _words(_USER_ENABLE, shared=_DB),
    "user passwd": _words(_USER_PASSWD, shared=_DB),
    "user remove": _words(_USER_REMOVE, shared=_DB),
    "token": _words("Les jetons d'API, pour les scripts qui lisent les statistiques."),
    "token create": _words(_TOKEN_CREATE, shared=_DB),
    "token list": _words(_TOKEN_LIST, shared=_DB),
    "token revoke": _words(_TOKEN_REVOKE, shared=_DB),
    "device": _words(
        "Les postes inscrits, connus seulement par une empreinte de leur jeton et de leur code."
    ),
    "device revoke": _words(
        _DEVICE_REVOKE,
        {
            "code": "Le code d'inscription avec lequel le poste s'est inscrit (en majuscules "
            "ou minuscules, avec ou sans espaces).",
            "token_file": "Un fichier qui contient le jeton du poste (celui de l'agent du "
            "poste), ou - pour le lire sur l'entrée standard ; au lieu de --code.",
        },
        {"code": "CODE", "token_file": "FICHIER"},
        _DB,
    ),
    "tool": _words("Le registre des déploiements d'outils numériques, pour les études d'impact."),
    "tool deploy": _words(
        _TOOL_DEPLOY,
        {
            "tool_id": "L'identifiant de l'outil, comme dans la politique.",
            "day": "La date du déploiement, AAAA-MM-JJ.",
            "note": "Ce qui est déployé ou changé (500 caractères au plus).",
        },
        {"tool_id": "ID", "day": "AAAA-MM-JJ", "note": "TEXTE"},
        ("group_id", *_DB_POLICIES),
    ),
}
"""``repit-aggregator``'s help in French (``None`` stands for the English of the code)."""

HELP: Final[Mapping[str, HelpCatalogue | None]] = {"fr": HELP_FR, "en": None}
