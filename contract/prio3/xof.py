"""The XOF ``XofTurboShake128`` and the domain separation tag (§6.2).

TurboSHAKE128 (RFC 9861) comes from pycryptodome; its stateful ``read`` is the
"absorb-then-squeeze" interface the draft's implementation note suggests, so
successive ``next`` calls continue one output stream.
"""

from __future__ import annotations

from Crypto.Hash import TurboSHAKE128

from contract.prio3.field import Field, next_power_of_2

VERSION = 18  # the draft's VERSION constant (§2), first byte of every tag


def format_dst(algo_class: int, algo: int, usage: int) -> bytes:
    """Domain separation tag: version, class (0 for a VDAF), algorithm id, usage."""
    return (
        VERSION.to_bytes(1, "big")
        + algo_class.to_bytes(1, "big")
        + algo.to_bytes(4, "big")
        + usage.to_bytes(2, "big")
    )


class XofTurboShake128:
    """XOF wrapper for TurboSHAKE128 with domain byte 1."""

    SEED_SIZE = 32

    def __init__(self, seed: bytes, dst: bytes, binder: bytes) -> None:
        if len(seed) > 255:
            raise ValueError("seed longer than 255 bytes")
        if len(dst) > 65535:
            raise ValueError("domain separation tag longer than 65535 bytes")
        message = len(dst).to_bytes(2, "little") + dst + len(seed).to_bytes(1, "little") + seed
        self._hash = TurboSHAKE128.new(domain=1)
        self._hash.update(message + binder)

    def next(self, length: int) -> bytes:
        return bytes(self._hash.read(length))

    def next_vec(self, field: type[Field], length: int) -> list[int]:
        """The next ``length`` field elements, by rejection sampling."""
        mask = next_power_of_2(field.MODULUS) - 1
        size = field.ENCODED_SIZE
        vec: list[int] = []
        # Read all that is needed at once; read again only for rejected samples,
        # which keeps the stream order of one-element-at-a-time sampling.
        missing = length
        modulus = field.MODULUS
        while missing > 0:
            chunk = self.next(size * missing)
            samples = [
                int.from_bytes(chunk[i : i + size], "little") & mask
                for i in range(0, len(chunk), size)
            ]
            vec += [x for x in samples if x < modulus]
            missing = length - len(vec)
        return vec

    @classmethod
    def derive_seed(cls, seed: bytes, dst: bytes, binder: bytes) -> bytes:
        return cls(seed, dst, binder).next(cls.SEED_SIZE)

    @classmethod
    def expand_into_vec(
        cls, field: type[Field], seed: bytes, dst: bytes, binder: bytes, length: int
    ) -> list[int]:
        return cls(seed, dst, binder).next_vec(field, length)
