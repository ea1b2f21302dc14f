"""Prio3 (§7.2): an FLP made into a VDAF, and the encodings of its messages (§7.2.6).

The client ``shard``s a measurement into a public share and one input share per
aggregator (the leader's holds vectors, the helpers' only seeds), with proofs of
validity. Each aggregator runs ``verify_init`` on its share, the verifier shares
are combined by ``verifier_shares_to_message`` (which decides validity), and
``verify_next`` releases the output share once the joint randomness checks
out. Output shares are added into aggregate shares (``aggregate``), and the
collector adds those (``unshard``).

Any failure raises ``ValueError``: the report is then invalid and counted nowhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic

from contract.prio3.field import vec_add, vec_sub
from contract.prio3.flp import AggResult, Flp, Measurement, Valid
from contract.prio3.xof import XofTurboShake128, format_dst

USAGE_MEAS_SHARE = 1
USAGE_PROOF_SHARE = 2
USAGE_JOINT_RANDOMNESS = 3
USAGE_PROVE_RANDOMNESS = 4
USAGE_QUERY_RANDOMNESS = 5
USAGE_JOINT_RAND_SEED = 6
USAGE_JOINT_RAND_PART = 7


@dataclass(frozen=True, slots=True)
class LeaderShare:
    """Aggregator 0's input share: its measurement share and proofs share in full."""

    meas_share: list[int]
    proofs_share: list[int]
    blind: bytes | None


@dataclass(frozen=True, slots=True)
class HelperShare:
    """Another aggregator's input share: a seed expanded into its shares."""

    share: bytes
    blind: bytes | None


InputShare = LeaderShare | HelperShare
PublicShare = list[bytes] | None


@dataclass(frozen=True, slots=True)
class VerifyState:
    out_share: list[int]
    corrected_joint_rand_seed: bytes | None


@dataclass(frozen=True, slots=True)
class VerifierShare:
    verifiers_share: list[int]
    joint_rand_part: bytes | None


VerifierMessage = bytes | None


def _front(length: int, vec: list[int]) -> tuple[list[int], list[int]]:
    return vec[:length], vec[length:]


class Prio3(Generic[Measurement, AggResult]):
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

    # Sharding (§7.2.1)

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
            prove_rand, prove_rands = _front(self.flp.PROVE_RAND_LEN, prove_rands)
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
            prove_rand, prove_rands = _front(self.flp.PROVE_RAND_LEN, prove_rands)
            joint_rand, joint_rands = _front(self.flp.JOINT_RAND_LEN, joint_rands)
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

    # Verification (§7.2.2)

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
            proof_share, proofs_share = _front(self.flp.PROOF_LEN, proofs_share)
            query_rand, query_rands = _front(self.flp.QUERY_RAND_LEN, query_rands)
            joint_rand, joint_rands = _front(self.flp.JOINT_RAND_LEN, joint_rands)
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
            verifier, verifiers = _front(self.flp.VERIFIER_LEN, verifiers)
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

    # Aggregation and unsharding (§7.2.4, §7.2.5)

    def agg_init(self) -> list[int]:
        return self.field.zeros(self.flp.OUTPUT_LEN)

    def agg_update(self, agg_share: Sequence[int], out_share: Sequence[int]) -> list[int]:
        return vec_add(self.field, agg_share, out_share)

    def aggregate(self, out_shares: Sequence[Sequence[int]]) -> list[int]:
        agg = self.agg_init()
        for out_share in out_shares:
            agg = self.agg_update(agg, out_share)
        return agg

    def merge(self, agg_shares: Sequence[Sequence[int]]) -> list[int]:
        return self.aggregate(agg_shares)

    def unshard(self, agg_shares: Sequence[Sequence[int]], num_measurements: int) -> AggResult:
        return self.flp.decode(self.merge(agg_shares), num_measurements)

    # Auxiliary functions (§7.2.3)

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

    # Message encodings (§7.2.6)

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
