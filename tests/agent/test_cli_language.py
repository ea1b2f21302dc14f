"""``repit-agent`` in the person's language, from its first word: every ``--help``, the
usage errors, the questions; French by default, English on request.

Each command's help page is scanned for English words (``tests/texts``' list) and for
French typography in French, for French words in English. What a person types is
not prose and is left out of the scan: the command and option names, the choices'
values (``share``), the examples' command lines, the metavars and variables.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from hypothesis import given
from hypothesis import strategies as st

from agent.cli import cli
from agent.cli_language import language_before_parsing, option_value, policy_language
from agent.texts.cli_help import FRENCH_HELP
from contract.cli_words import commands_of, missing_help
from tests.texts.test_typography import english_words, missing_spaces

N = "\u00a0"
ROOT = Path(__file__).resolve().parents[2]
COMMANDS = sorted(commands_of(cli).items())
FRENCH_WORDS = frozenset(
    [
        *("le", "la", "les", "des", "du", "et", "ou", "votre", "vos", "pour", "afficher"),
        *("utilisation", "commandes", "exemple", "exemples", "fichier", "dossier", "aide"),
        *("erreur", "valeur", "inconnue", "manquant"),
    ]
)


def invoke(*args: str, stdin: str | None = None, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), input=stdin, env=env, prog_name="repit-agent")


def typed_words(command_path: str) -> set[str]:
    """What a person types in this command: its names and its choices' values."""
    words = set(" ".join(commands_of(cli)).split())
    for command in commands_of(cli).values():
        for param in command.params:
            if isinstance(param.type, click.Choice):
                words |= {str(choice) for choice in param.type.choices}
    return words


def prose(page: str, command_path: str) -> str:
    """The page without what a person types: examples, options, metavars, choices."""
    lines = [line for line in page.splitlines() if not re.match(r'\s*(repit-agent |")', line)]
    text = "\n".join(lines).split(":", 1)[1]  # after "Utilisation :": the usage line's words
    text = re.sub(r"(?<!\w)--?[\w-]+|\b[A-Z][A-Z_.]{2,}\b|\{[^}]*\}|\[[^\]\s]*\]", " ", text)
    typed = "|".join(sorted(map(re.escape, typed_words(command_path)), key=len, reverse=True))
    return re.sub(rf"(?<![\w-])({typed})(?![\w-])", " ", text)


def test_every_command_and_option_has_its_french_help() -> None:
    assert missing_help(cli, FRENCH_HELP) == []
    tree = commands_of(cli)
    assert sorted(set(FRENCH_HELP) - set(tree)) == []
    for path, words in FRENCH_HELP.items():
        names = {param.name for param in tree[path].params}
        assert set(words.params) | set(words.metavars) <= names, path
        if not isinstance(tree[path], click.Group):
            assert "Exemple" in words.help, path


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[p or "repit-agent" for p, _ in COMMANDS]
)
def test_help_is_french_by_default_with_french_typography(
    path: str, command: click.Command
) -> None:
    page = invoke(*path.split(), "--help")
    assert page.exit_code == 0, page.stderr
    assert page.stdout.startswith(f"Utilisation{N}: repit-agent {path}".rstrip() + " ")
    assert f"Options{N}:" in page.stdout
    words = prose(page.stdout, path)
    assert english_words(words) == [], words
    assert missing_spaces(words) == []
    assert "'" not in words, "a straight apostrophe"


@pytest.mark.parametrize(
    ("path", "command"), COMMANDS, ids=[p or "repit-agent" for p, _ in COMMANDS]
)
def test_help_is_english_on_request(path: str, command: click.Command) -> None:
    by_option = invoke(*path.split(), "--help", "--language", "en")
    by_variable = invoke(*path.split(), "--help", env={"REPIT_LANGUAGE": "en"})
    assert by_option.stdout == by_variable.stdout
    assert by_option.stdout.startswith(f"Usage: repit-agent {path}".rstrip() + " ")
    found = [w for w in re.findall(r"\w+", by_option.stdout) if w.lower() in FRENCH_WORDS]
    assert found == []


