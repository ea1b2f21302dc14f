"""Split reports end to end, in-process: shard, verify on both sides, aggregate, unshard.

Hypothesis draws the values, the report ids and the randomness, so a failure
prints the example that reproduces it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from contract.prio3.repit import tools_layout
from contract.split import SplitError
from contract.split.hpke import generate_keypair
from contract.split.instances import vdaf_for, verify_key
from contract.split.prep import (
    add_out_share,
    helper_decide,
    helper_init,
    leader_finish,
    leader_init,
    unshard,
)
from contract.split.report import Report, build_report, helper_input_share, open_helper_share
from tests.split.cheat import cheating_report
from tests.split.strategies import (
    PERIODS,
    TEAM,
    contributions,
    helper_keys,
    kinds,
    layout_of,
    report_ids,
)

VERIFY_KEY = verify_key("a leader-helper token")
TOKEN = "helper-device-token"
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def seeded(seed: bytes) -> Callable[[int], bytes]:
    """Deterministic randomness for ``build_report``, from hypothesis's bytes."""

    def rand(size: int) -> bytes:
        return (seed * (size // len(seed) + 1))[:size]

    return rand


def make(kind: str, values: dict[str, int], report_id: uuid.UUID, seed: bytes) -> Report:
    config, _ = helper_keys()
    return build_report(
        kind=kind,
        period=PERIODS[kind],
        team=TEAM,
        values=values,
        layout=layout_of(kind),
        hpke_config=config,
        helper_device_token=TOKEN,
        report_id=report_id,
        rand=seeded(seed),
    )


def verify_pair(report: Report, *, team: str = TEAM) -> tuple[list[int], list[int]]:
    """Both servers' output shares, as the leader and the helper compute them."""
    config, private_key = helper_keys()
    vdaf = vdaf_for(report.kind, layout_of(report.kind))
    leader_state, leader_verifier = leader_init(
        vdaf, VERIFY_KEY, report.id, report.public_share, report.leader_share
    )
    token, encoded = open_helper_share(
        report, team=team, hpke_config=config, private_key=private_key
    )
    assert token == TOKEN
    share = helper_input_share(report.kind, layout_of(report.kind), encoded)
    helper_state, helper_verifier = helper_init(
        vdaf, VERIFY_KEY, report.id, report.public_share, share
    )
    helper_out, message = helper_decide(
        vdaf, report.public_share, helper_state, helper_verifier, leader_verifier
    )
    return leader_finish(vdaf, leader_state, message), helper_out


@st.composite
def batches(draw: st.DrawFn) -> tuple[str, list[dict[str, int]]]:
    kind = draw(kinds)
    return kind, draw(st.lists(contributions(layout_of(kind)), min_size=1, max_size=4))


@SETTINGS
@given(batches(), st.binary(min_size=1, max_size=32))
def test_shard_verify_aggregate_unshard_gives_the_sum(
    batch: tuple[str, list[dict[str, int]]], seed: bytes
) -> None:
    kind, contributions_ = batch
    vdaf = vdaf_for(kind, layout_of(kind))
    leader_agg: bytes | None = None
    helper_agg: bytes | None = None
    for values in contributions_:
        report = make(kind, values, uuid.uuid4(), seed)
        assert Report.from_body(report.to_body()) == report
        leader_out, helper_out = verify_pair(report)
        leader_agg = add_out_share(vdaf, leader_agg, leader_out)
        helper_agg = add_out_share(vdaf, helper_agg, helper_out)
    assert leader_agg is not None and helper_agg is not None
    expected = {f.name: sum(v[f.name] for v in contributions_) for f in layout_of(kind).fields}
    assert unshard(vdaf, leader_agg, helper_agg, len(contributions_)) == expected


def _flip(data: bytes, at: int, bit: int) -> bytes:
    return data[:at] + bytes([data[at] ^ (1 << bit)]) + data[at + 1 :]


@SETTINGS
@given(
    kinds.flatmap(lambda k: st.tuples(st.just(k), contributions(layout_of(k)))),
    report_ids,
    st.sampled_from(["public_share", "leader_share", "helper_share_encrypted", "id"]),
    st.integers(0, 10**6),
    st.integers(0, 7),
)
def test_a_flipped_bit_anywhere_is_refused(
    drawn: tuple[str, dict[str, int]], report_id: uuid.UUID, part: str, where: int, bit: int
) -> None:
    kind, values = drawn
    report = make(kind, values, report_id, b"seed")
    if part == "id":
        flipped = uuid.UUID(bytes=_flip(report.id.bytes, where % 16, bit))
        tampered = Report(
            flipped,
            report.kind,
            report.period,
            report.public_share,
            report.leader_share,
            report.helper_share_encrypted,
        )
    else:
        data: bytes = getattr(report, part)
        fields = {
            "public_share": report.public_share,
            "leader_share": report.leader_share,
            "helper_share_encrypted": report.helper_share_encrypted,
        }
        fields[part] = _flip(data, where % len(data), bit)
        tampered = Report(report.id, report.kind, report.period, **fields)
    with pytest.raises(SplitError):
        verify_pair(tampered)


@SETTINGS
@given(
    kinds.flatmap(lambda k: st.tuples(st.just(k), contributions(layout_of(k)))),
    report_ids,
    st.sampled_from(["id", "team", "kind", "period"]),
)
def test_the_seal_binds_id_team_kind_and_period(
    drawn: tuple[str, dict[str, int]], report_id: uuid.UUID, moved: str
) -> None:
    kind, values = drawn
    report = make(kind, values, report_id, b"seed")
    config, private_key = helper_keys()
    team = TEAM
    if moved == "team":
        team = "dnum-dev"
    elif moved == "id":
        report = Report(uuid.uuid4(), *_rest(report))
    elif moved == "kind":
        other = "week" if kind == "day" else "day"
        report = Report(report.id, other, report.period, *_rest(report)[2:])
    else:
        period = "2026-11-04" if kind == "day" else "2026-W46"
        report = Report(report.id, report.kind, period, *_rest(report)[2:])
    with pytest.raises(SplitError):
        open_helper_share(report, team=team, hpke_config=config, private_key=private_key)


def _rest(report: Report) -> tuple[str, str, bytes, bytes, bytes]:
    return (
        report.kind,
        report.period,
        report.public_share,
        report.leader_share,
        report.helper_share_encrypted,
    )


def test_helper_shares_swapped_between_reports_do_not_open() -> None:
    values = {f.name: f.low for f in layout_of("week").fields}
    first = make("week", values, uuid.uuid4(), b"one")
    second = make("week", values, uuid.uuid4(), b"two")
    swapped = Report(
        first.id,
        first.kind,
        first.period,
        first.public_share,
        first.leader_share,
        second.helper_share_encrypted,
    )
    with pytest.raises(SplitError, match="does not open"):
        verify_pair(swapped)


def test_another_helper_key_does_not_open() -> None:
    values = {f.name: f.low for f in layout_of("week").fields}
    report = make("week", values, uuid.uuid4(), b"one")
    config, _ = helper_keys()
    _, other_private = generate_keypair(config_id=config.id)
    with pytest.raises(SplitError):
        open_helper_share(report, team=TEAM, hpke_config=config, private_key=other_private)


def test_values_outside_the_layout_are_refused_with_the_field() -> None:
    values = {f.name: f.low for f in layout_of("week").fields}
    values["active_minutes"] = 20_000
    with pytest.raises(SplitError, match="active_minutes"):
        make("week", values, uuid.uuid4(), b"x")


@SETTINGS
@given(st.sampled_from(["active_minutes", "breaks", "reminders_break"]), st.integers(1, 5000))
def test_an_out_of_bounds_value_fails_the_joint_proof(field: str, excess: int) -> None:
    layout = layout_of("day")
    bound = next(f for f in layout.fields if f.name == field)
    values = {f.name: f.low for f in layout.fields}
    values[field] = bound.high + excess
    config, _ = helper_keys()
    report = cheating_report(
        kind="day",
        period=PERIODS["day"],
        team=TEAM,
        values=values,
        layout=layout,
        hpke_config=config,
        helper_device_token=TOKEN,
    )
    with pytest.raises(SplitError, match="rejected"):
        verify_pair(report)


def test_the_cheat_is_honest_within_bounds() -> None:
    """The cheating encoder agrees with the real one on a valid vector: the test above
    fails because of the bound, not because the cheat is broken."""
    layout = layout_of("day")
    values = {f.name: f.low for f in layout.fields}
    values["breaks"] = 96
    config, _ = helper_keys()
    report = cheating_report(
        kind="day",
        period=PERIODS["day"],
        team=TEAM,
        values=values,
        layout=layout,
        hpke_config=config,
        helper_device_token=TOKEN,
    )
    leader_out, helper_out = verify_pair(report)
    vdaf = vdaf_for("day", layout)
    sums = unshard(
        vdaf, add_out_share(vdaf, None, leader_out), add_out_share(vdaf, None, helper_out), 1
    )
    assert sums == values


tool_ids = st.from_regex(r"[a-z0-9-]{2,12}", fullmatch=True)


@st.composite
def two_tool_lists(draw: st.DrawFn) -> tuple[list[str], list[str]]:
    """Two different ordered lists of the same length: a renamed tool, or the same reordered."""
    first = draw(st.lists(tool_ids, min_size=1, max_size=4, unique=True))
    if len(first) > 1 and draw(st.booleans()):
        second = draw(st.permutations(first).filter(lambda order: list(order) != first))
    else:
        where = draw(st.integers(0, len(first) - 1))
        other = draw(tool_ids.filter(lambda tool: tool not in first))
        second = [*first[:where], other, *first[where + 1 :]]
    return first, list(second)


@SETTINGS
@given(two_tool_lists(), report_ids, st.binary(min_size=1, max_size=32))
def test_a_tools_report_opens_only_against_the_tool_list_it_was_built_for(
    lists: tuple[list[str], list[str]], report_id: uuid.UUID, seed: bytes
) -> None:
    built_for, other = lists
    layout = tools_layout(built_for)
    config, private_key = helper_keys()
    report = build_report(
        kind="tools",
        period="2026-11",
        team=TEAM,
        values={field.name: 0 for field in layout.fields},
        layout=layout,
        hpke_config=config,
        helper_device_token=TOKEN,
        report_id=report_id,
        rand=seeded(seed),
        tools=built_for,
    )

    def opened(tools: list[str]) -> str:
        token, _ = open_helper_share(
            report, team=TEAM, hpke_config=config, private_key=private_key, tools=tools
        )
        return token

    assert opened(built_for) == TOKEN
    for wrong in (other, []):
        with pytest.raises(SplitError, match="does not open"):
            opened(wrong)
