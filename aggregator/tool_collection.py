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
unsharded sums (``leader_record``).
"""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from aggregator.release import Release, decide_devices
from aggregator.storage import split, tool_sums
from aggregator.tool_batches import TOOLS, fixed_tools
from contract.contribution import Kind
from contract.policy.model import Policy
from contract.prio3.repit import tools_layout
from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.instances import Vdaf, vdaf_for
from contract.split.prep import unshard


class MalformedPart(ValueError):
    """The helper's tools part of a collection is not what a helper sends."""


@dataclass(frozen=True)
class _Month:
    """One department's month of tools reports, as this server holds it."""

    department: Policy
    month: str
    teams: tuple[str, ...]
    tools: tuple[str, ...]
    vdaf: Vdaf
    devices: Mapping[str, Set[object]]
    shares: Mapping[str, tuple[int, list[int]]]
    release: Release

    def members(self, team: str | None) -> tuple[str, ...]:
        return self.teams if team is None else (team,)

    def devices_of(self, members: tuple[str, ...]) -> int:
        return len(set().union(*(self.devices.get(team, set()) for team in members)))

    def reports_of(self, members: tuple[str, ...]) -> int:
        return sum(self.shares[team][0] for team in members if team in self.shares)

    def merged(self, members: tuple[str, ...]) -> bytes:
        found = [self.shares[team][1] for team in members if team in self.shares]
        return self.vdaf.encode_agg_share(self.vdaf.merge(found))


def _month(
    db: sqlite_utils.Database,
    department: Policy,
    teams: tuple[str, ...],
    month: str,
    identities: Mapping[Kind, Mapping[str, Set[object]]],
    held_back: Set[str],
) -> _Month | None:
    """The month's tools batches and the decision on them; None without any."""
    devices = split.kind_contributors(db, TOOLS, teams, month)
    tools = fixed_tools(db, department, month)
    if not devices or tools is None:
        return None
    vdaf = vdaf_for(TOOLS, tools_layout(list(tools)))
    shares: dict[str, tuple[int, list[int]]] = {}
    for team in teams:
        found = split.agg_share(db, team, TOOLS, month)
        if found is not None:
            shares[team] = (found[0], vdaf.decode_agg_share(found[1]))
    participants = {
        team
        for team in teams
        if devices.get(team) or any(identities[kind].get(team) for kind in Kind)
    }
    release = decide_devices(
        {team: devices.get(team, set()) for team in teams},
        department.privacy.min_group_size,
        participants,
        held_back,
    )
    return _Month(department, month, teams, tools, vdaf, devices, shares, release)


def _shown(found: _Month, team: str | None) -> bool:
    return found.release.department if team is None else team in found.release.teams


def _record(
    db: sqlite_utils.Database,
    found: _Month,
    team: str | None,
    devices: int | None,
    sums: Mapping[str, int] | None,
) -> None:
    tool_sums.add_release(
        db,
        group=found.department.id if team is None else team,
        month=found.month,
        department=found.department.id,
        is_department=team is None,
        tools=found.tools,
        devices=devices,
        sums=sums,
    )


def helper_part(
    db: sqlite_utils.Database,
    department: Policy,
    teams: tuple[str, ...],
    month: str,
    identities: Mapping[Kind, Mapping[str, Set[object]]],
    held_back: Set[str],
) -> dict[str, Any] | None:
    """The helper's tools answer for the month (recorded as released); None without any."""
    found = _month(db, department, teams, month, identities, held_back)
    if found is None:
        return None
    part: dict[str, Any] = {"teams": {}, "department": None}
    for team in (*teams, None):
        if not _shown(found, team):
            _record(db, found, team, None, None)
            continue
        members = found.members(team)
        devices = found.devices_of(members)
        group = {
            "devices": devices,
            "reports": found.reports_of(members),
            "agg_share": b64encode(found.merged(members)),
        }
        if team is None:
            part["department"] = group
        else:
            part["teams"][team] = group
        _record(db, found, team, devices, None)
    return part


def leader_record(
    db: sqlite_utils.Database,
    department: Policy,
    teams: tuple[str, ...],
    month: str,
    identities: Mapping[Kind, Mapping[str, Set[object]]],
    held_back: Set[str],
    theirs: object,
) -> list[str]:
    """Record the month's tools groups on the leader; the groups shown."""
    found = _month(db, department, teams, month, identities, held_back)
    if found is None:
        return []
    shown: list[str] = []
    for team in (*teams, None):
        members = found.members(team)
        reports = found.reports_of(members)
        helper = _their_group(theirs, team) if _shown(found, team) else None
        if helper is None or helper[0] != reports:
            _record(db, found, team, None, None)
            continue
        sums = unshard(found.vdaf, found.merged(members), helper[1], reports)
        _record(db, found, team, found.devices_of(members), sums)
        shown.append(f"{TOOLS} {department.id if team is None else team}")
    return shown


def _their_group(theirs: object, team: str | None) -> tuple[int, bytes] | None:
    """(reports, aggregate share) the helper released for a group, None when held."""
    if theirs is None:
        return None
    if not isinstance(theirs, dict):
        raise MalformedPart("the helper's tools part is not an object")
    group = theirs.get("department") if team is None else (theirs.get("teams") or {}).get(team)
    if group is None:
        return None
    if not isinstance(group, dict) or not isinstance(group.get("reports"), int):
        raise MalformedPart("the helper's tools group is malformed")
    try:
        return int(group["reports"]), b64decode(group.get("agg_share"), "agg_share", 100_000)
    except SplitError as error:
        raise MalformedPart(f"the helper's tools group: {error}") from None
