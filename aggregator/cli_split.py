"""``repit-aggregator`` commands of split aggregation (SPLIT.md): ``helper-key``, ``audit``,
and the role options of ``serve``.
"""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import click

from aggregator.cli_audit import audit_text
from aggregator.cli_messages import day_words, error_text, say
from aggregator.cli_options import db_option, fail, load_policies, open_storage, policies_option
from aggregator.groups import Groups
from aggregator.helper_keys import KeyFileError, KeyRing, describe, retire_key, rotate_key_file
from aggregator.roles import (
    HelperRole,
    LeaderRole,
    RoleError,
    create_helper_key,
    new_token_file,
    read_helper_keys,
    read_token,
)
from aggregator.settings import Settings
from aggregator.storage import audit as audit_storage

ROLES = ("leader", "helper")
HELPER_KEY_HELP = (
    "The helper's HPKE key file (helper-key create; env REPIT_HELPER_KEY); read at start "
    "and again on SIGHUP: after helper-key rotate or retire, reload or restart the helper."
)

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
        return HelperRole.of_ring(read_token(leader_token_file), read_helper_keys(key_file))
    except RoleError as error:
        fail(error_text(error, "role"))


def reload_keys_on_hangup(settings: Settings, key_file: Path | None) -> None:
    """A helper reads its key file again on ``SIGHUP`` (``systemctl reload repit-helper``).

    A rotation or a retirement then applies without a restart. A file that
    cannot be read keeps the keys in use, and says why; requests already
    under way finish with the keys they started with (the role is swapped
    whole, never edited in place).
    """
    role = settings.role
    if not isinstance(role, HelperRole) or key_file is None or not hasattr(signal, "SIGHUP"):
        return

    def reload(_signal: int, _frame: object) -> None:
        current = settings.role
        assert isinstance(current, HelperRole)
        try:
            ring = read_helper_keys(key_file)
        except RoleError as error:
            click.echo(f"repit-aggregator: SIGHUP: the keys in use are kept: {error}", err=True)
            return
        settings.role = HelperRole.of_ring(current.leader_token, ring)
        kept = ", ".join(describe(ring))
        click.echo(f"repit-aggregator: SIGHUP: {key_file} read again ({kept})", err=True)

    signal.signal(signal.SIGHUP, reload)


@click.group("helper-key")
def helper_key() -> None:
    """The helper's HPKE keys (on the helper only): create, rotate, retire."""


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


rotated_key_file_option = click.option(
    "--key-file",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REPIT_HELPER_KEY",
    help="The helper's key file (helper-key create), rewritten in place, owner-only.",
)


@helper_key.command("rotate")
@rotated_key_file_option
def helper_key_rotate(key_file: Path) -> None:
    """Make a new current HPKE key and keep the previous ones to open what was sealed to them.

    Devices seal to the new key once they learn it (the leader passes it to new
    enrollments, enrolled agents fetch it once a day); reports already sealed to
    an older key still open. The running helper reads the file at start and
    on SIGHUP: reload it (systemctl reload repit-helper). Prints the new
    public configuration (JSON).

    \b
    Example:
      repit-aggregator helper-key rotate --key-file /etc/repit/helper-key.json
    """
    try:
        ring = rotate_key_file(key_file, date.today())
    except KeyFileError as error:
        fail(error_text(error, "role"))
    click.echo(json.dumps(ring.current.config.to_json()))
    _say_kept(key_file, ring)


@helper_key.command("retire")
@rotated_key_file_option
@click.option(
    "--id",
    "config_id",
    required=True,
    type=click.IntRange(0, 255),
    help="The retired key to drop (helper-key rotate lists the kept ones).",
)
def helper_key_retire(key_file: Path, config_id: int) -> None:
    """Drop a retired HPKE key: reports still sealed to it are refused from then on.

    Retire a key once the reports sealed to it have arrived: a week after the
    rotation covers agents that were off (they send what waits at their next
    start), longer if some stay off for a holiday. The current key cannot be
    retired; reload the helper afterwards (systemctl reload repit-helper).

    \b
    Example:
      repit-aggregator helper-key retire --key-file /etc/repit/helper-key.json --id 17
    """
    try:
        ring = retire_key(key_file, config_id)
    except KeyFileError as error:
        fail(error_text(error, "role"))
    _say_kept(key_file, ring)


def _say_kept(key_file: Path, ring: KeyRing) -> None:
    click.echo(say("key_file_keeps", path=key_file), err=True)
    for line in kept_key_lines(ring):
        click.echo(f"  {line}", err=True)
    click.echo(say("reload_helper"), err=True)


def kept_key_lines(ring: KeyRing) -> list[str]:
    """One line per kept key, current first, in the command line's language.

    ``helper_keys.describe`` says the same in English for the server's log (SIGHUP).
    """
    lines = []
    for key in ring.keys:
        made = say("key_made", day=day_words(key.created)) if key.created else ""
        state = "key_current" if key is ring.current else "key_retired"
        lines.append(say(state, id=key.id, made=made))
    return lines


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
