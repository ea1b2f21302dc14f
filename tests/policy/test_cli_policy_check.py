"""repit-agent policy check: exit 0 when valid, 2 with the problems on stderr."""

from __future__ import annotations

from click.testing import CliRunner

from agent.cli import cli
from contract.policy.loader import bundled_policies_dir
from tests.policy.conftest import WritePolicy, department

N = "\u00a0"


def test_policy_check_of_the_bundled_files_exits_0() -> None:
    files = sorted(str(path) for path in bundled_policies_dir().glob("*.toml"))
    result = CliRunner().invoke(cli, ["policy", "check", *files])
    assert result.exit_code == 0, result.stderr
    assert result.stderr == f"{len(files)} fichiers de politique valides.\n"
    english = CliRunner().invoke(cli, ["policy", "check", files[0], "--language", "en"])
    assert english.stderr == "1 policy file valid.\n"


def test_policy_check_of_a_bad_file_exits_2_with_the_problem(write_policy: WritePolicy) -> None:
    path = write_policy("dept", department("dept", "[breaks]\nevery_minutes = 500\n"))
    result = CliRunner().invoke(cli, ["policy", "check", str(path), "--language", "en"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f"{path}:6: breaks.every_minutes: expected an integer from 10 to 240, found 500\n"
    )
    french = CliRunner().invoke(cli, ["policy", "check", str(path)])
    assert french.exit_code == 2
    assert french.stderr == (
        f"{path}:6{N}: breaks.every_minutes{N}: attendu{N}: un entier de 10 à 240, trouvé 500\n"
    )


def test_policy_check_of_a_missing_file_exits_2(write_policy: WritePolicy) -> None:
    good = write_policy("dept", department("dept"))
    missing = good.parent / "absent.toml"
    result = CliRunner().invoke(cli, ["policy", "check", str(good), str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"{missing}{N}: fichier introuvable\n"
    english = CliRunner().invoke(cli, ["policy", "check", str(missing), "--language", "en"])
    assert english.stderr == f"{missing}: file not found\n"