def test_the_policy_s_language_is_the_default(tmp_path: Path) -> None:
    (tmp_path / "default.toml").write_text((ROOT / "policies/default.toml").read_text())
    english = tmp_path / "dept.toml"
    english.write_text('[policy]\nid = "dept"\nname = "D"\nextends = "default"\nlanguage = "en"\n')
    assert invoke("status", "--policy", str(english), "--help").stdout.startswith("Usage:")
    by_variable = invoke("status", "--help", env={"REPIT_POLICY": str(english)})
    assert by_variable.stdout.startswith("Usage:")
    config = tmp_path / "agent.toml"
    config.write_text(f'[policy]\nfile = "{english}"\n')
    configured = invoke("forget", "--help", env={"REPIT_CONFIG": str(config)})
    assert configured.stdout.startswith("Usage:")
    asked = invoke("status", "--policy", str(english), "--language", "fr", "--help")
    assert asked.stdout.startswith("Utilisation")


def test_the_language_is_read_from_the_command_line_alone(tmp_path: Path) -> None:
    assert option_value(["run", "--language=en"], "--language") == "en"
    assert option_value(["run", "--language", "fr", "--language", "en"], "--language") == "en"
    assert option_value(["replay", "--", "--language", "en"], "--language") is None
    assert language_before_parsing(["run"], {}) == "fr"
    assert language_before_parsing(["run"], {"REPIT_LANGUAGE": "en_GB.UTF-8"}) == "en"
    assert language_before_parsing(["run", "--policy", str(tmp_path / "absent.toml")], {}) == "fr"
    assert policy_language(ROOT / "policies" / "default.toml") == "fr"  # the bundled default
    looping = tmp_path / "loop.toml"
    looping.write_text('[policy]\nextends = "loop"\n')
    assert policy_language(looping) is None


ARGS = st.lists(st.text(st.characters(blacklist_categories=["Cs"]), max_size=12), max_size=6)


@given(ARGS, ARGS, st.sampled_from(["fr", "en", "de"]), st.booleans())
def test_the_last_language_before_a_double_dash_wins(
    before: list[str], after: list[str], chosen: str, joined: bool
) -> None:
    before = [arg for arg in before if arg != "--" and not arg.startswith("--language")]
    after = [arg for arg in after if arg != "--" and not arg.startswith("--language")]
    asked = [f"--language={chosen}"] if joined else ["--language", chosen]
    args = [*before, *asked, *after]
    assert option_value(args, "--language") == chosen
    assert option_value([*before, "--", *asked], "--language") is None
    assert language_before_parsing(args, {"REPIT_LANGUAGE": "fr"}) == (
        "en" if chosen == "en" else "fr"
    )


def test_usage_errors_are_french_and_exit_2() -> None:
    bogus = invoke("consent", "bogus")
    assert bogus.exit_code == 2
    assert bogus.stderr.splitlines() == [
        f"Utilisation{N}: repit-agent consent [OPTIONS] {{off|reminders|share}}",
        f"Pour l’aide{N}: «{N}repit-agent consent --help{N}».",
        "",
        f"Erreur{N}: valeur invalide pour '{{off|reminders|share}}'{N}: «{N}bogus{N}» n’est "
        f"pas l’une des valeurs possibles{N}: 'off', 'reminders', 'share'.",
    ]
    unknown = invoke("status", "--bogus")
    assert unknown.exit_code == 2
    assert f"Erreur{N}: option inconnue{N}: «{N}--bogus{N}»." in unknown.stderr
    missing = invoke("enroll")
    assert missing.exit_code == 2
    assert f"Erreur{N}: argument manquant 'ADRESSE'." in missing.stderr
    nothing = invoke("stats")
    assert nothing.exit_code == 2
    assert f"commande inconnue{N}: «{N}stats{N}»" in nothing.stderr
    english = invoke("status", "--bogus", "--language", "en")
    assert english.exit_code == 2
    assert "Error: No such option '--bogus'." in english.stderr


