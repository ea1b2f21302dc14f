"""What every ``repit-agent`` command shares: its options, the local policy and
store it opens, and the one way it fails (a message on stderr, exit status 2).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn, TextIO

import click

from agent.cli_language import spoken_language
from agent.paths import database_path
from agent.store import Store, StoreError
from agent.texts import Language, language_of
from agent.texts.errors import Worded, error_text
from contract.policy.model import Policy
from contract.policy.problems import PolicyProblem

USAGE_ERROR = 2

data_dir_option = click.option(
    "--data-dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REPIT_DATA_DIR",
    help="Folder of the local database (default: the user data folder; env REPIT_DATA_DIR).",
)
policy_option = click.option(
    "--policy",
    "policy_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="REPIT_POLICY",
    help="The department policy file (default: the bundled default policy; env REPIT_POLICY).",
)
language_option = click.option(
    "--language",
    type=click.Choice(["fr", "en"]),
    envvar="REPIT_LANGUAGE",
    help="Language of texts and pages (default: the policy's, French).",
)


def local_policy(path: Path | None) -> Policy:
    """The local policy: ``--policy``, else the machine-wide configuration's, else the default."""
    from agent.machine_config import MachineConfigError, load_machine_config
    from contract.policy.loader import PolicyError, bundled_policies_dir, load_policy

    try:
        configured = load_machine_config().policy_file
    except MachineConfigError as error:
        fail_with("config", error)
    chosen = path or configured or bundled_policies_dir() / "default.toml"
    try:
        return load_policy(chosen)
    except PolicyError as error:
        fail(policy_problems_text(error.problems))


def running_policy(path: Path | None, data_dir: Path, *, in_child: bool = True) -> Policy:
    """``local_policy`` for ``run``: the one validated at a previous start while its
    files are unchanged (``agent.policy_cache``: no pydantic in the running agent),
    else validated ``in_child`` process (``agent.first_start``) when that works."""
    from agent.machine_config import MachineConfigError, load_machine_config
    from agent.policy_cache import cached_policy, keep_policy

    try:
        configured = load_machine_config().policy_file
    except MachineConfigError as error:
        fail_with("config", error)
    request = {"policy": path and path.resolve(), "configured": configured}
    policy = cached_policy(data_dir, request)
    if policy is None and in_child:
        from agent.first_start import prepare_in_child

        if prepare_in_child(data_dir, path):
            policy = cached_policy(data_dir, request)
    if policy is None:
        policy = local_policy(path)
        keep_policy(data_dir, request, policy)
    return policy


def chosen_language(chosen: str | None, policy: Policy) -> Language:
    return language_of(chosen or policy.language)


def open_store(folder: Path) -> Store:
    try:
        return Store.open(database_path(folder))
    except StoreError as error:
        fail_with("store", error)


def open_text(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    if str(path) == "-":
        return contextlib.nullcontext(sys.stdin)
    return path.open(encoding="utf-8", newline="")


def display_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def policy_problems_text(problems: Sequence[PolicyProblem]) -> str:
    """A policy's problems, one a line, each with its file, line and key, in the person's
    language."""
    if spoken_language() == "en":
        return "\n".join(str(problem) for problem in problems)
    from contract.policy.french import problem_in_french

    return "\n".join(problem_in_french(problem) for problem in problems)


def fail(message: str) -> NoReturn:
    """``message`` on stderr after the program's name, and exit status 2."""
    colon = "\u00a0:" if spoken_language() == "fr" else ":"
    click.echo(f"repit-agent{colon} {message}", err=True)
    sys.exit(USAGE_ERROR)


def fail_with(family: str, error: Worded) -> NoReturn:
    """``fail`` with ``error`` (of ``family``: ``store``, ``config``) in the person's language."""
    fail(error_text(family, error, spoken_language()))
