"""The helper judges a batch of reports from the leader: verify, aggregate, remember, answer.

For each report of the batch, in one transaction for the whole batch:

- a report id judged before gets the same answer again, and nothing is added
  (the leader retries a batch whose answer it lost); an id judged before with
  other content is refused;
- otherwise the helper checks it against **its own** records: the team is in
  its policies, the period is canonical, complete by its clock, of a month it
  has not released; the sealed share names a key the helper keeps (its
  current one or one rotated out and not yet retired, ``aggregator.helper_keys``)
  and opens with it for this id, team, kind and period, and a tools report's
  for the department's tool list of the month (a report moved elsewhere, a
  share swapped between reports, or answers built for another tool list, do not);
  the token inside names a device the helper enrolled, in that team; the
  device has no other report of this kind and period; and the proof,
  checked jointly with the leader's verifier share, holds;
- an accepted report's output share is added into the helper's aggregate share
  of its (team, kind, month), its device counted among the batch's, and the
  verdict with its verifier message recorded; a refused one is recorded too,
  so that its answer never changes.

The transaction commits before the answer leaves: a crash before it loses the
whole batch (the leader sends it again), never half of it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import sqlite_utils

from aggregator import auth
from aggregator.groups import Groups
from aggregator.periods import PeriodError
from aggregator.releases import refuses_contributions
from aggregator.report_kinds import KINDS
from aggregator.roles import HelperRole
from aggregator.storage import Storage, split
from aggregator.tool_batches import fixed_tools
from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.prep import helper_decide, helper_init
from contract.split.report import (
    MAX_HELPER_SHARE_ENCRYPTED,
    MAX_PUBLIC_SHARE,
    Report,
    helper_input_share,
    open_helper_share,
    parse_report_id,
)

MAX_BATCH = 1000
MAX_VERIFIER_SHARE = 4096
ITEM_KEYS = frozenset(
    {"id", "team", "kind", "period", "public_share", "helper_share_encrypted", "leader_verifier"}
)


class BadBatch(ValueError):
    """The batch itself is malformed (not a list of items as the leader sends them)."""


@dataclass(frozen=True)
class Item:
    report: Report
    team: str
    leader_verifier: bytes

    @property
    def digest(self) -> str:
        parts = [
            self.report.id.bytes,
            self.team.encode(),
            self.report.kind.encode(),
            self.report.period.encode(),
            self.report.public_share,
            self.report.helper_share_encrypted,
            self.leader_verifier,
        ]
        digest = hashlib.sha256()
        for part in parts:
            digest.update(len(part).to_bytes(4, "big") + part)
        return digest.hexdigest()


def parse_batch(body: object) -> list[Item]:
    """The items of ``{"reports": [...]}``; ``BadBatch`` saying where it is wrong."""
    if not isinstance(body, dict) or set(body) != {"reports"}:
        raise BadBatch('expected {"reports": [...]}')
    reports = body["reports"]
    if not isinstance(reports, list) or len(reports) > MAX_BATCH:
        raise BadBatch(f"`reports`: expected a list of at most {MAX_BATCH} reports")
    items = [_item(index, entry) for index, entry in enumerate(reports)]
    if len({item.report.id for item in items}) != len(items):
        raise BadBatch("`reports`: a report id appears twice")
    return items


def _item(index: int, entry: object) -> Item:
    where = f"reports[{index}]"
    if not isinstance(entry, dict) or set(entry) != ITEM_KEYS:
        raise BadBatch(f"{where}: expected the keys {', '.join(sorted(ITEM_KEYS))}")
    try:
        kind, team, period = (entry[key] for key in ("kind", "team", "period"))
        if not all(isinstance(text, str) and 0 < len(text) <= 40 for text in (kind, team, period)):
            raise SplitError("`kind`, `team` and `period` must be short strings")
        report = Report(
            id=parse_report_id(entry["id"]),
            kind=kind,
            period=period,
            public_share=b64decode(entry["public_share"], "public_share", MAX_PUBLIC_SHARE),
            leader_share=b"",
            helper_share_encrypted=b64decode(
                entry["helper_share_encrypted"],
                "helper_share_encrypted",
                MAX_HELPER_SHARE_ENCRYPTED,
            ),
        )
        verifier = b64decode(entry["leader_verifier"], "leader_verifier", MAX_VERIFIER_SHARE)
    except SplitError as error:
        raise BadBatch(f"{where}: {error}") from None
    return Item(report, team, verifier)


def judge_batch(
    storage: Storage,
    role: HelperRole,
    policies: Mapping[str, Any],
    items: Sequence[Item],
    now: datetime,
) -> list[dict[str, Any]]:
    """Each item's verdict, as the answer lists them; all recorded in one transaction."""
    groups = Groups(policies)
    answers: list[dict[str, Any]] = []
    with storage.transaction() as db:
        for item in items:
            found = split.verdict(db, str(item.report.id))
            if found is not None:
                if found.digest != item.digest:
                    answers.append(
                        _refused(item, "this report id was judged before with other content")
                    )
                else:
                    answers.append({**_answer(found), "duplicate": True})
                continue
            answers.append(_answer(_judge(db, storage, role, groups, item, now)))
    return answers


