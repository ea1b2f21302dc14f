"""Fixtures that write policy files into a temporary folder.

Every test folder starts with a copy of the bundled default.toml, so a
department written there can ``extends = "default"`` as in ``policies/``.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from contract.policy.loader import bundled_policies_dir, check_policy_files

WritePolicy = Callable[[str, str], Path]


def department(policy_id: str, body: str = "", *, extends: str = "default") -> str:
    """A department file: the [policy] table (lines 1-4), then ``body`` from line 5."""
    header = f'[policy]\nid = "{policy_id}"\nname = "Service {policy_id}"\nextends = "{extends}"\n'
    return header + textwrap.dedent(body).lstrip("\n")


def line_of(path: Path, text: str) -> int:
    """The 1-based line of ``path`` that contains ``text`` (which must occur once)."""
    lines = [
        number for number, line in enumerate(path.read_text().splitlines(), start=1) if text in line
    ]
    assert len(lines) == 1, f"{text!r} occurs on lines {lines} of {path}"
    return lines[0]


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    shutil.copy(bundled_policies_dir() / "default.toml", tmp_path / "default.toml")
    return tmp_path


@pytest.fixture
def write_policy(policy_dir: Path) -> WritePolicy:
    """write_policy("dept", text) writes ``policy_dir/dept.toml`` and returns its path."""

    def write(name: str, text: str) -> Path:
        path = policy_dir / f"{name}.toml"
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


def problems_of(*paths: Path) -> list[str]:
    """``check_policy_files`` as the CLI prints it, one string per problem."""
    return [str(problem) for problem in check_policy_files(list(paths))]
