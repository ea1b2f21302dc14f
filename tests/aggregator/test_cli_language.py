"""``repit-aggregator`` speaks French by default and English on request (issue 14, finding 12).

Every command's ``--help`` is scanned for English words and for French
typography; usage errors are French through click's runner and a real
process; each family of messages is read in both languages.
"""

from __future__ import annotations

import ast
import os
import re
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from aggregator.cli import cli
from aggregator.cli_language import LANGUAGE_ENV, language_in
from aggregator.cli_messages import MESSAGES
from aggregator.cli_texts import HELP_FR
from aggregator.storage import Storage
from aggregator.storage.split import claim_role
from contract.cli_words import commands_of, missing_help
from contract.wording import NBSP as N
from tests.texts.test_typography import english_words, missing_spaces

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(path for path in commands_of(cli))
PROCESS_DEADLINE = 60.0
"""Seconds a ``repit-aggregator`` process gets to start, fail and say why, on a slow machine."""

FRENCH_WORDS = frozenset(
    [
        *("le", "la", "les", "des", "une", "pour", "avec", "fichier", "dossier", "équipe"),
        *("défaut", "utilisation", "afficher", "aide", "erreur", "compte", "jeton", "poste"),
        "mois",
    ]
)
"""Words of the French interface that have no business in the English one."""


@pytest.fixture
def env(tmp_path: Path, policies_dir: Path) -> dict[str, str]:
    return {"REPIT_DB": str(tmp_path / "aggregator.db"), "REPIT_POLICIES": str(policies_dir)}


ENVIRONMENT_VARIABLE = re.compile(r"\bREPIT_[A-Z_]+")
"""``REPIT_HELPER_TOKEN_FILE`` is a name, not English prose: left out of the scan."""


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, prog_name="repit-aggregator")


def french_words(text: str) -> list[str]:
    return [w for w in text.replace("’", " ").split() if w.lower().strip(".,;:()") in FRENCH_WORDS]


def help_of(path: str, *language: str) -> str:
    result = run(*language, *path.split(), "--help")
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", COMMANDS)
def test_every_help_is_french_with_french_typography(path: str) -> None:
    page = help_of(path)
    assert english_words(ENVIRONMENT_VARIABLE.sub("", page)) == [], path
    assert missing_spaces(page) == [], path
    assert N + N not in page, f"{path}: a sign spaced twice"
    assert "'" not in page, f"{path}: a straight apostrophe"
    assert page.startswith(f"Utilisation{N}: repit-aggregator")


@pytest.mark.parametrize("path", COMMANDS)
def test_every_help_is_english_on_request(path: str) -> None:
    page = help_of(path, "--language", "en")
    assert page.startswith("Usage: repit-aggregator")
    assert french_words(page) == [], path


def test_the_french_scan_finds_french() -> None:
    assert french_words("Afficher cette aide.") == ["Afficher", "aide."]
    assert french_words("Show this message and exit.") == []


def test_the_environment_chooses_the_language_and_the_option_beats_it() -> None:
    assert help_of("user add").startswith("Utilisation")
    english = run("user", "add", "--help", env={LANGUAGE_ENV: "en"})
    assert english.stdout.startswith("Usage:")
    french = run("--language", "fr", "user", "add", "--help", env={LANGUAGE_ENV: "en"})
    assert french.stdout.startswith("Utilisation")


def test_the_catalogue_leaves_no_command_or_option_out() -> None:
    assert missing_help(cli, HELP_FR) == []
    for path, words in HELP_FR.items():
        command = commands_of(cli).get(path)
        if command is not None and not isinstance(command, click.Group):
            assert f"Exemple{N}:" in words.help or f"Exemples{N}:" in words.help, path


@pytest.mark.parametrize("path", sorted(HELP_FR))
def test_every_catalogue_entry_is_french_and_typeset(path: str) -> None:
    """The catalogue itself, commands of other branches included (``helper-key rotate``)."""
    words = HELP_FR[path]
    for text in (words.help, words.short_help or "", *words.params.values()):
        scanned = ENVIRONMENT_VARIABLE.sub("", text)
        assert english_words(scanned) == [], (path, text)
        assert missing_spaces(text) == [], (path, text)
        assert "'" not in text, (path, text)


CODE_WORDS = re.compile(
    r"REPIT_[A-Z_]+|SIG[A-Z]+|--[a-z][a-z-]*|helper-key [a-z]+|systemctl [a-z]+ [a-z-]+"
    r"|/api/[\w/-]+"
)
"""What a help names that a translation must name too: variables, signals, options, commands."""


def _code_words(text: str | None) -> set[str]:
    return set(CODE_WORDS.findall(text or ""))


