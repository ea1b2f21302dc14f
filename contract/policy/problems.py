"""What the loader reports: one problem per thing wrong, all of them at once.

A policy is written by hand by people who are not programmers; each problem
says where (file, line, dotted key) and what was expected and found, so that
it can be fixed without reading the code.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class PolicyProblem:
    """One thing wrong in one policy file.

    ``key`` is dotted (``breaks.every_minutes``, ``hours.fri[1]``,
    ``teams[2].id``, list indexes from 0); ``line`` is 1-based, None when the
    problem has no line (a missing file, a missing table).
    """

    file: Path
    line: int | None
    key: str | None
    message: str

    def __str__(self) -> str:
        where = str(self.file) if self.line is None else f"{self.file}:{self.line}"
        what = self.message if self.key is None else f"{self.key}: {self.message}"
        return f"{where}: {what}"


class PolicyError(Exception):
    """A policy (or a set of policies) could not be loaded; ``problems`` says why."""

    def __init__(self, problems: Iterable[PolicyProblem]) -> None:
        self.problems: list[PolicyProblem] = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def unique_in_order(problems: Iterable[PolicyProblem]) -> list[PolicyProblem]:
    """Drop repeats: a parent's problem is found again through each child."""
    return list(dict.fromkeys(problems))
