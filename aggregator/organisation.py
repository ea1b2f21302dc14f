"""The organisation a server serves: its name and optional logo, shown on the login page and PDFs.

Set by the server's configuration (``serve --organisation-name``,
``--organisation-logo``). The logo is read once, checked, and kept as a
``data:`` URI: the pages load nothing from elsewhere (their
Content-Security-Policy allows ``img-src 'self' data:``).
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from aggregator.worded_error import WordedError, system_values

MAX_LOGO_BYTES = 256 * 1024
MAX_NAME_LENGTH = 200
_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".svg": "image/svg+xml"}
_MAGIC = {"image/png": (b"\x89PNG\r\n\x1a\n", "PNG"), "image/jpeg": (b"\xff\xd8\xff", "JPEG")}


class OrganisationError(WordedError, ValueError):
    """A name or logo the server cannot show; the message says which and why.

    The message is English; ``reason`` and ``values`` let the command line say
    it in its own language (``aggregator.cli_messages``).
    """


@dataclass(frozen=True)
class Organisation:
    name: str = ""
    logo: str | None = None
    """The logo as a ``data:`` URI."""

    @classmethod
    def of(cls, name: str | None, logo: Path | None = None) -> Organisation:
        """Check ``name`` and read ``logo`` (PNG, JPEG or SVG, at most 256 KiB)."""
        text = " ".join((name or "").split())
        if len(text) > MAX_NAME_LENGTH:
            raise OrganisationError(
                f"organisation name: at most {MAX_NAME_LENGTH} characters, found {len(text)}",
                "name_length",
                most=str(MAX_NAME_LENGTH),
                found=str(len(text)),
            )
        return cls(text, None if logo is None else _data_uri(logo))


def _data_uri(path: Path) -> str:
    kind = _TYPES.get(path.suffix.lower())
    if kind is None:
        raise OrganisationError(
            f"{path}: the logo must be a .png, .jpg or .svg file", "logo_kind", path=str(path)
        )
    try:
        with path.open("rb") as opened:
            data = opened.read(MAX_LOGO_BYTES + 1)
    except OSError as error:
        raise OrganisationError(
            f"{path}: cannot read the logo ({error.strerror})",
            "logo_unreadable",
            **system_values(path, error),
        ) from None
    if len(data) > MAX_LOGO_BYTES:
        most = str(MAX_LOGO_BYTES // 1024)
        raise OrganisationError(
            f"{path}: the logo is over {most} KiB", "logo_size", path=str(path), most=most
        )
    magic = _MAGIC.get(kind)
    if magic is not None and not data.startswith(magic[0]):
        raise OrganisationError(
            f"{path}: not a {magic[1]} image", "logo_content", path=str(path), kind=magic[1]
        )
    if kind == "image/svg+xml" and b"<svg" not in data[:4096]:
        raise OrganisationError(
            f"{path}: not an SVG image", "logo_content", path=str(path), kind="SVG"
        )
    return f"data:{kind};base64,{base64.b64encode(data).decode()}"
