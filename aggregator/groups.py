"""Departments and teams, as the policies declare them (POLICY.md).

A department is a policy that has teams; a team belongs to exactly one
department and inherits its policy. A group id names a department or a team
(team ids are unique across all policies; a department id is looked up first).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from contract.policy.model import Policy


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    department: Policy
    teams: tuple[str, ...]
    """The teams whose batches make up the group: all the department's, or the team itself."""

    @property
    def is_department(self) -> bool:
        return self.id == self.department.id


class Groups:
    def __init__(self, policies: Mapping[str, Policy]) -> None:
        self.departments: dict[str, Policy] = {
            policy_id: policy for policy_id, policy in sorted(policies.items()) if policy.teams
        }
        self._team_department: dict[str, Policy] = {
            team.id: policy for policy in self.departments.values() for team in policy.teams
        }

    def department_of(self, team: str) -> Policy | None:
        return self._team_department.get(team)

    def group(self, group_id: str) -> Group | None:
        department = self.departments.get(group_id)
        if department is not None:
            teams = tuple(team.id for team in department.teams)
            return Group(department.id, department.name, department, teams)
        department = self._team_department.get(group_id)
        if department is None:
            return None
        name = next(team.name for team in department.teams if team.id == group_id)
        return Group(group_id, name, department, (group_id,))

    def all(self) -> list[Group]:
        """Every department followed by its teams."""
        found: list[Group] = []
        for department in self.departments.values():
            for group_id in (department.id, *(team.id for team in department.teams)):
                group = self.group(group_id)
                if group is not None:
                    found.append(group)
        return found
