"""Trace files (MEASURES.md §2): CSV with header ``time,event``, one event a line.

Parsing is strict because a trace is evidence: an unsorted line, an unknown
kind, a bad timestamp or a missing header stops everything with the line
number, and nothing is half-computed.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from typing import Final

from agent.core.events import Event, EventKind

HEADER = "time,event"
_KINDS = {kind.value: kind for kind in EventKind}


ENGLISH: Final[Mapping[str, str]] = {
    "header": f"expected the header `{HEADER}`, found `{{found}}`",
    "empty": f"empty trace: expected the header `{HEADER}`",
    "fields": "expected two fields `time,event`, found {count}: `{found}`",
    "event": "unknown event `{event}`, expected one of: {known}",
    "order": "line out of order: {time} is earlier than the line before ({before})",
    "time": "bad time `{time}`, expected ISO 8601 like 2026-03-30T08:00:00+02:00",
    "offset": "time `{time}` has no UTC offset, expected one like +02:00 or Z",
}
"""What is wrong with a trace, in English; ``agent.texts.errors`` words it in French."""


class TraceError(ValueError):
    """What is wrong (``problem``, a key of ``ENGLISH``, filled in with ``values``) and where."""

    def __init__(self, source: str, line: int | None, problem: str, **values: object) -> None:
        self.source = source
        self.line = line
        self.problem = problem
        self.values = values
        self.message = ENGLISH[problem].format(**values)
        super().__init__(f"{self.where}: {self.message}")

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}" if self.line is not None else self.source


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
            raise TraceError(source, number, "header", found=line[:60])
        header_seen = True
        break
    if not header_seen:
        raise TraceError(source, None, "empty")

    previous: int | None = None
    previous_text = ""
    for number, raw in numbered:
        line = raw.strip()
        if not line:
            continue
        parts = line.split(",")
        if len(parts) != 2:
            raise TraceError(source, number, "fields", count=len(parts), found=line[:60])
        time_text, kind_text = parts[0].strip(), parts[1].strip()
        kind = _KINDS.get(kind_text)
        if kind is None:
            raise TraceError(source, number, "event", event=kind_text, known=", ".join(_KINDS))
        instant = _instant(time_text, source, number)
        if previous is not None and instant < previous:
            raise TraceError(source, number, "order", time=time_text, before=previous_text)
        previous, previous_text = instant, time_text
        yield Event(instant, kind)


def _instant(text: str, source: str, number: int) -> int:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise TraceError(source, number, "time", time=text) from None
    if moment.tzinfo is None:
        raise TraceError(source, number, "offset", time=text)
    seconds = moment.timestamp()
    return int(seconds // 1)
