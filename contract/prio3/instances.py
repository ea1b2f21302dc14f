"""The draft's standard instances of Prio3 (§7.4), with their identifiers (§10).

Prio3SumVecWithMultiproof and the higher-degree circuit are not registered
codepoints; they take the last private-use identifier, ``0xFFFFFFFF``, the one
the draft's test vectors were generated with.
"""

from __future__ import annotations

from contract.prio3.circuits import Count, HigherDegree, Histogram, MultihotCountVec, Sum, SumVec
from contract.prio3.field import Field, Field64, Field128
from contract.prio3.vdaf import Prio3

PRIO3_COUNT = 0x00000001
PRIO3_SUM = 0x00000002
PRIO3_SUM_VEC = 0x00000003
PRIO3_HISTOGRAM = 0x00000004
PRIO3_MULTIHOT_COUNT_VEC = 0x00000005
PRIVATE_USE = 0xFFFFFFFF  # last identifier "Reserved for Private Use"


def prio3_count(shares: int) -> Prio3[int, int]:
    return Prio3(PRIO3_COUNT, Count(Field64), shares, 1)


def prio3_sum(shares: int, max_measurement: int) -> Prio3[int, int]:
    return Prio3(PRIO3_SUM, Sum(Field64, max_measurement), shares, 1)


def prio3_sum_vec(
    shares: int, length: int, max_measurement: int, chunk_length: int
) -> Prio3[list[int], list[int]]:
    return Prio3(PRIO3_SUM_VEC, SumVec(Field128, length, max_measurement, chunk_length), shares, 1)


def prio3_sum_vec_with_multiproof(
    shares: int,
    length: int,
    max_measurement: int,
    chunk_length: int,
    field: type[Field] = Field64,
    proofs: int = 3,
) -> Prio3[list[int], list[int]]:
    """SumVec over the smaller field, made sound by several proofs (§7.1.2, §9.7)."""
    return Prio3(PRIVATE_USE, SumVec(field, length, max_measurement, chunk_length), shares, proofs)


def prio3_histogram(shares: int, length: int, chunk_length: int) -> Prio3[int, list[int]]:
    return Prio3(PRIO3_HISTOGRAM, Histogram(Field128, length, chunk_length), shares, 1)


def prio3_multihot_count_vec(
    shares: int, length: int, max_weight: int, chunk_length: int
) -> Prio3[list[bool], list[int]]:
    return Prio3(
        PRIO3_MULTIHOT_COUNT_VEC,
        MultihotCountVec(Field128, length, max_weight, chunk_length),
        shares,
        1,
    )


def prio3_higher_degree(shares: int) -> Prio3[int, int]:
    """Test only: a degree-3 gadget over Field64."""
    return Prio3(PRIVATE_USE, HigherDegree(Field64), shares, 1)