@pytest.mark.parametrize("path", COMMANDS)
def test_the_french_help_names_what_the_english_names(path: str) -> None:
    """A French help that lags the English (``--key-file`` and SIGHUP after rotation) fails."""
    command, words = commands_of(cli)[path], HELP_FR[path]
    assert _code_words(words.help) == _code_words(command.help), path
    for param in command.params:
        english = getattr(param, "help", None)
        if english and param.name in words.params:
            french = words.params[param.name]
            assert _code_words(french) == _code_words(english), f"{path} {param.name}"


def test_the_code_keeps_its_english_between_runs() -> None:
    run("--help")
    assert cli.help is not None and cli.help.startswith("Répit's aggregator")


def test_usage_errors_are_french() -> None:
    missing = run("enroll-code")
    assert missing.exit_code == 2
    assert f"erreur{N}: option manquante" in missing.stderr.lower()
    unknown = run("user", "frob")
    assert f"commande inconnue{N}: «{N}frob{N}»" in unknown.stderr.lower()
    wrong = run("--language", "de", "user", "list")
    assert wrong.exit_code == 2 and "valeur invalide pour" in wrong.stderr.lower()
    for result in (missing, unknown, wrong):
        assert english_words(result.stderr) == [], result.stderr
    english = run("--language", "en", "enroll-code")
    assert "Error: Missing option '--team'." in english.stderr


def _process(*args: str, language: str | None = None) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != LANGUAGE_ENV}
    if language is not None:
        environ[LANGUAGE_ENV] = language
    command = [sys.executable, "-c", "from aggregator.cli import main; main()", *args]
    return subprocess.run(
        command, capture_output=True, text=True, env=environ, timeout=PROCESS_DEADLINE, check=False
    )


def test_a_real_process_says_its_usage_errors_in_french_and_in_english_on_request() -> None:
    french = _process("enroll-code", "--count", "0")
    assert french.returncode == 2
    assert f"erreur{N}: valeur invalide pour" in french.stderr.lower()
    assert "Traceback" not in french.stderr
    english = _process("enroll-code", "--count", "0", language="en")
    assert english.returncode == 2
    assert "Error: Invalid value for '--count'" in english.stderr


def test_enroll_code_counts_its_codes_in_both_languages(env: dict[str, str]) -> None:
    assert run("enroll-code", "--team", "team-a", env=env).stderr == (
        "1 code d’inscription pour team-a.\n"
    )
    assert run("--language", "en", "enroll-code", "--team", "team-a", env=env).stderr == (
        "1 enrollment code for team-a.\n"
    )
    two = run("--language", "en", "enroll-code", "--team", "team-a", "--count", "2", env=env)
    assert two.stderr == "2 enrollment codes for team-a.\n"


def test_account_messages_in_both_languages(env: dict[str, str]) -> None:
    created = run("user", "add", "agnes", "--role", "admin", env=env)
    assert created.stderr == (
        f"Compte «{N}agnes{N}» (admin) créé{N}; le mot de passe n’est affiché que maintenant.\n"
    )
    listed = run("user", "list", env=env)
    assert listed.stdout.split("\t")[:3] == ["agnes", "admin", "actif"]
    assert run("--language", "en", "user", "list", env=env).stdout.split("\t")[2] == "active"
    last = run("user", "disable", "agnes", env=env)
    assert last.exit_code == 2
    assert last.stderr.startswith(
        f"repit-aggregator: impossible de désactiver «{N}agnes{N}»{N}: c’est le dernier"
    )
    english_last = run("--language", "en", "user", "disable", "agnes", env=env).stderr
    assert english_last.startswith("repit-aggregator: cannot disable 'agnes': it is the last")
    unknown = run("--language", "en", "user", "remove", "nobody", env=env)
    assert unknown.stderr == "repit-aggregator: no account named 'nobody' (see `user list`)\n"
    assert run("user", "remove", "nobody", env=env).stderr == (
        f"repit-aggregator: aucun compte nommé «{N}nobody{N}» (voyez «{N}user list{N}»)\n"
    )
    bad_id = run("token", "revoke", "xyz", env=env)
    assert "identifiant de jeton attendu" in bad_id.stderr


def test_device_messages_in_both_languages(env: dict[str, str]) -> None:
    code = run("enroll-code", "--team", "team-a", env=env).stdout.strip()
    cancelled = run("device", "revoke", "--code", code, env=env)
    assert cancelled.stderr == f"Ce code n’avait inscrit aucun poste{N}: il est annulé.\n"
    both = run("--language", "en", "device", "revoke", "--code", code, "--token-file", "-", env=env)
    assert both.stderr == "repit-aggregator: give either --code or --token-file, not both\n"
    empty = run("device", "revoke", "--token-file", "-", env=env)
    assert empty.stderr == (
        f"repit-aggregator: l’entrée standard est vide{N}: aucun jeton de poste à révoquer\n"
    )


