"""A person's monthly answers about their tools, and the contribution they make (TOOLS.md).

An answer is, for one tool and one month, either "not used" or a satisfaction
(1 très insatisfait … 5 très satisfait) with an effect on the workload. At most
one answer per tool per month counts: the store keeps the last one given
within the month. Once the month is over, its answers become one contribution
of kind ``tools``, laid out by ``contract.prio3.repit.tools_layout`` over the
department's tools: one-hot counts per tool, all zeros for a tool not rated.
This module is the seam the transport reads from: ``completed_month_values``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from contract.prio3.repit import TOOL_NOT_USED, tool_field, tools_layout

SATISFACTION_LEVELS = range(1, 6)


class Workload(StrEnum):
    """The effect of the tool on the person's workload, as the layout names it."""

    LIGHTER = "workload_lighter"
    SAME = "workload_same"
    HEAVIER = "workload_heavier"


@dataclass(frozen=True, slots=True)
class Rating:
    satisfaction: int
    workload: Workload

    def __post_init__(self) -> None:
        if self.satisfaction not in SATISFACTION_LEVELS:
            raise ValueError(f"satisfaction: expected 1..5, found {self.satisfaction}")


NOT_USED = "not_used"
Answer = Rating | str
"""A ``Rating``, or ``NOT_USED``."""


@dataclass(frozen=True, slots=True)
class ToolAnswer:
    month: str  # YYYY-MM, the local month the answer was given in
    tool: str
    answer: Answer


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def answer_values(tool_ids: Sequence[str], answers: Mapping[str, Answer]) -> dict[str, int]:
    """One month's contribution: every field of ``tools_layout(tool_ids)``, in order.

    Answers about tools the department no longer lists are left out: the layout
    is the department's, and a field it lacks would be refused.
    """
    values = {field.name: 0 for field in tools_layout(tool_ids).fields}
    for tool in tool_ids:
        answer = answers.get(tool)
        if answer is None:
            continue
        if isinstance(answer, Rating):
            values[tool_field(tool, f"satisfaction_{answer.satisfaction}")] = 1
            values[tool_field(tool, answer.workload.value)] = 1
        else:
            values[tool_field(tool, TOOL_NOT_USED)] = 1
    return values


def completed_month_values(
    answers: Iterable[ToolAnswer], tool_ids: Sequence[str], today: date
) -> dict[str, dict[str, int]]:
    """For each month before ``today``'s with an answer about one of ``tool_ids``, its
    contribution values. The current month is left out: answers may still change."""
    current = month_of(today)
    by_month: dict[str, dict[str, Answer]] = {}
    listed = set(tool_ids)
    for answer in answers:
        if answer.month < current and answer.tool in listed:
            by_month.setdefault(answer.month, {})[answer.tool] = answer.answer
    return {month: answer_values(tool_ids, given) for month, given in sorted(by_month.items())}
