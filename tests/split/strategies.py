"""Valid contributions of a layout, and the keys of a split, for hypothesis."""

from __future__ import annotations

import uuid
from functools import cache

from hypothesis import strategies as st

from contract.prio3.repit import Layout
from contract.split.hpke import HpkeConfig, generate_keypair
from contract.split.instances import default_layout

KINDS = ("day", "week")
TEAM = "dnum-infra"
PERIODS = {"day": "2026-11-03", "week": "2026-W45"}


@cache
def helper_keys() -> tuple[HpkeConfig, bytes]:
    return generate_keypair(config_id=7)


@st.composite
def contributions(draw: st.DrawFn, layout: Layout) -> dict[str, int]:
    """Any vector within the layout's bounds that keeps its one-hot rules."""
    values = {f.name: draw(st.integers(f.low, f.high)) for f in layout.fields}
    for rule in layout.rules:
        for member in rule.members:
            values[member] = 0
        allowed = 1 if rule.when is None else sum(values[w] for w in rule.when)
        if allowed and (rule.when is not None or draw(st.booleans())):
            values[draw(st.sampled_from(rule.members))] = 1
    return values


report_ids = st.binary(min_size=16, max_size=16).map(lambda b: uuid.UUID(bytes=b, version=4))
kinds = st.sampled_from(KINDS)


def layout_of(kind: str) -> Layout:
    return default_layout(kind)
