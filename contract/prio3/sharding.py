"""Prio3's sharding (§7.2.1): a measurement made into a public share and input shares.

The leader's input share holds vectors, the helpers' only seeds; each proof is
made with its own proving (and, where the circuit needs it, joint) randomness.
"""

from __future__ import annotations

from contract.prio3.auxiliary import Prio3Base, front
from contract.prio3.field import vec_sub
from contract.prio3.flp import AggResult, Measurement
from contract.prio3.messages import HelperShare, InputShare, LeaderShare, PublicShare


class Sharding(Prio3Base[Measurement, AggResult]):
    """The client's step."""

    def shard(
        self, ctx: bytes, measurement: Measurement, nonce: bytes, rand: bytes
    ) -> tuple[PublicShare, list[InputShare]]:
        if len(nonce) != self.NONCE_SIZE:
            raise ValueError("incorrect nonce size")
        if len(rand) != self.RAND_SIZE:
            raise ValueError("incorrect size of random bytes argument")
        size = self.xof.SEED_SIZE
        seeds = [rand[i : i + size] for i in range(0, self.RAND_SIZE, size)]
        meas = self.flp.encode(measurement)
        if self.uses_joint_rand:
            return self.shard_with_joint_rand(ctx, meas, nonce, seeds)
        return self.shard_without_joint_rand(ctx, meas, seeds)

    def shard_without_joint_rand(
        self, ctx: bytes, meas: list[int], seeds: list[bytes]
    ) -> tuple[PublicShare, list[InputShare]]:
        helper_shares, (prove_seed,) = seeds[: self.SHARES - 1], seeds[self.SHARES - 1 :]
        leader_meas_share = meas
        for j, share in enumerate(helper_shares):
            leader_meas_share = vec_sub(
                self.field, leader_meas_share, self.helper_meas_share(ctx, j + 1, share)
            )
        prove_rands = self.prove_rands(ctx, prove_seed)
        leader_proofs_share: list[int] = []
        for _ in range(self.PROOFS):
            prove_rand, prove_rands = front(self.flp.PROVE_RAND_LEN, prove_rands)
            leader_proofs_share += self.flp.prove(meas, prove_rand, [])
        for j, share in enumerate(helper_shares):
            leader_proofs_share = vec_sub(
                self.field, leader_proofs_share, self.helper_proofs_share(ctx, j + 1, share)
            )
        input_shares: list[InputShare] = [LeaderShare(leader_meas_share, leader_proofs_share, None)]
        input_shares += [HelperShare(share, None) for share in helper_shares]
        return None, input_shares

    def shard_with_joint_rand(
        self, ctx: bytes, meas: list[int], nonce: bytes, seeds: list[bytes]
    ) -> tuple[PublicShare, list[InputShare]]:
        helper_seeds = seeds[: (self.SHARES - 1) * 2]
        helper_shares = helper_seeds[0::2]
        helper_blinds = helper_seeds[1::2]
        leader_blind, prove_seed = seeds[(self.SHARES - 1) * 2 :]
        # Shard the measurement and compute each aggregator's joint randomness part.
        leader_meas_share = meas
        joint_rand_parts: list[bytes] = []
        for j in range(self.SHARES - 1):
            helper_meas_share = self.helper_meas_share(ctx, j + 1, helper_shares[j])
            leader_meas_share = vec_sub(self.field, leader_meas_share, helper_meas_share)
            joint_rand_parts.append(
                self.joint_rand_part(ctx, j + 1, helper_blinds[j], helper_meas_share, nonce)
            )
        joint_rand_parts.insert(
            0, self.joint_rand_part(ctx, 0, leader_blind, leader_meas_share, nonce)
        )
        # Generate each proof with its own joint randomness, and shard it.
        prove_rands = self.prove_rands(ctx, prove_seed)
        joint_rands = self.joint_rands(ctx, self.joint_rand_seed(ctx, joint_rand_parts))
        leader_proofs_share: list[int] = []
        for _ in range(self.PROOFS):
            prove_rand, prove_rands = front(self.flp.PROVE_RAND_LEN, prove_rands)
            joint_rand, joint_rands = front(self.flp.JOINT_RAND_LEN, joint_rands)
            leader_proofs_share += self.flp.prove(meas, prove_rand, joint_rand)
        for j in range(self.SHARES - 1):
            leader_proofs_share = vec_sub(
                self.field,
                leader_proofs_share,
                self.helper_proofs_share(ctx, j + 1, helper_shares[j]),
            )
        input_shares: list[InputShare] = [
            LeaderShare(leader_meas_share, leader_proofs_share, leader_blind)
        ]
        input_shares += [
            HelperShare(share, blind)
            for share, blind in zip(helper_shares, helper_blinds, strict=True)
        ]
        return joint_rand_parts, input_shares
