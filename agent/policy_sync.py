"""Central policies: the agent fetches its team's policy from the aggregator.

On start and daily, an enrolled agent asks ``GET /api/v1/policy``, validates
the answer with the same loader as a file, and applies it without restart. An
invalid answer or an unreachable server never costs the agent its rules: the
last good policy stays, and ``status`` says why the new one was not taken.
Without enrollment (or before the first fetch) the local policy file applies.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from agent.policy.loader import PolicyError, policy_from_dict
from agent.policy.model import Policy
from agent.store import Store
from agent.upload import TIMEOUT_SECONDS, enrollment

if TYPE_CHECKING:
    import httpx  # imported where used: ~20 MB an agent that never uploads does not need

KEPT = "central_policy"  # the last good policy document, as received
STATUS = "central_policy_status"  # what happened at the last fetch, for `status`


class PolicySyncError(Exception):
    """The aggregator's policy could not be fetched or was refused; the message says why."""


@dataclass(frozen=True)
class SyncStatus:
    ok: bool
    message: str
    fetched_on: str


def fetch_policy(
    store: Store, transport: httpx.BaseTransport | None = None
) -> tuple[Policy, dict[str, Any]]:
    """The team's policy from the aggregator, validated, with the document received.

    Raises ``PolicySyncError`` with the reason.
    """
    import httpx

    joined = enrollment(store)
    if joined is None:
        raise PolicySyncError("not enrolled in a team")
    headers = {"Authorization": f"Bearer {joined.token}"}
    try:
        with httpx.Client(transport=transport, timeout=TIMEOUT_SECONDS, headers=headers) as client:
            response = client.get(f"{joined.url}/api/v1/policy")
    except httpx.HTTPError as error:
        raise PolicySyncError(f"aggregator unreachable ({type(error).__name__})") from None
    if response.status_code != 200:
        raise PolicySyncError(f"the aggregator answered HTTP {response.status_code}")
    try:
        document: dict[str, Any] = response.json()
        return policy_from_dict(document), document
    except ValueError:
        raise PolicySyncError("the aggregator's answer is not JSON") from None
    except PolicyError as error:
        raise PolicySyncError(f"policy refused: {error}") from None


def effective_policy(store: Store, local: Policy) -> Policy:
    """The policy in force: the last good one from the aggregator, else the local one."""
    return kept_policy(store) or local


def kept_policy(store: Store) -> Policy | None:
    """The last good central policy, or None."""
    raw = store.setting(KEPT)
    if raw is None:
        return None
    try:
        return policy_from_dict(json.loads(raw))
    except (ValueError, PolicyError):
        return None  # written by an older version with other rules: fetch again


def remember(store: Store, document: dict[str, Any], today: str) -> None:
    store.set_setting(KEPT, json.dumps(document))
    store.set_setting(STATUS, json.dumps({"ok": True, "message": "", "fetched_on": today}))


def record_failure(store: Store, message: str, today: str) -> None:
    store.set_setting(STATUS, json.dumps({"ok": False, "message": message, "fetched_on": today}))


def sync_status(store: Store) -> SyncStatus | None:
    raw = store.setting(STATUS)
    return None if raw is None else SyncStatus(**json.loads(raw))
