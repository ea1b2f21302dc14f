"""Tools reports (TOOLS.md) on either server: their month and their department's tool list.

A ``tools`` report answers for one month, period ``YYYY-MM``, once it is over
in the department's time zone. Its layout is made from the department's tool
list (``contract.prio3.repit.tools_layout``), so every team of a department
shares one layout per month, and the aggregate shares of a month must all
have it. **A changed tool list**: each server fixes the list of a
department's month when it accepts that month's first tools report, from the
policy in force then, and verifies every later report of the month against
the list it fixed; a report built on another list does not fit (its shares
have another size, or its sealed helper share, bound to the ordered list,
does not open) and is refused, counted nowhere. A new list applies from the
next month with no report yet. The release names the counts with the fixed
list too, so a renamed tool never renames the figures of a month already
counted.

``aggregator.report_kinds`` makes the layout of the list and fixes it with
the month's first accepted report; what either server writes of it is in
``aggregator.storage.tool_sums``.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlite_utils

from aggregator.periods import PeriodError, local_midnight, next_month, parse_month
from aggregator.storage import tool_sums
from aggregator.storage.tool_sums import TOOLS
from contract.policy.model import Policy

__all__ = ["TOOLS", "acceptable_month", "fixed_tools", "month_end"]


# -- the month -------------------------------------------------------------------------


def month_end(month: str, timezone: str) -> datetime:
    """The instant ``month`` ends: local midnight of the next month's first day, in UTC."""
    return local_midnight(next_month(parse_month(month)), timezone)


def acceptable_month(text: str, timezone: str, now: datetime, max_age_days: int) -> str:
    """The month of a tools report if it may be accepted now; else ``PeriodError``."""
    parse_month(text)
    end = month_end(text, timezone)
    if now.astimezone(UTC) < end:
        raise PeriodError(f"the month {text} is not over yet in the team's time zone ({timezone})")
    if now.astimezone(UTC) - end > timedelta(days=max_age_days):
        raise PeriodError(f"the month {text} ended more than {max_age_days} days ago")
    return text


# -- the layout of a department's month ---------------------------------------------------


def fixed_tools(
    db: sqlite_utils.Database, department: Policy | None, month: str
) -> tuple[str, ...] | None:
    """The tool ids a report of ``department``'s ``month`` is verified against (None: none)."""
    if department is None:
        return None
    found = tool_sums.fixed(db, department.id, month)
    if found is not None:
        return found
    current = tuple(tool.id for tool in department.tools)
    return current or None
