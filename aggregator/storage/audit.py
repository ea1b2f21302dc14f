"""What ``repit-aggregator audit`` reads: codes, devices and headcounts per team, releases, log.

Each server reads its own file only: the leader's operator and the helper's
see, each for their own server, the codes issued, the devices enrolled, the
teams held back for exceeding their headcount, and every release and
collection with its date. The facts only: the command line words them.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlite_utils

from aggregator.groups import Groups
from aggregator.storage import devices, split


@dataclass(frozen=True, slots=True)
class TeamFacts:
    team: str
    department: str
    issued: int
    used: int
    enrolled: int
    headcount: int | None

    @property
    def too_many(self) -> bool:
        """More devices than people: held back until the operator looks into it."""
        return self.headcount is not None and self.enrolled > self.headcount


@dataclass(frozen=True, slots=True)
class AuditFacts:
    role: str | None
    """``leader``, ``helper``, or None for a database no server has used yet."""
    teams: list[TeamFacts]
    releases: list[tuple[str, str, str]]
    """(month, department, release day) in order."""
    events: list[tuple[str, str, str, str]]
    """(at, department, month, event) in order; the event as the server logged it (English)."""


def _teams(db: sqlite_utils.Database, groups: Groups) -> list[TeamFacts]:
    found: list[TeamFacts] = []
    for department in groups.departments.values():
        for team in department.teams:
            issued, used = devices.codes_of(db, team.id)
            enrolled = devices.enrolled_devices(db, team.id)
            found.append(TeamFacts(team.id, department.id, issued, used, enrolled, team.headcount))
    return found


def audit_facts(db: sqlite_utils.Database, groups: Groups, month: str | None) -> AuditFacts:
    where, args = ("WHERE month = ?", [month]) if month else ("", [])
    released = db.execute(
        f"SELECT month, department, release_date FROM released_months {where}"
        " ORDER BY month, department",
        args,
    ).fetchall()
    return AuditFacts(
        role=split.role_of(db),
        teams=_teams(db, groups),
        releases=[(str(m), str(d), str(when)) for m, d, when in released],
        events=split.audit_events(db, month),
    )
