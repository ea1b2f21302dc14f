"""Taking in one contribution: validate it, then add it into its batch, in one transaction.

The transaction records the idempotency id and the (device, kind, period)
report and adds the values into the (team, kind, month) sums: either all of it
happens or none of it, so a crash can neither lose a contribution the device
was told was accepted nor count one twice. The values are not kept anywhere
else, and nothing about a contribution is logged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from aggregator.auth import Device
from aggregator.models import Contribution, values_problems
from aggregator.periods import PeriodError, acceptable_period, local_today
from aggregator.release import release_date
from aggregator.releases import is_due, record, refuses_contributions
from aggregator.storage import Storage, batches
from contract.contribution import FIELDS
from contract.policy.model import Policy


class Outcome(StrEnum):
    ACCEPTED = "accepted"
    DUPLICATE = "duplicate"
    """The same idempotency id was seen before: nothing added."""
    CONFLICT = "conflict"
    """This device already reported this kind and period: nothing added."""


class InvalidContribution(Exception):
    """The body cannot be accepted; ``detail`` lists why, in FastAPI's 422 form."""

    def __init__(self, detail: list[dict[str, Any]]) -> None:
        super().__init__("; ".join(str(item["msg"]) for item in detail))
        self.detail = detail


@dataclass(frozen=True)
class Rules:
    """What the validity of a period depends on besides the contribution itself."""

    timezone: str
    """The team's department's time zone: a period is complete there."""
    max_age_days: int
    release_delay_days: int
    """From the month's release on, its batches are frozen (see ``_validated``)."""
    department: Policy | None = None
    """The team's department now: a due month of it is recorded before anything is added."""


def submit(
    storage: Storage, device: Device, envelope: Contribution, now: datetime, rules: Rules
) -> Outcome:
    """Take in ``envelope`` from ``device``; raises ``InvalidContribution`` (nothing added)."""
    with storage.transaction() as db:
        contribution_id = str(envelope.id)
        # A retry of an accepted contribution is acknowledged whatever it now
        # says, so that a device whose acknowledgement was lost stops resending.
        if batches.seen(db, contribution_id):
            return Outcome.DUPLICATE
        values, period, month = _validated(envelope, now, rules)
        # Rule 4: the record decides. A due month is recorded first (in this
        # same transaction), and a recorded month takes nothing, whatever
        # release_delay_days says now: a reader who saw its figures before
        # and after a late contribution could subtract them.
        if rules.department is not None and is_due(month, rules.department, now):
            record(db, rules.department, month)
        if refuses_contributions(db, device.team, rules.department, month):
            raise InvalidContribution([_released(month)])
        if batches.reported(db, device.identity, envelope.kind, period):
            return Outcome.CONFLICT
        kind, identity, team = envelope.kind, device.identity, device.team
        new_in_batch = not batches.in_batch(db, identity, kind, month)
        batches.add_report(db, contribution_id, identity, team, kind, period, month)
        batches.add_to_batch(db, kind, team, month, values, new_in_batch)
    return Outcome.ACCEPTED


def _released(month: str) -> dict[str, Any]:
    return {
        "loc": ["body", "period"],
        "msg": f"the figures of {month} are already released; "
        "a late contribution would reveal its sender's values",
        "type": "period",
    }


def _validated(
    envelope: Contribution, now: datetime, rules: Rules
) -> tuple[dict[str, int], str, str]:
    """The values in layout order, the canonical period and the batch month.

    Raises ``InvalidContribution`` with every reason.
    """
    detail = values_problems(envelope.kind, envelope.values)
    month = period = ""
    try:
        found = acceptable_period(
            envelope.kind, envelope.period, rules.timezone, now, rules.max_age_days
        )
    except PeriodError as error:
        detail.append({"loc": ["body", "period"], "msg": str(error), "type": "period"})
    else:
        period, month = found.label, found.month
        # A released month is frozen: a reader who saw its figures before and
        # after a late contribution could subtract them and read one person's.
        if local_today(now, rules.timezone) >= release_date(month, rules.release_delay_days):
            detail.append(_released(month))
    if detail:
        raise InvalidContribution(detail)
    return {f.name: int(envelope.values[f.name]) for f in FIELDS[envelope.kind]}, period, month
