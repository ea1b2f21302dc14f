"""``repit-aggregator audit``'s text: the facts of ``aggregator.storage.audit``, worded.

The collection events are shown as the server logged them (in English, like
every line of the server's log).
"""

from __future__ import annotations

from aggregator.cli_messages import plural, say
from aggregator.storage.audit import AuditFacts, TeamFacts


def _team_line(facts: TeamFacts) -> str:
    line = say(
        "audit_team",
        team=facts.team,
        department=facts.department,
        issued=plural(facts.issued, "audit_issued"),
        used=plural(facts.used, "audit_used"),
        enrolled=plural(facts.enrolled, "audit_enrolled"),
    )
    if facts.headcount is not None:
        line += say("audit_headcount", headcount=facts.headcount)
        if facts.too_many:
            line += say("audit_too_many")
    return line


def audit_text(facts: AuditFacts) -> str:
    """The audit, one fact a line, in the command line's language."""
    none = [say("audit_none")]
    releases = [
        say("audit_released", month=month, department=department, day=day)
        for month, department, day in facts.releases
    ]
    events = [f"  {at} {month} {dept}: {event}" for at, dept, month, event in facts.events]
    lines = [
        say("audit_role", role=facts.role or say("audit_no_role")),
        say("audit_teams"),
        *[_team_line(team) for team in facts.teams],
        say("audit_releases"),
        *(releases or none),
        say("audit_collections"),
        *(events or none),
    ]
    return "\n".join(lines) + "\n"
