"""The documents in docs/ and the installers agree with the code they describe.

Fast checks, no network, no display: the documents exist in both languages,
the privacy notice says what the agent's notice says, every command and option
a document cites exists, the DPIA lists every contribution field with its
bounds, and the installers' files are well formed.
"""

from __future__ import annotations

import ast
import plistlib
import re
from html.parser import HTMLParser
from pathlib import Path

import click
import pytest

from agent.cli import cli as agent_cli
from aggregator.cli import cli as aggregator_cli
from contract.contribution import FIELDS, Field, Kind

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
NOTICES = ROOT / "agent" / "privacy"
WINDOWS = ROOT / "installer" / "windows"
MACOS = ROOT / "installer" / "macos"

LANGUAGES = ("fr", "en")
PAIRS = ("privacy-notice", "prevention-guide", "dpia")
"""Documents staff read, each as ``<name>.fr.md`` and ``<name>.en.md``."""
SINGLE = ("admin-guide.md",)
"""Documents for IT administrators, in English."""

PROGRAMS: dict[str, click.Group] = {"repit-agent": agent_cli, "repit-aggregator": aggregator_cli}


def _cited_in() -> list[Path]:
    """Every document that cites commands: docs/ and the installers' notes."""
    return [
        *sorted(DOCS.glob("*.md")),
        WINDOWS / "README.md",
        MACOS / "README.md",
    ]


# -- both languages -----------------------------------------------------------------


