"""Running Prio3 between a leader and a helper in-process, honest or cheating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from contract import contribution
from contract.prio3.repit import (
    REPIT_DAY,
    REPIT_TOOLS,
    REPIT_WEEK,
    day_layout,
    prio3_contribution,
    tools_layout,
    week_layout,
)
from contract.prio3.vdaf import InputShare, Prio3, PublicShare

CTX = b"repit test"
VERIFY_KEY = bytes(range(32))
NONCE = bytes(range(16))
HOURS = tuple(f"hours_{n}" for n in range(contribution.HOURS_BUCKETS))
TOOL_IDS = ("parapheur", "messagerie", "agenda-partage")

DAY = prio3_contribution(REPIT_DAY, day_layout(contribution.DAY_FIELDS, HOURS, "active_day"))
WEEK = prio3_contribution(REPIT_WEEK, week_layout(contribution.WEEK_FIELDS))
TOOLS = prio3_contribution(REPIT_TOOLS, tools_layout(TOOL_IDS))

Vdaf = Prio3[Mapping[str, int], dict[str, int]]


def verify(
    vdaf: Prio3[Any, Any],
    public_share: PublicShare,
    input_shares: Sequence[InputShare],
    nonce: bytes = NONCE,
) -> list[list[int]]:
    """Both aggregators' output shares; ``ValueError`` when the report is rejected."""
    states, shares = [], []
    for agg_id, input_share in enumerate(input_shares):
        state, share = vdaf.verify_init(VERIFY_KEY, CTX, agg_id, nonce, public_share, input_share)
        states.append(state)
        shares.append(share)
    message = vdaf.verifier_shares_to_message(CTX, shares)
    return [vdaf.verify_next(CTX, state, message) for state in states]


def shard_encoded(
    vdaf: Prio3[Any, Any], meas: list[int], rand: bytes, nonce: bytes = NONCE
) -> tuple[PublicShare, list[InputShare]]:
    """Shard an already encoded measurement, as a cheating client would: no bounds checked."""
    size = vdaf.xof.SEED_SIZE
    seeds = [rand[i : i + size] for i in range(0, len(rand), size)]
    return vdaf.shard_with_joint_rand(CTX, meas, nonce, seeds)
