"""What every ``repit-agent`` command shares: its options, the local policy and
store it opens, and the one way it fails (a message on stderr, exit status 2).
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import NoReturn, TextIO

import click

from agent.paths import database_path
from agent.store import Store, StoreError
from agent.texts import Language, language_of
from contract.policy.model import Policy

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
        fail(str(error))
    chosen = path or configured or bundled_policies_dir() / "default.toml"
    try:
        return load_policy(chosen)
    except PolicyError as error:
        fail(str(error))


def running_policy(path: Path | None, data_dir: Path, *, in_child: bool = True) -> Policy:
    """``local_policy`` for ``run``: the one validated at a previous start while its
    files are unchanged (``agent.policy_cache``: no pydantic in the running agent),
    else validated ``in_child`` process (``agent.first_start``) when that works."""
    from agent.machine_config import MachineConfigError, load_machine_config
    from agent.policy_cache import cached_policy, keep_policy

    try:
        configured = load_machine_config().policy_file
    except MachineConfigError as error:
        fail(str(error))
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
        fail(str(error))


def open_text(path: Path) -> contextlib.AbstractContextManager[TextIO]:
    if str(path) == "-":
        return contextlib.nullcontext(sys.stdin)
    return path.open(encoding="utf-8", newline="")


def display_name(path: Path) -> str:
    return "<stdin>" if str(path) == "-" else str(path)


def fail(message: str) -> NoReturn:
    click.echo(f"repit-agent: {message}", err=True)
    sys.exit(USAGE_ERROR)
