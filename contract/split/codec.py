"""Encodings both halves agree on: base64url without padding, length-prefixed fields."""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Sequence

from contract.split.errors import SplitError

_B64URL = re.compile(r"[A-Za-z0-9_-]*")


def b64encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64decode(text: object, field: str, max_bytes: int) -> bytes:
    """``text`` as base64url without padding, at most ``max_bytes`` once decoded."""
    if not isinstance(text, str):
        raise SplitError(f"`{field}`: expected a base64url string")
    if len(text) > (max_bytes * 4 + 2) // 3 or not _B64URL.fullmatch(text) or len(text) % 4 == 1:
        raise SplitError(f"`{field}`: not base64url without padding of at most {max_bytes} bytes")
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError) as error:
        raise SplitError(f"`{field}`: not base64url") from error
    if b64encode(data) != text:  # one text per byte string: no stray trailing bits
        raise SplitError(f"`{field}`: not canonical base64url")
    return data


def length_prefixed(parts: Sequence[bytes]) -> bytes:
    """Each part preceded by its length on 2 bytes: no two sequences encode alike."""
    out = bytearray()
    for part in parts:
        if len(part) > 0xFFFF:
            raise SplitError("a length-prefixed part is longer than 65535 bytes")
        out += len(part).to_bytes(2, "big") + part
    return bytes(out)


def split_length_prefixed(data: bytes, count: int) -> list[bytes]:
    """The inverse of ``length_prefixed`` for exactly ``count`` parts."""
    parts: list[bytes] = []
    at = 0
    for _ in range(count):
        if at + 2 > len(data):
            raise SplitError("truncated length-prefixed data")
        size = int.from_bytes(data[at : at + 2], "big")
        at += 2
        if at + size > len(data):
            raise SplitError("truncated length-prefixed data")
        parts.append(data[at : at + size])
        at += size
    if at != len(data):
        raise SplitError("trailing bytes after length-prefixed data")
    return parts
