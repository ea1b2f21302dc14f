"""Verification and aggregation between the two servers, one round trip per batch.

For each report the leader runs ``leader_init`` and sends its verifier share
with the report to the helper. The helper runs ``helper_init`` on its opened
share and ``helper_decide``: it combines both verifier shares (the proof's
verdict) and checks both aggregators' joint randomness parts against the public
share, so its verdict is the one both sides would reach: a report the helper
accepts, an honest leader accepts too, and the other way round. It answers the
verifier message; the leader's ``leader_finish`` checks it and gives the
leader's output share. Each side adds output shares into its aggregate share
(``add_out_share``) and the collector unshards the two (``unshard``).

Every failure is a ``SplitError``: the report is invalid and counted nowhere.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from contract.prio3.vdaf import HelperShare, LeaderShare, VerifyState
from contract.split.errors import SplitError
from contract.split.instances import CTX, Vdaf


def leader_init(
    vdaf: Vdaf, verify_key: bytes, report_id: uuid.UUID, public_share: bytes, leader_share: bytes
) -> tuple[VerifyState, bytes]:
    """The leader's verification state and its encoded verifier share."""
    try:
        share = vdaf.decode_input_share(0, leader_share)
        if not isinstance(share, LeaderShare):
            raise SplitError("leader share: not vectors")
        state, verifier = vdaf.verify_init(
            verify_key, CTX, 0, report_id.bytes, vdaf.decode_public_share(public_share), share
        )
    except ValueError as error:
        raise SplitError(f"leader share: {error}") from None
    return state, vdaf.encode_verifier_share(verifier)


def helper_init(
    vdaf: Vdaf,
    verify_key: bytes,
    report_id: uuid.UUID,
    public_share: bytes,
    helper_share: HelperShare,
) -> tuple[VerifyState, bytes]:
    """The helper's verification state and its encoded verifier share."""
    try:
        state, verifier = vdaf.verify_init(
            verify_key,
            CTX,
            1,
            report_id.bytes,
            vdaf.decode_public_share(public_share),
            helper_share,
        )
    except ValueError as error:
        raise SplitError(f"helper share: {error}") from None
    return state, vdaf.encode_verifier_share(verifier)


def helper_decide(
    vdaf: Vdaf,
    public_share: bytes,
    helper_state: VerifyState,
    helper_verifier: bytes,
    leader_verifier: bytes,
) -> tuple[list[int], bytes]:
    """The helper's output share and the verifier message for the leader.

    Refused (``SplitError``) when the proof fails or when either aggregator's
    joint randomness part differs from the one the client published.
    """
    try:
        shares = [
            vdaf.decode_verifier_share(leader_verifier),
            vdaf.decode_verifier_share(helper_verifier),
        ]
        message = vdaf.verifier_shares_to_message(CTX, shares)
        out_share = vdaf.verify_next(CTX, helper_state, message)
        published = vdaf.decode_public_share(public_share)
    except ValueError as error:
        raise SplitError(f"report rejected: {error}") from None
    if published is not None and [s.joint_rand_part for s in shares] != published:
        raise SplitError("report rejected: joint randomness check failed")
    return out_share, vdaf.encode_verifier_message(message)


def leader_finish(vdaf: Vdaf, leader_state: VerifyState, message: bytes) -> list[int]:
    """The leader's output share once the helper's verifier message checks out."""
    try:
        return vdaf.verify_next(CTX, leader_state, vdaf.decode_verifier_message(message))
    except ValueError as error:
        raise SplitError(f"report rejected: {error}") from None


def add_out_share(vdaf: Vdaf, agg_share: bytes | None, out_share: Sequence[int]) -> bytes:
    """The encoded aggregate share ``agg_share`` (``None``: empty) with ``out_share`` added."""
    current = vdaf.agg_init() if agg_share is None else decode_agg_share(vdaf, agg_share)
    return vdaf.encode_agg_share(vdaf.agg_update(current, out_share))


def decode_agg_share(vdaf: Vdaf, encoded: bytes) -> list[int]:
    try:
        return vdaf.decode_agg_share(encoded)
    except ValueError as error:
        raise SplitError(f"aggregate share: {error}") from None


def unshard(vdaf: Vdaf, leader_agg: bytes, helper_agg: bytes, reports: int) -> dict[str, int]:
    """The field sums of ``reports`` reports from the two aggregate shares."""
    if reports < 0:
        raise SplitError("report count must not be negative")
    shares = [decode_agg_share(vdaf, leader_agg), decode_agg_share(vdaf, helper_agg)]
    return vdaf.unshard(shares, reports)
