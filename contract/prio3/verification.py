"""Prio3's verification (§7.2.2): each aggregator checks its share of the proofs.

``verify_init`` gives an aggregator's verifier share, ``verifier_shares_to_message``
combines them and decides validity, ``verify_next`` releases the output share
once the joint randomness checks out. Any failure raises ``ValueError``.
"""

from __future__ import annotations

from collections.abc import Sequence

from contract.prio3.auxiliary import Prio3Base, front
from contract.prio3.field import vec_add
from contract.prio3.flp import AggResult, Measurement
from contract.prio3.messages import (
    InputShare,
    PublicShare,
    VerifierMessage,
    VerifierShare,
    VerifyState,
)


class Verification(Prio3Base[Measurement, AggResult]):
    """The aggregators' step."""

    def verify_init(
        self,
        verify_key: bytes,
        ctx: bytes,
        agg_id: int,
        nonce: bytes,
        public_share: PublicShare,
        input_share: InputShare,
    ) -> tuple[VerifyState, VerifierShare]:
        if len(verify_key) != self.VERIFY_KEY_SIZE:
            raise ValueError("incorrect verification key size")
        if len(nonce) != self.NONCE_SIZE:
            raise ValueError("incorrect nonce size")
        meas_share, proofs_share, blind = self.expand_input_share(ctx, agg_id, input_share)
        out_share = self.flp.truncate(meas_share)
        # Recompute the joint randomness, replacing the client's part for this
        # aggregator by the one its own share gives.
        joint_rands: list[int] = []
        corrected_joint_rand_seed, joint_rand_part = None, None
        if self.uses_joint_rand:
            if blind is None or public_share is None:
                raise ValueError("joint randomness blind or parts missing")
            if len(public_share) != self.SHARES:
                raise ValueError(f"public share must hold {self.SHARES} joint randomness parts")
            joint_rand_part = self.joint_rand_part(ctx, agg_id, blind, meas_share, nonce)
            parts = list(public_share)
            parts[agg_id] = joint_rand_part
            corrected_joint_rand_seed = self.joint_rand_seed(ctx, parts)
            joint_rands = self.joint_rands(ctx, corrected_joint_rand_seed)
        query_rands = self.query_rands(verify_key, ctx, nonce)
        verifiers_share: list[int] = []
        for _ in range(self.PROOFS):
            proof_share, proofs_share = front(self.flp.PROOF_LEN, proofs_share)
            query_rand, query_rands = front(self.flp.QUERY_RAND_LEN, query_rands)
            joint_rand, joint_rands = front(self.flp.JOINT_RAND_LEN, joint_rands)
            verifiers_share += self.flp.query(
                meas_share, proof_share, query_rand, joint_rand, self.SHARES
            )
        return (
            VerifyState(out_share, corrected_joint_rand_seed),
            VerifierShare(verifiers_share, joint_rand_part),
        )

    def verifier_shares_to_message(
        self, ctx: bytes, verifier_shares: Sequence[VerifierShare]
    ) -> VerifierMessage:
        if len(verifier_shares) != self.SHARES:
            raise ValueError(f"expected {self.SHARES} verifier shares")
        verifiers = self.field.zeros(self.flp.VERIFIER_LEN * self.PROOFS)
        joint_rand_parts: list[bytes] = []
        for share in verifier_shares:
            verifiers = vec_add(self.field, verifiers, share.verifiers_share)
            if self.uses_joint_rand:
                if share.joint_rand_part is None:
                    raise ValueError("joint randomness part missing")
                joint_rand_parts.append(share.joint_rand_part)
        for _ in range(self.PROOFS):
            verifier, verifiers = front(self.flp.VERIFIER_LEN, verifiers)
            if not self.flp.decide(verifier):
                raise ValueError("proof verifier check failed")
        if self.uses_joint_rand:
            return self.joint_rand_seed(ctx, joint_rand_parts)
        return None

    def verify_next(
        self, ctx: bytes, verify_state: VerifyState, verifier_message: VerifierMessage
    ) -> list[int]:
        # The client's parts must give the seed the aggregators recomputed.
        if verifier_message != verify_state.corrected_joint_rand_seed:
            raise ValueError("joint randomness check failed")
        return verify_state.out_share
