"""The fully linear proof of BBCGGI19 as the draft specifies it (§7.3).

``Valid`` is a validity circuit: affine gates and gadget calls over an encoded
measurement, with joint randomness, whose outputs are all zero exactly when the
measurement is valid. ``Flp`` turns it into a proof system: ``prove`` records
the gadgets' input wires and interpolates the wire and gadget polynomials,
``query`` re-runs the circuit on (a share of) the measurement with the gadget
polynomial from (a share of) the proof and tests it at a random point,
``decide`` finishes the tests on the recombined verifier.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from contract.prio3.field import Field, Lagrange, assert_power_of_2, next_power_of_2
from contract.prio3.gadgets import Gadget, gadget_poly_len, wire_poly_len

Measurement = TypeVar("Measurement")
AggResult = TypeVar("AggResult")


class Valid(Generic[Measurement, AggResult]):
    """A validity circuit (§7.3.2); subclasses set the parameters and methods."""

    field: type[Field]
    GADGETS: list[Gadget]
    GADGET_CALLS: list[int]
    MEAS_LEN: int
    JOINT_RAND_LEN: int
    EVAL_OUTPUT_LEN: int
    OUTPUT_LEN: int

    def encode(self, measurement: Measurement) -> list[int]:
        raise NotImplementedError

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        raise NotImplementedError

    def truncate(self, meas: Sequence[int]) -> list[int]:
        raise NotImplementedError

    def decode(self, output: Sequence[int], num_measurements: int) -> AggResult:
        raise NotImplementedError

    def prove_rand_len(self) -> int:
        return sum(g.ARITY for g in self.GADGETS)

    def query_rand_len(self) -> int:
        query_rand_len = len(self.GADGETS)
        if self.EVAL_OUTPUT_LEN > 1:
            query_rand_len += self.EVAL_OUTPUT_LEN
        return query_rand_len

    def proof_len(self) -> int:
        length = 0
        for g, g_calls in zip(self.GADGETS, self.GADGET_CALLS, strict=True):
            length += g.ARITY + gadget_poly_len(g.DEGREE, wire_poly_len(g_calls))
        return length

    def verifier_len(self) -> int:
        return 1 + sum(g.ARITY + 1 for g in self.GADGETS)


class ProveGadget(Gadget):
    """Records the input wires of each call, seeded with prover randomness (§A.4)."""

    def __init__(
        self, field: type[Field], wire_seeds: Sequence[int], g: Gadget, g_calls: int
    ) -> None:
        p = wire_poly_len(g_calls)
        self.inner = g
        self.ARITY = g.ARITY
        self.DEGREE = g.DEGREE
        self.wires = [[s] + [0] * (p - 1) for s in wire_seeds]
        self.k = 0  # calls so far

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        self.k += 1
        for wire, x in zip(self.wires, inp, strict=True):
            wire[self.k] = x
        return self.inner.eval(field, inp)

    def eval_poly(self, field: type[Field], inp_poly: Sequence[Sequence[int]]) -> list[int]:
        return self.inner.eval_poly(field, inp_poly)

    @classmethod
    def wrap(cls, valid: Valid[Any, Any], prove_rand: Sequence[int]) -> Valid[Any, Any]:
        wrapped: list[Gadget] = []
        rest = list(prove_rand)
        for g, g_calls in zip(valid.GADGETS, valid.GADGET_CALLS, strict=True):
            wire_seeds, rest = rest[: g.ARITY], rest[g.ARITY :]
            wrapped.append(cls(valid.field, wire_seeds, g, g_calls))
        # A shallow copy suffices: only the gadget list differs from the circuit's.
        wrapped_valid = copy.copy(valid)
        wrapped_valid.GADGETS = wrapped
        return wrapped_valid


class QueryGadget(Gadget):
    """Records the input wires of each call and answers from the gadget polynomial (§A.4)."""

    def __init__(
        self,
        field: type[Field],
        wire_seeds: Sequence[int],
        gadget_poly: Sequence[int],
        g: Gadget,
        g_calls: int,
    ) -> None:
        p = wire_poly_len(g_calls)
        self.ARITY = g.ARITY
        self.DEGREE = g.DEGREE
        self.wires = [[s] + [0] * (p - 1) for s in wire_seeds]
        self.k = 0
        # Recover all the values of the gadget polynomial.
        lag = Lagrange(field)
        poly = list(gadget_poly)
        lag.extend_values_to_power_of_2(poly, next_power_of_2(len(poly)))
        size = next_power_of_2(gadget_poly_len(g.DEGREE, p))
        while len(poly) < size:
            poly = lag.double_evaluations(poly)
        self.poly = poly
        # The k-th call is at the k-th p-th root of unity, index k * step among `size`.
        self.step = 1 << (assert_power_of_2(size) - assert_power_of_2(p))

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        self.k += 1
        for wire, x in zip(self.wires, inp, strict=True):
            wire[self.k] = x
        return self.poly[self.k * self.step]

    @classmethod
    def wrap(cls, valid: Valid[Any, Any], proof: Sequence[int]) -> Valid[Any, Any]:
        wrapped: list[Gadget] = []
        rest = list(proof)
        for g, g_calls in zip(valid.GADGETS, valid.GADGET_CALLS, strict=True):
            g_poly_len = gadget_poly_len(g.DEGREE, wire_poly_len(g_calls))
            wire_seeds, rest = rest[: g.ARITY], rest[g.ARITY :]
            gadget_poly, rest = rest[:g_poly_len], rest[g_poly_len:]
            wrapped.append(cls(valid.field, wire_seeds, gadget_poly, g, g_calls))
        wrapped_valid = copy.copy(valid)
        wrapped_valid.GADGETS = wrapped
        return wrapped_valid


class Flp(Generic[Measurement, AggResult]):
    """The FLP of a validity circuit (§7.3): prove, query, decide."""

    def __init__(self, valid: Valid[Measurement, AggResult]) -> None:
        self.valid = valid
        self.field = valid.field
        self.PROVE_RAND_LEN = valid.prove_rand_len()
        self.QUERY_RAND_LEN = valid.query_rand_len()
        self.JOINT_RAND_LEN = valid.JOINT_RAND_LEN
        self.MEAS_LEN = valid.MEAS_LEN
        self.OUTPUT_LEN = valid.OUTPUT_LEN
        self.PROOF_LEN = valid.proof_len()
        self.VERIFIER_LEN = valid.verifier_len()

    def encode(self, measurement: Measurement) -> list[int]:
        return self.valid.encode(measurement)

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return self.valid.truncate(meas)

    def decode(self, output: Sequence[int], num_measurements: int) -> AggResult:
        return self.valid.decode(output, num_measurements)

    def prove(
        self, meas: Sequence[int], prove_rand: Sequence[int], joint_rand: Sequence[int]
    ) -> list[int]:
        valid = ProveGadget.wrap(self.valid, prove_rand)
        valid.eval(meas, joint_rand, 1)
        proof: list[int] = []
        for g, g_calls in zip(valid.GADGETS, valid.GADGET_CALLS, strict=True):
            assert isinstance(g, ProveGadget)
            p = wire_poly_len(g_calls)
            # Wire j is the polynomial taking its seed at 1 and the j-th input of
            # call k at the k-th p-th root of unity (zeros past the last call).
            proof += [wire[0] for wire in g.wires]
            gadget_poly = g.eval_poly(self.field, g.wires)
            proof += gadget_poly[: gadget_poly_len(g.DEGREE, p)]
        return proof

    def query(
        self,
        meas: Sequence[int],
        proof: Sequence[int],
        query_rand: Sequence[int],
        joint_rand: Sequence[int],
        num_shares: int,
    ) -> list[int]:
        mod = self.field.MODULUS
        valid = QueryGadget.wrap(self.valid, proof)
        out = valid.eval(meas, joint_rand, num_shares)
        rand = list(query_rand)
        # Reduce the outputs to one by a random linear combination.
        if self.valid.EVAL_OUTPUT_LEN > 1:
            coeffs, rand = rand[: self.valid.EVAL_OUTPUT_LEN], rand[self.valid.EVAL_OUTPUT_LEN :]
            v = sum(r * o for r, o in zip(coeffs, out, strict=True)) % mod
        else:
            [v] = out
        lag = Lagrange(self.field)
        verifier = [v]
        for g, t in zip(valid.GADGETS, rand, strict=False):
            assert isinstance(g, QueryGadget)
            p = len(g.wires[0])
            # A test point among the wires' evaluation points would leak a wire value.
            if pow(t, p, mod) == 1:
                raise ValueError("test point is a root of unity")
            verifier += lag.poly_eval_batched(g.wires[: g.ARITY], t)
            verifier.append(lag.poly_eval(g.poly, t))
        return verifier

    def decide(self, verifier: Sequence[int]) -> bool:
        if verifier[0] != 0:
            return False
        rest = list(verifier[1:])
        for g in self.valid.GADGETS:
            wire_checks, rest = rest[: g.ARITY], rest[g.ARITY :]
            gadget_check, rest = rest[0], rest[1:]
            if g.eval(self.field, wire_checks) != gadget_check:
                return False
        return True
