"""Fields, NTT and Lagrange-basis polynomials agree with their definitions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.prio3.circuits import decode_range_checked_int, encode_range_checked_int
from contract.prio3.field import Field, Field64, Field128, Lagrange, poly_eval

FIELDS = [Field64, Field128]


def coefficients(field: type[Field], n: int) -> st.SearchStrategy[list[int]]:
    return st.lists(st.integers(0, field.MODULUS - 1), min_size=n, max_size=n)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.__name__)
def test_roots_of_unity_have_their_order(field: type[Field]) -> None:
    assert pow(field.GENERATOR, field.GEN_ORDER, field.MODULUS) == 1
    assert pow(field.GENERATOR, field.GEN_ORDER // 2, field.MODULUS) != 1
    w = field.nth_root(16)
    assert pow(w, 16, field.MODULUS) == 1 and pow(w, 8, field.MODULUS) != 1


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data(), log_n=st.integers(0, 5))
def test_ntt_evaluates_and_inverts(field: type[Field], data: st.DataObject, log_n: int) -> None:
    n = 1 << log_n
    p = data.draw(coefficients(field, n))
    values = field.ntt(p, n)
    assert values == [poly_eval(field, p, w) for w in field.nth_root_powers(n)]
    assert field.inv_ntt(values, n) == p
    s = field.nth_root(2 * n)
    shifted = field.ntt(p, n, set_s=True)
    assert shifted == [poly_eval(field, p, s * w % field.MODULUS) for w in field.nth_root_powers(n)]


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.__name__)
@settings(max_examples=25, deadline=None)
@given(data=st.data(), log_n=st.integers(0, 4))
def test_lagrange_operations_match_the_monomial_basis(
    field: type[Field], data: st.DataObject, log_n: int
) -> None:
    n = 1 << log_n
    mod = field.MODULUS
    p, q = data.draw(coefficients(field, n)), data.draw(coefficients(field, n))
    x = data.draw(st.integers(0, mod - 1))
    lag = Lagrange(field)
    p_values, q_values = field.ntt(p, n), field.ntt(q, n)
    assert lag.poly_eval(p_values, x) == poly_eval(field, p, x)
    assert lag.double_evaluations(p_values) == field.ntt(p, 2 * n)
    product = [
        sum(p[i] * q[k - i] for i in range(max(0, k - n + 1), min(k, n - 1) + 1)) % mod
        for k in range(2 * n)
    ]
    assert lag.poly_mul(p_values, q_values) == field.ntt(product, 2 * n)
    # n - 1 values of a polynomial of degree < n - 1 determine the n-th.
    low = p[: max(n - 1, 1)] + [0] * (n - max(n - 1, 1))
    partial = field.ntt(low, n)[: max(n - 1, 1)]
    lag.extend_values_to_power_of_2(partial, n)
    assert partial == field.ntt(low, n)


@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.__name__)
def test_decoding_refuses_overflow_and_ragged_input(field: type[Field]) -> None:
    with pytest.raises(ValueError, match="overflows the modulus"):
        field.decode_vec(field.MODULUS.to_bytes(field.ENCODED_SIZE, "little"))
    with pytest.raises(ValueError, match="whole number"):
        field.decode_vec(bytes(field.ENCODED_SIZE + 1))


@settings(max_examples=50, deadline=None)
@given(data=st.data(), max_measurement=st.integers(1, 5000))
def test_range_checked_ints_decode_with_their_weights(
    data: st.DataObject, max_measurement: int
) -> None:
    """The precomputed weights decode what the encoding wrote, and shares add up."""
    field = Field128
    value = data.draw(st.integers(0, max_measurement))
    encoded = encode_range_checked_int(field, value, max_measurement)
    assert decode_range_checked_int(field, encoded, max_measurement) == value
    noise = data.draw(coefficients(field, len(encoded)))
    share = [(x - n) % field.MODULUS for x, n in zip(encoded, noise, strict=True)]
    total = decode_range_checked_int(field, share, max_measurement)
    total += decode_range_checked_int(field, noise, max_measurement)
    assert total % field.MODULUS == value
