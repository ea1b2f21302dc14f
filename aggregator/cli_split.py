"""``repit-aggregator`` commands of split aggregation (SPLIT.md): ``helper-key``, ``audit``,
and the role options of ``serve``.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from aggregator.cli_audit import audit_text
from aggregator.cli_messages import error_text, say
from aggregator.cli_options import db_option, fail, load_policies, open_storage, policies_option
from aggregator.groups import Groups
from aggregator.roles import (
    HelperRole,
    LeaderRole,
    RoleError,
    create_helper_key,
    new_token_file,
    read_helper_key,
    read_token,
)
from aggregator.storage import audit as audit_storage

ROLES = ("leader", "helper")
HELPER_KEY_HELP = "The helper's HPKE key file (helper-key create; env REPIT_HELPER_KEY)."

key_file_option = click.option(
    "--key-file",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REPIT_HELPER_KEY",
    help=HELPER_KEY_HELP,
)


def role_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """``serve``'s options that choose and equip a role."""
    options = [
        click.option(
            "--role",
            type=click.Choice(ROLES),
            required=True,
            help="leader: enrolls devices, takes their reports, shows the statistics; "
            "helper: the second party, which the leader cannot do without (SPLIT.md).",
        ),
        click.option(
            "--helper-url",
            envvar="REPIT_HELPER_URL",
            help="The leader: the helper's address, e.g. https://helper.example.org "
            "(env REPIT_HELPER_URL).",
        ),
        click.option(
            "--helper-token-file",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar="REPIT_HELPER_TOKEN_FILE",
            help="The leader: the file holding the leader–helper token the helper's "
            "operator gave (env REPIT_HELPER_TOKEN_FILE).",
        ),
        click.option(
            "--leader-token-file",
            type=click.Path(dir_okay=False, path_type=Path),
            envvar="REPIT_LEADER_TOKEN_FILE",
            default=Path("/etc/repit/leader-token"),
            show_default=True,
            help="The helper: the file holding the leader–helper token "
            "(env REPIT_LEADER_TOKEN_FILE).",
        ),
        key_file_option,
    ]
    for option in reversed(options):
        command = option(command)
    return command


def chosen_role(
    role: str,
    helper_url: str | None,
    helper_token_file: Path | None,
    leader_token_file: Path,
    key_file: Path | None,
) -> LeaderRole | HelperRole:
    try:
        if role == "leader":
            if not helper_url or not helper_token_file:
                fail(say("leader_needs"))
            if not helper_url.startswith(("http://", "https://")):
                fail(say("helper_url_scheme", url=helper_url))
            return LeaderRole(helper_url.rstrip("/"), read_token(helper_token_file))
        if key_file is None:
            fail(say("helper_needs_key"))
        config, private_key = read_helper_key(key_file)
        return HelperRole(read_token(leader_token_file), config, private_key)
    except RoleError as error:
        fail(error_text(error, "role"))


@click.group("helper-key")
def helper_key() -> None:
    """The helper's HPKE key pair (on the helper only)."""


@helper_key.command("create")
@click.option(
    "--key-file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REPIT_HELPER_KEY",
    help="Where to write the private key (owner-only; never overwritten).",
)
@click.option(
    "--token-file",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also write a new leader–helper token here (owner-only), to hand to the "
    "leader's operator by a safe channel.",
)
def helper_key_create(key_file: Path, token_file: Path | None) -> None:
    """Make the helper's HPKE key pair and print its public configuration (JSON).

    The private key stays in --key-file; devices learn the public configuration
    from the leader, which fetches it from the helper's /api/v1/hpke-config.

    \b
    Example:
      repit-aggregator helper-key create --key-file /etc/repit/helper-key.json
          --token-file /etc/repit/leader-token
    """
    try:
        config = create_helper_key(key_file)
        if token_file is not None:
            new_token_file(token_file)
    except RoleError as error:
        fail(error_text(error, "role"))
    click.echo(json.dumps(config.to_json()))
    click.echo(say("key_written", path=key_file), err=True)
    if token_file is not None:
        click.echo(say("leader_token_written", path=token_file), err=True)


@click.command()
@click.option("--month", help='Only this month, "YYYY-MM".')
@db_option
@policies_option
def audit(month: str | None, db_path: Path | None, policies_dir: Path | None) -> None:
    """What this server did, per team: codes issued, devices enrolled, releases, collections.

    On the leader and on the helper alike, each from its own records; a team
    with more enrolled devices than its declared headcount is flagged (it is
    held back until the operator looks into it).

    \b
    Example:
      repit-aggregator audit --month 2026-02
    """
    groups = Groups(load_policies(policies_dir))
    storage = open_storage(db_path)
    with storage.read() as db:
        report = audit_text(audit_storage.audit_facts(db, groups, month))
    click.echo(report, nl=False)
