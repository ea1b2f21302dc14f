"""From validated files to one ``Policy``: merge along ``extends``, then convert.

The chain is given child first (dnum.toml, default.toml). Each file has been
validated on its own, so every value is well-formed and every error about it
was reported in the file that wrote it; what is left here is what only the
merged result shows (a subdivision that does not belong to an inherited
country) and the conversion to the core's frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from contract.policy import model
from contract.policy.formats import subdivision_problem
from contract.policy.messages import missing_key_problem, problem_at
from contract.policy.problems import PolicyProblem
from contract.policy.schema import INHERITED_TABLES, PolicyFile, Table, missing_keys

_Table = TypeVar("_Table", bound=Table)
_T = TypeVar("_T")


@dataclass(frozen=True)
class Layer:
    """One validated file of an ``extends`` chain, with what is needed to point into it."""

    path: Path
    text: str | None
    file: PolicyFile


def _merge_table(parent: _Table | None, child: _Table | None) -> _Table | None:
    if child is None:
        return parent
    if parent is None:
        return child
    # model_fields_set holds the keys the child's file actually wrote.
    return parent.model_copy(update={key: getattr(child, key) for key in child.model_fields_set})


def merge(layers: Sequence[Layer]) -> PolicyFile:
    """The child's file with every table completed from its ancestors, key by key."""
    merged = layers[-1].file
    for layer in reversed(layers[:-1]):
        child = layer.file
        update: dict[str, Any] = {
            name: _merge_table(getattr(merged, name), getattr(child, name))
            for name in INHERITED_TABLES
        }
        # id, name and extends are required in every file, so the child's win;
        # timezone and language are inherited like any other key.
        update["policy"] = _merge_table(merged.policy, child.policy)
        # Teams belong to the file that lists them: inheriting them would put
        # the same team in two departments.
        update["teams"] = child.teams
        # A department's tools usually hold for the policies extending it.
        update["tools"] = child.tools if child.tools is not None else merged.tools
        merged = child.model_copy(update=update)
    return merged


def _setter(layers: Sequence[Layer], table: str, key: str) -> Layer | None:
    """The file, child first, that writes ``table.key``."""
    for layer in layers:
        section = getattr(layer.file, table)
        if section is not None and key in section.model_fields_set:
            return layer
    return None


def calendar_problems(layers: Sequence[Layer], merged: PolicyFile) -> list[PolicyProblem]:
    """A subdivision must belong to the country, which another file may have set."""
    calendar = merged.calendar
    if calendar is None or calendar.country is None or calendar.subdivision is None:
        return []
    why = subdivision_problem(calendar.country, calendar.subdivision)
    country_layer = _setter(layers, "calendar", "country")
    subdivision_layer = _setter(layers, "calendar", "subdivision")
    if why is None or country_layer is None or subdivision_layer is None:
        return []
    # Report where the mismatch was introduced: the more derived of the two files.
    if layers.index(subdivision_layer) <= layers.index(country_layer):
        return [
            problem_at(
                subdivision_layer.path, subdivision_layer.text, ("calendar", "subdivision"), why
            )
        ]
    return [
        problem_at(
            country_layer.path,
            country_layer.text,
            ("calendar", "country"),
            f"{why} (the subdivision is inherited from {subdivision_layer.path}; "
            "set calendar.subdivision here too)",
        )
    ]


def completeness_problems(layer: Layer) -> list[PolicyProblem]:
    """The root of every chain (default.toml) must set every key."""
    return [missing_key_problem(layer.path, layer.text, key) for key in missing_keys(layer.file)]


def _present(value: _T | None) -> _T:
    # Guaranteed by completeness_problems on the root file; a None here is a bug.
    if value is None:
        raise AssertionError("a policy key is unset after merging with default.toml")
    return value


def _values(table: Table | None) -> dict[str, Any]:
    present = _present(table)
    return {key: _present(getattr(present, key)) for key in type(present).model_fields}


def to_policy(merged: PolicyFile, source: Path | None) -> model.Policy:
    """The core's frozen ``Policy`` from a complete, merged file."""
    calendar = _present(merged.calendar)
    hours = _present(merged.hours)
    default_windows = _present(hours.default)
    return model.Policy(
        id=merged.policy.id,
        name=merged.policy.name,
        extends=merged.policy.extends,
        timezone=_present(merged.policy.timezone),
        language=_present(merged.policy.language),
        calendar=model.Calendar(
            country=_present(calendar.country),
            subdivision=_present(calendar.subdivision),
            working_days=frozenset(
                model.WEEKDAYS.index(day) for day in _present(calendar.working_days)
            ),
            closed_dates=frozenset(_present(calendar.closed_dates)),
        ),
        hours=model.Hours(
            by_weekday=tuple(
                tuple(hours.for_weekday(weekday) or default_windows) for weekday in model.WEEKDAYS
            ),
            night=_present(hours.night),
        ),
        activity=model.Activity(**_values(merged.activity)),
        breaks=model.Breaks(**_values(merged.breaks)),
        disconnect=model.Disconnect(**_values(merged.disconnect)),
        short_rest=model.ShortRest(**_values(merged.short_rest)),
        daily_limit=model.DailyLimit(**_values(merged.daily_limit)),
        reminders=model.Reminders(**_values(merged.reminders)),
        privacy=model.Privacy(**_values(merged.privacy)),
        teams=tuple(
            model.Team(id=team.id, name=team.name, headcount=team.headcount)
            for team in merged.teams or ()
        ),
        tools=tuple(model.Tool(id=tool.id, name=tool.name) for tool in merged.tools or ()),
        source=source,
    )
