"""What is released of the tool answers: the seam between the recueil and the transport.

The tool answers travel as split reports (SPLIT.md); once their collection
and release exist, a department's month of answers for a tool is released or
held back under the release rules like any other batch. The recueil and the
impact study ask only these two questions, through ``ToolReleases``; until
the transport lands, the server answers with ``NothingReleasedYet`` (nothing
is released, so no proposal is published), and tests pass their own double.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from fastapi import Request


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


def tool_releases(request: Request) -> ToolReleases:
    """The server's release state of tool answers: ``app.state.tool_releases`` when set
    (the transport, or a test's double), else ``NothingReleasedYet``."""
    found: ToolReleases | None = getattr(request.app.state, "tool_releases", None)
    return found if found is not None else NothingReleasedYet()
