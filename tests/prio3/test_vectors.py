"""The draft's official test vectors (``vectors/``, see its README), byte for byte.

Each file is one test: its ``operations`` are run in order, every successful
one compared with the vector's bytes, every failing one expected to raise at
that very step (and nothing after it is run for that report).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from contract.prio3.field import Field128
from contract.prio3.instances import (
    prio3_count,
    prio3_higher_degree,
    prio3_histogram,
    prio3_multihot_count_vec,
    prio3_sum,
    prio3_sum_vec,
    prio3_sum_vec_with_multiproof,
)
from contract.prio3.vdaf import Prio3, VerifierShare, VerifyState
from contract.prio3.xof import XofTurboShake128

VECTORS = Path(__file__).parent / "vectors"
PRIO3_FILES = sorted(VECTORS.glob("Prio3*.json"))


def instance(name: str, d: dict[str, Any]) -> Prio3[Any, Any]:
    shares = d["shares"]
    kind = name.split("_")[0]
    if kind == "Prio3Count":
        return prio3_count(shares)
    if kind == "Prio3Sum":
        return prio3_sum(shares, d["max_measurement"])
    if kind == "Prio3SumVec":
        return prio3_sum_vec(shares, d["length"], d["max_measurement"], d["chunk_length"])
    if kind == "Prio3SumVecWithMultiproof":
        return prio3_sum_vec_with_multiproof(
            shares, d["length"], d["max_measurement"], d["chunk_length"]
        )
    if kind == "Prio3Histogram":
        return prio3_histogram(shares, d["length"], d["chunk_length"])
    if kind == "Prio3MultihotCountVec":
        return prio3_multihot_count_vec(shares, d["length"], d["max_weight"], d["chunk_length"])
    if kind == "Prio3HigherDegree":
        return prio3_higher_degree(shares)
    raise AssertionError(f"no instance for {name}")


def test_every_vector_file_is_covered() -> None:
    names = {p.stem.split("_")[0] for p in PRIO3_FILES}
    assert names == {
        "Prio3Count",
        "Prio3Sum",
        "Prio3SumVec",
        "Prio3SumVecWithMultiproof",
        "Prio3Histogram",
        "Prio3MultihotCountVec",
        "Prio3HigherDegree",
    }
    assert sum("_bad_" in p.name for p in PRIO3_FILES) == 8


class Run:
    """The state of a vector's execution: verification states and output shares."""

    def __init__(self, vdaf: Prio3[Any, Any], d: dict[str, Any]) -> None:
        self.vdaf = vdaf
        self.d = d
        self.ctx = bytes.fromhex(d["ctx"])
        self.verify_key = bytes.fromhex(d["verify_key"])
        self.states: dict[tuple[int, int], VerifyState] = {}
        self.messages: dict[int, bytes | None] = {}
        self.out_shares: dict[tuple[int, int], list[int]] = {}
        self.failed: set[int] = set()

    def shard(self, index: int) -> None:
        vdaf, r = self.vdaf, self.d["reports"][index]
        public_share, input_shares = vdaf.shard(
            self.ctx, r["measurement"], bytes.fromhex(r["nonce"]), bytes.fromhex(r["rand"])
        )
        assert vdaf.encode_public_share(public_share).hex() == r["public_share"]
        assert [vdaf.encode_input_share(s).hex() for s in input_shares] == r["input_shares"]

    def verify_init(self, index: int, agg_id: int) -> None:
        vdaf, r = self.vdaf, self.d["reports"][index]
        public_share = vdaf.decode_public_share(bytes.fromhex(r["public_share"]))
        input_share = vdaf.decode_input_share(agg_id, bytes.fromhex(r["input_shares"][agg_id]))
        state, share = vdaf.verify_init(
            self.verify_key,
            self.ctx,
            agg_id,
            bytes.fromhex(r["nonce"]),
            public_share,
            input_share,
        )
        assert vdaf.encode_verifier_share(share).hex() == r["verifier_shares"][0][agg_id]
        self.states[index, agg_id] = state

    def verifier_shares_to_message(self, index: int) -> None:
        vdaf, r = self.vdaf, self.d["reports"][index]
        shares: list[VerifierShare] = [
            vdaf.decode_verifier_share(bytes.fromhex(s)) for s in r["verifier_shares"][0]
        ]
        message = vdaf.verifier_shares_to_message(self.ctx, shares)
        assert vdaf.encode_verifier_message(message).hex() == r["verifier_messages"][0]

    def verify_next(self, index: int, agg_id: int) -> None:
        vdaf, r = self.vdaf, self.d["reports"][index]
        message = vdaf.decode_verifier_message(bytes.fromhex(r["verifier_messages"][0]))
        out_share = vdaf.verify_next(self.ctx, self.states[index, agg_id], message)
        assert vdaf.field.encode_vec(out_share).hex() == r["out_shares"][agg_id]
        self.out_shares[index, agg_id] = out_share

    def aggregate(self, agg_id: int) -> None:
        reports = range(len(self.d["reports"]))
        agg_share = self.vdaf.aggregate([self.out_shares[i, agg_id] for i in reports])
        assert self.vdaf.encode_agg_share(agg_share).hex() == self.d["agg_shares"][agg_id]

    def unshard(self) -> None:
        agg_shares = [self.vdaf.decode_agg_share(bytes.fromhex(s)) for s in self.d["agg_shares"]]
        result = self.vdaf.unshard(agg_shares, len(self.d["reports"]))
        assert result == self.d["agg_result"]

    def step(self, op: dict[str, Any]) -> None:
        name = op["operation"]
        if name == "shard":
            self.shard(op["report_index"])
        elif name == "verify_init":
            self.verify_init(op["report_index"], op["aggregator_id"])
        elif name == "verifier_shares_to_message":
            self.verifier_shares_to_message(op["report_index"])
        elif name == "verify_next":
            self.verify_next(op["report_index"], op["aggregator_id"])
        elif name == "aggregate":
            self.aggregate(op["aggregator_id"])
        elif name == "unshard":
            self.unshard()
        else:
            raise AssertionError(f"unknown operation {name}")


@pytest.mark.parametrize("path", PRIO3_FILES, ids=[p.stem for p in PRIO3_FILES])
def test_vector(path: Path) -> None:
    d = json.loads(path.read_text())
    vdaf = instance(path.stem, d)
    run = Run(vdaf, d)
    assert d["operations"], "a vector with nothing to run"
    for op in d["operations"]:
        if op["success"]:
            run.step(op)
        else:
            with pytest.raises(ValueError):
                run.step(op)
    failing = [op for op in d["operations"] if not op["success"]]
    # A bad vector fails exactly once, at its last operation: nothing may follow it.
    if "_bad_" in path.name:
        assert len(failing) == 1
        assert d["operations"][-1] is failing[0]


def test_xof_turboshake128() -> None:
    d = json.loads((VECTORS / "XofTurboShake128.json").read_text())
    seed, dst, binder = (bytes.fromhex(d[k]) for k in ("seed", "dst", "binder"))
    assert XofTurboShake128.derive_seed(seed, dst, binder).hex() == d["derived_seed"]
    expanded = XofTurboShake128.expand_into_vec(Field128, seed, dst, binder, d["length"])
    assert Field128.encode_vec(expanded).hex() == d["expanded_vec_field128"]
