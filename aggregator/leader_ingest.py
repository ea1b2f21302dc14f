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
from aggregator.periods import PeriodError, local_today
from aggregator.release import release_date
from aggregator.releases import refuses_contributions
from aggregator.report_kinds import KINDS, ReportKind, Shape
from aggregator.storage import batches, split
from aggregator.tool_batches import fixed_tools
from contract.split.errors import SplitError
from contract.split.hpke import ENC_SIZE, TAG_SIZE
from contract.split.report import Report


def _problem(field: str, message: str) -> dict[str, Any]:
    return {"loc": ["body", field], "msg": message, "type": field}


def _parsed(body: object) -> tuple[Report, ReportKind]:
    try:
        report = Report.from_body(body)
    except SplitError as error:
        text = str(error)
        field = text.split("`")[1] if text.count("`") >= 2 else "body"
        raise InvalidContribution([_problem(field, text)]) from None
    kind = KINDS.get(report.kind)
    if kind is None:
        raise InvalidContribution([_problem("kind", f"expected one of {', '.join(sorted(KINDS))}")])
    return report, kind


def _check_sizes(report: Report, shape: Shape | None) -> None:
    if shape is None:
        raise InvalidContribution([_problem("kind", "the department lists no tools")])
    vdaf = shape.vdaf
    expected = {
        "public_share": len(vdaf.encode_public_share(vdaf.decode_public_share(bytes(64)))),
        "leader_share": vdaf.input_share_size(0),
    }
    for field, size in expected.items():
        if len(getattr(report, field)) != size:
            problem = _problem(field, f"expected {size} bytes for a {shape.what}")
            raise InvalidContribution([problem])
    smallest = 1 + ENC_SIZE + TAG_SIZE + 4 + vdaf.input_share_size(1)
    if len(report.helper_share_encrypted) < smallest:
        raise InvalidContribution(
            [_problem("helper_share_encrypted", f"expected at least {smallest} bytes")]
        )


def submit_report(
    commits: GroupCommit, device: Device, body: object, now: datetime, rules: Rules
) -> Outcome:
    """Take in ``body`` from ``device``; ``InvalidContribution`` (nothing kept) when invalid.

    Returns once the report is on disk: its transaction is committed with the
    other uploads' of the moment (``aggregator.group_commit``).
    """
    report, kind = _parsed(body)
    label, month = _period_of(report, kind, now, rules)

    def tool_list() -> tuple[str, ...] | None:
        with commits.storage.read() as db:
            return fixed_tools(db, rules.department, month)

    _check_sizes(report, kind.shape(tool_list))
    if local_today(now, rules.timezone) >= release_date(month, rules.release_delay_days):
        raise InvalidContribution([_released(month)])

    def write(db: sqlite_utils.Database) -> Outcome:
        report_id = str(report.id)
        if batches.seen(db, report_id):
            return Outcome.DUPLICATE
        if refuses_contributions(db, device.team, rules.department, month):
            raise InvalidContribution([_released(month)])
        if batches.reported(db, device.identity, report.kind, label):
            return Outcome.CONFLICT
        batches.add_report(db, report_id, device.identity, device.team, report.kind, label, month)
        split.add_pending(db, split.Pending(report, device.identity, device.team, month))
        return Outcome.ACCEPTED

    return commits.run(write)


def _period_of(report: Report, kind: ReportKind, now: datetime, rules: Rules) -> tuple[str, str]:
    """(period, month) of a report whose period is acceptable now; else 422."""
    try:
        found = kind.acceptable(report.period, rules.timezone, now, rules.max_age_days)
    except PeriodError as error:
        raise InvalidContribution([_problem("period", str(error))]) from None
    return found.label, found.month


def _released(month: str) -> dict[str, Any]:
    return _problem(
        "period",
        f"the figures of {month} are already released;"
        " a late report would reveal its sender's values",
    )
