"""Enrollment codes people can read aloud and type: ``K7QM-3XHP-…``.

A code is ``GROUPS`` groups of ``GROUP_SIZE`` characters drawn from an
alphabet without look-alikes (no 0/O, 1/I/L, and no U, which reads as V),
joined by ``-``. 24 characters of a 30-character alphabet carry about 118
bits, so a plain hash is enough to keep them (no one can guess one).

The server accepts a code however it was typed: in any case, with or without
the group separators, with spaces around or between the groups. ``normalise``
gives the one canonical form that is hashed and compared. A code never
contains ``.`` and the normaliser leaves a ``.`` alone: a later format joins
two codes with a dot.

Pure functions: the randomness is injected.
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Callable

ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
GROUP_SIZE = 4
GROUPS = 6
SEPARATOR = "-"
LENGTH = GROUP_SIZE * GROUPS
ENTROPY_BITS = LENGTH * math.log2(len(ALPHABET))

# What a person may add between the characters when typing a code.
_IGNORED = frozenset(SEPARATOR + " \t\u00a0\u202f")

Choice = Callable[[str], str]
"""Picks one character of a string at random (``secrets.choice`` outside tests)."""


def new_code(choice: Choice = secrets.choice) -> str:
    """A fresh code, in its displayed form (groups joined by ``-``)."""
    characters = "".join(choice(ALPHABET) for _ in range(LENGTH))
    return SEPARATOR.join(
        characters[start : start + GROUP_SIZE] for start in range(0, LENGTH, GROUP_SIZE)
    )


def normalise(typed: str) -> str:
    """The canonical form of a typed code: upper case, without separators or spaces.

    Anything else is kept as it is, so a mistyped code stays wrong (and is
    refused) rather than being guessed into another one.
    """
    # Stripped after the separators go: "-\x1f0" must not leave a "\x1f" in front.
    kept = "".join(character for character in typed.upper() if character not in _IGNORED)
    return kept.strip()


def displayed(canonical: str) -> str:
    """A canonical code in groups again, as it was handed out."""
    return SEPARATOR.join(
        canonical[start : start + GROUP_SIZE] for start in range(0, len(canonical), GROUP_SIZE)
    )