@pytest.mark.parametrize("name", PAIRS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_document_exists_in_both_languages(name: str, lang: str) -> None:
    path = DOCS / f"{name}.{lang}.md"
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    assert len(path.read_text(encoding="utf-8").split()) > 300, f"{path.name} is a stub"


@pytest.mark.parametrize("name", SINGLE)
def test_each_technical_document_exists(name: str) -> None:
    path = DOCS / name
    assert path.is_file(), f"missing {path.relative_to(ROOT)}"
    assert len(path.read_text(encoding="utf-8").split()) > 300, f"{path.name} is a stub"


def test_every_translated_document_has_its_pair() -> None:
    for path in DOCS.glob("*.md"):
        stem, _, lang = path.stem.rpartition(".")
        if lang not in LANGUAGES:
            continue  # a document in one language only (e.g. a technical note)
        for other in LANGUAGES:
            assert (DOCS / f"{stem}.{other}.md").is_file(), f"{path.name} has no {other} pair"


# -- the privacy notice --------------------------------------------------------------


class _Blocks(HTMLParser):
    """The visible text of each block (heading, paragraph, list item, table cell) of <body>."""

    BLOCKS = frozenset({"h1", "h2", "h3", "p", "li", "th", "td"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self._in_body = False
        self._depth = 0
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self._in_body = True
        elif self._in_body and tag in self.BLOCKS:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if self._in_body and tag in self.BLOCKS:
            self._depth -= 1
            if self._depth == 0:
                text = _normalised("".join(self._text))
                if text:
                    self.blocks.append(text)
                self._text = []

    def handle_data(self, data: str) -> None:
        if self._depth > 0:
            self._text.append(data)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _markdown_text(markdown: str) -> str:
    """The document's words as a reader sees them: no emphasis marks, code ticks or markers."""
    without_comments = re.sub(r"<!--.*?-->", " ", markdown, flags=re.DOTALL)
    plain = without_comments.replace("**", "").replace("`", "").replace("✕ ", "")
    return _normalised(plain)


def _notice_blocks(lang: str) -> list[str]:
    parser = _Blocks()
    parser.feed((NOTICES / f"notice.{lang}.html").read_text(encoding="utf-8"))
    return parser.blocks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_notice_has_every_sentence_of_the_agents_notice(lang: str) -> None:
    markdown = _markdown_text((DOCS / f"privacy-notice.{lang}.md").read_text(encoding="utf-8"))
    blocks = _notice_blocks(lang)
    assert len(blocks) > 40, "the HTML notice was not read"
    missing = [block for block in blocks if block not in markdown]
    assert not missing, f"privacy-notice.{lang}.md lacks: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_privacy_notice_states_the_key_facts(lang: str) -> None:
    text = (DOCS / f"privacy-notice.{lang}.md").read_text(encoding="utf-8")
    plain = _markdown_text(text)
    days = "jours" if lang == "fr" else "days"
    for fact in (f"35 {days}", f"400 {days}", "11"):
        assert fact in plain, f"privacy-notice.{lang}.md does not say {fact!r}"
    assert "`repit-agent forget`" in text
    assert "`repit-agent preview`" in text
    never = [line for line in text.splitlines() if line.startswith("- ✕ ")]
    html_never = re.findall(
        r'<ul class="never">(.*?)</ul>',
        (NOTICES / f"notice.{lang}.html").read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    assert len(html_never) == 1
    assert len(never) == html_never[0].count("<li>") == 9


# -- commands and options cited -------------------------------------------------------

_CITATION = re.compile(r"\b(repit-agent|repit-aggregator)(?:\.exe)?((?:[ \t]+[^\s`|;&>#]+)*)")


def _code_lines(markdown: str) -> list[str]:
    """The text of every fenced block line and every inline code span, continuations joined."""
    lines: list[str] = []
    fenced = False
    for line in markdown.replace("\\\n", " ").splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if fenced:
            lines.append(line)
        else:
            lines.extend(re.findall(r"`([^`]+)`", line))
    return lines


def _citations(path: Path) -> list[tuple[str, list[str]]]:
    """Each ``repit-agent …`` / ``repit-aggregator …`` cited in code, with its words."""
    found = []
    for line in _code_lines(path.read_text(encoding="utf-8")):
        for match in _CITATION.finditer(line):
            before = line[: match.start()].split()
            if before and before[-1].startswith("-"):
                continue  # the value of another program's option (`--name repit-agent`)
            found.append((match.group(1), match.group(2).split()))
    return found


def _options_of(command: click.Command) -> set[str]:
    names = {"--help", "-h"}
    for parameter in command.params:
        if isinstance(parameter, click.Option):
            names.update(parameter.opts)
            names.update(parameter.secondary_opts)
    return names


def _problems_of(program: str, words: list[str]) -> list[str]:
    command: click.Command = PROGRAMS[program]
    path = program
    problems = []
    for word in words:
        if word.startswith("-"):
            option = word.split("=", 1)[0]
            if option not in _options_of(command):
                problems.append(f"{path}: no option {option}")
        elif isinstance(command, click.Group):
            if word not in command.commands:
                problems.append(f"{path}: no command {word!r}")
                break
            command = command.commands[word]
            path = f"{path} {word}"
    return problems


def test_the_check_itself_catches_an_unknown_command_and_option(tmp_path: Path) -> None:
    assert _problems_of("repit-agent", ["policy", "check", "a.toml"]) == []
    assert _problems_of("repit-aggregator", ["serve", "--secure-cookies", "--db", "x"]) == []
    assert _problems_of("repit-agent", ["polices", "check"]) != []
    assert _problems_of("repit-agent", ["user", "add"]) != []
    assert _problems_of("repit-aggregator", ["serve", "--tls"]) != []
    assert _problems_of("repit-aggregator", ["token", "create", "--role", "reader"]) != []
    cited = tmp_path / "cited.md"
    cited.write_text(
        "Run `repit-agent polcy check` or:\n\n```sh\nsudo -u repit repit-aggregator serve \\\n"
        "  --port 8470 --tls  # a comment --nope\npyinstaller --name repit-agent x.py\n```\n",
        encoding="utf-8",
    )
    assert _citations(cited) == [
        ("repit-agent", ["polcy", "check"]),
        ("repit-aggregator", ["serve", "--port", "8470", "--tls"]),
    ]


@pytest.mark.parametrize("path", _cited_in(), ids=lambda path: str(path.relative_to(ROOT)))
def test_every_cited_command_and_option_exists(path: Path) -> None:
    citations = _citations(path)
    problems = [
        f"{' '.join([program, *words])}: {problem}"
        for program, words in citations
        for problem in _problems_of(program, words)
    ]
    assert not problems, "\n".join(problems)


def test_the_documents_cite_the_commands_they_are_about() -> None:
    cited = {
        " ".join([program, *[w for w in words if not w.startswith("-")][:2]])
        for path in _cited_in()
        for program, words in _citations(path)
    }
    for expected in (
        "repit-agent enroll",
        "repit-agent forget",
        "repit-agent policy check",
        "repit-aggregator serve",
        "repit-aggregator enroll-code",
        "repit-aggregator user add",
        "repit-aggregator token create",
        "repit-aggregator token list",
        "repit-aggregator token revoke",
        "repit-aggregator user list",
        "repit-aggregator user disable",
        "repit-aggregator user enable",
        "repit-aggregator user passwd",
        "repit-aggregator user remove",
        "repit-aggregator device revoke",
        "repit-aggregator report",
    ):
        assert any(c == expected or c.startswith(expected + " ") for c in cited), expected


# -- the DPIA's inventory --------------------------------------------------------------


def _bounds(field: Field) -> str:
    return f"{field.low}..{field.high}"


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", list(Kind))
def test_dpia_inventory_lists_every_contribution_field_with_its_bounds(
    lang: str, kind: Kind
) -> None:
    rows = [
        line
        for line in (DOCS / f"dpia.{lang}.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("|")
    ]
    missing = [
        f"{field.name} ({_bounds(field)})"
        for field in FIELDS[kind]
        if not any(f"`{field.name}`" in row and _bounds(field) in row for row in rows)
    ]
    assert not missing, f"dpia.{lang}.md has no table row for the {kind} fields {missing}"


# -- the installers --------------------------------------------------------------------


def test_launch_agent_plist_runs_the_agent_at_login_and_restarts_it_only_after_a_crash() -> None:
    with (MACOS / "org.repit.agent.plist").open("rb") as handle:
        plist = plistlib.load(handle)
    assert plist["Label"] == "org.repit.agent"
    assert plist["RunAtLoad"] is True
    assert plist["KeepAlive"] == {"SuccessfulExit": False}
    assert plist["ProgramArguments"][-1] == "run"
    assert plist["ProgramArguments"][0].endswith("repit-agent")


def _inno_script() -> str:
    return (WINDOWS / "repit-agent.iss").read_text(encoding="utf-8")


def test_inno_setup_installs_per_user_without_administrator_rights() -> None:
    script = _inno_script()
    assert re.search(r"^PrivilegesRequired=lowest\s*$", script, flags=re.MULTILINE)
    assert "{localappdata}" in script
    assert "{userstartup}" in script
    assert re.search(r'Parameters:\s*"run"', script)


def test_inno_setup_enrolls_with_the_aggregator_and_code_given_on_the_command_line() -> None:
    script = _inno_script()
    assert "{param:AGGREGATOR" in script or "/AGGREGATOR=" in script
    assert "{param:CODE" in script or "/CODE=" in script
    assert "GetCmdTail" in script or "{param:" in script
    assert re.search(r"enroll", script)


def test_inno_setup_passes_a_code_from_each_server_to_enroll() -> None:
    # SPLIT.md: the leader's code (/CODE=) and the helper's (/HELPERCODE=).
    script = _inno_script()
    assert "/HELPERCODE=" in script and "Switch('HELPERCODE')" in script
    arguments = re.search(r"function EnrollArguments\(.*?\nend;", script, flags=re.DOTALL)
    assert arguments is not None and "HelperCode" in arguments.group(0)
    assert "EnrollArguments(Url, Code, HelperCode)" in script


def test_pyinstaller_spec_is_python_and_bundles_the_agents_data() -> None:
    source = (WINDOWS / "repit-agent.spec").read_text(encoding="utf-8")
    ast.parse(source)
    for needed in (
        "agent/cli.py",
        "agent/privacy",
        "agent/report/templates",
        "contract/bundled_policies",
        "COLLECT",
    ):
        assert needed in source, needed
    launcher = (WINDOWS / "repit_agent_main.py").read_text(encoding="utf-8")
    assert "from agent.cli import main" in launcher
    assert re.search(r"^if __name__ == .__main__.:\n    main\(\)$", launcher, flags=re.MULTILINE)


def test_windows_notes_say_ci_cannot_build_it() -> None:
    notes = (WINDOWS / "README.md").read_text(encoding="utf-8")
    assert "pyinstaller installer/windows/repit-agent.spec" in notes
    assert "iscc installer/windows/repit-agent.iss" in notes
    assert re.search(r"CI[^.]*cannot", notes)
