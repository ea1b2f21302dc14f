"""Pydantic's errors, reworded for the people who write policy files.

Pydantic says "Input should be less than or equal to 240"; a policy author
needs "breaks.every_minutes: expected an integer from 10 to 240, found 500",
with the file and line. Our own parsers already speak that way
(``POLICY_VALUE_ERROR``); the built-in errors (types, ranges, missing and
unknown keys) are rebuilt here from the field's description.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from contract.policy.formats import describe
from contract.policy.lines import Location, find_line
from contract.policy.problems import PolicyProblem
from contract.policy.schema import POLICY_VALUE_ERROR, PolicyFile


def dotted_key(location: Location) -> str:
    """("teams", 2, "id") -> "teams[2].id"; ("hours", "fri", 1) -> "hours.fri[1]"."""
    key = ""
    for part in location:
        key += f"[{part}]" if isinstance(part, int) else (f".{part}" if key else part)
    return key


def table_label(location: Location) -> str:
    """How a table is written in the file: [breaks], [[teams]]."""
    names = [part for part in location if isinstance(part, str)]
    is_array_item = bool(location) and isinstance(location[-1], int)
    name = ".".join(names)
    return f"[[{name}]]" if is_array_item else f"[{name}]"


def _model_class(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside ``annotation`` (``X | None``, ``list[X]``), if any."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is not None:
        for argument in typing.get_args(annotation):
            found = _model_class(argument)
            if found is not None:
                return found
    return None


def _model_at(location: Location) -> type[BaseModel] | None:
    """The model that validates the table at ``location`` (() is the whole file)."""
    model: type[BaseModel] | None = PolicyFile
    for part in location:
        if isinstance(part, int):
            continue
        if model is None or part not in model.model_fields:
            return None
        model = _model_class(model.model_fields[part].annotation)
    return model


def _description(location: Location) -> str | None:
    """The "expected …" text of the key at ``location`` (list indexes refer to the list's key)."""
    names = list(location)
    while names and isinstance(names[-1], int):
        names.pop()
    if not names:
        return None
    model = _model_at(names[:-1])
    name = names[-1]
    if model is None or not isinstance(name, str) or name not in model.model_fields:
        return None
    return model.model_fields[name].description


def _unknown_key(location: Location, found: object) -> str:
    parent = location[:-1]
    name = str(location[-1])
    model = _model_at(parent)
    allowed = list(model.model_fields) if model else []
    if not parent:
        kind = (
            f"unknown table [{name}]"
            if isinstance(found, dict)
            else f"unknown key `{name}` at the top of the file"
        )
        allowed_text = ", ".join(
            f"[[{key}]]" if key in ("teams", "tools") else f"[{key}]" for key in allowed
        )
    else:
        kind = f"unknown key `{name}` in {table_label(parent)}"
        allowed_text = ", ".join(allowed)
    close = difflib.get_close_matches(name, allowed, n=1)
    suggestion = f", did you mean `{close[0]}`?" if close else ""
    return f"{kind}{suggestion} (expected one of: {allowed_text})"


def _missing(location: Location, description: str | None) -> str:
    expected = f" (expected {description})" if description else ""
    if len(location) == 1:
        return f"missing table [{location[0]}]{expected}"
    return f"missing key `{location[-1]}` in {table_label(location[:-1])}{expected}"


def _message(error: ErrorDetails) -> str:
    location = error["loc"]
    kind = error["type"]
    found = error.get("input")
    if kind == POLICY_VALUE_ERROR:
        return error["msg"]
    if kind == "extra_forbidden":
        return _unknown_key(location, found)
    if kind == "missing":
        return _missing(location, _description(location))
    description = _description(location)
    if kind == "model_type" and isinstance(location[-1], int):
        # An entry of teams = [...] that is not a table.
        description = f"a {table_label(location)} table"
    if kind == "too_long" and isinstance(found, list | tuple):
        return f"expected {description}, found a list of {len(found)} items"
    if description is None:  # not expected: every field has a description
        return f"{error['msg']}, found {describe(found)}"
    return f"expected {description}, found {describe(found)}"


def problems_from_validation(
    error: ValidationError, file: Path, text: str | None
) -> list[PolicyProblem]:
    return [problem_at(file, text, detail["loc"], _message(detail)) for detail in error.errors()]


def problem_at(
    file: Path, text: str | None, location: Sequence[str | int], message: str
) -> PolicyProblem:
    """A problem about the key at ``location``, with the line where the file writes it."""
    line = find_line(text, location) if text is not None else None
    return PolicyProblem(file, line, dotted_key(location) or None, message)


def missing_key_problem(file: Path, text: str | None, location: tuple[str, ...]) -> PolicyProblem:
    return problem_at(file, text, location, _missing(location, _description(location)))
