"""One lookup per report kind: what every step of the split path asks of a report's kind.

A split report (SPLIT.md) is a day or a week (MEASURES.md §8), or a month's
tool answers (TOOLS.md). The leader's intake (``aggregator.leader_ingest``),
the aggregation (``aggregator.aggregation``), the helper's verdict
(``aggregator.helper_verify``) and the collection ask the same three things of
a kind, answered here and nowhere else:

- its **period rule**: which text is a canonical period, the month whose batch
  it joins, the instant it ends, and whether it may be accepted now
  (``acceptable_period`` for a day or a week, ``acceptable_month`` for tools);
- its **shape** in a department's month: the layout its values follow and the
  Prio3 instance over it. A day's and a week's are fixed by MEASURES.md §8; a
  tools report's is made from the department's tool list of the month
  (``aggregator.tool_batches``), which the caller reads from its own records
  only when the kind asks for it;
- what is **bound and fixed** with it: the shape's ``tools`` are sealed into
  the helper share's associated data (``contract.split.report``), so a report
  built for another list does not open, and ``add``, counting an accepted
  report in its batch, records the list with the month's first one, so every
  later one is checked against it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import sqlite_utils

from aggregator.periods import acceptable_period, end_of, parse_month, parse_period
from aggregator.storage import split, tool_sums
from aggregator.storage.tool_sums import TOOLS
from aggregator.tool_batches import acceptable_month, month_end
from contract.contribution import Kind
from contract.prio3.repit import Layout, tools_layout
from contract.split.instances import Vdaf, default_layout, vdaf_for
from contract.split.prep import add_out_share

ToolList = Callable[[], tuple[str, ...] | None]
"""Reads the department's tool list of the month from the caller's records, when asked."""


@dataclass(frozen=True)
class Dated:
    """Where a report's period stands: its canonical text, its batch's month, its end (UTC)."""

    label: str
    month: str
    end: datetime


@dataclass(frozen=True)
class Shape:
    """What a report of a kind must fit in one department's month."""

    kind: str
    layout: Layout
    what: str
    """How a message names it: ``day``, or a tools report on the month's tool list."""
    tools: tuple[str, ...] = ()
    """The ordered tool list its answers follow, bound into its sealed helper share and
    fixed with the month; empty for a day or a week (nothing more is bound)."""

    @property
    def vdaf(self) -> Vdaf:
        return vdaf_for(self.kind, self.layout)

    def add(
        self,
        db: sqlite_utils.Database,
        out_share: list[int],
        *,
        team: str,
        month: str,
        device: str,
        department: str | None,
    ) -> None:
        """Count an accepted report in its batch, on either server (the caller's transaction).

        Its output share goes into the (team, kind, month) aggregate share, its
        device among the batch's, and the month's tool list is fixed with its
        first report (the first list staying), so every later one must fit it.
        """
        current = split.agg_share(db, team, self.kind, month)
        reports, share = (0, None) if current is None else current
        merged = add_out_share(self.vdaf, share, out_share)
        split.put_agg_share(db, team, self.kind, month, reports + 1, merged)
        split.add_contributor(db, self.kind, team, month, device)
        if self.tools and department is not None:
            tool_sums.fix(db, department, month, self.tools)


class ReportKind(Protocol):
    @property
    def name(self) -> str: ...

    def dated(self, text: str, timezone: str) -> Dated:
        """The period ``text`` if canonical; else ``PeriodError``."""
        ...

    def acceptable(self, text: str, timezone: str, now: datetime, max_age_days: int) -> Dated:
        """The period ``text`` if a report for it may be accepted now; else ``PeriodError``."""
        ...

    def shape(self, tool_list: ToolList) -> Shape | None:
        """The shape of its reports in a month (None: the department lists no tools)."""
        ...


@dataclass(frozen=True)
class _Measured:
    """A day or a week: MEASURES.md §8's fields, whatever the department."""

    kind: Kind

    @property
    def name(self) -> str:
        return self.kind.value

    def dated(self, text: str, timezone: str) -> Dated:
        period = parse_period(self.kind, text)
        return Dated(period.label, period.month, end_of(period, timezone))

    def acceptable(self, text: str, timezone: str, now: datetime, max_age_days: int) -> Dated:
        period = acceptable_period(self.kind, text, timezone, now, max_age_days)
        return Dated(period.label, period.month, end_of(period, timezone))

    def shape(self, tool_list: ToolList) -> Shape | None:
        return measured(self.kind)


class _ToolAnswers:
    """A month's tool answers: the department's tool list of the month, in its order."""

    name = TOOLS

    def dated(self, text: str, timezone: str) -> Dated:
        parse_month(text)
        return Dated(text, text, month_end(text, timezone))

    def acceptable(self, text: str, timezone: str, now: datetime, max_age_days: int) -> Dated:
        month = acceptable_month(text, timezone, now, max_age_days)
        return Dated(month, month, month_end(month, timezone))

    def shape(self, tool_list: ToolList) -> Shape | None:
        tools = tool_list()
        if not tools:
            return None
        what = f"{TOOLS} report on the department's tool list of the month"
        return Shape(TOOLS, tools_layout(list(tools)), what, tuple(tools))


KINDS: Mapping[str, ReportKind] = {
    Kind.DAY.value: _Measured(Kind.DAY),
    Kind.WEEK.value: _Measured(Kind.WEEK),
    TOOLS: _ToolAnswers(),
}
"""Days and weeks (MEASURES.md §8), and the month's tool answers (TOOLS.md)."""


def measured(kind: Kind) -> Shape:
    """The shape of a day or a week, the same in every department and month."""
    return Shape(kind.value, default_layout(kind.value), kind.value)
