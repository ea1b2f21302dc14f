"""``repit-simulate``: documented like the other commands, usage errors as messages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from simulation.cli import simulate
from tests.cli_docs import documentation_problems


def test_the_command_is_documented_with_an_example() -> None:
    assert documentation_problems("repit-simulate", "", simulate) == []


def test_a_history_without_a_database_is_a_usage_error() -> None:
    result = CliRunner().invoke(simulate, ["--devices", "1", "--months", "1"], env={"REPIT_DB": ""})
    assert result.exit_code == 2
    assert "repit-simulate: --db is required" in result.stderr
    assert "Traceback" not in result.stderr


def test_unusable_policies_are_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        simulate, ["--db", str(tmp_path / "x.db"), "--policies", str(tmp_path / "missing")]
    )
    assert result.exit_code == 2
    assert "repit-simulate: the policies cannot be used" in result.stderr
    assert not (tmp_path / "x.db").exists()
