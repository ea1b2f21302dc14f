"""The validated local policy kept as plain JSON, so that ``run`` starts without pydantic.

Validating a policy (``contract.policy.loader``) imports pydantic, the policy
schema and every country of the ``holidays`` package: some 20 MiB that the
running agent would carry for days for a second's work. ``repit-agent run``
validates once, keeps the resulting ``Policy`` here (``policy-cache.json`` in
the data folder), and later starts from it as long as nothing it came from
changed: the same request (``--policy``, the machine configuration's file),
the same policy files, text for text in the chosen file's folder (``extends``
resolves there), the same validating code (``contract/policy/*.py``, by size
and modification time). Anything else (no cache, another request, a file
edited, an upgrade, a cache that does not read back) and the policy is
validated again; a cache is never trusted over the files.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import types
from datetime import date
from importlib.util import find_spec
from pathlib import Path
from typing import Any, Final, Union, get_args, get_origin, get_type_hints

from agent.private import write_private
from contract.policy.model import Policy

log = logging.getLogger("repit.agent")

CACHE_NAME: Final = "policy-cache.json"
FORMAT: Final = 1


def cached_policy(data_dir: Path, request: object) -> Policy | None:
    """The policy kept for ``request``, or None when it may be stale (or is missing)."""
    try:
        kept = json.loads((data_dir / CACHE_NAME).read_text(encoding="utf-8"))
        if kept.get("format") != FORMAT or kept.get("request") != _jsonable(request):
            return None
        if kept.get("code") != code_fingerprint():
            return None
        folder = Path(kept["folder"])
        if kept.get("files") != _files_fingerprint(folder):
            return None
        policy = decode(Policy, kept["policy"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None  # no cache, or one this version cannot read: validate again
    return policy if isinstance(policy, Policy) else None


def keep_policy(data_dir: Path, request: object, policy: Policy) -> None:
    """Keeps ``policy``, validated for ``request``, for the next start; silent when it cannot."""
    if policy.source is None or not data_dir.is_dir():
        return  # a first start creates the folder later: the next one keeps it
    folder = policy.source.parent
    document = {
        "format": FORMAT,
        "request": _jsonable(request),
        "code": code_fingerprint(),
        "folder": str(folder),
        "files": _files_fingerprint(folder),
        "policy": encode(policy),
    }
    try:
        write_private(data_dir / CACHE_NAME, json.dumps(document, ensure_ascii=False))
    except OSError as error:  # a read-only folder: the next start validates again
        log.info("policy not kept for the next start: %s", error)


def _jsonable(request: object) -> Any:
    return json.loads(json.dumps(request, default=str))


def _files_fingerprint(folder: Path) -> dict[str, str]:
    # The texts themselves (a few KB): hashing would load OpenSSL's libcrypto
    # into the running agent for nothing.
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.toml"))}


def code_fingerprint() -> str:
    """The validating code's files, by name, size and modification time (no import)."""
    spec = find_spec("contract.policy")
    if spec is None or spec.origin is None:
        raise ValueError("contract.policy not found")
    files = []
    for path in sorted(Path(spec.origin).parent.glob("*.py")):
        status = path.stat()
        files.append(f"{path.name}:{status.st_size}:{status.st_mtime_ns}")
    return ";".join(files)


# -- a frozen dataclass tree to JSON and back -------------------------------------------------


def encode(value: object) -> Any:
    """``value`` (dataclasses of dates, paths, tuples, frozensets, scalars) as JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: encode(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple | list):
        return [encode(item) for item in value]
    if isinstance(value, frozenset):
        return sorted((encode(item) for item in value), key=lambda item: (str(type(item)), item))
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"cannot keep a {type(value).__name__} in the policy cache")


def decode(kind: Any, data: Any) -> Any:
    """The value of type ``kind`` that ``encode`` turned into ``data``; TypeError when it is not."""
    origin, arguments = get_origin(kind), get_args(kind)
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = get_type_hints(kind)
        values = {
            f.name: decode(hints[f.name], data[f.name]) for f in dataclasses.fields(kind) if f.init
        }
        return kind(**values)
    if origin is tuple:
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(decode(arguments[0], item) for item in _list(data))
        return tuple(decode(a, item) for a, item in zip(arguments, _list(data), strict=True))
    if origin is frozenset:
        return frozenset(decode(arguments[0], item) for item in _list(data))
    if origin in (Union, types.UnionType):
        if data is None and type(None) in arguments:
            return None
        [inner] = [argument for argument in arguments if argument is not type(None)]
        return decode(inner, data)
    if kind is date:
        return date.fromisoformat(data)
    if kind is Path:
        return Path(_typed(str, data))
    if kind in (bool, int, float, str):
        return _typed(kind, data)
    raise TypeError(f"the policy cache cannot read a {kind}")


def _list(data: Any) -> list[Any]:
    return _typed(list, data)  # type: ignore[no-any-return]


def _typed(kind: type, data: Any) -> Any:
    if type(data) is not kind and not (kind is float and type(data) is int):
        raise TypeError(f"expected {kind.__name__}, found {type(data).__name__}")
    return data
