"""Central policies: the agent fetches its team's policy from the aggregator.

On start and daily, an enrolled agent asks ``GET /api/v1/policy``, validates
the answer with the same loader as a file, and applies it without restart. An
invalid answer or an unreachable server never costs the agent its rules: the
last good policy stays, and ``status`` says why the new one was not taken.
Without enrollment (or before the first fetch) the local policy file applies.

The running agent does not carry pydantic or httpx for this (issue 16): the
policy kept is stored validated beside the document (``agent.policy_cache``'s
encoding), so a start decodes it as long as the document and the validating
code are the ones it was validated from; and the start's fetch is skipped
when the last good one is less than a day old, so a restart imports httpx
only when it has a request to make.

The answer is read within the deadlines of ``agent.bounded_http`` and at
most ``MAX_POLICY_BYTES``; every field is bounded by the loader, so a policy
with a 150 MB name is refused before anything is kept.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.net_limits import DEFAULT_LIMITS, Limits, NetworkProblem
from agent.store import Store
from agent.upload import Enrollment
from contract.policy.model import Policy

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

KEPT = "central_policy"  # the last good policy document, as received
VALIDATED = "central_policy_validated"  # KEPT once validated: decoded without pydantic
FETCHED_AT = "central_policy_fetched_at"  # when KEPT was received (epoch seconds)
FETCH_EVERY_SECONDS = 24 * 3600
STATUS = "central_policy_status"  # what happened at the last fetch, for `status`
MAX_POLICY_BYTES = 256 * 1024  # the bundled default is 3 KB; teams lists stay far below


class PolicySyncError(Exception):
    """The aggregator's policy could not be fetched or was refused; the message says why."""


@dataclass(frozen=True)
class SyncStatus:
    ok: bool
    message: str
    fetched_on: str


def fetch_policy(
    joined: Enrollment,
    transport: httpx.BaseTransport | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[Policy, dict[str, Any]]:
    """The team's policy from the aggregator, validated, with the document received.

    Raises ``PolicySyncError`` with the reason. Touches no store: the agent
    calls it without holding its lock.
    """
    from agent.bounded_http import call

    headers = {"Authorization": f"Bearer {joined.token}"}
    bounded = dataclasses.replace(limits, max_response_bytes=MAX_POLICY_BYTES)
    try:
        answer = call(
            "GET",
            f"{joined.url}/api/v1/policy",
            headers=headers,
            transport=transport,
            limits=bounded,
        )
    except NetworkProblem as problem:
        raise PolicySyncError(str(problem)) from None
    if answer.status != 200:
        raise PolicySyncError(f"the aggregator answered HTTP {answer.status}")
    try:
        document = answer.json()
    except ValueError:
        raise PolicySyncError("the aggregator's answer is not JSON") from None
    if not isinstance(document, dict):
        raise PolicySyncError("the aggregator's answer is not a policy (expected a JSON object)")
    from contract.policy.loader import PolicyError, policy_from_dict  # pydantic: when used

    try:
        return policy_from_dict(document), document
    except PolicyError as error:
        raise PolicySyncError(f"policy refused: {error}") from None


def effective_policy(store: Store, local: Policy) -> Policy:
    """The policy in force: the last good one from the aggregator, else the local one."""
    return kept_policy(store) or local


def kept_policy(store: Store) -> Policy | None:
    """The last good central policy, or None; validated only when its text changed."""
    raw = store.setting(KEPT)
    if raw is None:
        return None
    known = _validated(store, raw)
    if known is not None:
        return known
    from contract.policy.loader import PolicyError, policy_from_dict  # pydantic: when used

    try:
        policy = policy_from_dict(json.loads(raw))
    except (ValueError, PolicyError):
        return None  # written by an older version with other rules: fetch again
    _keep_validated(store, raw, policy)
    return policy


def remember(store: Store, document: dict[str, Any], policy: Policy, now: int, today: str) -> None:
    """Keeps ``document`` (validated as ``policy``) as the last good one, received at ``now``."""
    raw = json.dumps(document)
    store.set_setting(KEPT, raw)
    _keep_validated(store, raw, policy)  # after KEPT: a crash between costs one validation
    store.set_setting(FETCHED_AT, str(now))
    store.set_setting(STATUS, json.dumps({"ok": True, "message": "", "fetched_on": today}))


def next_fetch(store: Store, now: float) -> float:
    """When to ask the aggregator next: now, unless the last good answer is less than a day old."""
    raw = store.setting(FETCHED_AT)
    if raw is None or store.setting(KEPT) is None:
        return now
    status = sync_status(store)
    if status is None or not status.ok:
        return now  # the last attempt failed: try again at once
    due = int(raw) + FETCH_EVERY_SECONDS
    return now if due <= now or int(raw) > now else float(due)  # a clock set back: ask now


def record_failure(store: Store, message: str, today: str) -> None:
    store.set_setting(STATUS, json.dumps({"ok": False, "message": message, "fetched_on": today}))


def sync_status(store: Store) -> SyncStatus | None:
    raw = store.setting(STATUS)
    return None if raw is None else SyncStatus(**json.loads(raw))


def _validated(store: Store, raw: str) -> Policy | None:
    """The policy validated from ``raw`` by this version's validating code, or None."""
    from agent.policy_cache import code_fingerprint, decode

    kept = store.setting(VALIDATED)
    if kept is None:
        return None
    try:
        validated = json.loads(kept)
        if validated.get("document") != raw or validated.get("code") != code_fingerprint():
            return None
        policy = decode(Policy, validated["policy"])
    except (ValueError, KeyError, TypeError, AttributeError):
        return None  # another version's: validated again
    return policy if isinstance(policy, Policy) else None


def _keep_validated(store: Store, raw: str, policy: Policy) -> None:
    from agent.policy_cache import code_fingerprint, encode

    try:
        validated = {"document": raw, "code": code_fingerprint(), "policy": encode(policy)}
    except (TypeError, ValueError):
        return  # not kept: the next start validates again
    store.set_setting(VALIDATED, json.dumps(validated, ensure_ascii=False))