def test_storage_errors_by_type_in_both_languages(tmp_path: Path, env: dict[str, str]) -> None:
    helper_db = tmp_path / "helper.db"
    storage = Storage.open(helper_db)
    claim_role(storage, "helper")
    storage.close()
    token = tmp_path / "token"
    token.write_text("t" * 43)
    leader = ["serve", "--role", "leader", "--db", str(helper_db)]
    leader += ["--helper-url", "http://127.0.0.1:1", "--helper-token-file", str(token)]
    french = run(*leader, env=env)
    assert french.exit_code == 2
    assert french.stderr == (
        f"repit-aggregator: {helper_db}{N}: cette base est celle du rôle helper, pas leader{N};"
        " chaque serveur garde son propre fichier.\n"
    )
    english = run("--language", "en", *leader, env=env)
    assert "this database is a helper's, not a leader's" in english.stderr


def test_database_file_errors_in_both_languages(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.db"
    damaged.write_bytes(b"garbage" * 500)
    french = run("user", "list", "--db", str(damaged))
    assert french.exit_code == 2
    assert french.stderr.startswith(
        f"repit-aggregator: {damaged}{N}: la base est endommagée ou n’est pas une base du"
        f" serveur d’agrégation de Répit (SQLite{N}: file is not a database)."
    )
    english = run("--language", "en", "user", "list", "--db", str(damaged))
    assert english.stderr.startswith(f"repit-aggregator: {damaged}: the database is damaged")


def test_policy_problems_in_both_languages(tmp_path: Path, env: dict[str, str]) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "default.toml").write_text('[policy]\nid = "x"\n')
    french = run("enroll-code", "--team", "t", "--policies", str(bad), env=env).stderr
    assert french.startswith(f"repit-aggregator: les politiques ne peuvent pas servir{N}:\n")
    assert f"default.toml:2{N}: policy.id{N}: attendu{N}: un identifiant de 2 à 40" in french
    english = run("--language", "en", "enroll-code", "--team", "t", "--policies", str(bad))
    assert "the policies cannot be used:\n" in english.stderr
    assert "policy.id: expected an id of 2 to 40 characters" in english.stderr


def test_organisation_errors_in_both_languages(tmp_path: Path, env: dict[str, str]) -> None:
    logo = tmp_path / "logo.gif"
    logo.write_bytes(b"GIF89a")
    serve = ["serve", "--role", "helper", "--organisation-logo", str(logo)]
    french = run(*serve, env=env)
    assert french.stderr == (
        f"repit-aggregator: {logo}{N}: le logo doit être un fichier .png, .jpg ou .svg\n"
    )
    english = run("--language", "en", *serve, env=env)
    assert (
        english.stderr == f"repit-aggregator: {logo}: the logo must be a .png, .jpg or .svg file\n"
    )


def test_serve_role_messages_in_both_languages(env: dict[str, str]) -> None:
    assert run("serve", "--role", "leader", env=env).stderr == (
        "repit-aggregator: le serveur principal a besoin de --helper-url et de"
        " --helper-token-file\n"
    )
    assert run("--language", "en", "serve", "--role", "leader", env=env).stderr == (
        "repit-aggregator: the leader needs --helper-url and --helper-token-file\n"
    )


def test_role_file_errors_in_both_languages(tmp_path: Path, env: dict[str, str]) -> None:
    missing = tmp_path / "no-token"
    serve = ["serve", "--role", "leader", "--helper-url", "http://127.0.0.1:1"]
    serve += ["--helper-token-file", str(missing)]
    assert run(*serve, env=env).stderr == (
        "repit-aggregator: impossible de lire le jeton entre les deux serveurs"
        f" {missing}{N}: fichier ou dossier introuvable\n"
    )
    assert run("--language", "en", *serve, env=env).stderr == (
        f"repit-aggregator: cannot read the leader–helper token {missing}:"
        " No such file or directory\n"
    )


def test_audit_is_worded_in_both_languages(env: dict[str, str]) -> None:
    run("enroll-code", "--team", "team-a", env=env)
    french = run("audit", env=env).stdout.splitlines()
    assert french[:2] == [
        f"Rôle{N}: pas encore utilisée par un serveur principal ni un second serveur",
        f"Équipes{N}:",
    ]
    assert any(
        line.startswith(f"  team-a (dept){N}: 1 code émis, 0 utilisé, 0 poste inscrit")
        for line in french
    )
    assert f"Publications enregistrées{N}:" in french and "  aucune" in french
    english = run("--language", "en", "audit", env=env).stdout.splitlines()
    assert any(
        line.startswith("  team-a (dept): 1 code issued, 0 used, 0 devices enrolled")
        for line in english
    )
    assert "Releases recorded:" in english


