"""A department's due month on either server: one kind's aggregate shares, and its groups.

At a release (SPLIT.md) both servers read a kind's month the same way, days,
weeks and tool answers alike (the kind's VDAF comes from its shape,
``aggregator.report_kinds``):

- ``DueMonth``: what this server holds of the month, from its own records:
  its teams, the distinct devices behind each team's batches, and the teams
  held back because more devices are enrolled here than their ``headcount``;
- ``MonthShares``: one kind's aggregate share per team, and for a group (a
  team, or the department's teams) its distinct devices, its report count and
  its merged share;
- ``hand_out`` is the helper's side: the released groups' counts and merged
  shares, nothing of a held one; ``take_in`` the leader's: a group's sums are
  the two shares unsharded, only when the helper released it with the same
  report count. Each records every group through the caller's ``Recorder``,
  which knows where its kind's releases are kept.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from aggregator.release import MonthRelease, Release, decide_month
from aggregator.storage import devices, split
from contract.contribution import Kind
from contract.policy.model import Policy
from contract.split.codec import b64decode, b64encode
from contract.split.errors import SplitError
from contract.split.instances import Vdaf
from contract.split.prep import unshard

MAX_AGG_SHARE = 100_000
"""The largest aggregate share a helper's answer may carry (50 tools' share is far below)."""

Recorder = Callable[[str | None, int | None, Mapping[str, int] | None], None]
"""Records one group of a kind's month, a team or (None) the department's total: its
device count when released (None: held back) and, on the leader, its sums."""


class MalformedPart(ValueError):
    """The helper's part of a collection is not what a helper sends."""


def held_back_by_headcount(db: sqlite_utils.Database, department: Policy) -> frozenset[str]:
    """Teams with more devices enrolled here than their declared headcount."""
    return frozenset(
        team.id
        for team in department.teams
        if team.headcount is not None and devices.enrolled_devices(db, team.id) > team.headcount
    )


@dataclass(frozen=True)
class DueMonth:
    """A department's month at its release, as this server's records hold it."""

    department: Policy
    month: str
    teams: tuple[str, ...]
    identities: Mapping[Kind, Mapping[str, Set[object]]]
    """The distinct devices behind each team's day and week batches."""
    held_back: frozenset[str]

    @classmethod
    def read(
        cls, db: sqlite_utils.Database, department: Policy, month: str, teams: tuple[str, ...]
    ) -> DueMonth:
        identities = split.contributors(db, teams, month)
        return cls(department, month, teams, identities, held_back_by_headcount(db, department))

    def decision(self) -> MonthRelease:
        """Rules 1 and 2 for the days and the weeks, on this server's own devices."""
        found = {kind: dict(self.identities[kind]) for kind in Kind}
        size = self.department.privacy.min_group_size
        return decide_month(found, self.teams, size, self.held_back)

    def groups(self) -> Iterator[tuple[str | None, tuple[str, ...]]]:
        """Each team on its own, then (None) the department: the teams its figures add up."""
        for team in self.teams:
            yield team, (team,)
        yield None, self.teams


@dataclass(frozen=True)
class MonthShares:
    """One kind's aggregate shares of a due month on this server, team by team."""

    vdaf: Vdaf
    shares: Mapping[str, tuple[int, list[int]]]
    """Per team: its report count and its decoded aggregate share."""
    devices: Mapping[str, Set[object]]

    @classmethod
    def read(
        cls,
        db: sqlite_utils.Database,
        kind: str,
        vdaf: Vdaf,
        due: DueMonth,
        devices: Mapping[str, Set[object]],
    ) -> MonthShares:
        shares: dict[str, tuple[int, list[int]]] = {}
        for team in due.teams:
            found = split.agg_share(db, team, kind, due.month)
            if found is not None:
                shares[team] = (found[0], vdaf.decode_agg_share(found[1]))
        return cls(vdaf, shares, devices)

    def devices_of(self, members: tuple[str, ...]) -> int:
        """Distinct devices: one that re-enrolled into a sibling team counts once."""
        return len(set().union(*(self.devices.get(team, set()) for team in members)))

    def reports_of(self, members: tuple[str, ...]) -> int:
        return sum(self.shares[team][0] for team in members if team in self.shares)

    def merged(self, members: tuple[str, ...]) -> bytes:
        found = [self.shares[team][1] for team in members if team in self.shares]
        return self.vdaf.encode_agg_share(self.vdaf.merge(found))

    def handed_out(self, members: tuple[str, ...]) -> dict[str, Any]:
        """What the helper hands out of a released group: its counts and its merged share."""
        return {
            "devices": self.devices_of(members),
            "reports": self.reports_of(members),
            "agg_share": b64encode(self.merged(members)),
        }

    def sums(
        self, members: tuple[str, ...], theirs: tuple[int, bytes] | None
    ) -> dict[str, int] | None:
        """The group's sums, both shares added; None unless the helper released it in step."""
        reports = self.reports_of(members)
        if theirs is None or theirs[0] != reports:
            return None
        return unshard(self.vdaf, self.merged(members), theirs[1], reports)


def hand_out(
    due: DueMonth, shares: MonthShares, release: Release, record: Recorder
) -> dict[str, Any]:
    """The helper's part of one kind of the month: ``{"teams": {...}, "department"}``."""
    teams: dict[str, Any] = {}
    whole: dict[str, Any] | None = None
    for team, members in due.groups():
        if not release.shows(team):
            record(team, None, None)
            continue
        group = shares.handed_out(members)
        if team is None:
            whole = group
        else:
            teams[team] = group
        record(team, group["devices"], None)
    return {"teams": dict(sorted(teams.items())), "department": whole}


def take_in(
    due: DueMonth, shares: MonthShares, release: Release, theirs: object, record: Recorder
) -> list[str | None]:
    """The leader's side of one kind of the month, from the helper's part; the groups shown."""
    shown: list[str | None] = []
    for team, members in due.groups():
        helper = their_group(theirs, team) if release.shows(team) else None
        sums = shares.sums(members, helper)
        record(team, None if sums is None else shares.devices_of(members), sums)
        if sums is not None:
            shown.append(team)
    return shown


def their_group(part: object, team: str | None) -> tuple[int, bytes] | None:
    """(reports, aggregate share) the helper released for a team (None: the department).

    None when the helper holds the group back; ``MalformedPart`` when its part is
    not what a helper sends.
    """
    if part is None:
        return None
    if not isinstance(part, dict):
        raise MalformedPart("the helper's part is not an object")
    teams = part.get("teams") or {}
    if not isinstance(teams, dict):
        raise MalformedPart("the helper's teams are not an object")
    group = part.get("department") if team is None else teams.get(team)
    if group is None:
        return None
    if not isinstance(group, dict) or not isinstance(group.get("reports"), int):
        raise MalformedPart("the helper's group is malformed")
    try:
        return int(group["reports"]), b64decode(group.get("agg_share"), "agg_share", MAX_AGG_SHARE)
    except SplitError as error:
        raise MalformedPart(f"the helper's group: {error}") from None
