"""The leader drives aggregation: one round trip to the helper per batch of pending reports.

``aggregate_once`` takes the oldest pending reports, computes the leader's
verifier share of each (Prio3's ``verify_init``: deterministic, so a retry
recomputes the same), and sends them to the helper, who verifies, aggregates
and records each verdict before it answers (``aggregator.helper_verify``).
Then, in one transaction, the leader adds each accepted report's output share
into its aggregate share of the (team, kind, month), counts its device, and
deletes the report's shares; a refused report is deleted and counted nowhere.

Exactly once, on both servers or neither: the helper answers a report id it
judged before with the same verdict and adds nothing, and the leader's
transaction either happens whole or not at all. A crash of the leader after
the helper committed leaves the reports pending; the next batch sends them
again and gets the same verdicts. A helper that cannot be reached leaves them
pending too: they wait, for days if need be.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass

import sqlite_utils

from aggregator.groups import Groups
from aggregator.helper_client import HelperClient, HelperUnavailable
from aggregator.report_kinds import KINDS, Shape
from aggregator.roles import LeaderRole
from aggregator.storage import Storage, split
from aggregator.tool_batches import fixed_tools
from contract.policy.model import Policy
from contract.prio3.vdaf import VerifyState
from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.prep import leader_finish, leader_init

log = logging.getLogger(__name__)

BATCH_SIZE = 200
"""Reports per round trip: large enough that a round trip costs little per report,
small enough that a batch's JSON stays far below the helper's body limit."""


@dataclass(frozen=True)
class Outcome:
    accepted: int = 0
    refused: int = 0

    @property
    def done(self) -> int:
        return self.accepted + self.refused


@dataclass(frozen=True)
class _Started:
    pending: split.Pending
    department: Policy | None
    shape: Shape
    state: VerifyState


def _shape_of(
    db: sqlite_utils.Database, groups: Groups, entry: split.Pending
) -> tuple[Policy | None, Shape | None]:
    """The report's department and what the report was checked against (None: nothing)."""
    kind = KINDS.get(entry.report.kind)
    department = groups.department_of(entry.team)
    if kind is None:
        return department, None
    return department, kind.shape(lambda: fixed_tools(db, department, entry.month))


def aggregate_once(
    storage: Storage,
    role: LeaderRole,
    client: HelperClient,
    batch_size: int = BATCH_SIZE,
    policies: Mapping[str, Policy] | None = None,
) -> Outcome:
    """Aggregate one batch of pending reports with the helper; what became of them.

    ``policies`` give the tool list of a ``tools`` report's department
    (``aggregator.tool_batches``); without them, such a report cannot be checked
    and is counted nowhere. Raises ``HelperUnavailable`` (nothing changed here)
    when the helper cannot answer.
    """
    groups = Groups(policies or {})
    with storage.read() as db:
        pending = split.pending_batch(db, batch_size)
        shapes = {
            (entry.team, entry.report.kind, entry.month): _shape_of(db, groups, entry)
            for entry in pending
        }
    if not pending:
        return Outcome()
    started: dict[str, _Started] = {}
    broken: list[str] = []
    items = []
    for entry in pending:
        report = entry.report
        department, shape = shapes[(entry.team, report.kind, entry.month)]
        if shape is None:
            broken.append(str(report.id))  # nothing to check it against (no tool list)
            continue
        try:
            state, verifier = leader_init(
                shape.vdaf, role.verify_key, report.id, report.public_share, report.leader_share
            )
        except SplitError:
            broken.append(str(report.id))  # never sent: counted on neither server
            continue
        started[str(report.id)] = _Started(entry, department, shape, state)
        items.append(
            {
                "id": str(report.id),
                "team": entry.team,
                "kind": report.kind,
                "period": report.period,
                "public_share": b64encode(report.public_share),
                "helper_share_encrypted": b64encode(report.helper_share_encrypted),
                "leader_verifier": b64encode(verifier),
            }
        )
    results = client.aggregate(items) if items else []
    accepted = 0
    with storage.transaction() as db:
        for report_id in broken:
            split.remove_pending(db, report_id)
        for item, result in zip(items, results, strict=True):
            report_id = str(item["id"])
            if not isinstance(result, dict) or result.get("id") != report_id:
                raise HelperUnavailable("the helper's verdicts are not in the batch's order")
            if not split.remove_pending(db, report_id):
                continue  # another pass took it meanwhile: it is counted there, once
            if result.get("accepted") is True and _add(db, started[report_id], result):
                accepted += 1
    # The deleted shares are overwritten in the file (secure_delete) and the
    # journal's copies of them go with the checkpoint: no file keeps them.
    storage.forget_journal()
    return Outcome(accepted, len(pending) - accepted)


def _add(db: sqlite_utils.Database, entry: _Started, result: dict[str, object]) -> bool:
    """Add an accepted report's output share into the leader's aggregate share."""
    try:
        message = b64decode(result.get("message"), "message", 64)
        out_share = leader_finish(entry.shape.vdaf, entry.state, message)
    except SplitError as error:
        # The helper accepted what the leader's own check refuses: a helper
        # bug or a dishonest helper. The leader counts it nowhere and says so.
        log.error("report refused by the leader after the helper accepted it: %s", error)
        return False
    pending = entry.pending
    entry.shape.add(
        db,
        out_share,
        team=pending.team,
        month=pending.month,
        device=pending.device,
        department=None if entry.department is None else entry.department.id,
    )
    return True
