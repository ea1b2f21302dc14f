"""The leader's background work: aggregate pending reports with the helper, then collect.

One thread. It wakes when an upload arrives or every
``aggregate_every_seconds``, aggregates batches until nothing is pending
(``aggregator.aggregation``), collects the due months (``aggregator.collection``),
and keeps the helper's HPKE configuration current for enrollments. A helper
that cannot be reached makes it wait longer each time (up to a minute):
reports stay pending, nothing is lost.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Callable, Mapping
from datetime import datetime

from aggregator.aggregation import aggregate_once
from aggregator.collection import collect_due
from aggregator.helper_client import HelperClient, HelperUnavailable
from aggregator.roles import LeaderRole
from aggregator.settings import HELPER_RETRY_MAX_SECONDS
from aggregator.storage import Storage
from contract.policy.model import Policy
from contract.split.hpke import HpkeConfig

log = logging.getLogger(__name__)

CONFIG_REFRESH_SECONDS = 600.0


class HelperConfig:
    """The helper's HPKE configuration as the leader last fetched it (thread-safe)."""

    def __init__(self, client: HelperClient) -> None:
        self._client = client
        self._lock = threading.Lock()
        self._config: HpkeConfig | None = None

    def refresh(self) -> HpkeConfig:
        config = self._client.hpke_config()
        with self._lock:
            self._config = config
        return config

    def current(self) -> HpkeConfig:
        """The configuration, fetched now if none is known; ``HelperUnavailable``."""
        with self._lock:
            known = self._config
        return known if known is not None else self.refresh()


class LeaderDriver:
    def __init__(
        self,
        storage: Storage,
        policies: Mapping[str, Policy],
        role: LeaderRole,
        clock: Callable[[], datetime],
        every_seconds: float,
        batch_size: int = 200,
        retry_max_seconds: float = HELPER_RETRY_MAX_SECONDS,
    ) -> None:
        self.storage = storage
        self.policies = policies
        self.role = role
        self.clock = clock
        self.every_seconds = every_seconds
        self.batch_size = batch_size
        self.retry_max_seconds = retry_max_seconds
        self.client = HelperClient(role.helper_url, role.helper_token)
        self.helper_config = HelperConfig(self.client)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="split-aggregation", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)
        self.client.close()

    def work_once(self) -> int:
        """Aggregate until nothing is pending, then collect; reports aggregated."""
        done = 0
        while not self._stop.is_set():
            outcome = aggregate_once(
                self.storage, self.role, self.client, self.batch_size, self.policies
            )
            done += outcome.done
            if not outcome.done:
                break
        collect_due(self.storage, self.policies, self.client, self.clock())
        return done

    def _run(self) -> None:
        pause = self.every_seconds
        refreshed_at: float | None = None
        while not self._stop.is_set():
            try:
                now = time.monotonic()
                if refreshed_at is None or now - refreshed_at >= CONFIG_REFRESH_SECONDS:
                    self.helper_config.refresh()
                    refreshed_at = now
                self.work_once()
                pause = self.every_seconds
            except HelperUnavailable as error:
                log.warning("aggregation waits for the helper: %s", error)
                pause = min(max(pause * 2, self.every_seconds), self.retry_max_seconds)
            except sqlite3.Error as error:
                log.warning("aggregation waits for the database: %s", error)
                pause = min(max(pause * 2, self.every_seconds), self.retry_max_seconds)
            self._wake.wait(pause)
            self._wake.clear()
