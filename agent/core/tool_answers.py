"""A person's monthly answers about their tools (TOOLS.md).

An answer is, for one tool and one month, either "not used" or a satisfaction
(1 très insatisfait … 5 très satisfait) with an effect on the workload. At most
one answer per tool per month counts: the store keeps the last one given
within the month (``agent.tools.storage``); ``agent.tools.contribution`` turns
a completed month's answers into the ``tools`` contribution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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


@dataclass(frozen=True, slots=True)
class ToolChange:
    """A proposal the department's readers took into account, with their answer."""

    tool: str
    proposal: str
    answer: str
