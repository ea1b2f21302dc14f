"""The ``--organisation-name`` and ``--organisation-logo`` options of ``serve`` and ``report``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from aggregator.cli_messages import error_text
from aggregator.cli_options import fail
from aggregator.organisation import Organisation, OrganisationError

F = TypeVar("F", bound=Callable[..., Any])


def organisation_options(command: F) -> F:
    """Add both options to ``command`` (as ``organisation_name`` and ``organisation_logo``)."""
    command = click.option(
        "--organisation-logo",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        envvar="REPIT_ORGANISATION_LOGO",
        help="A PNG, JPEG or SVG logo (at most 256 KiB) beside that name "
        "(env REPIT_ORGANISATION_LOGO).",
    )(command)
    command = click.option(
        "--organisation-name",
        envvar="REPIT_ORGANISATION_NAME",
        help="The organisation's name on the login page and the PDFs "
        "(env REPIT_ORGANISATION_NAME).",
    )(command)
    return command


def organisation_of(name: str | None, logo: Path | None) -> Organisation:
    try:
        return Organisation.of(name, logo)
    except OrganisationError as error:
        fail(error_text(error, "organisation"))
