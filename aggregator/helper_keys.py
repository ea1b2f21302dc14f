"""The helper's HPKE keys: the current one, and the retired ones it still opens with.

Devices seal their helper shares to the **current** key, whose configuration
``GET /api/v1/hpke-config`` publishes; each sealed share names its key's
configuration id (``contract.split.report``). When the helper's operator
rotates (a key suspected of being copied, or simply old), reports already
sealed to the previous key still wait in agents' outboxes and at the leader:
the previous key is kept, *retired*, to open them, until the operator drops
it (``retire``) once they have all arrived.

The key file is JSON, owner-only::

    {"current": 17,
     "keys": [{"id": 17, "private_key": "…", "created": "2026-12-02"},
              {"id": 3, "private_key": "…", "created": "2026-01-05"}]}

A file of the first layout, ``{"id", "private_key"}``, reads as one current key.
``KeyRing`` is pure (no I/O, the date and the randomness given); the file
functions write atomically (a temporary file beside it, synced, then renamed
over it), so a crash leaves the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.hpke import PRIVATE_KEY_SIZE, HpkeConfig, generate_keypair, public_config

MAX_KEY_FILE_BYTES = 64 * 1024
"""256 keys of ~100 bytes each fit many times over; a larger file is not a key file."""
CONFIG_IDS = range(256)


class KeyFileError(Exception):
    """The key file or the change asked of it is wrong; the message says what and where."""


@dataclass(frozen=True)
class HelperKey:
    config: HpkeConfig
    private_key: bytes = field(repr=False)
    created: str = ""
    """The day it was made (ISO), shown to the operator; "" when unknown."""

    @property
    def id(self) -> int:
        return self.config.id


@dataclass(frozen=True)
class KeyRing:
    current: HelperKey
    retired: tuple[HelperKey, ...] = ()

    def __post_init__(self) -> None:
        ids = [key.id for key in self.keys]
        if len(set(ids)) != len(ids):
            twice = sorted({i for i in ids if ids.count(i) > 1})
            raise KeyFileError(f"key id {', '.join(map(str, twice))} appears twice")

    @property
    def keys(self) -> tuple[HelperKey, ...]:
        """The current key first, then the retired ones, newest first."""
        return (self.current, *self.retired)

    def key_for(self, config_id: int) -> HelperKey | None:
        """The key a share sealed for ``config_id`` opens with; None when not kept."""
        return next((key for key in self.keys if key.id == config_id), None)

    def rotated(self, new: HelperKey) -> KeyRing:
        """``new`` as the current key, the current one retired (kept for opening)."""
        return KeyRing(new, (self.current, *self.retired))

    def without(self, config_id: int) -> KeyRing:
        """The ring without the retired key ``config_id``."""
        if config_id == self.current.id:
            raise KeyFileError(
                f"key {config_id} is the current one: rotate first (helper-key rotate), "
                "then retire it once the reports sealed to it have arrived"
            )
        if self.key_for(config_id) is None:
            kept = ", ".join(str(key.id) for key in self.keys)
            raise KeyFileError(f"no key {config_id} in this file (it holds {kept})")
        return KeyRing(self.current, tuple(k for k in self.retired if k.id != config_id))

    def fresh_id(self, rand: Callable[[int], bytes] = os.urandom) -> int:
        """A random configuration id that no kept key has."""
        free = [i for i in CONFIG_IDS if self.key_for(i) is None]
        if not free:
            raise KeyFileError(f"all {len(CONFIG_IDS)} key ids are kept: retire some first")
        return free[int.from_bytes(rand(4), "big") % len(free)]


def new_key(config_id: int, today: date) -> HelperKey:
    config, private_key = generate_keypair(config_id)
    return HelperKey(config, private_key, today.isoformat())


def to_document(ring: KeyRing) -> dict[str, Any]:
    return {
        "current": ring.current.id,
        "keys": [
            {"id": key.id, "private_key": b64encode(key.private_key), "created": key.created}
            for key in ring.keys
        ],
    }


def from_document(document: object, where: str) -> KeyRing:
    """The ring of a key file's JSON; ``KeyFileError`` naming ``where`` and the field."""
    if isinstance(document, dict) and set(document) == {"id", "private_key"}:
        return KeyRing(_key(document, where, ("id", "private_key")))  # the first layout
    if not isinstance(document, dict) or set(document) != {"current", "keys"}:
        raise KeyFileError(f'{where}: expected {{"current", "keys"}}')
    entries = document["keys"]
    if not isinstance(entries, list) or not entries or len(entries) > len(CONFIG_IDS):
        raise KeyFileError(f"{where}: `keys` must list 1 to {len(CONFIG_IDS)} keys")
    keys = [
        _key(entry, f"{where}: keys[{index}]", ("id", "private_key", "created"))
        for index, entry in enumerate(entries)
    ]
    current = _config_id(document["current"], f"{where}: `current`")
    found = [key for key in keys if key.id == current]
    if not found:
        raise KeyFileError(f"{where}: `current` names key {current}, which `keys` does not hold")
    try:
        return KeyRing(found[0], tuple(key for key in keys if key is not found[0]))
    except KeyFileError as error:
        raise KeyFileError(f"{where}: {error}") from None


