"""Malformed messages are refused with a clear error, before any computation."""

from __future__ import annotations

import re

import pytest

from contract.prio3.vdaf import LeaderShare
from tests.prio3.helpers import CTX, DAY, NONCE, VERIFY_KEY


def test_input_shares_of_the_wrong_size_are_refused() -> None:
    leader = DAY.input_share_size(0)
    with pytest.raises(ValueError, match=f"aggregator 0 must be {leader} bytes, got {leader - 1}"):
        DAY.decode_input_share(0, bytes(leader - 1))
    with pytest.raises(ValueError, match="aggregator 1 must be 64 bytes, got 65"):
        DAY.decode_input_share(1, bytes(65))


def test_an_element_over_the_modulus_is_refused() -> None:
    encoded = bytearray(DAY.input_share_size(0))
    encoded[16:32] = DAY.field.MODULUS.to_bytes(16, "little")
    with pytest.raises(ValueError, match="field element 1 overflows the modulus"):
        DAY.decode_input_share(0, bytes(encoded))


def test_public_share_verifier_share_and_message_sizes_are_checked() -> None:
    with pytest.raises(ValueError, match="public share must be 64 bytes"):
        DAY.decode_public_share(bytes(63))
    with pytest.raises(ValueError, match="verifier share must be"):
        DAY.decode_verifier_share(bytes(10))
    with pytest.raises(ValueError, match="verifier message must be 32 bytes"):
        DAY.decode_verifier_message(bytes(31))


def test_a_short_leader_share_or_missing_part_is_refused_by_verify_init() -> None:
    short = LeaderShare([0], [0], bytes(32))
    with pytest.raises(ValueError, match=re.escape(f"must hold {DAY.flp.MEAS_LEN} elements")):
        DAY.verify_init(VERIFY_KEY, CTX, 0, NONCE, [bytes(32), bytes(32)], short)
    meas = [0] * DAY.flp.MEAS_LEN
    proof = [0] * DAY.flp.PROOF_LEN
    with pytest.raises(ValueError, match="2 joint randomness parts"):
        DAY.verify_init(VERIFY_KEY, CTX, 0, NONCE, [bytes(32)], LeaderShare(meas, proof, bytes(32)))
