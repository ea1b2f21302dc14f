"""Prio3's messages (§7.2): the shares a client sends, and what the aggregators exchange.

Their byte encodings are in ``contract.prio3.encoding``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