def _answer(found: split.Verdict) -> dict[str, Any]:
    if found.accepted:
        return {"id": found.report_id, "accepted": True, "message": b64encode(found.message)}
    return {"id": found.report_id, "accepted": False, "reason": found.reason}


def _refused(item: Item, reason: str) -> dict[str, Any]:
    return {"id": str(item.report.id), "accepted": False, "reason": reason}


def _judge(
    db: sqlite_utils.Database,
    storage: Storage,
    role: HelperRole,
    groups: Groups,
    item: Item,
    now: datetime,
) -> split.Verdict:
    report = item.report
    month = ""
    device: str | None = None

    def refuse(reason: str) -> split.Verdict:
        verdict = split.Verdict(str(report.id), item.digest, False, b"", reason)
        split.add_verdict(
            db,
            verdict,
            device=device,
            team=item.team,
            kind=report.kind,
            period=report.period,
            month=month,
        )
        return verdict

    department = groups.department_of(item.team)
    if department is None:
        return refuse("the team is not in the helper's policies")
    kind = KINDS.get(report.kind)
    if kind is None:
        return refuse("unknown kind")
    try:
        dated = kind.dated(report.period, department.timezone)
    except PeriodError as error:
        return refuse(f"period: {error}")
    label, month = dated.label, dated.month
    if now.astimezone(UTC) < dated.end:
        return refuse("the period is not complete yet by the helper's clock")
    shape = kind.shape(lambda: fixed_tools(db, department, month))
    if shape is None:
        return refuse("the department lists no tools in the helper's policies")
    if refuses_contributions(db, item.team, department, month):
        return refuse(f"the helper has released {month} already")
    sealed_for = report.helper_share_encrypted[:1]  # the id of the key it was sealed to
    key = role.opening_key(sealed_for[0]) if sealed_for else None
    if key is None:
        # A key retired by the helper's operator (or never made): refused for
        # good, counted nowhere, and the leader drops the report.
        named = sealed_for[0] if sealed_for else "none"
        return refuse(f"the helper share is sealed to key {named}, which the helper does not hold")
    try:
        token, encoded = open_helper_share(
            report,
            team=item.team,
            hpke_config=key[0],
            private_key=key[1],
            tools=shape.tools,
        )
    except SplitError:
        return refuse(
            "the helper share does not open for this report, team, kind, period and tool list"
        )
    enrolled = auth.device_for(storage, token)
    if enrolled is None:
        return refuse("the device is not enrolled at the helper")
    device = enrolled.identity
    if enrolled.team != item.team:
        return refuse("the device is enrolled in another team at the helper")
    if split.accepted_before(db, device, report.kind, label):
        return refuse("the device has another report of this kind and period")
    vdaf = shape.vdaf
    try:
        share = helper_input_share(report.kind, shape.layout, encoded)
        state, verifier = helper_init(vdaf, role.verify_key, report.id, report.public_share, share)
        out_share, message = helper_decide(
            vdaf, report.public_share, state, verifier, item.leader_verifier
        )
    except SplitError:
        return refuse("the proof of validity does not hold")
    shape.add(db, out_share, team=item.team, month=month, device=device, department=department.id)
    verdict = split.Verdict(str(report.id), item.digest, True, message, "")
    split.add_verdict(
        db, verdict, device=device, team=item.team, kind=report.kind, period=label, month=month
    )
    return verdict
