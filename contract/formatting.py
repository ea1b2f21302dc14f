"""How both programs write a figure for people: the one duration format.

The agent's report and the aggregator's reports show the same durations the
same way, so the format lives in the contract rather than in either program.
"""

from __future__ import annotations

NBSP = "\u00a0"  # French typography: a unit never starts a line


def format_duration(minutes: int) -> str:
    """Minutes as ``"7 h 05 min"`` (``"45 min"`` under an hour), with non-breaking spaces."""
    if minutes < 60:
        return f"{minutes}{NBSP}min"
    hours, rest = divmod(minutes, 60)
    return f"{hours}{NBSP}h{NBSP}{rest:02d}{NBSP}min"
