"""The agent's log: dates, never times of day (AGENT.md "Local data").

A log line is written by whoever runs the agent (the session's journal, a
terminal), so it must not say when the person works. Our own messages carry
no time; APScheduler's do: a job's description ends with its next run time
("next run at: 2026-03-02 19:30:05 CET"), and it is logged when a job fails or
a run is missed after a suspend. Rather than trusting every library's wording,
the one handler redacts anything shaped like a time of day, traceback included.
"""

from __future__ import annotations

import logging
import re
from typing import TextIO

# Any digits:digits, not only a well-formed "HH:MM": "2026-03-02T19:30:05" has
# no word boundary before the hour, and a port number is a small loss.
TIME_OF_DAY = re.compile(r"\d+(?::\d+)+(?:[.,]\d+)?")
REDACTED = "hh:mm"
FORMAT = "%(asctime)s %(name)s: %(message)s"
DATE_ONLY = "%Y-%m-%d"


class WithoutTimeOfDay(logging.Formatter):
    """The day in front of each line; every time of day in the line replaced."""

    def __init__(self) -> None:
        super().__init__(FORMAT, datefmt=DATE_ONLY)

    def format(self, record: logging.LogRecord) -> str:
        return TIME_OF_DAY.sub(REDACTED, super().format(record))


def configure_logging(stream: TextIO | None = None) -> logging.Handler:
    """Log INFO and above to ``stream`` (standard error) without times of day."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(WithoutTimeOfDay())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    # APScheduler logs every run of every job with its time; its warnings
    # and errors still matter, and go through the redacting handler.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    return handler
