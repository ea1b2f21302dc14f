"""A department's policy as JSON, mirroring the TOML structure of POLICY.md.

The document is complete (every key set, every weekday's windows written out,
``extends`` kept for information) so that the agent can read it back with
``contract.policy.loader.policy_from_dict`` and obtain the same policy.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from contract.policy.model import WEEKDAYS, Policy
from contract.policy.schema import INHERITED_TABLES

_PLAIN_TABLES = tuple(name for name in INHERITED_TABLES if name not in {"calendar", "hours"})


def policy_document(policy: Policy) -> dict[str, Any]:
    by_weekday = [[str(window) for window in windows] for windows in policy.hours.by_weekday]
    return {
        "policy": {
            "id": policy.id,
            "name": policy.name,
            "extends": policy.extends,
            "timezone": policy.timezone,
            "language": policy.language,
        },
        "calendar": {
            "country": policy.calendar.country,
            "subdivision": policy.calendar.subdivision,
            "working_days": [WEEKDAYS[day] for day in sorted(policy.calendar.working_days)],
            "closed_dates": [day.isoformat() for day in sorted(policy.calendar.closed_dates)],
        },
        "hours": {
            "default": by_weekday[0],
            **{weekday: by_weekday[index] for index, weekday in enumerate(WEEKDAYS)},
            "night": str(policy.hours.night),
        },
        # These tables are plain dataclasses whose fields are the TOML keys.
        **{name: dataclasses.asdict(getattr(policy, name)) for name in _PLAIN_TABLES},
        "teams": [{"id": team.id, "name": team.name} for team in policy.teams],
        # The agent's "Mon avis sur les outils" lists these (TOOLS.md).
        "tools": [{"id": tool.id, "name": tool.name} for tool in policy.tools],
    }
