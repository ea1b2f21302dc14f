"""Every command of a click group documented: help, an example, help on each option.

Shared by the tests of ``repit-agent`` and ``repit-aggregator`` (sqlite-utils
does the same: a command nobody can learn from its help is not finished).
"""

from __future__ import annotations

from collections.abc import Iterator

import click


def commands_of(group: click.Group, prefix: str = "") -> Iterator[tuple[str, click.Command]]:
    """Every command and subcommand, with its full name ("policy check")."""
    for name, command in group.commands.items():
        yield f"{prefix}{name}", command
        if isinstance(command, click.Group):
            yield from commands_of(command, f"{prefix}{name} ")


def documentation_problems(program: str, name: str, command: click.Command) -> list[str]:
    """What is missing from a command's help; empty when it is documented."""
    problems = []
    if not command.help:
        problems.append(f"`{program} {name}` has no help")
    elif not isinstance(command, click.Group) and "Example" not in command.help:
        problems.append(f"`{program} {name}` has no example in its help")
    problems += [
        f"`{program} {name}` option {parameter.opts} has no help"
        for parameter in command.params
        if isinstance(parameter, click.Option) and not parameter.help
    ]
    return problems
