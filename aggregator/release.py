"""The release rules of AGGREGATOR.md, in one place. Every output goes through here.

The decision (``decide``, ``release``) is pure: a month, a department's policy,
the number of distinct devices behind each of its teams' batches, and today.
``released_stats`` reads the sums and applies it; the JSON route, the web pages
and the reports all show its result and nothing else.

How the devices of a team-month are counted: a team-month has two batches,
days and weeks. Its count is the SMALLER of the distinct devices that
contributed to its day batch and to its week batch. So every figure that is
shown, day or week, is a sum over at least that many devices, and one
decision (released or held back) covers both batches of the team-month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from agent.core.contribution import FIELDS, Kind
from agent.policy.model import Policy
from aggregator.groups import Groups
from aggregator.periods import local_today, next_month, parse_month
from aggregator.storage import Storage, sums_table


@dataclass(frozen=True)
class Release:
    teams: frozenset[str]
    """The teams whose figures may be shown."""
    department: bool
    """Whether the department's total may be shown."""


NOTHING = Release(frozenset(), False)


def release_date(month: str, release_delay_days: int) -> date:
    """The first day the figures of ``month`` may be shown (in the department's zone)."""
    return next_month(parse_month(month)) + timedelta(days=release_delay_days)


def decide(team_devices: Mapping[str, int], min_group_size: int) -> Release:
    """Rules 1 (size) and 2 (complementary suppression) for a month whose delay has passed."""
    # Rule 1: a batch behind fewer than min_group_size devices says too much
    # about each of them; nothing of it is shown, not even its count.
    held = {team for team, devices in team_devices.items() if devices < min_group_size}
    released = sorted(
        (team for team in team_devices if team not in held),
        key=lambda team: (team_devices[team], team),
    )

    # Rule 2: the department total minus the teams shown is the sum of the teams
    # held back. That difference must itself cover at least min_group_size
    # devices, so hold back the smallest released teams until it does (or
    # until every team is held back). A held-back team without any device adds
    # nothing to the difference and has nothing to protect: it is left out of
    # the count, else a team not yet enrolled would hide its smallest sibling.
    def held_devices() -> int:
        return sum(team_devices[team] for team in held)

    while released and any(team_devices[team] > 0 for team in held):
        if held_devices() >= min_group_size:
            break
        held.add(released.pop(0))

    # The department total is a batch of its own: it is shown only when it is
    # itself behind at least min_group_size devices. When every team is held
    # back it reveals no team (there is nothing to subtract it from).
    department = sum(team_devices.values()) >= min_group_size
    return Release(frozenset(released), department)


def release(month: str, policy: Policy, team_devices: Mapping[str, int], today: date) -> Release:
    """Rules 1 and 2 for one department and month; ``today`` is the department's local date.

    Before the release delay nothing of the month is shown: the figures would
    still change as late contributions arrive, and a reader watching them
    change would learn one device's values.
    """
    if today < release_date(month, policy.privacy.release_delay_days):
        return NOTHING
    counts = {team.id: team_devices.get(team.id, 0) for team in policy.teams}
    return decide(counts, policy.privacy.min_group_size)


# -- reading the sums ------------------------------------------------------------


def _batch(
    storage: Storage, kind: Kind, teams: tuple[str, ...], month: str
) -> list[dict[str, Any]]:
    marks = ", ".join("?" for _ in teams)
    with storage.read() as db:
        rows = db.execute(
            f"SELECT * FROM {sums_table(kind)} WHERE month = ? AND team IN ({marks})",
            [month, *teams],
        )
        columns = [column[0] for column in rows.description]
        return [dict(zip(columns, row, strict=True)) for row in rows.fetchall()]


def team_devices(storage: Storage, teams: tuple[str, ...], month: str) -> dict[str, int]:
    """The release count of each team-month: the smaller of its day and week device counts."""
    counts: dict[Kind, dict[str, int]] = {
        kind: {row["team"]: int(row["devices"]) for row in _batch(storage, kind, teams, month)}
        for kind in Kind
    }
    return {
        team: min(counts[Kind.DAY].get(team, 0), counts[Kind.WEEK].get(team, 0)) for team in teams
    }


def _sums(storage: Storage, kind: Kind, teams: tuple[str, ...], month: str) -> dict[str, int]:
    rows = _batch(storage, kind, teams, month)
    return {f.name: sum(int(row[f.name]) for row in rows) for f in FIELDS[kind]}


def released_stats(
    storage: Storage, policies: Mapping[str, Policy], group_id: str, month: str, now: datetime
) -> dict[str, Any]:
    """The statistics of a department or team for ``month``, as ``GET /api/v1/stats`` shows them.

    ``{"group", "month", "released": True, "devices", "day": {field: sum},
    "week": {field: sum}}`` when released, else ``{"group", "month",
    "released": False}``. Raises ``KeyError`` for an unknown group and
    ``PeriodError`` for a bad month. ``now`` is an aware datetime; the release
    delay is counted in the department's time zone.
    """
    parse_month(month)
    group = Groups(policies).group(group_id)
    if group is None:
        raise KeyError(group_id)
    department = group.department
    all_teams = tuple(team.id for team in department.teams)
    counts = team_devices(storage, all_teams, month)
    decision = release(month, department, counts, local_today(now, department.timezone))
    shown = decision.department if group.is_department else group.id in decision.teams
    if not shown:
        return {"group": group.id, "month": month, "released": False}
    # Rule 3: what is shown is the sum of the group's batches and nothing else:
    # a released team's own batches, or a department's total (which includes
    # its held-back teams, protected by rule 2).
    return {
        "group": group.id,
        "month": month,
        "released": True,
        "devices": sum(counts[team] for team in group.teams),
        "day": _sums(storage, Kind.DAY, group.teams, month),
        "week": _sums(storage, Kind.WEEK, group.teams, month),
    }
