"""The version is written once, in pyproject.toml; everything else reads it."""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from click.testing import CliRunner

from agent.cli import cli as agent_cli
from aggregator.cli import cli as aggregator_cli

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("agent", "aggregator", "contract", "simulation", "installer")


def project_version() -> str:
    with (ROOT / "pyproject.toml").open("rb") as file:
        found: str = tomllib.load(file)["project"]["version"]
    return found


def test_no_source_or_installer_file_repeats_the_version() -> None:
    written = project_version()
    literal = re.compile(rf"""["']{re.escape(written)}["']""")
    repeats = [
        str(path.relative_to(ROOT))
        for folder in SOURCES
        for path in (ROOT / folder).rglob("*")
        if path.suffix in {".py", ".iss", ".spec", ".toml", ".plist", ".cfg"}
        and literal.search(path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert repeats == [], f"version {written} written outside pyproject.toml"


def test_the_windows_installer_reads_pyproject() -> None:
    script = (ROOT / "installer" / "windows" / "repit-agent.iss").read_text(encoding="utf-8")
    assert re.search(
        r'#define AppVersion .*ReadIni\(.*pyproject\.toml", "project", "version"', script
    )


def test_the_command_lines_report_the_installed_version() -> None:
    assert version("repit") == project_version()
    for command in (agent_cli, aggregator_cli):
        shown = CliRunner().invoke(command, ["--version"])
        assert shown.exit_code == 0, shown.output
        assert project_version() in shown.output
