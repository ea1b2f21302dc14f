"""The draft's validity circuits (§7.4) and the test-only higher-degree one.

Field elements are ints; every circuit reduces modulo ``field.MODULUS``.
Additions of constants are scaled by ``1 / num_shares`` so that each share of
the circuit's output is computed locally (§7.3.1).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from operator import mul

from contract.prio3.field import Field
from contract.prio3.flp import Valid
from contract.prio3.gadgets import Gadget, Mul, ParallelSum, PolyEval


def encode_range_checked_int(field: type[Field], value: int, max_measurement: int) -> list[int]:
    """``value`` in ``[0, max_measurement]`` as weighted bits (§7.4.2): powers of two, then
    a last weight making the weights sum to ``max_measurement``."""
    if not 0 <= value <= max_measurement:
        raise ValueError(f"measurement {value} is outside 0..{max_measurement}")
    bits = max_measurement.bit_length()
    rest_all_ones_value = (1 << (bits - 1)) - 1
    last_weight = max_measurement - rest_all_ones_value
    if value <= rest_all_ones_value:
        rest, last_elem = value, 0
    else:
        rest, last_elem = value - last_weight, 1
    return [(rest >> bit) & 1 for bit in range(bits - 1)] + [last_elem]


@cache
def range_checked_weights(max_measurement: int) -> tuple[int, ...]:
    """The weights of the bits of ``encode_range_checked_int``: ``1, 2, …, 2**(b-2)``
    and the last one, computed once per bound."""
    bits = max_measurement.bit_length()
    last_weight = max_measurement - ((1 << (bits - 1)) - 1)
    return (*(1 << i for i in range(bits - 1)), last_weight)


def decode_range_checked_int(
    field: type[Field], encoded: Sequence[int], max_measurement: int
) -> int:
    """The weighted sum of the bits; linear, so it also decodes shares."""
    weights = range_checked_weights(max_measurement)
    decoded: int = sum(map(mul, weights, encoded)) % field.MODULUS
    return decoded


def parallel_range_check(
    field: type[Field],
    gadget: Gadget,
    calls: int,
    chunk_length: int,
    elems: Sequence[int],
    joint_rand: Sequence[int],
    num_shares: int,
) -> int:
    """``sum_i sum_j r_i**(j+1) * x * (x - 1)`` over the elements in chunks, one
    ``ParallelSum(Mul)`` call per chunk with its own joint randomness ``r_i``: zero for
    bits, non-zero with high probability otherwise (SumVec, Histogram, MultihotCountVec)."""
    mod = field.MODULUS
    shares_inv = field.inv(num_shares)
    # Zeros past the last element fill the last chunk, as the draft's loop does.
    padded = list(elems) + [0] * (calls * chunk_length - len(elems))
    out = 0
    for i in range(calls):
        r = joint_rand[i]
        r_power = r
        inputs = [0] * (2 * chunk_length)
        for j, elem in enumerate(padded[i * chunk_length : (i + 1) * chunk_length]):
            inputs[2 * j] = r_power * elem % mod
            inputs[2 * j + 1] = (elem - shares_inv) % mod
            r_power = r_power * r % mod
        out += gadget.eval(field, inputs)
    return out % mod


class Count(Valid[int, int]):
    """A 0 or 1: ``x * x - x = 0`` (§7.4.1)."""

    def __init__(self, field: type[Field]) -> None:
        self.field = field
        self.GADGETS = [Mul()]
        self.GADGET_CALLS = [1]
        self.MEAS_LEN = 1
        self.JOINT_RAND_LEN = 0
        self.OUTPUT_LEN = 1
        self.EVAL_OUTPUT_LEN = 1

    def encode(self, measurement: int) -> list[int]:
        return [measurement % self.field.MODULUS]

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        squared = self.GADGETS[0].eval(self.field, [meas[0], meas[0]])
        return [(squared - meas[0]) % self.field.MODULUS]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return list(meas)

    def decode(self, output: Sequence[int], num_measurements: int) -> int:
        return output[0]


class Sum(Valid[int, int]):
    """An integer in ``[0, max_measurement]`` as weighted bits, each checked by
    ``PolyEval(x**2 - x)`` (§7.4.2)."""

    def __init__(self, field: type[Field], max_measurement: int) -> None:
        self.field = field
        self.bits = max_measurement.bit_length()
        self.max_measurement = max_measurement
        self.GADGET_CALLS = [self.bits]
        self.GADGETS = [PolyEval([0, -1, 1], self.bits)]
        self.MEAS_LEN = self.bits
        self.JOINT_RAND_LEN = 0
        self.OUTPUT_LEN = 1
        self.EVAL_OUTPUT_LEN = self.bits

    def encode(self, measurement: int) -> list[int]:
        return encode_range_checked_int(self.field, measurement, self.max_measurement)

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        return [self.GADGETS[0].eval(self.field, [b]) for b in meas]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return [decode_range_checked_int(self.field, meas, self.max_measurement)]

    def decode(self, output: Sequence[int], num_measurements: int) -> int:
        return output[0]


class SumVec(Valid[list[int], list[int]]):
    """A vector of ``length`` integers in ``[0, max_measurement]`` (§7.4.3)."""

    def __init__(
        self, field: type[Field], length: int, max_measurement: int, chunk_length: int
    ) -> None:
        self.field = field
        self.length = length
        self.bits = max_measurement.bit_length()
        self.max_measurement = max_measurement
        self.chunk_length = chunk_length
        self.GADGETS = [ParallelSum(Mul(), chunk_length)]
        self.GADGET_CALLS = [(length * self.bits + chunk_length - 1) // chunk_length]
        self.MEAS_LEN = length * self.bits
        self.OUTPUT_LEN = length
        self.JOINT_RAND_LEN = self.GADGET_CALLS[0]
        self.EVAL_OUTPUT_LEN = 1

    def encode(self, measurement: list[int]) -> list[int]:
        if len(measurement) != self.length:
            raise ValueError(f"expected {self.length} values, got {len(measurement)}")
        encoded: list[int] = []
        for value in measurement:
            encoded += encode_range_checked_int(self.field, value, self.max_measurement)
        return encoded

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        return [
            parallel_range_check(
                self.field,
                self.GADGETS[0],
                self.GADGET_CALLS[0],
                self.chunk_length,
                meas,
                joint_rand,
                num_shares,
            )
        ]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        bits = self.bits
        return [
            decode_range_checked_int(
                self.field, meas[i * bits : (i + 1) * bits], self.max_measurement
            )
            for i in range(self.length)
        ]

    def decode(self, output: Sequence[int], num_measurements: int) -> list[int]:
        return list(output)


class Histogram(Valid[int, list[int]]):
    """A one-hot vector of ``length`` buckets: bits that sum to one (§7.4.4)."""

    def __init__(self, field: type[Field], length: int, chunk_length: int) -> None:
        self.field = field
        self.length = length
        self.chunk_length = chunk_length
        self.GADGETS = [ParallelSum(Mul(), chunk_length)]
        self.GADGET_CALLS = [(length + chunk_length - 1) // chunk_length]
        self.MEAS_LEN = length
        self.OUTPUT_LEN = length
        self.JOINT_RAND_LEN = self.GADGET_CALLS[0]
        self.EVAL_OUTPUT_LEN = 2

    def encode(self, measurement: int) -> list[int]:
        if not 0 <= measurement < self.length:
            raise ValueError(f"bucket {measurement} is outside 0..{self.length - 1}")
        encoded = [0] * self.length
        encoded[measurement] = 1
        return encoded

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        mod = self.field.MODULUS
        range_check = parallel_range_check(
            self.field,
            self.GADGETS[0],
            self.GADGET_CALLS[0],
            self.chunk_length,
            meas,
            joint_rand,
            num_shares,
        )
        sum_check = (sum(meas) - self.field.inv(num_shares)) % mod
        return [range_check, sum_check]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return list(meas)

    def decode(self, output: Sequence[int], num_measurements: int) -> list[int]:
        return list(output)


class MultihotCountVec(Valid[list[bool], list[int]]):
    """Booleans of which at most ``max_weight`` are true: bits, and a weighted-bit weight
    equal to their sum (§7.4.5)."""

    def __init__(self, field: type[Field], length: int, max_weight: int, chunk_length: int) -> None:
        if length >= field.MODULUS:
            raise ValueError("length is too large for the field")
        if max_weight >= field.MODULUS:
            raise ValueError("max_weight is too large for the field")
        self.field = field
        self.bits_for_weight = max_weight.bit_length()
        self.length = length
        self.max_weight = max_weight
        self.chunk_length = chunk_length
        self.GADGETS = [ParallelSum(Mul(), chunk_length)]
        self.GADGET_CALLS = [(length + self.bits_for_weight + chunk_length - 1) // chunk_length]
        self.MEAS_LEN = length + self.bits_for_weight
        self.OUTPUT_LEN = length
        self.JOINT_RAND_LEN = self.GADGET_CALLS[0]
        self.EVAL_OUTPUT_LEN = 2

    def encode(self, measurement: list[bool]) -> list[int]:
        if len(measurement) != self.length:
            raise ValueError("invalid Client measurement length")
        count_vec = [int(x) for x in measurement]
        return count_vec + encode_range_checked_int(self.field, sum(count_vec), self.max_weight)

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        range_check = parallel_range_check(
            self.field,
            self.GADGETS[0],
            self.GADGET_CALLS[0],
            self.chunk_length,
            meas,
            joint_rand,
            num_shares,
        )
        weight = sum(meas[: self.length])
        reported = decode_range_checked_int(self.field, meas[self.length :], self.max_weight)
        return [range_check, (weight - reported) % self.field.MODULUS]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return list(meas[: self.length])

    def decode(self, output: Sequence[int], num_measurements: int) -> list[int]:
        return list(output)


class HigherDegree(Valid[int, int]):
    """Test only: an integer in ``[0, 3)`` checked by one degree-3 gadget,
    ``PolyEval(x**3 - 3x**2 + 2x)`` (the ``Range3`` of §7.3.1.1), to exercise a gadget of
    degree above two."""

    def __init__(self, field: type[Field]) -> None:
        self.field = field
        self.GADGETS = [PolyEval([0, 2, -3, 1], 1)]
        self.GADGET_CALLS = [1]
        self.MEAS_LEN = 1
        self.JOINT_RAND_LEN = 0
        self.OUTPUT_LEN = 1
        self.EVAL_OUTPUT_LEN = 1

    def encode(self, measurement: int) -> list[int]:
        return [measurement % self.field.MODULUS]

    def eval(self, meas: Sequence[int], joint_rand: Sequence[int], num_shares: int) -> list[int]:
        return [self.GADGETS[0].eval(self.field, [meas[0]])]

    def truncate(self, meas: Sequence[int]) -> list[int]:
        return list(meas)

    def decode(self, output: Sequence[int], num_measurements: int) -> int:
        return output[0]
