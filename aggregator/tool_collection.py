"""The tools part of a month's collection, on either server (TOOLS.md, SPLIT.md).

A group-month of tool answers is a batch like any other, its devices those
that answered: rule 1 (``min_group_size``) and rule 2 (complementary
suppression) are decided on the tools reports' own devices, a team taking
part in rule 2 as soon as it sent anything in the month, of any kind. It is
decided and recorded in the same transaction as the month's days and weeks,
so the release is final for all of them at once (rule 4), and both servers
decide it each from their own records: the helper hands out the aggregate
shares of the groups it releases (``helper_part``), the leader shows a group
only when the helper released it with the same report count, and records its
unsharded sums (``leader_record``), both through ``aggregator.month_shares``
as for days and weeks. What differs is only where the figures are kept:
``aggregator.storage.tool_sums``, with the month's fixed tool list.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from aggregator.month_shares import DueMonth, MonthShares, Recorder, hand_out, take_in
from aggregator.release import Release, decide_devices
from aggregator.report_kinds import KINDS
from aggregator.storage import split, tool_sums
from aggregator.storage.tool_sums import TOOLS
from aggregator.tool_batches import fixed_tools
from contract.contribution import Kind


@dataclass(frozen=True)
class _Month:
    """One department's month of tools reports, as this server holds it."""

    tools: tuple[str, ...]
    shares: MonthShares
    release: Release


def _month(db: sqlite_utils.Database, due: DueMonth) -> _Month | None:
    """The month's tools batches and the decision on them; None without any."""
    devices = split.kind_contributors(db, TOOLS, due.teams, due.month)
    shape = KINDS[TOOLS].shape(lambda: fixed_tools(db, due.department, due.month))
    if not devices or shape is None:
        return None
    participants = {
        team
        for team in due.teams
        if devices.get(team) or any(due.identities[kind].get(team) for kind in Kind)
    }
    release = decide_devices(
        {team: devices.get(team, set()) for team in due.teams},
        due.department.privacy.min_group_size,
        participants,
        due.held_back,
    )
    shares = MonthShares.read(db, TOOLS, shape.vdaf, due, devices)
    return _Month(shape.tools, shares, release)


def _recorder(db: sqlite_utils.Database, due: DueMonth, tools: tuple[str, ...]) -> Recorder:
    def record(team: str | None, devices: int | None, sums: Mapping[str, int] | None) -> None:
        tool_sums.add_release(
            db,
            group=due.department.id if team is None else team,
            month=due.month,
            department=due.department.id,
            is_department=team is None,
            tools=tools,
            devices=devices,
            sums=sums,
        )

    return record


def helper_part(db: sqlite_utils.Database, due: DueMonth) -> dict[str, Any] | None:
    """The helper's tools answer for the month (recorded as released); None without any."""
    found = _month(db, due)
    if found is None:
        return None
    return hand_out(due, found.shares, found.release, _recorder(db, due, found.tools))


def leader_record(db: sqlite_utils.Database, due: DueMonth, theirs: object) -> list[str]:
    """Record the month's tools groups on the leader from the helper's part; the groups shown.

    ``MalformedPart`` when the helper's part is not what a helper sends.
    """
    found = _month(db, due)
    if found is None:
        return []
    shown = take_in(due, found.shares, found.release, theirs, _recorder(db, due, found.tools))
    return [f"{TOOLS} {due.department.id if team is None else team}" for team in shown]