def test_tool_deploy_in_both_languages(env: dict[str, str]) -> None:
    deploy = ["tool", "deploy", "--tool", "x", "--group", "dept", "--date", "2026-06-01"]
    long_note = ["--note", "n" * 501]
    assert run(*deploy, *long_note, env=env).stderr == (
        f"repit-aggregator: --note{N}: 500 caractères au plus, reçu 501\n"
    )
    assert run("--language", "en", *deploy, *long_note, env=env).stderr == (
        "repit-aggregator: --note: at most 500 characters, found 501\n"
    )
    assert "outil" in run(*deploy, env=env).stderr


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_messages_and_placeholders() -> None:
    assert MESSAGES["fr"].keys() == MESSAGES["en"].keys()
    for key, english in MESSAGES["en"].items():
        assert _placeholders(MESSAGES["fr"][key]) == _placeholders(english), key


@pytest.mark.parametrize("key", sorted(MESSAGES["fr"]))
def test_every_french_message_is_french_and_typeset(key: str) -> None:
    text = MESSAGES["fr"][key]
    assert english_words(text) == [], key
    assert missing_spaces(text) == [], key
    assert "'" not in text, key


def _reasons_raised(module: Path, error: str) -> set[str]:
    """The literal ``reason`` of every ``error(message, "reason", ...)`` in ``module``."""
    found = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or getattr(node.func, "id", None) != error:
            continue
        if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
            found.add(str(node.args[1].value))
    return found


def test_every_reason_a_library_raises_has_its_french() -> None:
    auth = _reasons_raised(ROOT / "aggregator/accounts.py", "AuthError")
    auth |= _reasons_raised(ROOT / "aggregator/auth.py", "AuthError")
    auth |= {"last_admin_disable", "last_admin_remove"}  # an f-string: one per ``doing``
    organisation = _reasons_raised(ROOT / "aggregator/organisation.py", "OrganisationError")
    role = _reasons_raised(ROOT / "aggregator/roles.py", "RoleError")
    # A key file is a role's file: roles.py passes KeyFileError's reasons on as RoleError's.
    key = _reasons_raised(ROOT / "aggregator/helper_keys.py", "KeyFileError")
    assert len(auth) >= 10 and len(organisation) >= 4 and len(role) >= 5 and len(key) >= 15
    role |= key
    wanted = {f"auth.{r}" for r in auth} | {f"organisation.{r}" for r in organisation}
    wanted |= {f"role.{r}" for r in role}
    assert wanted - MESSAGES["fr"].keys() == set()


COMMAND_WORD = st.sampled_from(["user", "serve", "report", "audit"])
OTHER_WORD = st.sampled_from(["--db", "x.db", "--note", "--language=de", "en", "fr", "-h"])


@given(
    st.sampled_from([None, "fr", "en", "de"]),
    st.sampled_from([None, "fr", "en", "xx"]),
    COMMAND_WORD,
    st.lists(OTHER_WORD, max_size=4),
)
def test_the_language_is_the_groups_option_then_the_environment_then_french(
    asked: str | None, environ: str | None, command: str, after: list[str]
) -> None:
    before = [] if asked is None else ["--language", asked]
    args = [*before, command, "--language", "en", *after]  # after the command: not the group's
    chosen = language_in(args, {} if environ is None else {LANGUAGE_ENV: environ})
    if asked in ("fr", "en"):
        assert chosen == asked
    elif environ in ("fr", "en"):
        assert chosen == environ
    else:
        assert chosen == "fr"
    assert language_in([f"--language={asked}", command], {}) == (
        asked if asked in ("fr", "en") else "fr"
    )


@pytest.mark.parametrize(
    ("language", "said"),
    [
        (
            "fr",
            f"la base ne peut pas servir maintenant (le disque du serveur est plein){N}; réessayez",
        ),
        ("en", "the database cannot be used now (the server's disk is full); retry"),
    ],
)
def test_a_full_disk_met_outside_any_command_is_said_in_the_language(
    language: str, said: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    from aggregator import cli as cli_module

    def full_disk(**_: object) -> None:
        error = sqlite3.OperationalError("database or disk is full")
        error.sqlite_errorcode = 13  # SQLITE_FULL
        raise error

    monkeypatch.setattr(cli_module, "cli", full_disk)
    monkeypatch.setattr(sys, "argv", ["repit-aggregator", "--language", language, "user", "list"])
    with pytest.raises(SystemExit) as exited:
        cli_module.main()
    assert exited.value.code == 2
    assert capsys.readouterr().err == f"repit-aggregator: {said}\n"
