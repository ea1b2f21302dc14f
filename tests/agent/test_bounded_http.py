"""``agent.bounded_http``'s own transport, on httpcore's public API, over real loopback sockets.

The hostile cases (dripping, bombs, endless answers) are in
``test_hostile_aggregator``; these check that an ordinary answer comes back
whole, and that httpcore's errors reach the caller as the named problem.
"""

from __future__ import annotations

import httpx
import pytest

from agent.bounded_http import Limits, NetworkProblem, _DeadlineTransport, call
from tests.agent.hostile import HostileServer, sending
from tests.aggregator.server import free_port

LIMITS = Limits(connect_seconds=5, read_seconds=5, total_seconds=10)


def test_an_ordinary_answer_comes_back_whole_in_pieces_and_chunks() -> None:
    body = b'{"pieces": "' + b"x" * 50_000 + b'"}'
    for headers in ({}, {"Transfer-Encoding": "chunked"}):
        with HostileServer(sending(body, status="201 Created", headers=headers)).running() as s:
            answer = call("POST", f"{s.url}/api/v1/enroll", limits=LIMITS, content=b"{}")
        assert answer.status == 201
        assert answer.json() == {"pieces": "x" * 50_000}


def test_a_closed_port_is_named_unreachable() -> None:
    with pytest.raises(NetworkProblem, match=r"unreachable \(ConnectError\)"):
        call("GET", f"http://127.0.0.1:{free_port()}/healthz", limits=LIMITS)


def test_the_transport_is_httpxs_public_base_not_its_pool() -> None:
    """No private attribute of httpx's own transport is swapped (issue 10/11)."""
    assert not issubclass(_DeadlineTransport, httpx.HTTPTransport)
    assert issubclass(_DeadlineTransport, httpx.BaseTransport)
