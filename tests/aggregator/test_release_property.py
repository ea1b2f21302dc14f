"""No combination of released figures isolates fewer than min_group_size devices.

A property over random departments (team sizes 0-30; day-only, week-only and
mixed teams), three months, and random policy edits between the months
(teams moved, renamed, removed; ``min_group_size`` and ``release_delay_days``
changed), run through the real release machinery (``aggregator.releases``
on a database) and read the way a reader reads: every group of every policy
in force, every month, every kind, before and after every edit.

How it is checked: each contribution is an atom (device, kind, month) with a
value of its own. Each figure a reader obtains is modelled as the set of atoms
it sums: a team's batch is its devices' atoms of that kind and month, a
department's total the atoms of the teams the record put under it. The model
is checked against the server (each figure's sum must be the sum of its
atoms' values), so it is what was really added. Then, for every pair of
obtained figures A, B and coefficients a, b in {-1, 0, 1}, the atoms with a
nonzero net coefficient in aA + bB must belong to no device or to at least
``min_group_size`` devices (the smallest any policy of the example used);
and the same for a department's total minus all its shown teams, the
complementary-suppression attack. Figures that differ for the same (group,
kind, month) are both kept: a release that changed would be caught this way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import combinations_with_replacement

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aggregator.releases import released_stats
from aggregator.storage import Storage, sums_table
from contract.contribution import FIELDS, Kind
from contract.policy.model import Policy, Privacy, Team

MONTHS = ("2026-01", "2026-02", "2026-03")
READ_AT = {  # after the month's end plus any delay drawn (0..10 days)
    "2026-01": datetime(2026, 2, 20, 12, 0, tzinfo=UTC),
    "2026-02": datetime(2026, 3, 20, 12, 0, tzinfo=UTC),
    "2026-03": datetime(2026, 4, 20, 12, 0, tzinfo=UTC),
}
Atom = tuple[str, Kind, str]


@dataclass(frozen=True)
class World:
    departments: dict[str, list[str]]
    """Department id -> its team ids, in the policy of the day."""
    min_group_size: int
    delay: int

    def policies(self) -> dict[str, Policy]:
        return {
            department: Policy(
                id=department,
                name=department,
                teams=tuple(Team(team, team) for team in teams),
                privacy=Privacy(min_group_size=self.min_group_size, release_delay_days=self.delay),
            )
            for department, teams in self.departments.items()
        }


@st.composite
def worlds(draw: st.DrawFn) -> tuple[list[World], dict[str, tuple[int, str]]]:
    """The policies in force for each month, and each team's size and kind of sender."""
    count = draw(st.integers(1, 3))
    departments = {
        f"d{d}": [f"d{d}t{t}" for t in range(draw(st.integers(1, 4)))] for d in range(count)
    }
    teams: dict[str, tuple[int, str]] = {}

    def new_team(team: str) -> None:
        teams[team] = (draw(st.integers(0, 30)), draw(st.sampled_from(["day", "week", "mixed"])))

    for members in departments.values():
        for team in members:
            new_team(team)
    world = World(departments, draw(st.integers(5, 12)), draw(st.integers(0, 10)))
    history = [world]
    for step in range(len(MONTHS) - 1):
        edited = {d: list(members) for d, members in world.departments.items()}
        edit = draw(st.sampled_from(["none", "move", "rename", "remove", "size", "delay"]))
        every = [(d, team) for d, members in edited.items() for team in members]
        if edit in ("move", "rename", "remove") and every:
            department, team = draw(st.sampled_from(every))
            edited[department].remove(team)
            if edit == "move":
                edited[draw(st.sampled_from(sorted(edited)))].append(team)
            elif edit == "rename":
                renamed = f"{team}r{step}"
                new_team(renamed)
                edited[department].append(renamed)
        world = replace(world, departments={d: m for d, m in edited.items() if m})
        if edit == "size":
            world = replace(world, min_group_size=draw(st.integers(5, 12)))
        if edit == "delay":
            world = replace(world, delay=draw(st.integers(0, 10)))
        history.append(world)
    return history, teams


def atoms_of(
    team: str, size: int, sender: str, month: str, joined: int
) -> dict[Kind, dict[Atom, int]]:
    """The atoms a team sends for a month, with their values (distinct powers of two)."""
    found: dict[Kind, dict[Atom, int]] = {Kind.DAY: {}, Kind.WEEK: {}}
    for n in range(size):
        device = f"{team}#{n}"
        kinds = {"day": (Kind.DAY,), "week": (Kind.WEEK,), "mixed": tuple(Kind)}[sender]
        if sender == "mixed" and n == size - 1:
            kinds = (Kind.DAY,)  # a newcomer of the month's last days: days, no week yet
        for kind in kinds:
            found[kind][(device, kind, month)] = joined + n
    return found


