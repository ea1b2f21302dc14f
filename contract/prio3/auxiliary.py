"""Prio3's parameters and auxiliary functions (§7.2.3): the randomness every step derives.

``Prio3Base`` holds what the draft's ``Prio3`` class is made of (the FLP, the
XOF, the number of aggregators and proofs) and derives, by domain-separated
XOF calls, the helpers' shares, the proving, query and joint randomness. The
steps built on it (``sharding``, ``verification``, ``aggregation``,
``encoding``) each add their methods; ``contract.prio3.vdaf.Prio3`` has them all.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Generic

from contract.prio3.flp import AggResult, Flp, Measurement, Valid
from contract.prio3.messages import HelperShare, InputShare, LeaderShare
from contract.prio3.xof import XofTurboShake128, format_dst

USAGE_MEAS_SHARE = 1
USAGE_PROOF_SHARE = 2
USAGE_JOINT_RANDOMNESS = 3
USAGE_PROVE_RANDOMNESS = 4
USAGE_QUERY_RANDOMNESS = 5
USAGE_JOINT_RAND_SEED = 6
USAGE_JOINT_RAND_PART = 7


def front(length: int, vec: list[int]) -> tuple[list[int], list[int]]:
    """The first ``length`` elements of ``vec``, and the rest (the draft's ``front``)."""
    return vec[:length], vec[length:]


class Prio3Base(Generic[Measurement, AggResult]):
    """Prio3 over a validity circuit, with ``shares`` aggregators and ``proofs`` proofs."""

    xof = XofTurboShake128
    NONCE_SIZE = 16
    ROUNDS = 1

    def __init__(
        self, vdaf_id: int, valid: Valid[Measurement, AggResult], shares: int, proofs: int
    ) -> None:
        if not 2 <= shares < 256:
            raise ValueError("shares must be in 2..255")
        if not 1 <= proofs < 256:
            raise ValueError("proofs must be in 1..255")
        self.ID = vdaf_id
        self.flp = Flp(valid)
        self.field = valid.field
        self.SHARES = shares
        self.PROOFS = proofs
        self.VERIFY_KEY_SIZE = self.xof.SEED_SIZE
        seeds = shares if self.flp.JOINT_RAND_LEN == 0 else 2 * shares
        self.RAND_SIZE = self.xof.SEED_SIZE * seeds

    @property
    def uses_joint_rand(self) -> bool:
        return self.flp.JOINT_RAND_LEN > 0

    def domain_separation_tag(self, usage: int, ctx: bytes) -> bytes:
        return format_dst(0, self.ID, usage) + ctx

    def helper_meas_share(self, ctx: bytes, agg_id: int, share: bytes) -> list[int]:
        return self.xof.expand_into_vec(
            self.field,
            share,
            self.domain_separation_tag(USAGE_MEAS_SHARE, ctx),
            bytes([agg_id]),
            self.flp.MEAS_LEN,
        )

    def helper_proofs_share(self, ctx: bytes, agg_id: int, share: bytes) -> list[int]:
        return self.xof.expand_into_vec(
            self.field,
            share,
            self.domain_separation_tag(USAGE_PROOF_SHARE, ctx),
            bytes([self.PROOFS, agg_id]),
            self.flp.PROOF_LEN * self.PROOFS,
        )

    def expand_input_share(
        self, ctx: bytes, agg_id: int, input_share: InputShare
    ) -> tuple[list[int], list[int], bytes | None]:
        if agg_id > 0:
            if not isinstance(input_share, HelperShare):
                raise ValueError("a helper's input share must be a seed")
            return (
                self.helper_meas_share(ctx, agg_id, input_share.share),
                self.helper_proofs_share(ctx, agg_id, input_share.share),
                input_share.blind,
            )
        if not isinstance(input_share, LeaderShare):
            raise ValueError("the leader's input share must hold vectors")
        if len(input_share.meas_share) != self.flp.MEAS_LEN:
            raise ValueError(f"measurement share must hold {self.flp.MEAS_LEN} elements")
        if len(input_share.proofs_share) != self.flp.PROOF_LEN * self.PROOFS:
            raise ValueError(f"proofs share must hold {self.flp.PROOF_LEN * self.PROOFS} elements")
        return input_share.meas_share, input_share.proofs_share, input_share.blind

    def prove_rands(self, ctx: bytes, prove_seed: bytes) -> list[int]:
        return self.xof.expand_into_vec(
            self.field,
            prove_seed,
            self.domain_separation_tag(USAGE_PROVE_RANDOMNESS, ctx),
            bytes([self.PROOFS]),
            self.flp.PROVE_RAND_LEN * self.PROOFS,
        )

    def query_rands(self, verify_key: bytes, ctx: bytes, nonce: bytes) -> list[int]:
        return self.xof.expand_into_vec(
            self.field,
            verify_key,
            self.domain_separation_tag(USAGE_QUERY_RANDOMNESS, ctx),
            bytes([self.PROOFS]) + nonce,
            self.flp.QUERY_RAND_LEN * self.PROOFS,
        )

    def joint_rand_part(
        self, ctx: bytes, agg_id: int, blind: bytes, meas_share: Sequence[int], nonce: bytes
    ) -> bytes:
        return self.xof.derive_seed(
            blind,
            self.domain_separation_tag(USAGE_JOINT_RAND_PART, ctx),
            bytes([agg_id]) + nonce + self.field.encode_vec(meas_share),
        )

    def joint_rand_seed(self, ctx: bytes, joint_rand_parts: Sequence[bytes]) -> bytes:
        return self.xof.derive_seed(
            bytes(self.xof.SEED_SIZE),
            self.domain_separation_tag(USAGE_JOINT_RAND_SEED, ctx),
            b"".join(joint_rand_parts),
        )

    def joint_rands(self, ctx: bytes, joint_rand_seed: bytes) -> list[int]:
        return self.xof.expand_into_vec(
            self.field,
            joint_rand_seed,
            self.domain_separation_tag(USAGE_JOINT_RANDOMNESS, ctx),
            bytes([self.PROOFS]),
            self.flp.JOINT_RAND_LEN * self.PROOFS,
        )
