"""The helper's HPKE configuration, kept current on an enrolled agent (SPLIT.md).

A device learns the helper's key at enrollment, from the leader. When the
helper's operator rotates it (``repit-aggregator helper-key rotate``), the
device must learn the new one, or its reports would stay sealed to a key
the helper will one day retire. So, at most once a day and in the network
thread (before the outbox is filled), an enrolled agent asks the helper
itself, ``GET helper_url/api/v1/hpke-config``: a public route, asked with no
token, within ``agent.bounded_http``'s deadlines and a small size cap.

The new configuration is used for reports built afterwards; reports already
in the outbox keep their bytes, and so their id (the helper still opens
them with the key it retired). An answer that is not a valid configuration
(another suite, a key of the wrong size, an id out of range, a huge or
broken body, an error status) is refused and the known configuration kept;
the reason is logged once, not at every attempt while it lasts.
"""

from __future__ import annotations

import dataclasses
import json
import logging
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING, Any

from agent.enrollment import ENROLLMENT, Enrollment, as_document, enrollment
from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.store import Store

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

log = logging.getLogger("repit.upload")

CONFIG_ROUTE = "/api/v1/hpke-config"
REFRESH_EVERY_SECONDS = 24 * 3600
MAX_CONFIG_BYTES = 1024
"""A configuration is ~100 bytes of JSON; anything much larger is not one."""
CHECKED_AT = "helper_config_checked_at"
"""When the helper was last asked (epoch seconds), whatever it answered."""
REFUSED = "helper_config_refused"
"""Why the last answer was refused, while it lasts: logged when it changes only."""


class ConfigRefused(Exception):
    """The helper's answer is not a configuration to seal to; the message says why."""


def refresh_due(store: Store, now: int) -> bool:
    """Whether a day has passed since the helper was last asked (or the clock went back)."""
    raw = store.setting(CHECKED_AT)
    if raw is None or not raw.isdigit():
        return True
    checked = int(raw)
    return checked > now or now - checked >= REFRESH_EVERY_SECONDS


def fetch_config(
    helper_url: str, transport: httpx.BaseTransport | None = None, limits: Limits = DEFAULT_LIMITS
) -> dict[str, Any]:
    """The helper's configuration, checked (``HpkeConfig``'s JSON); ``ConfigRefused``.

    Touches no store: called without the agent's lock.
    """
    from agent.bounded_http import call
    from contract.split.hpke import HpkeConfig

    bounded = dataclasses.replace(
        limits, max_response_bytes=min(limits.max_response_bytes, MAX_CONFIG_BYTES)
    )
    try:
        answer = call("GET", f"{helper_url}{CONFIG_ROUTE}", transport=transport, limits=bounded)
    except NetworkProblem as problem:
        raise ConfigRefused(f"the helper server cannot be reached: {problem}") from None
    if answer.status != 200:
        raise ConfigRefused(f"the helper server answered HTTP {answer.status}")
    try:
        return HpkeConfig.from_json(answer.json()).to_json()
    except ValueError as error:  # JSON or configuration, each names what is wrong
        raise ConfigRefused(f"the helper server's configuration is refused: {error}") from None


def refresh_helper_config(
    store: Store,
    now: int,
    transport: httpx.BaseTransport | None = None,
    *,
    lock: AbstractContextManager[object] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> bool:
    """Ask the helper for its configuration if a day has passed; whether it changed.

    ``lock`` is held around each use of the store, released during the request.
    """
    store_access = lock if lock is not None else nullcontext()
    with store_access:
        joined = enrollment(store)
        if joined is None or not joined.complete or not refresh_due(store, now):
            return False
        store.set_setting(CHECKED_AT, str(now))  # asked once a day, even when it fails
    try:
        config = fetch_config(joined.helper_url, transport, limits)
    except ConfigRefused as refused:
        with store_access:
            _refused(store, str(refused))
        return False
    with store_access:
        return _adopt(store, joined, config)


def _adopt(store: Store, asked: Enrollment, config: dict[str, Any]) -> bool:
    store.set_setting(REFUSED, None)
    joined = enrollment(store)
    if joined is None or joined.helper_url != asked.helper_url:
        return False  # enrolled again meanwhile: that enrollment's configuration stands
    if joined.hpke_config == config:
        return False
    # Reports already in the outbox keep their bytes: the helper keeps the key
    # they were sealed to until they have arrived (``helper-key retire``).
    kept = dataclasses.replace(joined, hpke_config=config)
    store.set_setting(ENROLLMENT, json.dumps(as_document(kept)))
    log.info("the helper server's key changed (id %s): the next reports are sealed to it",
             config["id"])  # fmt: skip
    return True


def _refused(store: Store, reason: str) -> None:
    if store.setting(REFUSED) != reason:
        log.warning("%s; reports stay sealed to the key known before", reason)
        store.set_setting(REFUSED, reason)
