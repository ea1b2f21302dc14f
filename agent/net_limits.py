"""What bounds a call to the aggregator, without loading httpx (``agent.bounded_http``
makes the calls; an agent that never uploads need not import it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    connect_seconds: float = 10.0
    read_seconds: float = 20.0
    """The longest silence between two pieces of the answer."""
    total_seconds: float = 60.0
    """The whole call, from connecting to the last byte."""
    max_response_bytes: int = 64 * 1024


DEFAULT_LIMITS = Limits()


class NetworkProblem(Exception):
    """The call failed or was given up; the message says why (never the answer's text)."""
