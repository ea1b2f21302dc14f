"""The two roles of SPLIT.md, and what each server needs to play its own.

- the **leader** knows the helper's URL and the leader–helper token;
- the **helper** knows the same token, and its HPKE keys: the current pair,
  and the retired ones it still opens reports with (``aggregator.helper_keys``).

Both derive Prio3's verification key from the token (``contract.split.instances``):
only the two servers know it, never a device. The token and the private key
are read from files (``/etc/repit/`` in the Debian package), never from the
command line, where any local user could read them in the process list.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from aggregator.helper_keys import KeyFileError, KeyRing, create_key_file, read_key_ring
from aggregator.worded_error import WordedError, system_values
from contract.split.hpke import HpkeConfig
from contract.split.instances import verify_key

MIN_TOKEN_LENGTH = 32


class RoleError(WordedError):
    """A role's file is missing or malformed; the message names it, in English.

    ``reason`` and ``values`` let the command line say it in its own language
    (``aggregator.cli_messages``); ``errno`` is the system's error number.
    """


@dataclass(frozen=True)
class LeaderRole:
    helper_url: str
    helper_token: str = field(repr=False)

    @property
    def verify_key(self) -> bytes:
        return verify_key(self.helper_token)


@dataclass(frozen=True)
class HelperRole:
    leader_token: str = field(repr=False)
    hpke_config: HpkeConfig
    """The current key's configuration: devices seal to it."""
    private_key: bytes = field(repr=False)
    retired: tuple[tuple[HpkeConfig, bytes], ...] = field(default=(), repr=False)
    """Keys rotated out and not yet retired: reports already sealed to them still open."""

    @classmethod
    def of_ring(cls, leader_token: str, ring: KeyRing) -> HelperRole:
        retired = tuple((key.config, key.private_key) for key in ring.retired)
        return cls(leader_token, ring.current.config, ring.current.private_key, retired)

    @property
    def verify_key(self) -> bytes:
        return verify_key(self.leader_token)

    def opening_key(self, config_id: int) -> tuple[HpkeConfig, bytes] | None:
        """The kept key of a share sealed for ``config_id``; None when not kept."""
        kept = ((self.hpke_config, self.private_key), *self.retired)
        return next((key for key in kept if key[0].id == config_id), None)


def read_token(path: Path) -> str:
    """The leader–helper token of a file (its first line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RoleError(
            f"cannot read the leader–helper token {path}: {error.strerror}",
            "token_unreadable",
            **system_values(path, error),
        ) from None
    except UnicodeDecodeError:
        raise RoleError(
            f"{path}: the leader–helper token is not text", "token_not_text", path=str(path)
        ) from None
    token = text.strip().splitlines()[0].strip() if text.strip() else ""
    if len(token) < MIN_TOKEN_LENGTH or not token.isascii() or not token.isprintable():
        raise RoleError(
            f"{path}: the leader–helper token must be one line of at least"
            f" {MIN_TOKEN_LENGTH} printable ASCII characters",
            "token_short",
            path=str(path),
            least=str(MIN_TOKEN_LENGTH),
        )
    return token


def _write_private(path: Path, text: str) -> None:
    """Write a secret file readable by its owner only; an existing file is never replaced."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a file in the way: said, not raised
    except OSError as error:
        raise _unwritable(path, error) from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RoleError(
            f"{path} exists already; it is never overwritten", "exists", path=str(path)
        ) from None
    except OSError as error:
        raise _unwritable(path, error) from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def _unwritable(path: Path, error: OSError) -> RoleError:
    return RoleError(
        f"cannot write {path}: {error.strerror}",
        "unwritable",
        **system_values(path, error),
    )


def new_token_file(path: Path) -> None:
    _write_private(path, secrets.token_urlsafe(32) + "\n")


def create_helper_key(path: Path) -> HpkeConfig:
    """A new key file at ``path`` (owner only, never overwritten); its public configuration."""
    try:
        return create_key_file(path, datetime.now(UTC).date()).current.config
    except KeyFileError as error:
        raise RoleError(str(error), error.reason, **error.values) from None


def read_helper_keys(path: Path) -> KeyRing:
    """Every key of a helper key file: the current one and the retired ones."""
    try:
        return read_key_ring(path)
    except KeyFileError as error:
        raise RoleError(str(error), error.reason, **error.values) from None


def read_helper_key(path: Path) -> tuple[HpkeConfig, bytes]:
    """The current configuration and private key of a helper key file."""
    current = read_helper_keys(path).current
    return current.config, current.private_key
