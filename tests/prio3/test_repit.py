"""Répit's circuits accept every valid contribution and reject every invalid one.

Layouts come from ``contract.contribution`` (day, week) and TOOLS.md (tools);
randomness from hypothesis, so a failure prints the example that reproduces it.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract import contribution
from contract.prio3.circuits import encode_range_checked_int
from contract.prio3.repit import (
    TOOL_NOT_USED,
    TOOL_SATISFACTION,
    TOOL_WORKLOAD,
    ContributionCircuit,
    soundness_bits,
    tool_field,
)
from contract.prio3.vdaf import HelperShare, LeaderShare
from tests.prio3.helpers import (
    DAY,
    HOURS,
    NONCE,
    TOOL_IDS,
    TOOLS,
    WEEK,
    Vdaf,
    shard_encoded,
    verify,
)

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def day_values(draw: st.DrawFn) -> dict[str, int]:
    values = {f.name: draw(st.integers(f.low, f.high)) for f in contribution.DAY_FIELDS}
    values.update(dict.fromkeys(HOURS, 0))
    if values["active_day"]:
        values[draw(st.sampled_from(HOURS))] = 1
    return values


@st.composite
def week_values(draw: st.DrawFn) -> dict[str, int]:
    return {f.name: draw(st.integers(f.low, f.high)) for f in contribution.WEEK_FIELDS}


@st.composite
def tools_values(draw: st.DrawFn) -> dict[str, int]:
    values: dict[str, int] = {}
    for tool in TOOL_IDS:
        slots = dict.fromkeys((*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED), 0)
        answer = draw(st.sampled_from(["empty", "not used", "rated"]))
        if answer == "not used":
            slots[TOOL_NOT_USED] = 1
        elif answer == "rated":
            slots[draw(st.sampled_from(TOOL_SATISFACTION))] = 1
            slots[draw(st.sampled_from(TOOL_WORKLOAD))] = 1
        values.update({tool_field(tool, slot): v for slot, v in slots.items()})
    return values


CASES = {
    "day": (DAY, day_values()),
    "week": (WEEK, week_values()),
    "tools": (TOOLS, tools_values()),
}


def rand_for(vdaf: Vdaf) -> st.SearchStrategy[bytes]:
    return st.binary(min_size=vdaf.RAND_SIZE, max_size=vdaf.RAND_SIZE)


def circuit(vdaf: Vdaf) -> ContributionCircuit:
    valid = vdaf.flp.valid
    assert isinstance(valid, ContributionCircuit)
    return valid


@pytest.mark.parametrize("kind", CASES)
@SETTINGS
@given(data=st.data())
def test_valid_contributions_round_trip_to_their_field_sums(kind: str, data: st.DataObject) -> None:
    vdaf, values_strategy = CASES[kind]
    reports = data.draw(
        st.lists(st.tuples(values_strategy, rand_for(vdaf)), min_size=1, max_size=3)
    )
    leader: list[list[int]] = []
    helper: list[list[int]] = []
    for index, (values, rand) in enumerate(reports):
        nonce = index.to_bytes(16, "big")
        public_share, input_shares = vdaf.shard(b"repit test", values, nonce, rand)
        out_leader, out_helper = verify(vdaf, public_share, input_shares, nonce)
        leader.append(out_leader)
        helper.append(out_helper)
    agg_shares = [vdaf.aggregate(leader), vdaf.aggregate(helper)]
    result = vdaf.unshard(agg_shares, len(reports))
    expected = {name: sum(values[name] for values, _ in reports) for name in reports[0][0]}
    assert result == expected


def cheat(vdaf: Vdaf, values: Mapping[str, int], name: str, value: int) -> list[int]:
    """The honest encoding of ``values`` with field ``name`` forced to ``value``: its first
    element has weight 1, so it carries the difference (no longer a bit)."""
    valid = circuit(vdaf)
    meas = raw(vdaf, values)
    start = valid.offsets[name]
    meas[start] = (meas[start] + value - values[name]) % valid.field.MODULUS
    bound = next(f for f in valid.layout.fields if f.name == name)
    assert valid.truncate(meas)[list(valid.offsets).index(name)] == (
        (value - bound.low) % valid.field.MODULUS
    )
    return meas


def assert_rejected(vdaf: Vdaf, meas: list[int], rand: bytes) -> None:
    public_share, input_shares = shard_encoded(vdaf, meas, rand)
    with pytest.raises(ValueError):
        verify(vdaf, public_share, input_shares)


def bounded_fields(vdaf: Vdaf) -> list[str]:
    return [f.name for f in circuit(vdaf).layout.fields if f.high > f.low]


OUT_OF_BOUNDS = [
    pytest.param(kind, name, id=f"{kind}-{name}")
    for kind, (vdaf, _) in CASES.items()
    if kind != "tools"
    for name in bounded_fields(vdaf)
]


@pytest.mark.parametrize(("kind", "name"), OUT_OF_BOUNDS)
@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_field_out_of_its_bounds_is_rejected(kind: str, name: str, data: st.DataObject) -> None:
    vdaf, values_strategy = CASES[kind]
    bound = next(f for f in circuit(vdaf).layout.fields if f.name == name)
    values = data.draw(values_strategy)
    values[name] = bound.high  # keeps the one-hot rule when it was kept
    rand = data.draw(rand_for(vdaf))
    for value in (bound.high + 1, bound.high + data.draw(st.integers(2, 2**100)), bound.low - 1):
        assert_rejected(vdaf, cheat(vdaf, values, name, value), rand)


def test_honest_encoding_refuses_out_of_bounds_with_the_field_named() -> None:
    values = {f.name: f.low for f in contribution.DAY_FIELDS}
    values["breaks"] = 97
    with pytest.raises(ValueError, match=re.escape("`breaks`: 97 is outside 0..96")):
        circuit(DAY).encode(values)


def raw(vdaf: Vdaf, values: Mapping[str, int]) -> list[int]:
    """Each field's weighted bits, the rules unchecked (every field within its bounds)."""
    valid = circuit(vdaf)
    meas: list[int] = []
    for f in valid.layout.fields:
        if f.high > f.low:
            meas += encode_range_checked_int(valid.field, values[f.name] - f.low, f.high - f.low)
    return meas


