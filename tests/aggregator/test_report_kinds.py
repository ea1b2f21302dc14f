"""The per-kind lookup (``aggregator.report_kinds``) and the helper's part of a collection
as the leader reads it (``aggregator.month_shares.their_group``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.month_shares import MalformedPart, their_group
from aggregator.periods import PeriodError, acceptable_period, canonical_label, month_label
from aggregator.report_kinds import KINDS
from aggregator.tool_batches import acceptable_month
from contract.contribution import Kind
from contract.prio3.repit import tools_layout
from contract.split.codec import b64encode
from contract.split.instances import default_layout

ZONE = "Europe/Paris"
MAX_AGE = 40
days = st.dates(date(2020, 1, 1), date(2030, 12, 31))
instants = st.datetimes(datetime(2020, 1, 1), datetime(2031, 3, 1), timezones=st.just(UTC))


def outcome(call: Callable[..., Any], *args: object) -> tuple[str, str] | str:
    """What a period rule answers: (label, month), or its refusal's message."""
    try:
        found = call(*args)
    except PeriodError as error:
        return str(error)
    return found.label, found.month


@given(st.sampled_from(list(Kind)), days, instants)
def test_a_day_or_a_week_follows_acceptable_period(kind: Kind, first: date, now: datetime) -> None:
    text = canonical_label(kind, first)
    rule = KINDS[kind.value]
    assert outcome(rule.acceptable, text, ZONE, now, MAX_AGE) == outcome(
        acceptable_period, kind, text, ZONE, now, MAX_AGE
    )
    assert rule.dated(text, ZONE).label == text


@given(days, instants)
def test_a_tools_report_follows_acceptable_month(first: date, now: datetime) -> None:
    text = month_label(first)
    expected: tuple[str, str] | str
    try:
        month = acceptable_month(text, ZONE, now, MAX_AGE)
        expected = (month, month)
    except PeriodError as error:
        expected = str(error)
    assert outcome(KINDS["tools"].acceptable, text, ZONE, now, MAX_AGE) == expected
    dated = KINDS["tools"].dated(text, ZONE)
    assert (dated.label, dated.month) == (text, text)
    # The month ends at local midnight of the next month's first day.
    following = datetime(first.year + first.month // 12, first.month % 12 + 1, 1)
    assert dated.end == following.replace(tzinfo=ZoneInfo(ZONE)).astimezone(UTC)


def test_a_day_or_a_week_never_reads_a_tool_list() -> None:
    def unread() -> tuple[str, ...]:
        raise AssertionError("a day or a week has no tool list")

    for kind in Kind:
        shape = KINDS[kind.value].shape(unread)
        assert shape is not None
        assert (shape.layout, shape.tools) == (default_layout(kind.value), ())


def test_a_tools_report_takes_the_month_s_list_in_its_order() -> None:
    shape = KINDS["tools"].shape(lambda: ("visio", "parapheur"))
    assert shape is not None
    assert (shape.layout, shape.tools) == (
        tools_layout(["visio", "parapheur"]),
        ("visio", "parapheur"),
    )
    assert KINDS["tools"].shape(lambda: None) is None
    assert KINDS["tools"].shape(lambda: ()) is None


def test_the_helper_s_group_is_read_or_refused_by_name() -> None:
    group = {"devices": 12, "reports": 14, "agg_share": b64encode(b"share")}
    part = {"teams": {"team-a": group}, "department": None}
    assert their_group(part, "team-a") == (14, b"share")
    assert their_group(part, "team-b") is None  # held back by the helper
    assert their_group(part, None) is None
    assert their_group(None, "team-a") is None  # no such part: nothing released


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(
    st.one_of(
        json_values,
        st.fixed_dictionaries({"teams": json_values, "department": json_values}),
        st.fixed_dictionaries(
            {"teams": st.fixed_dictionaries({"team-a": json_values}), "department": json_values}
        ),
    ),
    st.sampled_from(["team-a", None]),
)
def test_any_answer_of_a_dishonest_helper_is_a_group_none_or_malformed(
    part: object, team: str | None
) -> None:
    try:
        found = their_group(part, team)
    except MalformedPart as error:
        assert str(error).startswith("the helper's")
        return
    if found is not None:
        reports, share = found
        assert isinstance(reports, int) and isinstance(share, bytes)


@pytest.mark.parametrize(
    "part",
    [
        [],
        {"teams": ["team-a"], "department": None},
        {"teams": {"team-a": {"reports": "14", "agg_share": ""}}, "department": None},
        {"teams": {"team-a": {"reports": 14, "agg_share": "not base64url!"}}, "department": None},
    ],
)
def test_a_malformed_part_says_so(part: object) -> None:
    with pytest.raises(MalformedPart):
        their_group(part, "team-a")
