"""What is released of the tool answers: the seam between the recueil and the transport.

The tool answers travel as split reports (SPLIT.md) of kind ``tools``; a
department's month of answers is released or held back under the release
rules like any other batch (``aggregator.tool_collection``). The recueil and
the impact study ask only these two questions, through ``ToolReleases``:
``StoredToolReleases`` reads the leader's release records; a server without
them (a helper, a test) answers with ``NothingReleasedYet``, and tests may
pass their own double.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request

from aggregator.storage import Storage, tool_sums
from contract.prio3.repit import TOOL_NOT_USED, TOOL_SATISFACTION, TOOL_WORKLOAD, tool_field


@dataclass(frozen=True)
class ToolFigures:
    """A group-month of answers for one tool, as released: counts per slot of the layout."""

    answers: int
    """The devices that answered (rated the tool or said they do not use it)."""
    counts: Mapping[str, int]
    """``satisfaction_1`` … ``satisfaction_5``, ``workload_*``, ``not_used``."""

    def mean_satisfaction(self) -> float | None:
        rated = sum(self.counts.get(f"satisfaction_{level}", 0) for level in range(1, 6))
        if rated == 0:
            return None
        total = sum(level * self.counts.get(f"satisfaction_{level}", 0) for level in range(1, 6))
        return total / rated

    def heavier_share(self) -> float | None:
        rated = sum(
            self.counts.get(w, 0) for w in ("workload_lighter", "workload_same", "workload_heavier")
        )
        return None if rated == 0 else self.counts.get("workload_heavier", 0) / rated


class ToolReleases(Protocol):
    def released(self, department: str, tool: str, month: str) -> bool:
        """Whether ``department``'s answers about ``tool`` for ``month`` are released."""
        ...

    def figures(self, group: str, tool: str, month: str) -> ToolFigures | None:
        """The released answers of ``group`` (department or team), None when not released."""
        ...


class NothingReleasedYet:
    """The release state before the tools transport exists: nothing is released."""

    def released(self, department: str, tool: str, month: str) -> bool:
        return False

    def figures(self, group: str, tool: str, month: str) -> ToolFigures | None:
        return None


class StoredToolReleases:
    """The leader's released tools sums (``aggregator.storage.tool_sums``)."""

    def __init__(self, storage: Storage) -> None:
        self.storage = storage

    def released(self, department: str, tool: str, month: str) -> bool:
        """Released once the department's total of the month is, with ``tool`` in its list."""
        return self.figures(department, tool, month) is not None

    def figures(self, group: str, tool: str, month: str) -> ToolFigures | None:
        with self.storage.read() as db:
            found = tool_sums.released_sums(db, group, month)
        if found is None:
            return None
        _, sums = found
        slots = (*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED)
        if tool_field(tool, TOOL_NOT_USED) not in sums:
            return None  # not in the month's tool list
        counts = {slot: sums.get(tool_field(tool, slot), 0) for slot in slots}
        answers = sum(counts[s] for s in TOOL_SATISFACTION) + counts[TOOL_NOT_USED]
        return ToolFigures(answers, counts)


def tool_releases(request: Request) -> ToolReleases:
    """The server's release state of tool answers: ``app.state.tool_releases`` when set
    (the leader's records, or a test's double), else ``NothingReleasedYet``."""
    found: ToolReleases | None = getattr(request.app.state, "tool_releases", None)
    return found if found is not None else NothingReleasedYet()
