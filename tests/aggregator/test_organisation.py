"""The organisation's name and logo: checked once, at start, with a message saying what is wrong."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest
from click.testing import CliRunner

from aggregator.cli import cli
from aggregator.organisation import MAX_LOGO_BYTES, Organisation, OrganisationError
from tests.web.dashboard import logo_png


def test_a_name_and_a_png_logo(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(logo_png())
    found = Organisation.of("  Région   Exemple ", logo)
    assert found.name == "Région Exemple"  # spaces collapsed: one line on every page
    assert found.logo is not None and found.logo.startswith("data:image/png;base64,")
    assert base64.b64decode(found.logo.split(",", 1)[1]) == logo.read_bytes()
    assert Organisation.of(None) == Organisation()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("logo.gif", b"GIF89a", "must be a .png, .jpg or .svg"),
        ("logo.png", b"not a png", "not a PNG image"),
        ("logo.svg", b"<html></html>", "not an SVG image"),
        ("logo.png", b"\x89PNG\r\n\x1a\n" + b"0" * MAX_LOGO_BYTES, "over 256 KiB"),
    ],
)
def test_a_logo_that_cannot_be_shown_is_refused_with_its_reason(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    logo = tmp_path / name
    logo.write_bytes(content)
    with pytest.raises(OrganisationError, match=message) as error:
        Organisation.of("Région", logo)
    assert str(logo) in str(error.value)


def test_a_name_too_long_is_refused() -> None:
    with pytest.raises(OrganisationError, match="at most 200 characters"):
        Organisation.of("x" * 201)


def test_the_commands_say_what_is_wrong_without_a_traceback(tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a png")
    result = CliRunner().invoke(
        cli,
        [
            "serve",
            "--role",
            "helper",
            "--db",
            str(tmp_path / "a.db"),
            "--organisation-logo",
            str(logo),
        ],
    )
    assert result.exit_code == 2
    assert "ce n’est pas une image PNG" in result.stderr and "Traceback" not in result.output
