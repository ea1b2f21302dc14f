"""Prio3's modules: each step of the draft its own, small; the names others import unchanged."""

from __future__ import annotations

from pathlib import Path

import contract.prio3
from contract.prio3 import vdaf

MAX_LINES = 400
PUBLIC = {
    "USAGE_MEAS_SHARE": 1,
    "USAGE_PROOF_SHARE": 2,
    "USAGE_JOINT_RANDOMNESS": 3,
    "USAGE_PROVE_RANDOMNESS": 4,
    "USAGE_QUERY_RANDOMNESS": 5,
    "USAGE_JOINT_RAND_SEED": 6,
    "USAGE_JOINT_RAND_PART": 7,
}
TYPES = [
    "HelperShare",
    "InputShare",
    "LeaderShare",
    "Prio3",
    "PublicShare",
    "VerifierMessage",
    "VerifierShare",
    "VerifyState",
]


def test_every_public_name_is_still_importable_from_vdaf() -> None:
    assert set(vdaf.__all__) == set(PUBLIC) | set(TYPES)
    for name, value in PUBLIC.items():
        assert getattr(vdaf, name) == value
    for name in TYPES:
        assert getattr(vdaf, name) is not None
    prio3 = vdaf.Prio3
    for step in ("shard", "verify_init", "verifier_shares_to_message", "verify_next",
                 "aggregate", "unshard", "encode_input_share", "decode_agg_share"):  # fmt: skip
        assert callable(getattr(prio3, step)), step


def test_no_module_of_prio3_is_over_400_lines() -> None:
    folder = Path(contract.prio3.__file__).parent
    sizes = {path.name: len(path.read_text().splitlines()) for path in folder.glob("*.py")}
    assert {name: n for name, n in sizes.items() if n > MAX_LINES} == {}
