"""``repit-agent consent``, ``enroll`` and ``forget``: the person's choices.

Whether anything is recorded or sent, joining a team, erasing everything. A
choice that sends data or cannot be undone says what it does and asks first
(``ask``), in the person's language.
"""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click

from agent.cli_shared import (
    USAGE_ERROR,
    chosen_language,
    data_dir_option,
    fail,
    language_option,
    local_policy,
    open_store,
    policy_option,
)
from agent.participation import Mode
from agent.paths import data_dir as data_dir_of
from agent.paths import database_path
from agent.policy_sync import effective_policy


def ask(question: str, language: str) -> bool:
    """A yes/no question on the terminal, in ``language``; no answer (end of input, Ctrl+C) is no.

    Not ``click.confirm``: its "[y/N]" and "Aborted!" are English.
    """
    from agent.texts import texts

    words = texts(language)
    try:
        answer = click.prompt(
            f"{question} {words.answer_hint}",
            default="",
            show_default=False,
            err=True,
            prompt_suffix=" ",
        )
    except click.Abort:
        click.echo("", err=True)
        return False
    return str(answer).strip().lower() in words.answer_yes.split()


@click.command()
@click.argument("mode", type=click.Choice([m.value for m in Mode]))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation when choosing share.")
@data_dir_option
@policy_option
@language_option
def consent(
    mode: str, yes: bool, data_dir: Path | None, policy_path: Path | None, language: str | None
) -> None:
    """Choose your participation: off (nothing recorded), reminders (recorded on
    this computer only, reminders shown) or share (as reminders, and anonymous
    team sums sent). Choosing share says what is sent and to whom, and asks
    first. A running agent follows at its next tick.

    \b
    Examples:
      repit-agent consent reminders
      repit-agent consent share --yes
    """

    from agent.commands import set_participation
    from agent.enrollment import share_destination
    from agent.pending_enrollment import pending_team
    from agent.texts import mode_name, mode_with_detail, share_explanation, texts

    chosen = Mode(mode)
    store = open_store(data_dir_of(data_dir))
    try:
        words_language = chosen_language(
            language, effective_policy(store, local_policy(policy_path))
        )
        words = texts(words_language)
        if chosen is Mode.SHARE and store.mode() is not Mode.SHARE:
            destination = share_destination(store) or pending_team(store)
            question, *explanation = share_explanation(destination, words_language)
            click.echo("\n".join(explanation), err=True)
            if not yes and not ask(question, words_language):
                click.echo(
                    words.cli_unchanged.format(mode=mode_name(store.mode(), words_language)),
                    err=True,
                )
                sys.exit(USAGE_ERROR)
        set_participation(store, chosen, time.time())
    finally:
        store.close()
    click.echo(
        words.cli_participation.format(mode=mode_with_detail(chosen, words_language)), err=True
    )


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@data_dir_option
@language_option
def forget(yes: bool, data_dir: Path | None, language: str | None) -> None:
    """Delete all your local data and this device's enrollment.

    \b
    Example:
      repit-agent forget --yes
    """
    from agent.commands import forget_everything
    from agent.instance import running_pid
    from agent.texts import format_count, is_singular, texts

    words_language = chosen_language(language, local_policy(None))
    words = texts(words_language)
    folder = data_dir_of(data_dir)
    pid = running_pid(folder)
    if pid is not None:
        fail(words.cli_running.format(pid=pid))
    if not yes:
        click.echo(f"{words.erase_what} {words.erase_what_then}", err=True)
        if not ask(words.cli_forget_question.format(folder=folder), words_language):
            click.echo(words.cli_forget_nothing, err=True)
            sys.exit(USAGE_ERROR)
    removed = forget_everything(folder, database_path(folder))
    done = (
        words.cli_forgot_one if is_singular(len(removed), words_language) else words.cli_forgot_many
    )
    click.echo(
        done.format(count=format_count(len(removed), words_language), folder=folder), err=True
    )


@click.command()
@click.argument("url")
@click.argument("code")
@click.argument("helper_code", required=False)
@data_dir_option
@language_option
def enroll(
    url: str, code: str, helper_code: str | None, data_dir: Path | None, language: str | None
) -> None:
    """Join your team with two one-time codes, one from each server: CODE from
    the leader server at URL (your Prévention service's), HELPER_CODE from the
    helper server the leader names (run by another party). Both codes can be
    given as one word, CODE.HELPER_CODE. Neither server alone can read what
    this device sends. Sending still needs your choice: repit-agent consent share.

    If the helper server cannot be reached, run the same command again later:
    the leader's code is not needed anew. Enrolling again with new codes revokes
    this device's previous tokens: the device keeps one identity on each server.

    \b
    Examples:
      repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV P4LD-8XWC-2NJB
      repit-agent enroll https://repit.region.example K7QM-3XHP-9RTV.P4LD-8XWC-2NJB
    """
    from agent.enrollment import EnrollmentError, Problem, UploadError
    from agent.enrollment import enroll as enroll_in
    from agent.texts.enrollment import enrollment_text

    chosen = chosen_language(language, local_policy(None))

    def say(problem: Problem) -> None:
        click.echo(problem.message(chosen), err=True)

    store = open_store(data_dir_of(data_dir))
    try:
        joined = enroll_in(store, url, code, date.today(), helper_code=helper_code, say=say)
    except EnrollmentError as error:
        fail(error.message(chosen))
    except UploadError as error:
        fail(str(error))
    finally:
        store.close()
    text = enrollment_text("enrolled", chosen, team=joined.team, department=joined.department)
    click.echo(text, err=True)
