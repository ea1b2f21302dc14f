"""The machine-wide configuration an administrator deploys: ``/etc/repit/agent.toml``.

It may name the leader server, the team's two enrollment codes (the leader's
and the helper's, SPLIT.md), a policy file and the contacts the privacy notice
gives (the Prévention service, the data-protection officer). The codes join
the device to its team; sharing still waits for the person's own choice
(``consent share``): a deployment cannot turn it on.
``REPIT_CONFIG`` names another file (tests, Windows installs). The Debian
package's debconf answers (the leader's URL, both codes) are kept beside it in
``enrollment.toml`` (``ANSWERS_NAME``).
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from agent.store import Store

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

log = logging.getLogger("repit.agent")

DEFAULT_PATH = Path("/etc/repit/agent.toml")


@dataclass(frozen=True)
class MachineConfig:
    aggregator_url: str = ""
    enrollment_code: str = ""
    """The leader's code, or both as ``LEADER.HELPER`` when ``helper_code`` is empty."""
    helper_code: str = ""
    policy_file: Path | None = None
    prevention_contact: str = ""
    dpo_contact: str = ""


class MachineConfigError(Exception):
    """The configuration cannot be used; the message in English, ``problem``
    (``unreadable``, ``unknown_keys``, ``not_text``) and ``values`` to word it
    in the person's language (``agent.texts.errors``)."""

    def __init__(self, message: str, problem: str, **values: object) -> None:
        super().__init__(message)
        self.problem = problem
        self.values = values


def config_path() -> Path:
    return Path(os.environ.get("REPIT_CONFIG", str(DEFAULT_PATH)))


KNOWN: dict[str, tuple[str, ...]] = {
    "aggregator": ("url", "enrollment_code", "helper_code"),
    "policy": ("file",),
    "contacts": ("prevention", "dpo"),
}
ANSWERS_NAME = "enrollment.toml"
"""Beside the configuration: the Debian package's debconf answers (``[aggregator]`` only).

``agent.toml`` is a dpkg conffile, which maintainer scripts must not edit; the
answers go to this file of their own, and win over ``agent.toml``'s keys."""


def load_machine_config(path: Path | None = None) -> MachineConfig:
    """The configuration at ``path`` (default: ``config_path()``); empty when there is none."""
    path = path or config_path()
    values = _read(path, KNOWN)
    answers = _read(path.with_name(ANSWERS_NAME), {"aggregator": KNOWN["aggregator"]})
    values |= {key: value for key, value in answers.items() if value}
    return MachineConfig(
        aggregator_url=values["aggregator.url"],
        enrollment_code=values["aggregator.enrollment_code"],
        helper_code=values["aggregator.helper_code"],
        policy_file=Path(values["policy.file"]) if values["policy.file"] else None,
        prevention_contact=values["contacts.prevention"],
        dpo_contact=values["contacts.dpo"],
    )


def _read(path: Path, known: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """``{"table.key": value}`` of the file at ``path``, every known key ("" when unset)."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        data = {}
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MachineConfigError(
            f"{path}: {error}", "unreadable", path=path, detail=str(error)
        ) from None
    tables = {name: data.get(name, {}) for name in known}
    unknown = [name for name in data if name not in known]
    unknown += [f"{t}.{k}" for t, table in tables.items() for k in table if k not in known[t]]
    if unknown:
        expected = ", ".join(f"{t}.{k}" for t, keys in known.items() for k in keys)
        keys = ", ".join(sorted(unknown))
        raise MachineConfigError(
            f"{path}: unknown key(s) {keys}; expected {expected}",
            "unknown_keys",
            path=path,
            keys=keys,
            expected=expected,
        )
    values = {f"{t}.{k}": tables[t].get(k, "") for t, keys in known.items() for k in keys}
    wrong = [key for key, value in values.items() if not isinstance(value, str)]
    if wrong:
        keys = ", ".join(wrong)
        raise MachineConfigError(
            f"{path}: {keys}: expected a string", "not_text", path=path, keys=keys
        )
    return values


def enroll_from_machine_config(
    store: Store, today: date | None = None, transport: httpx.BaseTransport | None = None
) -> None:
    """Join the configured team once, if configured and not yet enrolled; never fatal.

    A first start whose helper step failed resumes at the next start, without
    spending the leader's code again (``agent.enrollment``).
    """
    from agent.enrollment import UploadError, enroll, enrollment

    if enrollment(store) is not None:
        return
    try:
        config = load_machine_config()
    except MachineConfigError as error:
        log.warning("%s", error)
        return
    if not (config.aggregator_url and config.enrollment_code):
        return
    try:
        joined = enroll(
            store,
            config.aggregator_url,
            config.enrollment_code,
            today or date.today(),
            transport,
            helper_code=config.helper_code or None,
        )
    except UploadError as error:
        log.warning("enrollment from %s failed: %s", config_path(), error)
        return
    log.info("enrolled in team %s", joined.team)
