"""The leader takes in a split report (SPLIT.md ``POST /api/v1/reports``), in one transaction.

The report is checked (shape, kind, period rules of AGGREGATOR.md, share
sizes) and kept as it came: its public share, its leader share and its sealed
helper share, until the aggregation with the helper (``aggregator.aggregation``)
adds it into its batch's aggregate share and deletes it. The same transaction
records the idempotency id and the (device, kind, period) report, so a
retry is acknowledged and a second report of the same period refused.
Nothing in a report can be read by the leader alone.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlite_utils

from aggregator.auth import Device
from aggregator.group_commit import GroupCommit
from aggregator.ingest import InvalidContribution, Outcome, Rules
from aggregator.periods import PeriodError, acceptable_period, local_today
from aggregator.release import release_date
from aggregator.releases import refuses_contributions
from aggregator.storage import batches, split
from contract.contribution import Kind
from contract.split.errors import SplitError
from contract.split.hpke import ENC_SIZE, TAG_SIZE
from contract.split.instances import default_layout, vdaf_for
from contract.split.report import Report

KINDS = frozenset(kind.value for kind in Kind)
"""The kinds the servers aggregate today (the tools of TOOLS.md come with issue 15)."""


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": message, "type": field}


def parse_report(body: object) -> Report:
    """The report of an upload body; ``InvalidContribution`` naming the field."""
    try:
        report = Report.from_body(body)
    except SplitError as error:
        text = str(error)
        field = text.split("`")[1] if text.count("`") >= 2 else "body"
        raise InvalidContribution([_problem(field, text)]) from None
    if report.kind not in KINDS:
        raise InvalidContribution([_problem("kind", f"expected one of {', '.join(sorted(KINDS))}")])
    vdaf = vdaf_for(report.kind, default_layout(report.kind))
    expected = {
        "public_share": len(vdaf.encode_public_share(vdaf.decode_public_share(bytes(64)))),
        "leader_share": vdaf.input_share_size(0),
    }
    for field, size in expected.items():
        if len(getattr(report, field)) != size:
            raise InvalidContribution(
                [_problem(field, f"expected {size} bytes for a {report.kind}")]
            )
    smallest = 1 + ENC_SIZE + TAG_SIZE + 4 + vdaf.input_share_size(1)
    if len(report.helper_share_encrypted) < smallest:
        raise InvalidContribution(
            [_problem("helper_share_encrypted", f"expected at least {smallest} bytes")]
        )
    return report


def submit_report(
    commits: GroupCommit, device: Device, body: object, now: datetime, rules: Rules
) -> Outcome:
    """Take in ``body`` from ``device``; ``InvalidContribution`` (nothing kept) when invalid.

    Returns once the report is on disk: its transaction is committed with the
    other uploads' of the moment (``aggregator.group_commit``).
    """
    report = parse_report(body)
    kind = Kind(report.kind)
    try:
        period = acceptable_period(kind, report.period, rules.timezone, now, rules.max_age_days)
    except PeriodError as error:
        raise InvalidContribution([_problem("period", str(error))]) from None
    month = period.month
    if local_today(now, rules.timezone) >= release_date(month, rules.release_delay_days):
        raise InvalidContribution([_released(month)])

    def write(db: sqlite_utils.Database) -> Outcome:
        report_id = str(report.id)
        if batches.seen(db, report_id):
            return Outcome.DUPLICATE
        if refuses_contributions(db, device.team, rules.department, month):
            raise InvalidContribution([_released(month)])
        if batches.reported(db, device.identity, kind, period.label):
            return Outcome.CONFLICT
        batches.add_report(db, report_id, device.identity, device.team, kind, period.label, month)
        split.add_pending(db, split.Pending(report, device.identity, device.team, month))
        return Outcome.ACCEPTED

    return commits.run(write)


def _released(month: str) -> dict[str, Any]:
    return _problem(
        "period",
        f"the figures of {month} are already released;"
        " a late report would reveal its sender's values",
    )
