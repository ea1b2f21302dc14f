"""Trace files (MEASURES.md §2): CSV with header ``time,event``, one event a line.

Parsing is strict because a trace is evidence: an unsorted line, an unknown
kind, a bad timestamp or a missing header stops everything with the line
number, and nothing is half-computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime

from agent.core.events import Event, EventKind

HEADER = "time,event"
_KINDS = {kind.value: kind for kind in EventKind}


class TraceError(ValueError):
    def __init__(self, source: str, line: int | None, message: str) -> None:
        self.source = source
        self.line = line
        self.message = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")


def parse_trace(lines: Iterable[str], source: str = "<trace>") -> Iterator[Event]:
    """Yield the events of a trace, checking each line as it comes.

    Times may carry fractions of a second; they are floored to the second,
    the resolution of every figure and reminder.
    """
    numbered = enumerate(lines, start=1)
    header_seen = False
    for number, raw in numbered:
        line = raw.strip().lstrip("\ufeff")
        if not line:
            continue
        if line.replace(" ", "") != HEADER:
            raise TraceError(source, number, f"expected the header `{HEADER}`, found `{line[:60]}`")
        header_seen = True
        break
    if not header_seen:
        raise TraceError(source, None, f"empty trace: expected the header `{HEADER}`")

    previous: int | None = None
    previous_text = ""
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            continue
        parts = line.split(",")
        if len(parts) != 2:
            raise TraceError(
                source,
                number,
                f"expected two fields `time,event`, found {len(parts)}: `{line[:60]}`",
            )
        time_text, kind_text = parts[0].strip(), parts[1].strip()
        kind = _KINDS.get(kind_text)
        if kind is None:
            raise TraceError(
                source,
                number,
                f"unknown event `{kind_text}`, expected one of: {', '.join(_KINDS)}",
            )
        instant = _instant(time_text, source, number)
        if previous is not None and instant < previous:
            raise TraceError(
                source,
                number,
                f"line out of order: {time_text} is earlier than the line before ({previous_text})",
            )
        previous, previous_text = instant, time_text
        yield Event(instant, kind)


def _instant(text: str, source: str, number: int) -> int:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TraceError(
            source, number, f"bad time `{text}`, expected ISO 8601 like 2026-03-30T08:00:00+02:00"
        ) from None
    if moment.tzinfo is None:
        raise TraceError(
            source, number, f"time `{text}` has no UTC offset, expected one like +02:00 or Z"
        )
    seconds = moment.timestamp()
    return int(seconds // 1)
