"""The body and the HPKE configuration: exact shapes, bounded, errors naming the field."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from contract.split import SplitError
from contract.split.codec import b64decode, b64encode, length_prefixed, split_length_prefixed
from contract.split.hpke import HpkeConfig, generate_keypair, open_sealed, seal
from contract.split.report import Report, report_aad
from tests.split.strategies import helper_keys


def _body() -> dict[str, Any]:
    return Report(uuid.uuid4(), "day", "2026-11-03", bytes(64), bytes(2096), bytes(120)).to_body()


def test_the_body_has_exactly_the_contract_keys() -> None:
    body = _body()
    assert set(body) == {
        "id",
        "schema",
        "kind",
        "period",
        "public_share",
        "leader_share",
        "helper_share_encrypted",
    }
    assert body["schema"] == 2
    assert "=" not in body["leader_share"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", "not-a-uuid"),
        ("id", str(uuid.uuid1())),
        ("id", str(uuid.uuid4()).upper()),
        ("schema", 1),
        ("schema", True),
        ("kind", "DAY"),
        ("period", "2026-11-3"),
        ("period", "２026-11-03"),
        ("public_share", "AA=="),
        ("leader_share", "A" * 60_000),
        ("helper_share_encrypted", "@@"),
        ("helper_share_encrypted", 3),
    ],
)
def test_a_bad_field_is_named(field: str, value: object) -> None:
    body = _body()
    body[field] = value
    with pytest.raises(SplitError, match=f"`{field}`"):
        Report.from_body(body)


def test_unknown_and_missing_fields_are_named() -> None:
    body = _body()
    body["values"] = {}
    with pytest.raises(SplitError, match="unknown field `values`"):
        Report.from_body(body)
    body = _body()
    del body["period"]
    with pytest.raises(SplitError, match="missing field `period`"):
        Report.from_body(body)


def test_the_config_json_round_trips_and_names_its_fields() -> None:
    config, _ = generate_keypair(config_id=3)
    obj = config.to_json()
    assert set(obj) == {"id", "kem_id", "kdf_id", "aead_id", "public_key"}
    assert (obj["kem_id"], obj["kdf_id"], obj["aead_id"]) == (0x20, 1, 1)
    assert HpkeConfig.from_json(obj) == config
    for key, bad in [("id", 256), ("kem_id", "x"), ("public_key", "AAAA"), ("extra", 1)]:
        with pytest.raises(ValueError, match=f"`{key}`"):
            HpkeConfig.from_json({**obj, key: bad})


@settings(max_examples=50)
@given(st.binary(max_size=300), st.binary(max_size=100))
def test_seal_opens_only_with_its_aad(plaintext: bytes, aad: bytes) -> None:
    config, private_key = helper_keys()
    blob = seal(config, plaintext, aad)
    assert open_sealed(config, private_key, blob, aad) == plaintext
    with pytest.raises(SplitError):
        open_sealed(config, private_key, blob, aad + b"x")


@given(st.lists(st.binary(max_size=40), max_size=5))
def test_length_prefixing_is_unambiguous(parts: list[bytes]) -> None:
    assert split_length_prefixed(length_prefixed(parts), len(parts)) == parts


def test_the_aad_tells_fields_apart() -> None:
    report_id = uuid.uuid4()
    assert report_aad(report_id, "ab", "day", "2026-11-03") != report_aad(
        report_id, "a", "bday", "2026-11-03"
    )


def test_a_day_or_week_aad_is_the_same_bytes_as_before_tool_lists_were_bound() -> None:
    report_id = uuid.UUID("5b1f4a7e-2c3d-4e5f-8a9b-0c1d2e3f4a5b")
    before = (
        b"\x00\x0frepit report v2"
        + b"\x00\x10"
        + report_id.bytes
        + b"\x00\x06team-a"
        + b"\x00\x03day"
        + b"\x00\x0a2026-11-03"
    )
    assert report_aad(report_id, "team-a", "day", "2026-11-03") == before
    assert report_aad(report_id, "team-a", "day", "2026-11-03", ()) == before


def test_a_tools_aad_binds_the_ordered_tool_list() -> None:
    report_id = uuid.uuid4()
    aads = {
        report_aad(report_id, "team-a", "tools", "2026-11", tools)
        for tools in ((), ("visio", "gmao"), ("gmao", "visio"), ("visio", "parapheur"))
    }
    assert len(aads) == 4


@given(st.binary(max_size=100))
def test_base64url_round_trips(data: bytes) -> None:
    assert b64decode(b64encode(data), "f", 100) == data
