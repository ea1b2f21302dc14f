"""Benchmark: Prio3 for Répit's day report, and Prio3SumVec for comparison.

On one core (this process, single-threaded), for each circuit:

- the client's time to shard one report (encode, shares, joint randomness, proof);
- each server's time to prepare and aggregate one report, from the bytes it
  receives to its aggregate share: decoding the input share, ``verify_init``,
  for the leader also combining both verifier shares into the verifier message
  (the decision), ``verify_next`` and adding the output share;
- the bytes of a report: public share + leader share + helper share (the helper's
  HPKE encryption adds its own overhead on top, not counted here).

Targets for the day report: shard < 20 ms, >= 500 reports/s per server,
< 4 KiB. Prio3SumVec runs with the parameters of the draft's test vectors
(``length`` 10, ``max_measurement`` 255, ``chunk_length`` 9) and a larger vector.

    .venv/bin/python bench/prio3.py [--reports N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from contract import contribution  # noqa: E402
from contract.prio3.instances import prio3_sum_vec  # noqa: E402
from contract.prio3.repit import REPIT_DAY, day_layout, prio3_contribution  # noqa: E402
from contract.prio3.vdaf import Prio3  # noqa: E402

CTX = b"repit bench"
SHARD_TARGET_MS = 20.0
SERVER_TARGET_PER_SECOND = 500.0
SIZE_TARGET_BYTES = 4096


def day_values() -> dict[str, int]:
    """A busy active day: every counter at a high value, one hour bucket set."""
    values = {f.name: f.high for f in contribution.DAY_FIELDS}
    values.update({f"hours_{n}": 0 for n in range(contribution.HOURS_BUCKETS)})
    values.update(active_day=1, hours_8=1, active_minutes=8 * 60 + 20)
    return values


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def run(name: str, vdaf: Prio3[Any, Any], measurement: Any, reports: int) -> dict[str, float]:
    verify_key = os.urandom(vdaf.VERIFY_KEY_SIZE)
    shard_times: list[float] = []
    wire: list[tuple[bytes, bytes, bytes, bytes]] = []
    for _ in range(reports):
        nonce, rand = os.urandom(vdaf.NONCE_SIZE), os.urandom(vdaf.RAND_SIZE)
        start = time.perf_counter()
        public_share, (leader, helper) = vdaf.shard(CTX, measurement, nonce, rand)
        shard_times.append(time.perf_counter() - start)
        wire.append(
            (
                nonce,
                vdaf.encode_public_share(public_share),
                vdaf.encode_input_share(leader),
                vdaf.encode_input_share(helper),
            )
        )

    # Each server's verifier share of every report, for the other side's step.
    def init(agg_id: int, report: tuple[bytes, bytes, bytes, bytes]) -> Any:
        nonce, public, leader_bytes, helper_bytes = report
        share_bytes = leader_bytes if agg_id == 0 else helper_bytes
        return vdaf.verify_init(
            verify_key,
            CTX,
            agg_id,
            nonce,
            vdaf.decode_public_share(public),
            vdaf.decode_input_share(agg_id, share_bytes),
        )

    helper_shares = [vdaf.encode_verifier_share(init(1, r)[1]) for r in wire]

    def leader_pass() -> None:
        agg = vdaf.agg_init()
        for report, helper_share in zip(wire, helper_shares, strict=True):
            state, own = init(0, report)
            message = vdaf.verifier_shares_to_message(
                CTX, [own, vdaf.decode_verifier_share(helper_share)]
            )
            agg = vdaf.agg_update(agg, vdaf.verify_next(CTX, state, message))

    # The verifier messages the leader sends the helper (untimed here).
    messages = [vdaf.encode_verifier_message(m) for m in _messages(vdaf, wire, init)]

    def helper_pass() -> None:
        agg = vdaf.agg_init()
        for report, message in zip(wire, messages, strict=True):
            state, _ = init(1, report)
            out = vdaf.verify_next(CTX, state, vdaf.decode_verifier_message(message))
            agg = vdaf.agg_update(agg, out)

    leader_s = _timed(leader_pass) / reports
    helper_s = _timed(helper_pass) / reports
    size = sum(len(part) for part in wire[0][1:])
    figures = {
        "shard_ms": median_ms(shard_times),
        "leader_ms": leader_s * 1000,
        "helper_ms": helper_s * 1000,
        "leader_per_s": 1 / leader_s,
        "helper_per_s": 1 / helper_s,
        "bytes": size,
    }
    public_bytes, leader_bytes, helper_bytes = (len(part) for part in wire[0][1:])
    print(f"{name}  ({reports} reports, one core)")
    print(f"  shard (client):              {figures['shard_ms']:7.2f} ms median")
    print(
        f"  leader prepare + aggregate:  {figures['leader_ms']:7.2f} ms/report"
        f"  = {figures['leader_per_s']:6.0f} reports/s"
    )
    print(
        f"  helper prepare + aggregate:  {figures['helper_ms']:7.2f} ms/report"
        f"  = {figures['helper_per_s']:6.0f} reports/s"
    )
    print(
        f"  report:                      {size:7d} bytes"
        f" (public {public_bytes} + leader {leader_bytes} + helper {helper_bytes})"
    )
    return figures


def _messages(
    vdaf: Prio3[Any, Any],
    wire: list[tuple[bytes, bytes, bytes, bytes]],
    init: Callable[[int, tuple[bytes, bytes, bytes, bytes]], Any],
) -> list[Any]:
    return [vdaf.verifier_shares_to_message(CTX, [init(0, r)[1], init(1, r)[1]]) for r in wire]


def _timed(work: Callable[[], object]) -> float:
    start = time.perf_counter()
    work()
    return time.perf_counter() - start


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300, help="reports per circuit")
    args = parser.parse_args()
    hours = [f"hours_{n}" for n in range(contribution.HOURS_BUCKETS)]
    day = prio3_contribution(REPIT_DAY, day_layout(contribution.DAY_FIELDS, hours, "active_day"))
    values: Mapping[str, int] = day_values()
    figures = run("Répit day report (Field128, 1 proof)", day, values, args.reports)
    run(
        "Prio3SumVec length 10, max 255, chunk 9 (the draft's test vectors)",
        prio3_sum_vec(2, 10, 255, 9),
        list(range(10)),
        args.reports,
    )
    run(
        "Prio3SumVec length 100, max 255, chunk 28",
        prio3_sum_vec(2, 100, 255, 28),
        [n % 256 for n in range(100)],
        max(args.reports // 5, 20),
    )
    slowest = min(figures["leader_per_s"], figures["helper_per_s"])
    print("Day report against the targets:")
    print(f"  shard < {SHARD_TARGET_MS:.0f} ms: {verdict(figures['shard_ms'] < SHARD_TARGET_MS)}")
    print(
        f"  >= {SERVER_TARGET_PER_SECOND:.0f} reports/s per server:"
        f" {verdict(slowest >= SERVER_TARGET_PER_SECOND)}"
    )
    print(f"  < 4 KiB: {verdict(figures['bytes'] < SIZE_TARGET_BYTES)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
