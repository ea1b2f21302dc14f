"""The tool deployment register (TOOLS.md): checking a deployment, and its study's figures."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date

from aggregator.dependencies import Server
from aggregator.groups import Groups
from aggregator.impact import Study, month_label, study
from aggregator.releases import GroupStats, group_stats
from aggregator.storage.tools import Deployment
from aggregator.tool_releases import ToolReleases
from aggregator.tools_text import TEXT

_DATE = re.compile(r"\d{4}-\d\d-\d\d")
NOTE_MAX = 500


def deployment_problem(
    groups: Groups, tool: str, group: str, day: str, words: Mapping[str, str] = TEXT["en"]
) -> str | None:
    """Why a deployment cannot be registered, or None (the command line's words by default)."""
    found = groups.group(group)
    if found is None:
        return words["unknown_group"].format(group=group)
    tools = [t.id for t in found.department.tools]
    if tool not in tools:
        known = ", ".join(tools) or words["none"]
        return words["unknown_tool"].format(tool=tool, department=found.department.id, known=known)
    try:
        if _DATE.fullmatch(day) is None:
            raise ValueError(day)
        date.fromisoformat(day)
    except ValueError:
        return words["bad_date"].format(day=day)
    return None


def study_of(server: Server, releases: ToolReleases, deployment: Deployment) -> Study:
    """The deployment's study from what is released now (a month held back shows nothing)."""
    now = server.clock()

    def stats_of(month: str) -> GroupStats | None:
        if month >= month_label(now.date()):
            return None
        try:
            stats = group_stats(server.storage, server.policies, deployment.group, month, now)
        except KeyError:
            return None
        return stats if stats.shown else None

    return study(
        deployment.date,
        now.date(),
        stats_of,
        lambda month: releases.figures(deployment.group, deployment.tool, month),
    )
