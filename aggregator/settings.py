"""What a server is made of: its database, its policies, its clock and its limits."""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime

from aggregator.organisation import Organisation
from aggregator.roles import HelperRole, LeaderRole
from aggregator.storage import Storage
from aggregator.throttle import HashGate, Limits
from contract.policy.model import Policy

# Enrollment codes carry over 100 random bits: guessing one is hopeless, so the limit
# only keeps a flood of wrong codes from costing anything. A wrong code says
# nothing about who sent it (no address is kept, even in memory), so the
# limit is global: 60 wrong codes in a row, then one a second.
ENROLL_LIMITS = Limits(free_failures=60, first_delay=1.0, max_delay=60.0, global_burst=60)
MAX_AGE_DAYS = 62
FINALISE_EVERY_SECONDS = 300.0
"""How often the server records the months whose release date has passed (rule 4).

Cheap (one query per department when nothing is due); reads and ingests
record what concerns them anyway, so this only keeps the records current
for a server nobody asks."""


AGGREGATE_EVERY_SECONDS = 2.0
"""The leader's longest wait between two passes of aggregation with the helper (an
upload wakes it sooner); also its first pause after the helper could not be reached,
doubled up to ``HELPER_RETRY_MAX_SECONDS``."""
HELPER_RETRY_MAX_SECONDS = 60.0


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass
class Settings:
    storage: Storage
    policies: Mapping[str, Policy]
    max_age_days: int = MAX_AGE_DAYS
    secure_cookies: bool | None = None
    """Mark cookies ``Secure``: always (True), never (False), or when the request is HTTPS."""
    clock: Callable[[], datetime] = field(default=_utc_now)
    """The current instant (aware); tests replace it."""
    finalise_every_seconds: float = FINALISE_EVERY_SECONDS
    login_limits: Limits = field(default_factory=Limits)
    enroll_limits: Limits = field(default_factory=lambda: ENROLL_LIMITS)
    hashing: HashGate = field(default_factory=HashGate)
    """One password hash at a time (argon2: 64 MiB, most of two cores), 4 more waiting."""
    throttle_clock: Callable[[], float] = field(default=time.monotonic)
    organisation: Organisation = field(default_factory=Organisation)
    """The name (and logo) on the login page and the PDFs."""
    role: LeaderRole | HelperRole | None = None
    """SPLIT.md: the leader or the helper; None for a server of recorded releases only
    (tests and offline reports: it takes no report)."""
    aggregate_every_seconds: float = AGGREGATE_EVERY_SECONDS
    aggregate_batch_size: int = 200
    """Reports per round trip to the helper."""
    helper_retry_max_seconds: float = HELPER_RETRY_MAX_SECONDS
    aggregate_on_upload: bool = True
    """Wake the leader's aggregation at each upload (tests that look at pending reports don't)."""
