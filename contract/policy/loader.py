"""Load policy files (POLICY.md): read, validate, follow ``extends``, merge.

Every function reports all the problems it finds, each naming the file that
actually writes the faulty key (an inherited bad value is reported in the
parent's file) and its line. Nothing is half-loaded: a policy with a problem
anywhere in its chain is not returned.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

import contract
from contract.policy.build import Layer, calendar_problems, completeness_problems, merge, to_policy
from contract.policy.lines import find_line
from contract.policy.messages import problems_from_validation
from contract.policy.model import Policy
from contract.policy.problems import PolicyError, PolicyProblem, unique_in_order
from contract.policy.rules import (
    DEFAULT_ID,
    TeamsOf,
    declared_id,
    declared_parent,
    duplicate_team_problems,
    file_rules,
    team_clash_problems,
)
from contract.policy.schema import PolicyFile

__all__ = [
    "PolicyError",
    "PolicyProblem",
    "bundled_policies_dir",
    "check_policy_files",
    "load_policy",
    "load_policy_folder",
    "policy_from_dict",
]

_TOML_POSITION = re.compile(
    r"\s*\((?:at line (?P<line>\d+), column (?P<column>\d+)|at end of document)\)$"
)


@dataclass
class _ReadFile:
    """One file as read and validated on its own (before following ``extends``)."""

    path: Path
    text: str | None = None
    raw: dict[str, Any] = field(default_factory=dict)
    file: PolicyFile | None = None
    problems: list[PolicyProblem] = field(default_factory=list)

    @property
    def name(self) -> str:
        """The policy's id for messages about the chain; the file name when unreadable."""
        return declared_id(self.raw) or self.path.stem


def _identity(path: Path) -> Path:
    """One key per file however it is spelt (policies/x.toml, ./policies/x.toml)."""
    return path.resolve()


def _read(path: Path) -> _ReadFile:
    read = _ReadFile(path)
    try:
        # utf-8-sig: Windows editors may start the file with a byte order mark.
        read.text = path.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        read.problems.append(PolicyProblem(path, None, None, "file not found"))
        return read
    except IsADirectoryError:
        read.problems.append(
            PolicyProblem(path, None, None, "expected a policy file, found a folder")
        )
        return read
    except OSError as error:
        reason = error.strerror or str(error)
        read.problems.append(PolicyProblem(path, None, None, f"cannot read the file: {reason}"))
        return read
    except UnicodeDecodeError as error:
        read.problems.append(
            PolicyProblem(
                path,
                None,
                None,
                f"expected UTF-8 text, found byte {error.object[error.start]:#04x}",
            )
        )
        return read
    try:
        read.raw = tomllib.loads(read.text)
    except tomllib.TOMLDecodeError as error:
        read.problems.append(_syntax_problem(path, read.text, error))
        return read
    try:
        read.file = PolicyFile.model_validate(read.raw)
    except ValidationError as error:
        read.problems.extend(problems_from_validation(error, path, read.text))
    read.problems.extend(file_rules(path, read.text, read.raw))
    if read.file is not None and read.file.policy.id == DEFAULT_ID:
        # The root of every chain must set every key. (Another file with
        # extends = "" is already an error; listing all its keys would bury it.)
        read.problems.extend(completeness_problems(Layer(path, read.text, read.file)))
    read.problems.sort(key=lambda problem: problem.line or 0)
    return read


def _syntax_problem(path: Path, text: str, error: tomllib.TOMLDecodeError) -> PolicyProblem:
    # Python 3.11 to 3.13 give the position only inside the message.
    message = str(error)
    line: int | None = None
    column: int | None = None
    position = _TOML_POSITION.search(message)
    if position:
        message = message[: position.start()]
        if position["line"]:
            line, column = int(position["line"]), int(position["column"])
        else:
            line = max(len(text.splitlines()), 1)
    where = f" (column {column})" if column is not None else " (at the end of the file)"
    return PolicyProblem(path, line, None, f"invalid TOML: {message}{where}")


@dataclass(frozen=True)
class _Loaded:
    policy: Policy | None
    problems: list[PolicyProblem]


