"""Répit's validity circuits: day, week and tools contributions, built from a layout.

A **layout** is what MEASURES.md §8 (or TOOLS.md) says leaves the machine: the
fields in order, each with its bounds, and the one-hot rules. It is passed in,
never written here: the day and week layouts live in ``contract.contribution``
and change there (``day_layout``/``week_layout`` callers build a ``Layout`` from
it); the tools layout is made from the department's tool ids by ``tools_layout``.

The circuit (``ContributionCircuit``), field by field:

- a field ``low..high`` with ``low < high`` is encoded as ``v - low`` in weighted
  bits, as in the draft's ``Sum`` (§7.4.2): ``b = (high - low).bit_length()``
  bits of weights ``1, 2, …, 2**(b-2)`` and a last weight making them sum to
  ``high - low``. Bits can only add up to ``0..high-low``: the exact bounds,
  not a power-of-two range (0..1500 takes 11 bits, not 0..2047);
- a field ``low..low`` (``reports``) has no element at all: the report itself
  is the value, and ``decode`` adds ``low`` once per report;
- every bit is checked by the randomised range check of ``SumVec`` (§7.4.3):
  one ``ParallelSum(Mul)`` call per chunk of ``chunk_length`` elements, with a
  joint-randomness coefficient per call;
- a rule ``OneHot(members, when)``: with ``when``, the members' sum equals the
  sum of the ``when`` fields (an affine output: for the day, ``hours_0 … hours_12``
  sum to ``active_day``, so exactly one hour on an active day and none on an
  inactive one); without ``when``, the members' sum is itself range-checked as a
  bit, so at most one member is 1.

The output share is one element per layout field (``v - low``), so the aggregate
is the layout's field sums.

The tools layout (TOOLS.md): per tool, ``satisfaction_1 … satisfaction_5``,
``workload_lighter``, ``workload_same``, ``workload_heavier`` and ``not_used``,
each 0..1. An answer is empty (all zeros), "not used" alone, or one satisfaction
level and one workload effect: the rules are "at most one of the satisfaction
levels and not_used" and "the workload effects sum to the satisfaction levels".

**Field and number of proofs.** The circuit uses joint randomness, which a
client derives from its own shares (Fiat–Shamir), so a cheater can try share
after share offline until the joint randomness happens to accept an invalid
measurement (§9.7, DPRS23). Per try, the soundness error of the FLP is, as in the
draft's analysis ``(circuit_soundness + flp_soundness) ** PROOFS``:

- circuit soundness: the range checks add up to a polynomial of degree
  ``chunk_length`` in the joint randomness, non-zero for any non-bit, which
  vanishes with probability at most ``chunk_length / |F|`` (Schwartz–Zippel);
  the random linear combination of the outputs adds ``1 / |F|``;
- FLP soundness (BBCGGI19, Theorem 4.3): the gadget test evaluates a non-zero
  polynomial of degree at most ``DEGREE * (P - 1)`` (``P`` the wire polynomial
  length) at a random point outside the ``P`` roots of unity: at most
  ``DEGREE * (P - 1) / (|F| - P)``.

For today's day layout (88 bits, ``chunk_length`` 13 chosen for the shortest
proof, 7 calls, ``P`` = 8, ``DEGREE`` = 2) over Field128 (``|F|`` ≈ 2**127.99)
with one proof: ``(13 + 1) / |F| + 2 * 7 / (|F| - 8)`` = 28 / |F| ≈ 2**-123.2 per
try. That is below 2**-64 per report, and stays below it for a client that tries
up to 2**59 sharings of one report offline. Field64 would give ≈ 2**-59 per
proof and need three proofs (the draft's minimum with joint randomness), a longer
report and three times the proving; Field128 with one proof is the draft's choice
for SumVec too. ``soundness_error`` computes this bound for any circuit; the
tests check that every Répit circuit stays below 2**-64 with a
margin for offline tries.

Report size for the day: leader share (88 + 41) × 16 + 32 = 2,096 bytes, helper
share 64, public share 64: 2,224 bytes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from operator import mul
from typing import Any, Protocol

from contract.prio3.circuits import (
    encode_range_checked_int,
    parallel_range_check,
    range_checked_weights,
)
from contract.prio3.field import Field, Field128
from contract.prio3.flp import Valid
from contract.prio3.gadgets import Mul, ParallelSum, gadget_poly_len, wire_poly_len
from contract.prio3.vdaf import Prio3

# Private-use identifiers (§10): one per kind, so that a report of one kind can
# never verify as another (the identifier is in every domain separation tag).
REPIT_DAY = 0xFFFF5201
REPIT_WEEK = 0xFFFF5202
REPIT_TOOLS = 0xFFFF5203

PROOFS = 1
FIELD: type[Field] = Field128

TOOL_SATISFACTION = tuple(f"satisfaction_{level}" for level in range(1, 6))
TOOL_WORKLOAD = ("workload_lighter", "workload_same", "workload_heavier")
TOOL_NOT_USED = "not_used"


class Bounded(Protocol):
    """A layout field: ``contract.contribution.Field`` has this shape."""

    @property
    def name(self) -> str: ...
    @property
    def low(self) -> int: ...
    @property
    def high(self) -> int: ...


@dataclass(frozen=True, slots=True)
class Bound:
    name: str
    low: int
    high: int


@dataclass(frozen=True, slots=True)
class OneHot:
    """The 0..1 fields ``members`` sum to the 0..1 fields ``when``; to at most 1 without."""

    members: tuple[str, ...]
    when: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class Layout:
    fields: tuple[Bound, ...]
    rules: tuple[OneHot, ...] = ()

    @classmethod
    def of(cls, fields: Sequence[Bounded], rules: Sequence[OneHot] = ()) -> Layout:
        return cls(tuple(Bound(f.name, f.low, f.high) for f in fields), tuple(rules))


def day_layout(fields: Sequence[Bounded], hours: Sequence[str], active: str) -> Layout:
    """MEASURES.md §8's day: ``hours`` one-hot exactly when ``active`` is 1."""
    return Layout.of(fields, [OneHot(tuple(hours), (active,))])


