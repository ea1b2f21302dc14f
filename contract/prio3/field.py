"""Finite fields and polynomials (draft-irtf-cfrg-vdaf §6.1).

A field element is a plain Python ``int`` in ``[0, MODULUS)``; a field is a
class of class methods over such ints and lists of them. Keeping elements as
ints (no wrapper object per element) is what makes the proof fast enough in
pure Python: every operation is one big-int operation and one reduction.

Polynomials are lists of ints, either coefficients (monomial basis) or values
at the first ``n`` powers of the principal ``n``-th root of unity (Lagrange
basis, §6.1.3.2); the NTT converts between the two.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from operator import mul
from typing import ClassVar


def next_power_of_2(x: int) -> int:
    """The smallest power of two greater than or equal to ``x``."""
    return 1 if x <= 1 else 1 << (x - 1).bit_length()


def assert_power_of_2(x: int) -> int:
    """``log2(x)`` when ``x`` is a positive power of two; raises otherwise."""
    if x <= 0 or x & (x - 1):
        raise ValueError(f"{x} is not a power of two")
    return x.bit_length() - 1


class Field:
    """An NTT-friendly prime field (§6.1.2); subclasses set the parameters."""

    MODULUS: ClassVar[int]
    ENCODED_SIZE: ClassVar[int]
    GEN_ORDER: ClassVar[int]
    GENERATOR: ClassVar[int]

    @classmethod
    def zeros(cls, length: int) -> list[int]:
        return [0] * length

    @classmethod
    def inv(cls, x: int) -> int:
        if x % cls.MODULUS == 0:
            raise ZeroDivisionError("zero has no inverse")
        if 0 < x < 1 << 16:
            # Small constants (1 / num_shares, 1 / n) recur in every proof.
            return _cached_inverse(cls.MODULUS, x)
        return pow(x, cls.MODULUS - 2, cls.MODULUS)

    @classmethod
    def encode_vec(cls, vec: Sequence[int]) -> bytes:
        size = cls.ENCODED_SIZE
        return b"".join(x.to_bytes(size, "little") for x in vec)

    @classmethod
    def decode_vec(cls, encoded: bytes) -> list[int]:
        size = cls.ENCODED_SIZE
        if len(encoded) % size != 0:
            raise ValueError(
                f"{len(encoded)} bytes is not a whole number of {size}-byte field elements"
            )
        vec = [
            int.from_bytes(encoded[i : i + size], "little") for i in range(0, len(encoded), size)
        ]
        for index, x in enumerate(vec):
            if x >= cls.MODULUS:
                raise ValueError(f"field element {index} overflows the modulus")
        return vec

    @classmethod
    def nth_root(cls, n: int) -> int:
        """The principal ``n``-th root of unity, ``gen ** (GEN_ORDER // n)``."""
        return _nth_root(cls, n)

    @classmethod
    def nth_root_powers(cls, n: int) -> list[int]:
        """``[Wn ** i for i in range(n)]``."""
        return list(_root_powers(cls, n))

    @classmethod
    def ntt(cls, p: Sequence[int], n: int, set_s: bool = False) -> list[int]:
        """Values of the polynomial ``p`` (coefficients) at ``Wn ** i``, or at
        ``s * Wn ** i`` with ``s`` the principal ``2n``-th root when ``set_s``."""
        mod = cls.MODULUS
        coeffs = list(p) + [0] * (n - len(p))
        if set_s:
            s_powers = _root_powers(cls, 2 * n)
            coeffs = [c * s % mod for c, s in zip(coeffs, s_powers, strict=False)]
        return _transform(coeffs, _root_powers(cls, n), mod)

    @classmethod
    def inv_ntt(cls, v: Sequence[int], n: int) -> list[int]:
        """Coefficients of the polynomial whose values at ``Wn ** i`` are ``v``."""
        mod = cls.MODULUS
        powers = _root_powers(cls, n)
        inverse_powers = (powers[0], *reversed(powers[1:]))
        coeffs = _transform(list(v), inverse_powers, mod)
        n_inv = cls.inv(n)
        return [c * n_inv % mod for c in coeffs]


def _nth_root(field: type[Field], n: int) -> int:
    return _cached_nth_root(field.MODULUS, field.GENERATOR, field.GEN_ORDER, n)


def _root_powers(field: type[Field], n: int) -> tuple[int, ...]:
    return _cached_root_powers(field.MODULUS, field.GENERATOR, field.GEN_ORDER, n)


@cache
def _cached_inverse(modulus: int, x: int) -> int:
    return pow(x, modulus - 2, modulus)


def _interpolate_next(modulus: int, x: Sequence[int], p: list[int], n: int) -> None:
    """The draft's ``extend_values_to_power_of_2`` (§6.1.3.2), on the points ``x``."""
    w = [0] * n
    for i in range(len(p)):
        prod = 1
        for j in range(len(p)):
            if i != j:
                prod = prod * (x[i] - x[j]) % modulus
        w[i] = prod
    for k in range(len(p), n):
        for i in range(k):
            w[i] = w[i] * (x[i] - x[k]) % modulus
        y_num, y_den = 0, 1
        for i, v in enumerate(p):
            y_num = (y_num * w[i] + y_den * v) % modulus
            y_den = y_den * w[i] % modulus
        prod = 1
        for j in range(k):
            prod = prod * (x[k] - x[j]) % modulus
        w[k] = prod
        p.append(-w[k] * y_num * pow(y_den, modulus - 2, modulus) % modulus)


@cache
def _extension_rows(
    modulus: int, generator: int, gen_order: int, m: int, n: int
) -> tuple[tuple[int, ...], ...]:
    """Row ``k``: the coefficients giving value ``m + k`` from the first ``m`` values."""
    x = _cached_root_powers(modulus, generator, gen_order, n)
    columns = []
    for i in range(m):
        unit = [int(i == j) for j in range(m)]
        _interpolate_next(modulus, x, unit, n)
        columns.append(unit[m:])
    return tuple(tuple(col[k] for col in columns) for k in range(n - m))


# Cached by the field's parameters: roots and their powers are reused by every proof.
@cache
def _cached_nth_root(modulus: int, generator: int, gen_order: int, n: int) -> int:
    assert_power_of_2(n)
    if n > gen_order:
        raise ValueError(f"no {n}-th root of unity in the field")
    return pow(generator, gen_order // n, modulus)


@cache
def _cached_root_powers(modulus: int, generator: int, gen_order: int, n: int) -> tuple[int, ...]:
    w = _cached_nth_root(modulus, generator, gen_order, n)
    powers = [1] * n
    for i in range(1, n):
        powers[i] = powers[i - 1] * w % modulus
    return tuple(powers)


@cache
def _bit_reversal(log_n: int) -> tuple[int, ...]:
    """The indices ``0 .. 2**log_n - 1``, each with its ``log_n`` bits reversed."""
    if not log_n:
        return (0,)
    return tuple(int(format(i, f"0{log_n}b")[::-1], 2) for i in range(1 << log_n))


def _transform(a: list[int], powers: Sequence[int], mod: int) -> list[int]:
    """Iterative radix-2 NTT of ``a`` (length ``n``) with ``powers[i] = w ** i``."""
    n = len(a)
    log_n = assert_power_of_2(n)
    # Bit-reversal permutation, then butterflies of growing size.
    out = [a[i] for i in _bit_reversal(log_n)]
    size = 2
    while size <= n:
        half = size // 2
        step = n // size
        twiddles = [powers[j * step] for j in range(half)]
        for start in range(0, n, size):
            for j in range(half):
                u = out[start + j]
                v = out[start + j + half] * twiddles[j] % mod
                out[start + j] = (u + v) % mod
                out[start + j + half] = (u - v) % mod
        size *= 2
    return out


class Field64(Field):
    """``2**32 * 4294967295 + 1``: the smaller field, for circuits without joint randomness."""

    MODULUS = 2**32 * 4294967295 + 1
    ENCODED_SIZE = 8
    GEN_ORDER = 2**32
    GENERATOR = pow(7, 4294967295, MODULUS)


class Field128(Field):
    """``2**66 * 4611686018427387897 + 1``: large enough to resist offline attacks on joint
    randomness with one proof (§9.7)."""

    MODULUS = 2**66 * 4611686018427387897 + 1
    ENCODED_SIZE = 16
    GEN_ORDER = 2**66
    GENERATOR = pow(7, 4611686018427387897, MODULUS)


def vec_add(field: type[Field], left: Sequence[int], right: Sequence[int]) -> list[int]:
    if len(left) != len(right):
        raise ValueError("mismatched vector sizes")
    mod = field.MODULUS
    return [(x + y) % mod for x, y in zip(left, right, strict=True)]


def vec_sub(field: type[Field], left: Sequence[int], right: Sequence[int]) -> list[int]:
    if len(left) != len(right):
        raise ValueError("mismatched vector sizes")
    mod = field.MODULUS
    return [(x - y) % mod for x, y in zip(left, right, strict=True)]


def poly_eval(field: type[Field], p: Sequence[int], x: int) -> int:
    """Value at ``x`` of the polynomial with coefficients ``p`` (Horner)."""
    mod = field.MODULUS
    out = 0
    for c in reversed(p):
        out = (out * x + c) % mod
    return out


class Lagrange:
    """Polynomials given by their values at the ``n``-th roots of unity (§6.1.3.2)."""

    def __init__(self, field: type[Field]) -> None:
        self.field = field

    def poly_mul(self, p: Sequence[int], q: Sequence[int]) -> list[int]:
        """The product, as values at the ``2n``-th roots of unity."""
        assert_power_of_2(len(p))
        if len(p) != len(q):
            raise ValueError("mismatched polynomial sizes")
        mod = self.field.MODULUS
        p_2n = self.double_evaluations(p)
        q_2n = self.double_evaluations(q)
        return [a * b % mod for a, b in zip(p_2n, q_2n, strict=True)]

    def poly_eval(self, p: Sequence[int], x: int) -> int:
        return self.poly_eval_batched([p], x)[0]

    def poly_eval_batched(self, polys: Sequence[Sequence[int]], x: int) -> list[int]:
        """Each polynomial's value at ``x``, in linear time without interpolation.

        The value is linear in the polynomial's values: ``p(x) = sum_i c_i * p[i]``
        with the Lagrange weights ``c_i = (-1)**(n-1) / n * w_i * prod_{k != i} (w_k - x)``
        (``w_i`` the nodes). The weights are computed once for all polynomials, from
        prefix and suffix products (no inversion), then each value is a dot product
        with a single reduction.
        """
        if len({len(p) for p in polys}) != 1:
            raise ValueError("polynomials of different sizes")
        weights = self.weights_at(len(polys[0]), x)
        mod = self.field.MODULUS
        return [sum(map(mul, weights, p)) % mod for p in polys]

    def weights_at(self, n: int, x: int) -> list[int]:
        """The Lagrange weights at ``x`` of the ``n``-th roots of unity (see above)."""
        field = self.field
        mod = field.MODULUS
        assert_power_of_2(n)
        nodes = _root_powers(field, n)
        gaps = [(w - x) % mod for w in nodes]
        before = [1] * n  # before[i] = prod_{k < i} gaps[k]
        for i in range(1, n):
            before[i] = before[i - 1] * gaps[i - 1] % mod
        factor = (mod - 1 if (n - 1) % 2 else 1) * field.inv(n) % mod
        weights = [0] * n
        after = factor  # factor * prod_{k > i} gaps[k]
        for i in range(n - 1, -1, -1):
            weights[i] = nodes[i] * before[i] % mod * after % mod
            after = after * gaps[i] % mod
        return weights

    def extend_values_to_power_of_2(self, p: list[int], n: int) -> None:
        """Append values to ``p`` (in place) until it has ``n``, a power of two.

        Interpolation is linear in the given values, so each appended value is a
        fixed combination of them: the coefficients are computed once per
        ``(len(p), n)`` by the draft's algorithm (``_interpolate_next``) on unit
        vectors, then every call is a matrix-vector product.
        """
        assert_power_of_2(n)
        if len(p) > n:
            raise ValueError("more values than wanted")
        field = self.field
        mod = field.MODULUS
        rows = _extension_rows(field.MODULUS, field.GENERATOR, field.GEN_ORDER, len(p), n)
        given = list(p)
        p += [sum(c * v for c, v in zip(row, given, strict=True)) % mod for row in rows]

    def double_evaluations(self, p: Sequence[int]) -> list[int]:
        """``2n`` values from ``n``: the odd ones are at ``s * Wn ** i``."""
        n = len(p)
        assert_power_of_2(n)
        odd = self.field.ntt(self.field.inv_ntt(p, n), n, True)
        out = [0] * (2 * n)
        out[0::2] = p
        out[1::2] = odd
        return out