def raw_day(values: Mapping[str, int]) -> list[int]:
    return raw(DAY, values)


@SETTINGS
@given(values=day_values(), hours=st.sets(st.sampled_from(HOURS), min_size=2), rand=rand_for(DAY))
def test_two_hours_set_is_rejected(values: dict[str, int], hours: set[str], rand: bytes) -> None:
    values.update({h: int(h in hours) for h in HOURS})
    assert_rejected(DAY, raw_day(values), rand)


@SETTINGS
@given(values=day_values(), hour=st.sampled_from(HOURS), rand=rand_for(DAY))
def test_an_hour_set_on_an_inactive_day_is_rejected(
    values: dict[str, int], hour: str, rand: bytes
) -> None:
    values.update({h: int(h == hour) for h in HOURS}, active_day=0)
    assert_rejected(DAY, raw_day(values), rand)


@SETTINGS
@given(
    values=day_values(),
    hours=st.lists(st.sampled_from(HOURS), min_size=2, max_size=2, unique=True),
    rand=rand_for(DAY),
)
def test_hours_that_are_not_bits_are_rejected_even_when_they_sum_right(
    values: dict[str, int], hours: list[str], rand: bytes
) -> None:
    """``hours_a = 2, hours_b = -1`` sums to an active day's 1: only the range check sees it."""
    values.update(dict.fromkeys(HOURS, 0), active_day=1)
    meas = raw_day(values)
    valid = circuit(DAY)
    meas[valid.offsets[hours[0]]] = 2
    meas[valid.offsets[hours[1]]] = valid.field.MODULUS - 1
    assert_rejected(DAY, meas, rand)


@SETTINGS
@given(values=day_values(), rand=rand_for(DAY))
def test_an_active_day_without_an_hour_is_rejected(values: dict[str, int], rand: bytes) -> None:
    values.update(dict.fromkeys(HOURS, 0), active_day=1)
    assert_rejected(DAY, raw_day(values), rand)


@SETTINGS
@given(
    values=tools_values(),
    tool=st.sampled_from(TOOL_IDS),
    broken=st.sampled_from(
        [
            ("satisfaction_1", "satisfaction_4", "workload_same"),
            ("satisfaction_2",),
            ("workload_heavier",),
            ("satisfaction_5", "workload_lighter", "not_used"),
            ("not_used", "workload_same"),
            ("satisfaction_3", "workload_lighter", "workload_heavier"),
        ]
    ),
    rand=rand_for(TOOLS),
)
def test_a_tool_answer_neither_one_hot_nor_empty_is_rejected(
    values: dict[str, int], tool: str, broken: tuple[str, ...], rand: bytes
) -> None:
    slots = (*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED)
    values.update({tool_field(tool, s): int(s in broken) for s in slots})
    with pytest.raises(ValueError):
        circuit(TOOLS).encode(values)  # an honest client cannot even encode it
    meas = [values[f.name] for f in circuit(TOOLS).layout.fields]  # every field is one bit
    assert_rejected(TOOLS, meas, rand)