def add_batch(
    storage: Storage, kind: Kind, team: str, month: str, atoms: Mapping[Atom, int]
) -> None:
    if not atoms:
        return
    names = [f.name for f in FIELDS[kind]]
    values = {name: 0 for name in names}
    values["active_minutes"] = sum(atoms.values())
    values["reports"] = len(atoms)
    columns = ", ".join(["team", "month", "devices", *(f'"{name}"' for name in names)])
    marks = ", ".join("?" for _ in range(3 + len(names)))
    with storage.transaction() as db:
        db.execute(
            f"INSERT INTO {sums_table(kind)} ({columns}) VALUES ({marks})",
            [team, month, len(atoms), *(values[name] for name in names)],
        )


def check(figures: list[tuple[frozenset[Atom], str]], min_group_size: int) -> None:
    def devices(atoms: frozenset[Atom]) -> int:
        return len({device for device, _, _ in atoms})

    def safe(atoms: frozenset[Atom]) -> bool:
        count = devices(atoms)
        return count == 0 or count >= min_group_size

    for (a, name_a), (b, name_b) in combinations_with_replacement(figures, 2):
        # a + b, a - b (and their negatives): union, symmetric difference.
        for combined in (a | b, a ^ b, a, b):
            assert safe(combined), (name_a, name_b, sorted(combined))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(worlds())
def test_no_combination_of_released_figures_isolates_a_few_devices(
    drawn: tuple[list[World], dict[str, tuple[int, str]]],
) -> None:
    history, teams = drawn
    storage = Storage.in_memory()
    values: dict[Atom, int] = {}
    team_atoms: dict[tuple[str, Kind, str], frozenset[Atom]] = {}
    obtained: dict[tuple[str, str, str, str], tuple[frozenset[Atom], str]] = {}
    seen_groups: set[str] = set()
    for index, (month, world) in enumerate(zip(MONTHS, history, strict=True)):
        # The month's contributions, from the teams of the policy of the day.
        for members in world.departments.values():
            for team in members:
                size, sender = teams[team]
                first_value = 1 + 40 * len(teams) * index + 40 * sorted(teams).index(team)
                for kind, atoms in atoms_of(team, size, sender, month, first_value).items():
                    add_batch(storage, kind, team, month, atoms)
                    values.update(atoms)
                    team_atoms[(team, kind, month)] = frozenset(atoms)
        policies = world.policies()
        seen_groups.update(policies)
        seen_groups.update(team for members in world.departments.values() for team in members)
        # The reader reads everything, now and every month so far (after the edit too).
        for earlier in MONTHS[: index + 1]:
            for group in sorted(seen_groups):
                try:
                    stats = released_stats(storage, policies, group, earlier, READ_AT[month])
                except KeyError:
                    continue
                for kind in Kind:
                    batch = stats[kind.value]
                    if not batch["released"]:
                        continue
                    summed = recorded_atoms(storage, group, kind, earlier, team_atoms)
                    assert sum(values[a] for a in summed) == batch["sums"]["active_minutes"]
                    assert batch["devices"] == len({device for device, _, _ in summed})
                    key = (group, kind.value, earlier, repr(batch))
                    obtained[key] = (summed, f"{group}/{kind.value}/{earlier}")
    smallest = min(world.min_group_size for world in history)
    figures = list(obtained.values())
    check(figures, smallest)
    # The complementary-suppression attack: a department minus all its shown teams.
    with storage.read() as db:
        rows = db.execute(
            "SELECT department, month, kind FROM releases WHERE is_department = 1 AND released = 1"
        ).fetchall()
        for department, month, kind in rows:
            total = recorded_atoms(storage, department, Kind(kind), month, team_atoms)
            shown = db.execute(
                "SELECT grp FROM releases WHERE department = ? AND month = ? AND kind = ?"
                " AND is_department = 0 AND released = 1",
                [department, month, kind],
            ).fetchall()
            rest = total.difference(
                *(team_atoms.get((t, Kind(kind), month), frozenset()) for (t,) in shown)
            )
            count = len({device for device, _, _ in rest})
            assert count == 0 or count >= smallest, (department, month, kind, sorted(rest))
    storage.close()


def recorded_atoms(
    storage: Storage,
    group: str,
    kind: Kind,
    month: str,
    team_atoms: Mapping[tuple[str, Kind, str], frozenset[Atom]],
) -> frozenset[Atom]:
    """The atoms a released figure sums: its team's, or its recorded department's teams'."""
    with storage.read() as db:
        row = db.execute(
            "SELECT department, is_department FROM releases"
            " WHERE grp = ? AND month = ? AND kind = ?",
            [group, month, kind.value],
        ).fetchone()
        assert row is not None
        department, is_department = row
        if not is_department:
            return team_atoms.get((group, kind, month), frozenset())
        members = [
            str(team)
            for (team,) in db.execute(
                "SELECT grp FROM releases WHERE department = ? AND month = ? AND kind = ?"
                " AND is_department = 0",
                [department, month, kind.value],
            ).fetchall()
        ]
    return frozenset().union(*(team_atoms.get((t, kind, month), frozenset()) for t in members))
