"""Prio3's message encodings (§7.2.6): every message to bytes and back.

A decoder refuses, with ``ValueError``, any length but the one the parameters
give, so a malformed report is invalid before any arithmetic.
"""

from __future__ import annotations

from collections.abc import Sequence

from contract.prio3.auxiliary import Prio3Base
from contract.prio3.flp import AggResult, Measurement
from contract.prio3.messages import (
    HelperShare,
    InputShare,
    LeaderShare,
    PublicShare,
    VerifierMessage,
    VerifierShare,
)


class Encodings(Prio3Base[Measurement, AggResult]):
    """To bytes and back."""

    def encode_public_share(self, public_share: PublicShare) -> bytes:
        return b"" if public_share is None else b"".join(public_share)

    def decode_public_share(self, encoded: bytes) -> PublicShare:
        if not self.uses_joint_rand:
            if encoded:
                raise ValueError("public share must be empty without joint randomness")
            return None
        size = self.xof.SEED_SIZE
        if len(encoded) != size * self.SHARES:
            raise ValueError(f"public share must be {size * self.SHARES} bytes")
        return [encoded[i : i + size] for i in range(0, len(encoded), size)]

    def encode_input_share(self, input_share: InputShare) -> bytes:
        blind = input_share.blind or b""
        if isinstance(input_share, LeaderShare):
            return (
                self.field.encode_vec(input_share.meas_share)
                + self.field.encode_vec(input_share.proofs_share)
                + blind
            )
        return input_share.share + blind

    def input_share_size(self, agg_id: int) -> int:
        blind = self.xof.SEED_SIZE if self.uses_joint_rand else 0
        if agg_id == 0:
            elems = self.flp.MEAS_LEN + self.flp.PROOF_LEN * self.PROOFS
            return elems * self.field.ENCODED_SIZE + blind
        return self.xof.SEED_SIZE + blind

    def decode_input_share(self, agg_id: int, encoded: bytes) -> InputShare:
        expected = self.input_share_size(agg_id)
        if len(encoded) != expected:
            raise ValueError(
                f"input share of aggregator {agg_id} must be {expected} bytes, got {len(encoded)}"
            )
        size = self.xof.SEED_SIZE
        blind = encoded[-size:] if self.uses_joint_rand else None
        body = encoded[:-size] if self.uses_joint_rand else encoded
        if agg_id > 0:
            return HelperShare(body, blind)
        split = self.flp.MEAS_LEN * self.field.ENCODED_SIZE
        return LeaderShare(
            self.field.decode_vec(body[:split]), self.field.decode_vec(body[split:]), blind
        )

    def encode_verifier_share(self, share: VerifierShare) -> bytes:
        return self.field.encode_vec(share.verifiers_share) + (share.joint_rand_part or b"")

    def decode_verifier_share(self, encoded: bytes) -> VerifierShare:
        elems = self.flp.VERIFIER_LEN * self.PROOFS * self.field.ENCODED_SIZE
        part_size = self.xof.SEED_SIZE if self.uses_joint_rand else 0
        if len(encoded) != elems + part_size:
            raise ValueError(f"verifier share must be {elems + part_size} bytes")
        part = encoded[elems:] if self.uses_joint_rand else None
        return VerifierShare(self.field.decode_vec(encoded[:elems]), part)

    def encode_verifier_message(self, message: VerifierMessage) -> bytes:
        return message or b""

    def decode_verifier_message(self, encoded: bytes) -> VerifierMessage:
        if not self.uses_joint_rand:
            if encoded:
                raise ValueError("verifier message must be empty without joint randomness")
            return None
        if len(encoded) != self.xof.SEED_SIZE:
            raise ValueError(f"verifier message must be {self.xof.SEED_SIZE} bytes")
        return encoded

    def encode_agg_share(self, agg_share: Sequence[int]) -> bytes:
        return self.field.encode_vec(agg_share)

    def decode_agg_share(self, encoded: bytes) -> list[int]:
        agg_share = self.field.decode_vec(encoded)
        if len(agg_share) != self.flp.OUTPUT_LEN:
            raise ValueError(f"aggregate share must hold {self.flp.OUTPUT_LEN} elements")
        return agg_share
