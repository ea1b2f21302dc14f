"""Rules that look at more than one key: the file name, ``extends``, team ids.

They read the raw TOML data rather than the validated model, so that they are
checked (and reported) even when some other key of the file is wrong: the
author gets every problem of the file in one run.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract.policy.formats import ID_PATTERN
from contract.policy.lines import find_line
from contract.policy.messages import problem_at
from contract.policy.problems import PolicyProblem

DEFAULT_ID = "default"


def _policy_string(raw: Mapping[str, Any], key: str) -> str | None:
    table = raw.get("policy")
    value = table.get(key) if isinstance(table, dict) else None
    return value if isinstance(value, str) else None


def declared_id(raw: Mapping[str, Any]) -> str | None:
    return _policy_string(raw, "id")


def declared_parent(raw: Mapping[str, Any]) -> str | None:
    """The id a file extends, when it is a well-formed id ("" and errors give None)."""
    parent = _policy_string(raw, "extends")
    return parent if parent and ID_PATTERN.fullmatch(parent) else None


def file_rules(path: Path, text: str, raw: Mapping[str, Any]) -> list[PolicyProblem]:
    problems: list[PolicyProblem] = []
    policy_id = declared_id(raw)
    extends = _policy_string(raw, "extends")
    if policy_id is not None and ID_PATTERN.fullmatch(policy_id) and policy_id != path.stem:
        problems.append(
            problem_at(
                path,
                text,
                ("policy", "id"),
                f'expected "{path.stem}", the file name without .toml, found "{policy_id}" '
                f"(rename the file {policy_id}.toml or change the id)",
            )
        )
    if policy_id == DEFAULT_ID and extends not in (None, ""):
        problems.append(
            problem_at(
                path,
                text,
                ("policy", "extends"),
                f'expected "" (the default policy extends nothing), found "{extends}"',
            )
        )
    if policy_id is not None and policy_id != DEFAULT_ID and extends == "":
        problems.append(
            problem_at(
                path,
                text,
                ("policy", "extends"),
                'expected the id of the policy this one extends, usually "default", '
                'found "" (only default.toml extends nothing)',
            )
        )
    problems.extend(duplicate_team_problems(TeamsOf(path, text, raw)))
    problems.extend(duplicate_tool_problems(path, text, raw))
    return problems


def duplicate_tool_problems(path: Path, text: str, raw: Mapping[str, Any]) -> list[PolicyProblem]:
    """Tool ids used twice in one file: each id names nine fields of the tools contribution."""
    tools = raw.get("tools")
    if not isinstance(tools, list):
        return []
    problems: list[PolicyProblem] = []
    first_use: dict[str, int] = {}
    for index, tool in enumerate(tools):
        tool_id = tool.get("id") if isinstance(tool, dict) else None
        if not isinstance(tool_id, str):
            continue
        if tool_id not in first_use:
            first_use[tool_id] = index
            continue
        first = first_use[tool_id]
        first_line = find_line(text, ("tools", first, "id"))
        where = f"tools[{first}]" + (f" (line {first_line})" if first_line is not None else "")
        problems.append(
            problem_at(
                path,
                text,
                ("tools", index, "id"),
                f'expected a tool id unique in a policy, found "{tool_id}", '
                f"already the id of {where}",
            )
        )
    return problems


@dataclass(frozen=True)
class TeamsOf:
    """A file's raw data, for the team-id rule."""

    path: Path
    text: str | None
    raw: Mapping[str, Any]

    def team_ids(self) -> list[tuple[int, str]]:
        teams = self.raw.get("teams")
        if not isinstance(teams, list):
            return []
        return [
            (index, team["id"])
            for index, team in enumerate(teams)
            if isinstance(team, dict) and isinstance(team.get("id"), str)
        ]


def duplicate_team_problems(file: TeamsOf) -> list[PolicyProblem]:
    """Team ids used twice in one file."""
    return _reused_team_ids([file], across_files=False)


def team_clash_problems(files: Iterable[TeamsOf]) -> list[PolicyProblem]:
    """Team ids used in two of ``files`` (one entry per file; repeats within a file are
    ``duplicate_team_problems``'s)."""
    return _reused_team_ids(files, across_files=True)


def _reused_team_ids(files: Iterable[TeamsOf], *, across_files: bool) -> list[PolicyProblem]:
    # A device joins one team, and a team's statistics are added to its
    # department's: an id in two places would mix two groups of devices.
    problems: list[PolicyProblem] = []
    first_use: dict[str, tuple[TeamsOf, int]] = {}
    for file in files:
        for index, team_id in file.team_ids():
            if team_id not in first_use:
                first_use[team_id] = (file, index)
                continue
            first_file, first_index = first_use[team_id]
            if (first_file is not file) != across_files:
                continue
            first_line = (
                find_line(first_file.text, ("teams", first_index, "id"))
                if first_file.text is not None
                else None
            )
            where = f"teams[{first_index}]"
            if across_files:
                where += f" in {first_file.path}"
            if first_line is not None:
                where += f" (line {first_line})"
            rule = "across all policies" if across_files else "in a policy"
            problems.append(
                problem_at(
                    file.path,
                    file.text,
                    ("teams", index, "id"),
                    f'expected a team id unique {rule}, found "{team_id}", '
                    f"already the id of {where}",
                )
            )
    return problems
