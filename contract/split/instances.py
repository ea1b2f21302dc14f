"""The Prio3 instance of each report kind, and the servers' shared verification key.

A kind's instance is made from its layout (``contract.prio3.repit``): the day
and week layouts of ``contract.contribution`` by default, any other layout (the
tools of a department) passed in. The verification key is derived from the
leader–helper token, so the two servers share it and no device ever knows it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from Crypto.Hash import TurboSHAKE128

from contract import contribution
from contract.prio3.repit import (
    REPIT_DAY,
    REPIT_TOOLS,
    REPIT_WEEK,
    Layout,
    day_layout,
    prio3_contribution,
    week_layout,
)
from contract.prio3.vdaf import Prio3
from contract.split.errors import SplitError

# Prio3's application context: every domain separation tag of a split report ends
# with it, so no share made for another application verifies here.
CTX = b"repit split v1"
VERIFY_KEY_LABEL = b"repit split verify key v1"
KIND_IDS: Mapping[str, int] = {"day": REPIT_DAY, "week": REPIT_WEEK, "tools": REPIT_TOOLS}

Vdaf = Prio3[Mapping[str, int], dict[str, int]]


def default_layout(kind: str) -> Layout:
    """MEASURES.md §8's layout of ``day`` or ``week``."""
    if kind == "day":
        hours = tuple(f"hours_{n}" for n in range(contribution.HOURS_BUCKETS))
        return day_layout(contribution.DAY_FIELDS, hours, "active_day")
    if kind == "week":
        return week_layout(contribution.WEEK_FIELDS)
    raise SplitError(f"`kind`: no default layout for `{kind[:20]}`")


@lru_cache(maxsize=64)
def vdaf_for(kind: str, layout: Layout) -> Vdaf:
    """Prio3 for ``kind`` over ``layout``, between a leader and a helper."""
    if kind not in KIND_IDS:
        raise SplitError(f"`kind`: unknown kind `{kind[:20]}`")
    return prio3_contribution(KIND_IDS[kind], layout)


def verify_key(leader_helper_token: str, size: int = 32) -> bytes:
    """The Prio3 verification key both servers derive from their shared token."""
    if not leader_helper_token:
        raise SplitError("the leader–helper token is empty")
    xof = TurboSHAKE128.new(domain=1)
    xof.update(len(VERIFY_KEY_LABEL).to_bytes(1, "big") + VERIFY_KEY_LABEL)
    xof.update(leader_helper_token.encode("utf-8"))
    return bytes(xof.read(size))
