"""The two roles of SPLIT.md, and what each server needs to play its own.

- the **leader** knows the helper's URL and the leader–helper token;
- the **helper** knows the same token, and its HPKE key pair.

Both derive Prio3's verification key from the token (``contract.split.instances``):
only the two servers know it, never a device. The token and the private key
are read from files (``/etc/repit/`` in the Debian package), never from the
command line, where any local user could read them in the process list.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.hpke import HpkeConfig, generate_keypair, public_config
from contract.split.instances import verify_key

MIN_TOKEN_LENGTH = 32


class RoleError(Exception):
    """A role's file is missing or malformed; the message names it, in English.

    ``reason`` and ``values`` let the command line say it in its own language
    (``aggregator.cli_messages``); ``errno`` is the system's error number.
    """

    def __init__(self, message: str, reason: str = "", **values: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.values = values


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
    private_key: bytes = field(repr=False)

    @property
    def verify_key(self) -> bytes:
        return verify_key(self.leader_token)


def read_token(path: Path) -> str:
    """The leader–helper token of a file (its first line)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise RoleError(
            f"cannot read the leader–helper token {path}: {error.strerror}",
            "token_unreadable",
            path=str(path),
            errno=str(error.errno),
            detail=str(error.strerror),
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
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise RoleError(
            f"{path} exists already; it is never overwritten", "exists", path=str(path)
        ) from None
    except OSError as error:
        raise RoleError(
            f"cannot write {path}: {error.strerror}",
            "unwritable",
            path=str(path),
            errno=str(error.errno),
            detail=str(error.strerror),
        ) from None
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text)


def new_token_file(path: Path) -> None:
    _write_private(path, secrets.token_urlsafe(32) + "\n")


def create_helper_key(path: Path) -> HpkeConfig:
    """A new HPKE key pair in ``path`` (owner only); its public configuration."""
    config, private_key = generate_keypair()
    document = {"id": config.id, "private_key": b64encode(private_key)}
    _write_private(path, json.dumps(document) + "\n")
    return config


def read_helper_key(path: Path) -> tuple[HpkeConfig, bytes]:
    """The configuration and private key of a ``helper-key create`` file."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise RoleError(f"cannot read the helper key {path}: {error.strerror}") from None
    except (ValueError, UnicodeDecodeError):
        raise RoleError(f"{path}: not a helper key file (JSON expected)") from None
    if not isinstance(document, dict) or set(document) != {"id", "private_key"}:
        raise RoleError(f'{path}: expected {{"id", "private_key"}}')
    config_id = document["id"]
    if isinstance(config_id, bool) or not isinstance(config_id, int) or not 0 <= config_id <= 255:
        raise RoleError(f"{path}: `id` must be an integer 0..255")
    try:
        private_key = b64decode(document["private_key"], "private_key", 32)
        return public_config(config_id, private_key), private_key
    except (SplitError, ValueError) as error:
        raise RoleError(f"{path}: {error}") from None