class _Loader:
    """Loads policies, reading each file once however many children extend it."""

    def __init__(self) -> None:
        self._read: dict[Path, _ReadFile] = {}

    def read(self, path: Path) -> _ReadFile:
        key = _identity(path)
        if key not in self._read:
            self._read[key] = _read(path)
        return self._read[key]

    def files_read_parents_first(self) -> list[_ReadFile]:
        """Every file read so far, each after the policies it extends."""
        files = list(self._read.values())
        return sorted(files, key=lambda read: len(self._chain(read.path)[0]))

    def _chain(self, path: Path) -> tuple[list[_ReadFile], list[PolicyProblem]]:
        """The file and its ancestors, child first, with the problems of the chain itself."""
        chain = [self.read(path)]
        seen = {_identity(path)}
        while (parent_id := declared_parent(chain[-1].raw)) is not None:
            child = chain[-1]
            parent_path = child.path.parent / f"{parent_id}.toml"
            if _identity(parent_path) in seen:
                names = " → ".join([chain[0].name, *(declared_parent(f.raw) or "" for f in chain)])
                return chain, [_extends_problem(chain[0], f"extends forms a cycle: {names}")]
            if not parent_path.exists():
                return chain, [
                    _extends_problem(
                        child,
                        f'expected the id of an existing policy, found "{parent_id}" '
                        f"(no file {parent_path})",
                    )
                ]
            seen.add(_identity(parent_path))
            chain.append(self.read(parent_path))
        return chain, []

    def load(self, path: Path) -> _Loaded:
        chain, chain_problems = self._chain(path)
        problems = [problem for read in chain for problem in read.problems] + chain_problems
        # Root first, so that a team id reused by a child is reported in the child.
        problems += team_clash_problems(_teams_of(chain[::-1]))
        if problems:
            return _Loaded(None, unique_in_order(problems))
        layers = [Layer(read.path, read.text, read.file) for read in chain if read.file]
        merged = merge(layers)
        problems = calendar_problems(layers, merged)
        if problems:
            return _Loaded(None, problems)
        return _Loaded(to_policy(merged, source=path), [])


def _extends_problem(read: _ReadFile, message: str) -> PolicyProblem:
    line = find_line(read.text, ("policy", "extends")) if read.text is not None else None
    return PolicyProblem(read.path, line, "policy.extends", message)


def _teams_of(files: Sequence[_ReadFile]) -> list[TeamsOf]:
    return [TeamsOf(read.path, read.text, read.raw) for read in files]


def load_policy(path: Path) -> Policy:
    """The policy in ``path``, merged with the policies it extends.

    Raises ``PolicyError`` with every problem of the file and its ancestors.
    """
    loaded = _Loader().load(path)
    if loaded.policy is None:
        raise PolicyError(loaded.problems)
    return loaded.policy


def _load_all(paths: Sequence[Path]) -> tuple[list[Policy], list[PolicyProblem]]:
    loader = _Loader()
    policies: list[Policy] = []
    problems: list[PolicyProblem] = []
    for path in paths:
        loaded = loader.load(path)
        problems += loaded.problems
        if loaded.policy is not None:
            policies.append(loaded.policy)
    # Every file read (those given and their ancestors) shares one team namespace.
    problems += team_clash_problems(_teams_of(loader.files_read_parents_first()))
    return policies, unique_in_order(problems)


def check_policy_files(paths: Sequence[Path]) -> list[PolicyProblem]:
    """Every problem of ``paths`` and the policies they extend; [] when all are valid.

    Team ids must be unique across all of them. A missing or unreadable file is
    a problem, not an exception.
    """
    return _load_all(paths)[1]


def load_policy_folder(folder: Path) -> dict[str, Policy]:
    """Every ``*.toml`` policy of ``folder``, by id; raises ``PolicyError`` with all problems."""
    if not folder.is_dir():
        raise PolicyError([PolicyProblem(folder, None, None, "expected a folder of policy files")])
    policies, problems = _load_all(sorted(folder.glob("*.toml")))
    if problems:
        raise PolicyError(problems)
    return {policy.id: policy for policy in policies}


def policy_from_dict(data: dict[str, Any], source: Path | None = None) -> Policy:
    """A validated policy from data that is already merged (every key set), e.g. received as JSON.

    ``extends`` is not followed; no file name is compared with the id.
    """
    where = source if source is not None else Path("<policy>")
    try:
        file = PolicyFile.model_validate(data)
    except ValidationError as error:
        raise PolicyError(problems_from_validation(error, where, None)) from None
    layer = Layer(where, None, file)
    problems = completeness_problems(layer)
    problems += duplicate_team_problems(TeamsOf(where, None, data))
    if not problems:
        problems = calendar_problems([layer], file)
    if problems:
        raise PolicyError(problems)
    return to_policy(file, source=source)


def bundled_policies_dir() -> Path:
    """The policies shipped with Répit.

    From a source checkout, the repository's ``policies/``; from an installed
    wheel, the copy packaged as ``contract/bundled_policies``.
    """
    package = Path(contract.__file__).parent
    checkout = package.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "policies").is_dir():
        return checkout / "policies"
    return package / "bundled_policies"
