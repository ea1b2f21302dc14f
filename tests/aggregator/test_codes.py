"""Enrollment codes: an alphabet without look-alikes, enough entropy, typed any way."""

from __future__ import annotations

import math
import random
import re
from datetime import date

from hypothesis import example, given
from hypothesis import strategies as st

from aggregator import auth, codes
from aggregator.storage import Storage

LOOK_ALIKES = "0O1IL"
DISPLAYED = re.compile(
    rf"[{codes.ALPHABET}]{{{codes.GROUP_SIZE}}}(-[{codes.ALPHABET}]{{{codes.GROUP_SIZE}}})"
    rf"{{{codes.GROUPS - 1}}}"
)


def a_code(seed: int) -> str:
    return codes.new_code(random.Random(seed).choice)


def test_the_alphabet_has_no_look_alikes_and_no_dot() -> None:
    assert not set(LOOK_ALIKES) & set(codes.ALPHABET)
    assert "." not in codes.ALPHABET + codes.SEPARATOR
    assert len(set(codes.ALPHABET)) == len(codes.ALPHABET)
    assert codes.ALPHABET.upper() == codes.ALPHABET


def test_a_code_carries_at_least_100_bits() -> None:
    # The entropy is what the generator really draws: one uniform choice among
    # the alphabet per character, counted here rather than taken from the module.
    draws: list[str] = []

    def choice(alphabet: str) -> str:
        draws.append(alphabet)
        return alphabet[0]

    code = codes.new_code(choice)
    assert all(alphabet == codes.ALPHABET for alphabet in draws)
    assert len(draws) == len(code.replace(codes.SEPARATOR, ""))
    assert len(draws) * math.log2(len(set(codes.ALPHABET))) >= 100
    assert codes.ENTROPY_BITS >= 100


@given(st.integers(min_value=0, max_value=2**32))
def test_a_new_code_is_groups_of_the_alphabet(seed: int) -> None:
    code = a_code(seed)
    assert DISPLAYED.fullmatch(code), (seed, code)
    assert "." not in code
    assert codes.displayed(codes.normalise(code)) == code


def test_the_real_generator_uses_every_character_and_never_repeats() -> None:
    drawn = [codes.new_code() for _ in range(400)]
    assert len(set(drawn)) == len(drawn)
    assert set("".join(drawn)) - {"-"} == set(codes.ALPHABET)


# One way a person may type a code: any case per character, any of the
# separators they might use (or none) between the groups, spaces around.
_case = st.sampled_from([str.upper, str.lower])
_between = st.sampled_from(["", "-", " ", "  ", " - ", "\u00a0", "\t"])
_around = st.sampled_from(["", " ", "  ", "\t", "\n", " \n"])


@st.composite
def typed(draw: st.DrawFn, code: str) -> str:
    groups = code.split(codes.SEPARATOR)
    cased = ["".join(draw(_case)(c) for c in group) for group in groups]
    joined = cased[0] + "".join(draw(_between) + group for group in cased[1:])
    return draw(_around) + joined + draw(_around)


@given(
    st.integers(min_value=0, max_value=2**32).flatmap(
        lambda s: st.tuples(st.just(s), typed(a_code(s)))
    )
)
def test_a_code_is_accepted_however_it_is_typed(drawn: tuple[int, str]) -> None:
    seed, typing = drawn
    code = a_code(seed)
    assert codes.normalise(typing) == codes.normalise(code), (seed, typing)
    assert auth.code_hash(typing) == auth.code_hash(code)


@given(st.text(max_size=60))
@example("-\x1f0")  # a separator hid a leading control space
def test_normalising_is_idempotent_and_keeps_dots(text: str) -> None:
    once = codes.normalise(text)
    assert codes.normalise(once) == once
    assert once.count(".") == text.count(".")
    assert not set(once) & {"-", " ", "\t", "\u00a0"}


@given(st.integers(min_value=0, max_value=2**32), st.integers(min_value=0, max_value=23))
def test_one_wrong_character_is_another_code(seed: int, position: int) -> None:
    canonical = codes.normalise(a_code(seed))
    replaced = codes.ALPHABET[(codes.ALPHABET.index(canonical[position]) + 1) % 30]
    wrong = canonical[:position] + replaced + canonical[position + 1 :]
    assert codes.normalise(wrong) != canonical


def test_a_code_enrolls_once_however_it_is_typed() -> None:
    storage = Storage.in_memory()
    (code,) = auth.new_enrollment_codes(storage, "team-a", 1, date(2026, 1, 1))
    assert DISPLAYED.fullmatch(code)
    typing = "  " + code.lower().replace("-", " ") + "\n"
    assert auth.enroll(storage, typing, date(2026, 1, 1)) is not None
    assert auth.enroll(storage, code, date(2026, 1, 1)) is None
