"""What ``repit-aggregator audit`` reads: codes, devices and headcounts per team, releases, log.

Each server reads its own file only: the leader's operator and the helper's
see, each for their own server, the codes issued, the devices enrolled, the
teams held back for exceeding their headcount, and every release and
collection with its date.
"""

from __future__ import annotations

import sqlite_utils

from aggregator.groups import Groups
from aggregator.storage import devices, split


def _team_lines(db: sqlite_utils.Database, groups: Groups) -> list[str]:
    lines: list[str] = []
    for department in groups.departments.values():
        for team in department.teams:
            issued, used = devices.codes_of(db, team.id)
            enrolled = devices.enrolled_devices(db, team.id)
            line = (
                f"  {team.id} ({department.id}): {issued} code(s) issued, {used} used,"
                f" {enrolled} device(s) enrolled"
            )
            if team.headcount is not None:
                line += f", headcount {team.headcount}"
                if enrolled > team.headcount:
                    line += " — MORE DEVICES THAN PEOPLE: held back until you look into it"
            lines.append(line)
    return lines


def audit_report(db: sqlite_utils.Database, groups: Groups, month: str | None) -> str:
    role = split.role_of(db) or "not yet used by a leader or a helper"
    lines = [f"Role: {role}", "Teams:", *_team_lines(db, groups)]
    where, args = ("WHERE month = ?", [month]) if month else ("", [])
    released = db.execute(
        f"SELECT department, month, release_date FROM released_months {where}"
        " ORDER BY month, department",
        args,
    ).fetchall()
    lines.append("Releases recorded:")
    lines += [f"  {m} {d}: released on {when}" for d, m, when in released] or ["  none"]
    lines.append("Collections (audit log):")
    events = split.audit_events(db, month)
    lines += [f"  {at} {m} {d}: {event}" for at, d, m, event in events] or ["  none"]
    return "\n".join(lines) + "\n"
