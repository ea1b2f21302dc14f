"""FLP gadgets (draft Appendix A): the non-affine sub-circuits a validity circuit calls.

A gadget evaluates on field elements (``eval``) and on polynomials given in the
Lagrange basis (``eval_poly``), the latter to build the gadget polynomial of
the proof.
"""

from __future__ import annotations

from collections.abc import Sequence

from contract.prio3.field import Field, Lagrange, assert_power_of_2, next_power_of_2, poly_eval


def wire_poly_len(gadget_calls: int) -> int:
    """Values in each wire polynomial: one seed plus one per call, rounded up to a power of 2."""
    return next_power_of_2(1 + gadget_calls)


def gadget_poly_len(gadget_degree: int, wire_polynomial_len: int) -> int:
    """Values in a gadget polynomial, enough to determine it."""
    return gadget_degree * (wire_polynomial_len - 1) + 1


class Gadget:
    """Interface: ``ARITY`` input wires, arithmetic ``DEGREE``."""

    ARITY: int
    DEGREE: int

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        raise NotImplementedError

    def eval_poly(self, field: type[Field], inp_poly: Sequence[Sequence[int]]) -> list[int]:
        raise NotImplementedError


class Mul(Gadget):
    """``Mul(x, y) = x * y`` (§A.1)."""

    ARITY = 2
    DEGREE = 2

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        return inp[0] * inp[1] % field.MODULUS

    def eval_poly(self, field: type[Field], inp_poly: Sequence[Sequence[int]]) -> list[int]:
        return Lagrange(field).poly_mul(inp_poly[0], inp_poly[1])


class PolyEval(Gadget):
    """``PolyEval(x) = p(x)`` for a fixed polynomial ``p`` with integer coefficients (§A.2)."""

    ARITY = 1

    def __init__(self, p: Sequence[int], num_calls: int) -> None:
        coeffs = list(p)
        while coeffs and coeffs[-1] == 0:
            coeffs.pop()  # strip leading zeros
        if not coeffs:
            raise ValueError("invalid polynomial: zero length")
        self.p = coeffs
        self.DEGREE = len(coeffs) - 1
        self.n = next_power_of_2(gadget_poly_len(self.DEGREE, wire_poly_len(num_calls)))

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        return poly_eval(field, [c % field.MODULUS for c in self.p], inp[0])

    def eval_poly(self, field: type[Field], inp_poly: Sequence[Sequence[int]]) -> list[int]:
        inp_len = len(inp_poly[0])
        assert_power_of_2(inp_len)
        inp_mon = field.inv_ntt(inp_poly[0], inp_len)  # Lagrange to monomial basis
        inp_lag = field.ntt(inp_mon, self.n)  # n values of the input polynomial
        p_mon = [c % field.MODULUS for c in self.p]
        return [poly_eval(field, p_mon, x) for x in inp_lag]  # values of p ∘ input


class ParallelSum(Gadget):
    """The sum of ``count`` calls of a sub-circuit on consecutive inputs (§A.3)."""

    def __init__(self, subcircuit: Gadget, count: int) -> None:
        self.subcircuit = subcircuit
        self.count = count
        self.ARITY = subcircuit.ARITY * count
        self.DEGREE = subcircuit.DEGREE

    def eval(self, field: type[Field], inp: Sequence[int]) -> int:
        arity = self.subcircuit.ARITY
        out = 0
        for i in range(self.count):
            out += self.subcircuit.eval(field, inp[i * arity : (i + 1) * arity])
        return out % field.MODULUS

    def eval_poly(self, field: type[Field], inp_poly: Sequence[Sequence[int]]) -> list[int]:
        mod = field.MODULUS
        length = next_power_of_2(gadget_poly_len(self.DEGREE, len(inp_poly[0])))
        arity = self.subcircuit.ARITY
        out_sum = [0] * length
        for i in range(self.count):
            current = self.subcircuit.eval_poly(field, inp_poly[i * arity : (i + 1) * arity])
            out_sum = [(a + b) % mod for a, b in zip(out_sum, current[:length], strict=True)]
        return out_sum