TAMPER_TARGETS = [
    "leader measurement",
    "leader proof",
    "leader blind",
    "helper seed",
    "helper blind",
    "public share",
]


def flip(data: bytes, index: int, bit: int) -> bytes:
    index %= len(data)
    return data[:index] + bytes([data[index] ^ (1 << bit)]) + data[index + 1 :]


@pytest.mark.parametrize("kind", CASES)
@pytest.mark.parametrize("target", TAMPER_TARGETS)
@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_tampered_share_public_share_or_proof_is_rejected(
    kind: str, target: str, data: st.DataObject
) -> None:
    vdaf, values_strategy = CASES[kind]
    values = data.draw(values_strategy)
    public_share, (leader, helper) = vdaf.shard(
        b"repit test", values, NONCE, data.draw(rand_for(vdaf))
    )
    assert isinstance(leader, LeaderShare)
    assert isinstance(helper, HelperShare)
    leader_blind, helper_blind = leader.blind, helper.blind
    assert public_share is not None and leader_blind is not None and helper_blind is not None
    index = data.draw(st.integers(0, 10_000))
    bit = data.draw(st.integers(0, 7))
    delta = data.draw(st.integers(1, vdaf.field.MODULUS - 1))
    mod = vdaf.field.MODULUS
    if target == "leader measurement":
        meas = list(leader.meas_share)
        meas[index % len(meas)] = (meas[index % len(meas)] + delta) % mod
        leader = LeaderShare(meas, leader.proofs_share, leader.blind)
    elif target == "leader proof":
        proof = list(leader.proofs_share)
        proof[index % len(proof)] = (proof[index % len(proof)] + delta) % mod
        leader = LeaderShare(leader.meas_share, proof, leader.blind)
    elif target == "leader blind":
        leader = LeaderShare(leader.meas_share, leader.proofs_share, flip(leader_blind, index, bit))
    elif target == "helper seed":
        helper = HelperShare(flip(helper.share, index, bit), helper.blind)
    elif target == "helper blind":
        helper = HelperShare(helper.share, flip(helper_blind, index, bit))
    else:
        part = index % len(public_share)
        public_share = list(public_share)
        public_share[part] = flip(public_share[part], index // 2, bit)
    with pytest.raises(ValueError):
        verify(vdaf, public_share, [leader, helper])


@pytest.mark.parametrize("kind", CASES)
def test_soundness_is_far_below_two_to_the_minus_64_per_report(kind: str) -> None:
    vdaf, _ = CASES[kind]
    # 64 bits per report, plus 48 bits of margin for a client grinding 2**48
    # sharings offline to find a joint randomness that accepts.
    assert soundness_bits(vdaf) > 64 + 48


def test_day_report_fits_in_four_kib() -> None:
    size = DAY.input_share_size(0) + DAY.input_share_size(1) + DAY.xof.SEED_SIZE * DAY.SHARES
    assert size < 4096


def test_contract_imports_neither_program() -> None:
    code = (
        "import sys, contract.prio3, contract.prio3.repit, contract.prio3.instances\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('agent', 'aggregator'))\n"
        "print(loaded)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_layout_rules_name_known_zero_one_fields() -> None:
    from contract.prio3.repit import Bound, Layout, OneHot

    with pytest.raises(ValueError, match="unknown field `nope`"):
        ContributionCircuit(Layout((Bound("a", 0, 1),), (OneHot(("a", "nope")),)))
    with pytest.raises(ValueError, match=re.escape("`b` must be 0..1")):
        ContributionCircuit(Layout((Bound("a", 0, 1), Bound("b", 0, 5)), (OneHot(("a", "b")),)))


def test_a_layout_change_changes_the_circuit() -> None:
    """Bounds are read from the layout: widening one widens its encoding."""
    from contract.prio3.repit import Layout

    wider: list[Any] = [
        contribution.Field(f.name, f.low, 4000 if f.name == "breaks" else f.high)
        for f in contribution.DAY_FIELDS
    ]
    assert ContributionCircuit(Layout.of(wider)).MEAS_LEN == circuit(DAY).MEAS_LEN + 5
