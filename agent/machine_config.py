"""The machine-wide configuration an administrator deploys: ``/etc/repit/agent.toml``.

It may name the aggregator, a team enrollment code and a policy file. An
enrollment code joins the device to its team; sharing still waits for the
person's own choice (``consent share``): a deployment cannot turn it on.
``REPIT_CONFIG`` names another file (tests, Windows installs).
"""

from __future__ import annotations

import logging
import os
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from agent.store import Store

log = logging.getLogger("repit.agent")

DEFAULT_PATH = Path("/etc/repit/agent.toml")


@dataclass(frozen=True)
class MachineConfig:
    aggregator_url: str = ""
    enrollment_code: str = ""
    policy_file: Path | None = None


class MachineConfigError(Exception):
    pass


def config_path() -> Path:
    return Path(os.environ.get("REPIT_CONFIG", str(DEFAULT_PATH)))


def load_machine_config(path: Path | None = None) -> MachineConfig:
    """The configuration at ``path`` (default: ``config_path()``); empty when there is none."""
    path = path or config_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return MachineConfig()
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise MachineConfigError(f"{path}: {error}") from None
    aggregator = data.get("aggregator", {})
    policy = data.get("policy", {})
    unknown = set(data) - {"aggregator", "policy"}
    unknown |= {f"aggregator.{k}" for k in aggregator} - {
        "aggregator.url",
        "aggregator.enrollment_code",
    }
    unknown |= {f"policy.{k}" for k in policy} - {"policy.file"}
    if unknown:
        raise MachineConfigError(
            f"{path}: unknown key(s) {', '.join(sorted(unknown))}; expected aggregator.url, "
            "aggregator.enrollment_code, policy.file"
        )
    values = (
        aggregator.get("url", ""),
        aggregator.get("enrollment_code", ""),
        policy.get("file", ""),
    )
    if not all(isinstance(value, str) for value in values):
        raise MachineConfigError(f"{path}: every value is a string")
    url, code, policy_file = values
    return MachineConfig(url, code, Path(policy_file) if policy_file else None)


def enroll_from_machine_config(store: Store, today: date | None = None) -> None:
    """Join the configured team once, if configured and not yet enrolled; never fatal."""
    from agent.upload import UploadError, enroll, enrollment

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
        joined = enroll(store, config.aggregator_url, config.enrollment_code, today or date.today())
    except UploadError as error:
        log.warning("enrollment from %s failed: %s", config_path(), error)
        return
    log.info("enrolled in team %s", joined.team)
