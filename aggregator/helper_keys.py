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

from aggregator.worded_error import WordedError, system_values
from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.hpke import PRIVATE_KEY_SIZE, HpkeConfig, generate_keypair, public_config

MAX_KEY_FILE_BYTES = 64 * 1024
"""256 keys of ~100 bytes each fit many times over; a larger file is not a key file."""
CONFIG_IDS = range(256)


class KeyFileError(WordedError):
    """The key file or the change asked of it is wrong; the message says what and where, in English.

    ``reason`` and ``values`` let the command line say it in its own language:
    a key file is a role's file, worded with ``RoleError``'s (family ``role`` of
    ``aggregator.cli_messages``); ``errno`` is the system's error number.
    """


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
            twice = ", ".join(str(i) for i in sorted({i for i in ids if ids.count(i) > 1}))
            raise KeyFileError(f"key id {twice} appears twice", "key_id_twice", ids=twice)

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
                "then retire it once the reports sealed to it have arrived",
                "key_retire_current",
                id=str(config_id),
            )
        if self.key_for(config_id) is None:
            kept = ", ".join(str(key.id) for key in self.keys)
            raise KeyFileError(
                f"no key {config_id} in this file (it holds {kept})",
                "key_missing",
                id=str(config_id),
                kept=kept,
            )
        return KeyRing(self.current, tuple(k for k in self.retired if k.id != config_id))

    def fresh_id(self, rand: Callable[[int], bytes] = os.urandom) -> int:
        """A random configuration id that no kept key has."""
        free = [i for i in CONFIG_IDS if self.key_for(i) is None]
        if not free:
            count = str(len(CONFIG_IDS))
            raise KeyFileError(
                f"all {count} key ids are kept: retire some first", "key_ids_used_up", count=count
            )
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


@dataclass(frozen=True)
class _Place:
    """Where in a key file a problem is: as the English message says it, and as the
    command line's words show it (a comma between the file and the entry, not a colon,
    whose spacing is the language's)."""

    english: str
    shown: str

    def entry(self, index: int) -> _Place:
        return _Place(f"{self.english}: keys[{index}]", f"{self.shown}, keys[{index}]")


def from_document(document: object, where: str) -> KeyRing:
    """The ring of a key file's JSON; ``KeyFileError`` naming ``where`` and the field."""
    place = _Place(where, where)
    if isinstance(document, dict) and set(document) == {"id", "private_key"}:
        return KeyRing(_key(document, place, ("id", "private_key")))  # the first layout
    if not isinstance(document, dict) or set(document) != {"current", "keys"}:
        raise KeyFileError(f'{where}: expected {{"current", "keys"}}', "key_layout", where=where)
    entries = document["keys"]
    if not isinstance(entries, list) or not entries or len(entries) > len(CONFIG_IDS):
        most = str(len(CONFIG_IDS))
        raise KeyFileError(
            f"{where}: `keys` must list 1 to {most} keys", "key_count", where=where, most=most
        )
    keys = [
        _key(entry, place.entry(index), ("id", "private_key", "created"))
        for index, entry in enumerate(entries)
    ]
    current = _config_id(document["current"], place, "current")
    found = [key for key in keys if key.id == current]
    if not found:
        raise KeyFileError(
            f"{where}: `current` names key {current}, which `keys` does not hold",
            "key_current_missing",
            where=where,
            id=str(current),
        )
    try:
        return KeyRing(found[0], tuple(key for key in keys if key is not found[0]))
    except KeyFileError as error:
        raise KeyFileError(
            f"{where}: {error}", "key_id_twice_in", where=where, **error.values
        ) from None


def _key(entry: object, place: _Place, names: tuple[str, ...]) -> HelperKey:
    if not isinstance(entry, dict) or set(entry) != set(names):
        fields = ", ".join(names)
        raise KeyFileError(
            f"{place.english}: expected the fields {fields}",
            "key_fields",
            where=place.shown,
            fields=fields,
        )
    config_id = _config_id(entry["id"], place, "id")
    created = entry.get("created", "")
    if not isinstance(created, str) or len(created) > 40:
        raise KeyFileError(
            f"{place.english}: `created` must be a date", "key_created", where=place.shown
        )
    try:
        private_key = b64decode(entry["private_key"], "private_key", PRIVATE_KEY_SIZE)
        return HelperKey(public_config(config_id, private_key), private_key, created)
    except (SplitError, ValueError) as error:
        raise KeyFileError(
            f"{place.english}: {error}",
            "key_private",
            where=place.shown,
            size=str(PRIVATE_KEY_SIZE),
        ) from None


def _config_id(value: object, place: _Place, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value not in CONFIG_IDS:
        raise KeyFileError(
            f"{place.english}: `{name}` must be an integer 0..255",
            "key_id_range",
            where=place.shown,
            field=name,
        )
    return value


def read_key_ring(path: Path) -> KeyRing:
    try:
        with path.open("rb") as source:
            raw = source.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as error:
        raise _unreadable(path, error) from None
    if len(raw) > MAX_KEY_FILE_BYTES:
        most = str(MAX_KEY_FILE_BYTES // 1024)
        raise KeyFileError(
            f"{path}: over {most} KiB, not a helper key file",
            "key_too_large",
            path=str(path),
            most=most,
        )
    try:
        document = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise KeyFileError(
            f"{path}: not a helper key file (JSON expected)", "key_not_json", path=str(path)
        ) from None
    return from_document(document, str(path))


def _unreadable(path: Path, error: OSError) -> KeyFileError:
    return KeyFileError(
        f"cannot read the helper key {path}: {error.strerror}",
        "key_unreadable",
        **system_values(path, error),
    )


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
    previous = _owner(path) if replace else None
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)  # a file in the way: said, not raised
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
                raise KeyFileError(
                    f"{path} exists already; it is never overwritten", "exists", path=str(path)
                ) from None
        _sync_folder(path.parent)
    except OSError as error:
        raise KeyFileError(
            f"cannot write {path}: {error.strerror}",
            "unwritable",
            **system_values(path, error),
        ) from None
    finally:
        with contextlib.suppress(OSError):  # never made (no folder), or already renamed
            temporary.unlink()


def _owner(path: Path) -> tuple[int, int]:
    try:
        found = path.stat()
    except OSError as error:
        raise _unreadable(path, error) from None
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
