"""Benchmark: what a hostile aggregator costs the agent (issue 10, item 9).

Against the loopback servers of ``tests/agent/hostile.py`` it calls the
agent's HTTP layer (``agent.bounded_http.call``, as uploads and policy fetches
do) and prints, for each attack, what it cost:

* a gzip bomb (``--bomb-mb`` of zeros, about a thousandth of that on the wire):
  the growth of this process's peak RSS, and with ``--compare-httpx`` what a
  plain ``httpx.get`` costs for the same answer;
* an endless answer without a length: peak RSS growth and where it was cut;
* one byte every ``--drip-seconds``: how long the call took against its total
  deadline (``--total-seconds``).

Loopback only, stops by itself; exit status 0 whatever the figures.

    .venv/bin/python bench/agent_hostile.py [--bomb-mb 500] [--compare-httpx]
"""

from __future__ import annotations

import argparse
import resource
import time

from agent.bounded_http import NetworkProblem, call
from agent.net_limits import Limits
from tests.agent.hostile import HostileServer, dripping, endless, gzip_bomb, sending

MB = 1024 * 1024


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def attempt(url: str, limits: Limits) -> str:
    try:
        answer = call("GET", f"{url}/api/v1/policy", limits=limits)
    except NetworkProblem as problem:
        return f"refused: {problem}"
    return f"accepted ({len(answer.body)} bytes)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bomb-mb", type=int, default=500)
    parser.add_argument("--drip-seconds", type=float, default=2.0)
    parser.add_argument("--total-seconds", type=float, default=6.0)
    parser.add_argument("--compare-httpx", action="store_true")
    options = parser.parse_args()
    limits = Limits(total_seconds=options.total_seconds)

    bomb = gzip_bomb(options.bomb_mb * MB)
    print(f"gzip bomb: {len(bomb) / 1024:.0f} KiB on the wire, {options.bomb_mb} MB inflated")
    with HostileServer(sending(bomb, headers={"Content-Encoding": "gzip"})).running() as server:
        before = peak_rss_mb()
        outcome = attempt(server.url, limits)
        print(f"  agent: {outcome}; peak RSS +{peak_rss_mb() - before:.1f} MB")

    print("endless answer: chunked, no length")
    with HostileServer(endless(chunked=True)).running() as server:
        before = peak_rss_mb()
        outcome = attempt(server.url, limits)
        print(f"  agent: {outcome}; peak RSS +{peak_rss_mb() - before:.1f} MB")

    print(f"one byte every {options.drip_seconds:g} s (total deadline {limits.total_seconds:g} s)")
    with HostileServer(dripping(options.drip_seconds)).running() as server:
        began = time.monotonic()
        outcome = attempt(server.url, limits)
        print(f"  agent: {outcome}; after {time.monotonic() - began:.1f} s")

    if options.compare_httpx:  # last: it raises the peak for good
        import httpx

        with HostileServer(sending(bomb, headers={"Content-Encoding": "gzip"})).running() as server:
            before = peak_rss_mb()
            httpx.get(f"{server.url}/api/v1/policy", timeout=60)
            print(f"the same gzip bomb, plain httpx.get: peak RSS +{peak_rss_mb() - before:.1f} MB")


if __name__ == "__main__":
    main()
