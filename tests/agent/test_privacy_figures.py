"""The privacy notice's figures come from the policy in force, not from its text (issue 11)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from agent.privacy import POLICY_FIGURES, notice_path, render_notice, write_notice
from contract.policy.model import Policy

UNIT = {"fr": "postes", "en": "computers"}
DEFAULT_SAID = {"fr": "par défaut", "en": "by default"}


def with_group_size(size: int) -> Policy:
    default = Policy()
    return replace(default, privacy=replace(default.privacy, min_group_size=size))


def rendered(language: str, policy: Policy | None) -> str:
    return render_notice(language, prevention_contact="p", dpo_contact="d", policy=policy)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_departments_group_size_is_said_and_the_default_stays_the_default(
    language: str,
) -> None:
    page = rendered(language, with_group_size(25))
    assert page.count(f"25 {UNIT[language]}") == 2
    assert f"11 {UNIT[language]}" not in page
    assert f"11 {DEFAULT_SAID[language]}" in page
    assert "data-policy" not in page and "data-default" not in page


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_pages_as_written_hold_the_default_policys_figures(language: str) -> None:
    """Read as they are (the documentation), the pages say what an unchanged policy shows."""
    source = notice_path(language).read_text(encoding="utf-8")
    marked = re.findall(r'<span data-(?:policy|default)="([a-z_]+)">([^<]*)</span>', source)
    assert len(marked) == 3
    for key, written in marked:
        assert written == str(POLICY_FIGURES[key](Policy())), key
    assert rendered(language, None).count(f"11 {UNIT[language]}") == 2


def test_the_notice_written_for_the_tray_says_the_policy_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REPIT_CONFIG", str(tmp_path / "absent.toml"))
    page = write_notice("fr", tmp_path / "data", with_group_size(40)).read_text(encoding="utf-8")
    assert "au moins 40 postes" in page and "<strong>40 postes</strong>" in page