def test_a_real_command_line_speaks_french(tmp_path: Path) -> None:
    env = {**os.environ, "REPIT_DATA_DIR": str(tmp_path)}
    env.pop("REPIT_LANGUAGE", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "repit-agent"), "consent", "bogus"],
        capture_output=True, text=True, env=env, timeout=60, check=False,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"Utilisation{N}: repit-agent consent")
    assert f"Erreur{N}: valeur invalide pour" in done.stderr


def test_help_imports_no_validation_library(tmp_path: Path) -> None:
    modules = tmp_path / "modules.txt"
    code = (
        "import sys\nfrom agent.cli import main\nsys.argv = ['repit-agent', 'run', '--help']\n"
        "try:\n    main()\nfinally:\n"
        f"    open({str(modules)!r}, 'w').write('\\n'.join(sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=ROOT, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Utilisation{N}: repit-agent run")
    imported = set(modules.read_text().split())
    assert not imported & {"pydantic", "contract.policy.loader", "httpx", "jinja2"}


def test_forget_answered_no_asks_in_french_and_erases_nothing(tmp_path: Path) -> None:
    invoke("consent", "reminders", "--data-dir", str(tmp_path))
    refused = invoke("forget", "--data-dir", str(tmp_path), stdin="n\n")
    assert refused.exit_code == 2
    assert "? [o/N] n\nRien n’a été effacé.\n" in refused.stderr
    assert "Aborted" not in refused.stderr
    english = invoke("forget", "--data-dir", str(tmp_path), "--language", "en", stdin="\n")
    assert english.exit_code == 2
    assert english.stderr.endswith("? [y/N] \nNothing was erased.\n")
    assert (tmp_path / "repit.db").exists()


def test_an_interrupted_command_says_abandon(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("agent.commands.status", interrupted)
    result = invoke("status", "--data-dir", str(tmp_path))
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "Abandon."
    english = invoke("status", "--data-dir", str(tmp_path), "--language", "en")
    assert english.stderr.splitlines()[-1] == "Aborted!"


def test_the_store_s_errors_reach_the_person_in_their_language(tmp_path: Path) -> None:
    (tmp_path / "repit.db").write_bytes(b"\x00garbage" * 300)
    french = invoke("status", "--data-dir", str(tmp_path))
    assert french.exit_code == 2
    assert french.stderr.startswith(f"repit-agent{N}: {tmp_path / 'repit.db'}{N}: la base est")
    english = invoke("status", "--data-dir", str(tmp_path), "--language", "en")
    assert english.stderr.startswith(f"repit-agent: {tmp_path / 'repit.db'}: the database is")


def test_a_broken_machine_configuration_is_said_in_french(tmp_path: Path) -> None:
    config = tmp_path / "agent.toml"
    config.write_text('[aggregator]\nadress = "x"\n')
    result = invoke("status", "--data-dir", str(tmp_path), env={"REPIT_CONFIG": str(config)})
    assert result.exit_code == 2
    assert f"{config}{N}: clé(s) inconnue(s) aggregator.adress{N}; attendues" in result.stderr


def test_an_unreachable_server_is_said_in_both_languages(tmp_path: Path) -> None:
    closed = "http://127.0.0.1:9"  # the discard port: nothing listens on loopback
    args = ["enroll", closed, "K7QM-3XHP-9RTV", "P4LD-8XWC-2NJB", "--data-dir", str(tmp_path)]
    french = invoke(*args)
    assert french.exit_code == 2
    assert french.stderr.startswith(
        f"repit-agent{N}: le serveur principal ({closed}) est injoignable"
    )
    english = invoke(*args, "--language", "en")
    assert english.exit_code == 2
    assert english.stderr.startswith(f"repit-agent: the leader server ({closed}) cannot be reached")