def _key(entry: object, where: str, names: tuple[str, ...]) -> HelperKey:
    if not isinstance(entry, dict) or set(entry) != set(names):
        raise KeyFileError(f"{where}: expected the fields {', '.join(names)}")
    config_id = _config_id(entry["id"], f"{where}: `id`")
    created = entry.get("created", "")
    if not isinstance(created, str) or len(created) > 40:
        raise KeyFileError(f"{where}: `created` must be a date")
    try:
        private_key = b64decode(entry["private_key"], "private_key", PRIVATE_KEY_SIZE)
        return HelperKey(public_config(config_id, private_key), private_key, created)
    except (SplitError, ValueError) as error:
        raise KeyFileError(f"{where}: {error}") from None


def _config_id(value: object, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in CONFIG_IDS:
        raise KeyFileError(f"{where} must be an integer 0..255")
    return value


def read_key_ring(path: Path) -> KeyRing:
    try:
        with path.open("rb") as source:
            raw = source.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        raise KeyFileError(f"cannot read the helper key {path}: {error.strerror}") from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        raise KeyFileError(f"{path}: over {MAX_KEY_FILE_BYTES // 1024} KiB, not a helper key file")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(f"{path}: not a helper key file (JSON expected)") from None
    return from_document(document, str(path))


def create_key_file(path: Path, today: date, rand: Callable[[int], bytes] = os.urandom) -> KeyRing:
    """A new file holding one key; an existing file is never replaced."""
    config_id = int.from_bytes(rand(1), "big")
    ring = KeyRing(new_key(config_id, today))
    _write(path, ring, replace=False)
    return ring


def rotate_key_file(path: Path, today: date, rand: Callable[[int], bytes] = os.urandom) -> KeyRing:
    """A new current key in ``path``, with a fresh id; the previous ones kept for opening."""
    ring = read_key_ring(path)
    rotated = ring.rotated(new_key(ring.fresh_id(rand), today))
    _write(path, rotated, replace=True)
    return rotated


def retire_key(path: Path, config_id: int) -> KeyRing:
    """``path`` without the retired key ``config_id``: reports sealed to it no longer open."""
    ring = read_key_ring(path).without(config_id)
    _write(path, ring, replace=True)
    return ring


def _write(path: Path, ring: KeyRing, *, replace: bool) -> None:
    """Write ``ring`` owner-only, atomically; keep the owner of the file it replaces.

    The service reads the file as its own user (``repit``) while the operator
    runs the command as root: the new file gets the old one's owner and group,
    or the helper could not read its keys at the next start.
    """
    text = json.dumps(to_document(ring), indent=1) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    previous = _owner(path) if replace else None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        # Mode 0600 from its creation: never readable by others, even briefly.
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            if previous is not None and hasattr(os, "fchown"):
                # Not root: the file stays the caller's, who could write the old one.
                with contextlib.suppress(PermissionError):
                    os.fchown(fd, *previous)
            data = memoryview(text.encode("utf-8"))
            while data:
                data = data[os.write(fd, data) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        if replace:
            os.replace(temporary, path)
        else:
            try:
                os.link(temporary, path)  # fails if the path exists: never overwritten
            except FileExistsError:
                raise KeyFileError(f"{path} exists already; it is never overwritten") from None
        _sync_folder(path.parent)
    except OSError as error:
        raise KeyFileError(f"cannot write {path}: {error.strerror}") from None
    finally:
        temporary.unlink(missing_ok=True)


def _owner(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError as error:
        raise KeyFileError(f"cannot read the helper key {path}: {error.strerror}") from None
    return found.st_uid, found.st_gid


def _sync_folder(folder: Path) -> None:
    """The rename itself durable (POSIX); not available on Windows, where it is skipped."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def describe(ring: KeyRing) -> Iterator[str]:
    """One line per kept key, for the operator (current first)."""
    for key in ring.keys:
        state = "current" if key is ring.current else "retired, still opens reports"
        made = f", made {key.created}" if key.created else ""
        yield f"key {key.id}: {state}{made}"
