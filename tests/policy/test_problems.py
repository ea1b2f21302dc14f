"""How a problem reads: "file:line: key: message", parts left out when unknown."""

from __future__ import annotations

from pathlib import Path

from contract.policy.problems import PolicyError, PolicyProblem


def test_problem_with_line_and_key() -> None:
    problem = PolicyProblem(
        Path("policies/x.toml"),
        23,
        "breaks.every_minutes",
        "expected an integer from 10 to 240, found 500",
    )
    assert str(problem) == (
        "policies/x.toml:23: breaks.every_minutes: expected an integer from 10 to 240, found 500"
    )


def test_problem_without_line_or_key() -> None:
    assert (
        str(PolicyProblem(Path("x.toml"), None, None, "file not found")) == "x.toml: file not found"
    )
    assert str(PolicyProblem(Path("x.toml"), None, "calendar", "m")) == "x.toml: calendar: m"
    assert str(PolicyProblem(Path("x.toml"), 3, None, "m")) == "x.toml:3: m"


def test_policy_error_joins_its_problems() -> None:
    problems = [
        PolicyProblem(Path("a.toml"), 1, None, "one"),
        PolicyProblem(Path("b.toml"), None, "k", "two"),
    ]
    error = PolicyError(problems)
    assert error.problems == problems
    assert str(error) == "a.toml:1: one\nb.toml: k: two"