def week_layout(fields: Sequence[Bounded]) -> Layout:
    """MEASURES.md §8's week: bounds only."""
    return Layout.of(fields)


def tool_field(tool: str, slot: str) -> str:
    return f"{tool}.{slot}"


def tools_layout(tool_ids: Sequence[str]) -> Layout:
    """TOOLS.md's monthly answers for the department's tools, in the given order."""
    if len(set(tool_ids)) != len(tool_ids):
        raise ValueError("tool ids must be unique")
    fields: list[Bound] = []
    rules: list[OneHot] = []
    for tool in tool_ids:
        slots = (*TOOL_SATISFACTION, *TOOL_WORKLOAD, TOOL_NOT_USED)
        fields += [Bound(tool_field(tool, slot), 0, 1) for slot in slots]
        satisfaction = tuple(tool_field(tool, s) for s in TOOL_SATISFACTION)
        rules.append(OneHot((*satisfaction, tool_field(tool, TOOL_NOT_USED))))
        rules.append(OneHot(tuple(tool_field(tool, w) for w in TOOL_WORKLOAD), satisfaction))
    return Layout(tuple(fields), tuple(rules))


def _bits(bound: Bound) -> int:
    return (bound.high - bound.low).bit_length()


def best_chunk_length(elements: int, arity_cost: int = 2) -> int:
    """The ``ParallelSum`` chunk length giving the shortest proof (§7.4.3.1), by trying all."""

    def proof_len(chunk: int) -> int:
        calls = -(-elements // chunk)
        return arity_cost * chunk + gadget_poly_len(2, wire_poly_len(calls))

    return min(range(1, elements + 1), key=lambda chunk: (proof_len(chunk), chunk))


class ContributionCircuit(Valid[Mapping[str, int], dict[str, int]]):
    """The validity circuit of a layout (see the module's docstring)."""

    def __init__(self, layout: Layout, field: type[Field] = FIELD) -> None:
        names = [f.name for f in layout.fields]
        if len(set(names)) != len(names):
            raise ValueError("field names must be unique")
        self.layout = layout
        self.field = field
        self.offsets: dict[str, int] = {}
        offset = 0
        for f in layout.fields:
            if f.low > f.high or f.low < 0:
                raise ValueError(f"`{f.name}`: bounds {f.low}..{f.high} are not 0 <= low <= high")
            if f.high - f.low >= field.MODULUS // 2:
                raise ValueError(f"`{f.name}`: range too large for the field")
            self.offsets[f.name] = offset
            offset += _bits(f)
        by_name = {f.name: f for f in layout.fields}
        for rule in layout.rules:
            for name in (*rule.members, *(rule.when or ())):
                if name not in by_name:
                    raise ValueError(f"rule names unknown field `{name}`")
                if (by_name[name].low, by_name[name].high) != (0, 1):
                    raise ValueError(f"rule field `{name}` must be 0..1")
        self.flag_rules = [r.members for r in layout.rules if r.when is None]
        self.equal_rules = [(r.members, r.when) for r in layout.rules if r.when is not None]
        self.MEAS_LEN = offset
        # Each field's first bit and weights (none for a constant field, which
        # truncates to 0: decode adds its value per report).
        self.decoders = [
            (self.offsets[f.name], range_checked_weights(f.high - f.low) if _bits(f) else ())
            for f in layout.fields
        ]
        self.OUTPUT_LEN = len(layout.fields)
        checked = self.MEAS_LEN + len(self.flag_rules)
        self.chunk_length = best_chunk_length(checked)
        self.GADGETS = [ParallelSum(Mul(), self.chunk_length)]
        self.GADGET_CALLS = [-(-checked // self.chunk_length)]
        self.JOINT_RAND_LEN = self.GADGET_CALLS[0]
        self.EVAL_OUTPUT_LEN = 1 + len(self.equal_rules)

    def encode(self, measurement: Mapping[str, int]) -> list[int]:
        unknown = sorted(set(measurement) - {f.name for f in self.layout.fields})
        if unknown:
            raise ValueError(f"unknown field `{unknown[0]}`")
        encoded: list[int] = []
        for f in self.layout.fields:
            if f.name not in measurement:
                raise ValueError(f"missing field `{f.name}`")
            value = measurement[f.name]
            if not f.low <= value <= f.high:
                raise ValueError(f"`{f.name}`: {value} is outside {f.low}..{f.high}")
            if f.high > f.low:
                encoded += encode_range_checked_int(self.field, value - f.low, f.high - f.low)
        for members, when in self.equal_rules:
            if sum(measurement[m] for m in members) != sum(measurement[w] for w in when):
                raise ValueError(f"{', '.join(members)} must sum to {', '.join(when)}")
        for members in self.flag_rules:
            if sum(measurement[m] for m in members) > 1:
                raise ValueError(f"at most one of {', '.join(members)} may be 1")
        return encoded

    def _flag(self, meas: Sequence[int], name: str) -> int:
        return meas[self.offsets[name]]

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        mod = self.field.MODULUS
        # Sums that must be bits join the bits in the range check.
        checked = list(meas)
        for members in self.flag_rules:
            checked.append(sum(self._flag(meas, m) for m in members) % mod)
        range_check = parallel_range_check(
            self.field,
            self.GADGETS[0],
            self.GADGET_CALLS[0],
            self.chunk_length,
            checked,
            joint_rand,
            num_shares,
        )
        out = [range_check]
        for members, when in self.equal_rules:
            total = sum(self._flag(meas, m) for m in members)
            out.append((total - sum(self._flag(meas, w) for w in when)) % mod)
        return out

    def truncate(self, meas: Sequence[int]) -> list[int]:
        mod = self.field.MODULUS
        return [
            sum(map(mul, weights, meas[start : start + len(weights)])) % mod
            for start, weights in self.decoders
        ]

    def decode(self, output: Sequence[int], num_measurements: int) -> dict[str, int]:
        return {
            f.name: value + f.low * num_measurements
            for f, value in zip(self.layout.fields, output, strict=True)
        }


def prio3_contribution(vdaf_id: int, layout: Layout) -> Prio3[Mapping[str, int], dict[str, int]]:
    """Prio3 for a layout, between a leader and a helper."""
    return Prio3(vdaf_id, ContributionCircuit(layout), 2, PROOFS)


def soundness_error(vdaf: Prio3[Any, Any]) -> float:
    """Upper bound on a cheating client's chance per try that an invalid report passes:
    ``(circuit_soundness + flp_soundness) ** PROOFS`` (see the module's docstring)."""
    valid = vdaf.flp.valid
    size = valid.field.MODULUS
    circuit = 0.0
    flp = 0.0
    for g, calls in zip(valid.GADGETS, valid.GADGET_CALLS, strict=True):
        p = wire_poly_len(calls)
        if isinstance(g, ParallelSum) and valid.JOINT_RAND_LEN:
            circuit += g.count / size
        flp += g.DEGREE * (p - 1) / (size - p)
    if valid.EVAL_OUTPUT_LEN > 1:
        circuit += 1 / size
    return float((circuit + flp) ** vdaf.PROOFS)


def soundness_bits(vdaf: Prio3[Any, Any]) -> float:
    """``-log2`` of ``soundness_error``."""
    return -math.log2(soundness_error(vdaf))
