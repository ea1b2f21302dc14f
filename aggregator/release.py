"""The release rules of AGGREGATOR.md (rules 1 and 2), decided in one place, as pure functions.

Values in, typed decisions out, no I/O: ``decide_month`` takes the distinct
devices (identities, or their number) behind each team's day batch and week
batch of one department's month and says, kind by kind, which teams' batches
and whether the department's total may be shown. Unions are counted as
distinct devices, so a device that re-enrolled into a sibling team in the
month counts once in the department's total and in the held-back teams.
``aggregator.releases`` records that decision once, on the month's release
date (rule 4), and every output (the JSON route, the pages, the CSV and PDF
files, comparisons, trends, the ``report`` command) reads the recorded
decision and nothing else.

Kind by kind: a team's day batch and its week batch are judged each on its
own devices. A person who enrolled in a month's last days may have sent day
reports and no week report: judged on the smaller of the two counts (0),
their team would escape complementary suppression while its day figures
stayed in the department's total, and the total minus the shown teams would
be that person's days.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date, timedelta

from aggregator.periods import next_month, parse_month
from contract.contribution import Kind


@dataclass(frozen=True)
class Release:
    """The decision for one kind of batch of one department's month."""

    teams: frozenset[str]
    """The teams whose batch of this kind may be shown."""
    department: bool
    """Whether the department's total of this kind may be shown."""

    def shows(self, team: str | None) -> bool:
        """Whether ``team``'s batch (None: the department's total) may be shown."""
        return self.department if team is None else team in self.teams


NOTHING = Release(frozenset(), False)


@dataclass(frozen=True)
class MonthRelease:
    """The decision for both kinds of one department's month."""

    day: Release
    week: Release

    def of(self, kind: Kind) -> Release:
        return self.day if kind is Kind.DAY else self.week


HELD = MonthRelease(NOTHING, NOTHING)


def release_date(month: str, release_delay_days: int) -> date:
    """The first day the figures of ``month`` may be shown (in the department's zone)."""
    return next_month(parse_month(month)) + timedelta(days=release_delay_days)


def decide(
    team_devices: Mapping[str, int],
    min_group_size: int,
    participants: Iterable[str] | None = None,
) -> Release:
    """Rules 1 and 2 for one kind, from device counts (each team's devices its own)."""
    identities = {
        team: frozenset((team, n) for n in range(count)) for team, count in team_devices.items()
    }
    return decide_devices(identities, min_group_size, participants)


def decide_devices(
    team_devices: Mapping[str, Set[object]],
    min_group_size: int,
    participants: Iterable[str] | None = None,
    held_back: Set[str] = frozenset(),
) -> Release:
    """Rules 1 (size) and 2 (complementary suppression) for one kind of a released month.

    ``team_devices`` holds the distinct devices (identities) behind each
    team's batch of the kind: a device that re-enrolled into another team in
    the month is in two teams' batches, and counts once in any union of
    them. ``participants`` are the teams with any contribution in the month,
    of either kind (by default, those with a device here). ``held_back``
    teams are held whatever their size (SPLIT.md: more enrolled devices than
    the team's declared headcount), and count as held in rule 2.
    """

    def devices(teams: Iterable[str]) -> int:
        return len(set().union(*(team_devices[team] for team in teams)))

    taking_part = (
        {team for team, found in team_devices.items() if found}
        if participants is None
        else set(participants)
    )
    # Rule 1: a batch behind fewer than min_group_size devices says too much
    # about each of them; nothing of it is shown, not even its count.
    held = {
        team
        for team, found in team_devices.items()
        if len(found) < min_group_size or team in held_back
    }
    released = sorted(
        (team for team in team_devices if team not in held),
        key=lambda team: (len(team_devices[team]), team),
    )

    # Rule 2: the department total minus the teams shown is the sum of the teams
    # held back. That difference must itself cover at least min_group_size
    # devices, so hold back the smallest released teams until it does (or
    # until every team is held back). A team with any contribution in the month
    # takes part whatever kind it sent; a team nobody in it ever contributed
    # to has nothing to protect, else a team not yet enrolled would hide its
    # smallest sibling.
    while released and held & taking_part:
        if devices(held) >= min_group_size:
            break
        held.add(released.pop(0))

    # The department total is a batch of its own: it is shown only when it is
    # itself behind at least min_group_size devices. When every team is held
    # back it reveals no team (there is nothing to subtract it from).
    department = devices(team_devices) >= min_group_size
    return Release(frozenset(released), department)


def decide_month(
    devices: Mapping[Kind, Mapping[str, int | Set[object]]],
    teams: Iterable[str],
    min_group_size: int,
    held_back: Set[str] = frozenset(),
) -> MonthRelease:
    """Rules 1 and 2 for every team of a department, kind by kind, once the month is due.

    ``devices[kind][team]`` is the set of distinct devices behind the team's
    batch of ``kind``, or their number when no device is in two teams
    (missing: none).
    """
    every = tuple(teams)

    def identities(kind: Kind, team: str) -> Set[object]:
        found = devices.get(kind, {}).get(team, 0)
        if isinstance(found, int):
            return frozenset((team, n) for n in range(found))
        return found

    sets = {kind: {team: identities(kind, team) for team in every} for kind in Kind}
    participants = {team for team in every if any(sets[kind][team] for kind in Kind)}
    day, week = (
        decide_devices(sets[kind], min_group_size, participants, held_back) for kind in Kind
    )
    return MonthRelease(day, week)
