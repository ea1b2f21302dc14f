"""A contribution made a report (SPLIT.md): the one place the agent calls ``contract.split``.

``build_body`` splits a day's or a week's values (MEASURES.md §8) with the
Prio3 instance of its kind into a leader share and a helper share, the helper's
sealed with HPKE to the helper's key together with the device's helper token,
its associated data binding the report's id, team, kind and period. The body
is what the leader receives: neither it nor the leader can read the values.

``build_tools_body`` does the same for a completed month's tool answers
(TOOLS.md): kind ``tools``, period ``YYYY-MM``, laid out by
``contract.prio3.repit.tools_layout`` over the department's tool ids in the
order of the policy, whose circuit proves each tool's answer one-hot or empty;
its associated data binds that ordered list too, so the helper cannot count
the answers under another list of the same length.

``encode`` is ``repit-agent encode``: the same body for values given on the
command line, checked first, with a message saying what and where.
"""

from __future__ import annotations

import json
import os
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from functools import cache
from typing import Any

from agent.enrollment import Enrollment
from contract.contribution import FIELDS, HOURS_BUCKETS, Kind, problems
from contract.prio3.repit import Layout, day_layout, tools_layout, week_layout

MAX_VALUES_CHARACTERS = 16 * 1024
"""``--values``: a day's JSON is about 700 characters; anything far longer is a mistake."""
TOOLS_KIND = "tools"
_WEEK = re.compile(r"(\d{4})-W(\d{2})")


class EncodeError(ValueError):
    """The values or period given to ``encode`` cannot make a report; the message says why."""


@cache
def layout_of(kind: Kind) -> Layout:
    """MEASURES.md §8's fields of ``kind`` and its one-hot rule, as Prio3 checks them."""
    if kind is Kind.DAY:
        hours = tuple(f"hours_{n}" for n in range(HOURS_BUCKETS))
        return day_layout(FIELDS[Kind.DAY], hours, "active_day")
    return week_layout(FIELDS[Kind.WEEK])


def build_body(
    joined: Enrollment,
    kind: Kind,
    period: str,
    values: Mapping[str, int],
    *,
    report_id: uuid.UUID | None = None,
    rand: Callable[[int], bytes] = os.urandom,
) -> dict[str, Any]:
    """The exact upload body of ``values`` for ``joined``'s team and helper."""
    return _body(joined, kind.value, period, values, layout_of(kind), (), report_id, rand)


def build_tools_body(
    joined: Enrollment,
    month: str,
    values: Mapping[str, int],
    tool_ids: Sequence[str],
    *,
    report_id: uuid.UUID | None = None,
    rand: Callable[[int], bytes] = os.urandom,
) -> dict[str, Any]:
    """The exact upload body of one month's tool answers (``agent.tools.contribution``).

    ``tool_ids``, the policy's ``[[tools]]`` in order, make the layout and are
    bound into the sealed helper share: the helper opens it only against the
    same list, the one it fixed for the department's month.
    """
    layout = tools_layout(tool_ids)
    return _body(joined, TOOLS_KIND, month, values, layout, tuple(tool_ids), report_id, rand)


def _body(
    joined: Enrollment,
    kind: str,
    period: str,
    values: Mapping[str, int],
    layout: Layout,
    tools: Sequence[str],
    report_id: uuid.UUID | None,
    rand: Callable[[int], bytes],
) -> dict[str, Any]:
    from contract.split.hpke import HpkeConfig
    from contract.split.report import build_report

    if joined.hpke_config is None:
        raise ValueError("enrolled at the leader only: no helper key to build a report")
    report = build_report(
        kind=kind,
        period=period,
        team=joined.team,
        values=values,
        layout=layout,
        hpke_config=HpkeConfig.from_json(joined.hpke_config),
        helper_device_token=joined.helper_token,
        report_id=report_id,
        rand=rand,
        tools=tools,
    )
    return report.to_body()


def encode(joined: Enrollment, kind: str, period: str, values_json: str) -> dict[str, Any]:
    """``repit-agent encode``: the upload body of the values given; ``EncodeError`` if wrong."""
    chosen = _kind(kind)
    _check_period(chosen, period)
    values = _values(chosen, values_json)
    from contract.split.errors import SplitError

    try:
        return build_body(joined, chosen, period, values)
    except SplitError as error:  # a rule beyond the bounds: the day's one-hot hours
        raise EncodeError(f"--values: {error}") from None


def _kind(text: str) -> Kind:
    try:
        return Kind(text)
    except ValueError:
        raise EncodeError(f"--kind: expected day or week, found {text[:20]!r}") from None


def _check_period(kind: Kind, period: str) -> None:
    if kind is Kind.DAY:
        try:
            canonical = date.fromisoformat(period).isoformat() == period
        except ValueError:
            canonical = False
        if not canonical:
            raise EncodeError(f"--period: expected a day as YYYY-MM-DD, found {period[:20]!r}")
        return
    match = _WEEK.fullmatch(period)
    try:
        valid = match is not None and bool(date.fromisocalendar(int(match[1]), int(match[2]), 1))
    except ValueError:
        valid = False
    if not valid:
        raise EncodeError(f"--period: expected an ISO week as YYYY-Www, found {period[:20]!r}")


def _values(kind: Kind, text: str) -> dict[str, int]:
    if len(text) > MAX_VALUES_CHARACTERS:
        raise EncodeError(f"--values: longer than {MAX_VALUES_CHARACTERS} characters")
    try:
        values = json.loads(text)
    except (ValueError, RecursionError) as error:
        where = f" at character {error.pos}" if isinstance(error, json.JSONDecodeError) else ""
        raise EncodeError(f"--values: not JSON{where}") from None
    if not isinstance(values, dict):
        raise EncodeError(f"--values: expected a JSON object of the {kind.value}'s fields")
    found = problems(kind, values)
    if found:
        shown = "; ".join(found[:5]) + (f"; and {len(found) - 5} more" if len(found) > 5 else "")
        raise EncodeError(f"--values: {shown[:1000]}")
    return {field.name: int(values[field.name]) for field in FIELDS[kind]}
