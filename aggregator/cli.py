"""``repit-aggregator``: the server's command line (AGGREGATOR.md "Commands").

Codes, passwords and tokens are printed alone on stdout, one a line, so that
scripts can read them; every message goes to stderr. A usage problem (unknown
team or account, bad policies, unusable database) is a message and exit
status 2, never a traceback. Help and messages are French unless ``--language
en`` or ``REPIT_LANGUAGE=en`` asks for English (``cli_language``); the English
is written here, the French in ``cli_texts`` and ``cli_messages``.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import click

from aggregator import auth
from aggregator.app import MAX_AGE_DAYS, Settings, create_app
from aggregator.cli_accounts import device, token, user
from aggregator.cli_language import (
    LanguageGroup,
    current_language,
    language_in,
    language_option,
    speaking,
)
from aggregator.cli_messages import os_reason, plural, say
from aggregator.cli_options import (
    USAGE_ERROR,
    db_option,
    default_db,
    fail,
    load_policies,
    open_storage,
    policies_option,
    storage_error_text,
    today,
)
from aggregator.cli_organisation import organisation_of, organisation_options
from aggregator.cli_split import (
    audit,
    chosen_role,
    helper_key,
    reload_keys_on_hangup,
    role_options,
)
from aggregator.cli_tools import tool
from aggregator.groups import Groups
from aggregator.storage import StorageError, unusable_reason
from aggregator.storage.split import claim_role

__all__ = ["USAGE_ERROR", "cli", "db_option", "default_db", "main", "policies_option"]

DEFAULT_PORT = 8470


def main() -> None:
    try:
        cli(prog_name="repit-aggregator")
    except sqlite3.OperationalError as error:
        # Full disk, read-only file, or a lock held past the storage's patience:
        # a message, not a traceback; nothing was half-written (one transaction).
        reason = unusable_reason(error)
        with speaking(language_in(sys.argv[1:], os.environ)):
            shown = say(f"unusable.{reason.name}") if reason else str(error)
            fail(say("database_unusable", reason=shown))


@click.group(cls=LanguageGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="repit", prog_name="repit-aggregator")
@language_option
def cli() -> None:
    """Répit's aggregator: the leader or the helper of split aggregation (SPLIT.md).
    The leader receives reports whose values neither server can read alone, and
    shows the Prévention service statistics of groups large enough that no one
    can be singled out.

    \b
    Examples:
      repit-aggregator enroll-code --team dnum-infra --count 20
      repit-aggregator user add prevention --role reader
      repit-aggregator token create prevention
      repit-aggregator user list
      repit-aggregator helper-key create --key-file helper-key.json
      repit-aggregator serve --role leader --helper-url URL --helper-token-file F
      repit-aggregator audit --month 2026-02
      repit-aggregator --language en user list
    """


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=DEFAULT_PORT, show_default=True, help="Port to listen on.")
@db_option
@policies_option
@role_options
@click.option(
    "--max-age-days",
    default=MAX_AGE_DAYS,
    type=click.IntRange(1, 3660),
    # The default is in the sentence: click would join it to the range with a plain "; ".
    help=f"Refuse contributions for periods that ended more than this many days ago "
    f"(default: {MAX_AGE_DAYS}).",
)
@click.option(
    "--secure-cookies/--no-secure-cookies",
    default=None,
    help="Mark cookies Secure (default: when the request came over HTTPS). "
    "Use --secure-cookies behind a TLS proxy.",
)
@click.option(
    "--ssl-certfile",
    type=click.Path(exists=True, dir_okay=False),
    help="Serve HTTPS with this certificate (PEM).",
)
@click.option(
    "--ssl-keyfile",
    type=click.Path(exists=True, dir_okay=False),
    help="The private key of --ssl-certfile (PEM).",
)
@organisation_options
def serve(
    host: str,
    port: int,
    db_path: Path | None,
    policies_dir: Path | None,
    role: str,
    helper_url: str | None,
    helper_token_file: Path | None,
    leader_token_file: Path,
    key_file: Path | None,
    max_age_days: int,
    secure_cookies: bool | None,
    ssl_certfile: str | None,
    ssl_keyfile: str | None,
    organisation_name: str | None,
    organisation_logo: Path | None,
) -> None:
    """Run the leader or the helper until interrupted (SPLIT.md).

    The access log is off: no client address is written anywhere. The server's
    log lines (journalctl) are in English whatever the language chosen. Each server
    keeps its own database; the leader needs the helper's address and the
    leader–helper token, the helper the same token and its HPKE key.

    \b
    Examples:
      repit-aggregator serve --role helper --port 8471 --db helper.db
          --key-file helper-key.json --leader-token-file leader-token
      repit-aggregator serve --role leader --port 8470 --db leader.db
          --helper-url http://127.0.0.1:8471 --helper-token-file leader-token
    """
    import uvicorn

    organisation = organisation_of(organisation_name, organisation_logo)
    policies = load_policies(policies_dir)
    chosen = chosen_role(role, helper_url, helper_token_file, leader_token_file, key_file)
    storage = open_storage(db_path)
    try:
        claim_role(storage, role)
    except StorageError as error:
        fail(storage_error_text(error))
    settings = Settings(storage, policies, max_age_days, secure_cookies, role=chosen)
    settings.organisation = organisation
    reload_keys_on_hangup(settings, key_file)
    uvicorn.run(
        create_app(settings),
        host=host,
        port=port,
        access_log=False,
        server_header=False,
        ssl_certfile=ssl_certfile,
        ssl_keyfile=ssl_keyfile,
    )


@cli.command("enroll-code")
@click.option("--team", required=True, help="The team the devices will join (a team id).")
@click.option(
    "--count", default=1, type=click.IntRange(1, 10000), help="How many codes (default: 1)."
)
@db_option
@policies_option
def enroll_code(team: str, count: int, db_path: Path | None, policies_dir: Path | None) -> None:
    """Print one-time enrollment codes for a team, one a line.

    Each code enrolls one device, once; only its hash is kept, so print them now.
    A code is six groups of four characters without look-alikes (no 0, O, 1,
    I, L or U), accepted in any case, with or without the dashes.

    \b
    Example:
      repit-aggregator enroll-code --team dnum-infra --count 20 > codes.txt
    """
    if Groups(load_policies(policies_dir)).department_of(team) is None:
        fail(say("no_team", team=team))
    storage = open_storage(db_path)
    for code in auth.new_enrollment_codes(storage, team, count, today().date()):
        click.echo(code)
    click.echo(plural(count, "codes_printed", team=team), err=True)


@cli.command()
@click.option("--group", "group_id", required=True, help="A department or team id.")
@click.option("--month", required=True, help='The month, "YYYY-MM".')
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["html", "csv", "pdf"]),
    default="html",
    show_default=True,
    help="html: the web page; csv: its figures; pdf: printed for a committee meeting.",
)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The file to write.",
)
@click.option(
    "--lang",
    type=click.Choice(["fr", "en"]),
    help="The report's language (default: --language's).",
)
@db_option
@policies_option
@organisation_options
def report(
    group_id: str,
    month: str,
    output_format: str,
    output: Path,
    lang: str | None,
    db_path: Path | None,
    policies_dir: Path | None,
    organisation_name: str | None,
    organisation_logo: Path | None,
) -> None:
    """Write the report of a department or team for a month, as the web page shows it.

    Only released figures appear (as recorded on the month's release date); a group held
    back reads "not yet published (on …)" before that date, "not enough participants" after.

    \b
    Example:
      repit-aggregator report --group dnum --month 2026-02 --format pdf -o dnum-2026-02.pdf
    """
    from aggregator.periods import PeriodError
    from aggregator.reports import (
        build_report,
        build_surroundings,
        language,
        render_csv,
        render_html,
        render_pdf,
    )

    organisation = organisation_of(organisation_name, organisation_logo)
    policies = load_policies(policies_dir)
    storage = open_storage(db_path)
    chosen = language(lang or current_language())
    try:
        now = today()
        content = build_report(storage, policies, group_id, month, now)
        around = build_surroundings(storage, policies, group_id, month, now)
    except KeyError:
        fail(say("no_group", group=group_id))
    except PeriodError as error:
        fail(error.said_in(current_language()))
    try:
        if output_format == "pdf":
            output.write_bytes(render_pdf(content, chosen, around, organisation))
        elif output_format == "csv":
            output.write_text(render_csv(content, chosen, around), encoding="utf-8", newline="")
        else:
            document = render_html(content, chosen, None, around, organisation)
            output.write_text(document, encoding="utf-8")
    except OSError as error:
        fail(say("cannot_write", path=output, reason=os_reason(error)))
    click.echo(say("report_written", group=group_id, month=month, path=output), err=True)


cli.add_command(helper_key)
cli.add_command(audit)
cli.add_command(user)
cli.add_command(token)
cli.add_command(device)
cli.add_command(tool)
