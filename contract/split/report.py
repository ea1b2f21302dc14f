"""The report a device uploads to the leader (SPLIT.md), built and opened.

A report carries a Prio3 sharing of one contribution: the public share (the
joint randomness parts), the leader's input share in the clear (random-looking
vectors), and the helper's input share sealed to the helper's HPKE key together
with the device's helper token, which is how the helper knows the device. The
report id's 16 bytes are Prio3's nonce, and the associated data of the seal
binds the id, the team, the kind and the period: the leader can neither read the
helper's share nor move it to another report, team or period.

A ``tools`` report's layout is its department's tool list of the month
(TOOLS.md), not its kind's: its associated data binds the ordered list too
(``tool_list_digest``), so a share built for one list does not open against
another of the same length, whose answers it would otherwise give to the wrong
tools. A day's and a week's layout is their kind's; their associated data is
the same as before, byte for byte.

``helper_share_encrypted`` is the configuration id (1 byte) then HPKE's
``enc ‖ ciphertext``, so a helper that rotated its key can say so.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from contract.prio3.repit import Layout
from contract.prio3.vdaf import HelperShare
from contract.split.codec import b64decode, b64encode, length_prefixed, split_length_prefixed
from contract.split.errors import SplitError
from contract.split.hpke import HpkeConfig, open_sealed, seal
from contract.split.instances import CTX, vdaf_for

SCHEMA = 2
AAD_LABEL = b"repit report v2"
TOOL_LIST_LABEL = b"repit tool list v1"
# Bounds on what a body may hold (the route's 64 KiB limit comes first): the
# largest layout, 50 tools, has a leader share well under MAX_LEADER_SHARE.
MAX_PUBLIC_SHARE = 512
MAX_LEADER_SHARE = 40_000
MAX_HELPER_SHARE_ENCRYPTED = 1024
MAX_TOKEN = 256
BODY_KEYS = frozenset(
    {"id", "schema", "kind", "period", "public_share", "leader_share", "helper_share_encrypted"}
)
_KIND = re.compile(r"[a-z]{2,16}")
_PERIOD = re.compile(r"[0-9]{4}-(?:[0-9]{2}-[0-9]{2}|W[0-9]{2}|[0-9]{2})")
_TEAM = re.compile(r"[a-z0-9-]{2,40}")


@dataclass(frozen=True)
class Report:
    id: uuid.UUID
    kind: str
    period: str
    public_share: bytes
    leader_share: bytes
    helper_share_encrypted: bytes

    def to_body(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "schema": SCHEMA,
            "kind": self.kind,
            "period": self.period,
            "public_share": b64encode(self.public_share),
            "leader_share": b64encode(self.leader_share),
            "helper_share_encrypted": b64encode(self.helper_share_encrypted),
        }

    @classmethod
    def from_body(cls, obj: object) -> Report:
        """A report from an upload body, every field checked and bounded."""
        if not isinstance(obj, dict):
            raise SplitError("the body must be a JSON object")
        unknown = sorted(str(key)[:40] for key in obj if key not in BODY_KEYS)
        if unknown:
            raise SplitError(f"unknown field `{unknown[0]}`")
        missing = sorted(BODY_KEYS - obj.keys())
        if missing:
            raise SplitError(f"missing field `{missing[0]}`")
        schema = obj["schema"]
        if isinstance(schema, bool) or schema != SCHEMA:
            raise SplitError(f"`schema`: expected {SCHEMA}")
        return cls(
            id=parse_report_id(obj["id"]),
            kind=_matching(obj["kind"], "kind", _KIND),
            period=_matching(obj["period"], "period", _PERIOD),
            public_share=b64decode(obj["public_share"], "public_share", MAX_PUBLIC_SHARE),
            leader_share=b64decode(obj["leader_share"], "leader_share", MAX_LEADER_SHARE),
            helper_share_encrypted=b64decode(
                obj["helper_share_encrypted"], "helper_share_encrypted", MAX_HELPER_SHARE_ENCRYPTED
            ),
        )


def parse_report_id(text: object) -> uuid.UUID:
    """A report id: a UUID version 4 in its canonical lowercase form."""
    if not isinstance(text, str) or len(text) != 36:
        raise SplitError("`id`: expected a UUID")
    try:
        report_id = uuid.UUID(text)
    except ValueError:
        raise SplitError("`id`: expected a UUID") from None
    if str(report_id) != text or report_id.version != 4:
        raise SplitError("`id`: expected a canonical UUID version 4")
    return report_id


def _matching(value: object, field: str, pattern: re.Pattern[str]) -> str:
    if not isinstance(value, str) or not pattern.fullmatch(value):
        raise SplitError(f"`{field}`: not a valid {field}")
    return value


def tool_list_digest(tools: Sequence[str]) -> bytes:
    """SHA-256 of the ordered tool ids a tools report's answers follow (one list, one digest)."""
    return hashlib.sha256(length_prefixed([TOOL_LIST_LABEL, *(t.encode() for t in tools)])).digest()


def report_aad(
    report_id: uuid.UUID, team: str, kind: str, period: str, tools: Sequence[str] = ()
) -> bytes:
    """The associated data of a report's helper share: label, id, team, kind, period.

    ``tools``: the ordered tool list of a tools report, bound by its digest;
    none (a day, a week) adds nothing.
    """
    parts = [AAD_LABEL, report_id.bytes, team.encode(), kind.encode(), period.encode()]
    if tools:
        parts.append(tool_list_digest(tools))
    return length_prefixed(parts)


def build_report(
    *,
    kind: str,
    period: str,
    team: str,
    values: Mapping[str, int],
    layout: Layout,
    hpke_config: HpkeConfig,
    helper_device_token: str,
    report_id: uuid.UUID | None = None,
    rand: Callable[[int], bytes] = os.urandom,
    tools: Sequence[str] = (),
) -> Report:
    """Shard ``values`` with the Prio3 instance of ``kind`` and seal the helper's share.

    ``tools``: a tools report's ordered tool list, the one ``layout`` was made
    from, bound into the seal (``report_aad``). ``SplitError`` when the values
    do not fit the layout (unknown, missing or out-of-bounds field, a broken
    one-hot rule) or an argument is malformed.
    """
    _matching(kind, "kind", _KIND)
    _matching(period, "period", _PERIOD)
    _matching(team, "team", _TEAM)
    token = helper_device_token.encode("utf-8")
    if not 0 < len(token) <= MAX_TOKEN:
        raise SplitError(f"helper device token: expected 1..{MAX_TOKEN} bytes")
    report_id = uuid.uuid4() if report_id is None else report_id
    vdaf = vdaf_for(kind, layout)
    try:
        public_share, (leader, helper) = vdaf.shard(
            CTX, values, report_id.bytes, rand(vdaf.RAND_SIZE)
        )
    except ValueError as error:
        raise SplitError(f"values: {error}") from None
    plaintext = length_prefixed([token, vdaf.encode_input_share(helper)])
    sealed = seal(hpke_config, plaintext, report_aad(report_id, team, kind, period, tools))
    return Report(
        id=report_id,
        kind=kind,
        period=period,
        public_share=vdaf.encode_public_share(public_share),
        leader_share=vdaf.encode_input_share(leader),
        helper_share_encrypted=bytes([hpke_config.id]) + sealed,
    )


def open_helper_share(
    report: Report,
    *,
    team: str,
    hpke_config: HpkeConfig,
    private_key: bytes,
    tools: Sequence[str] = (),
) -> tuple[str, bytes]:
    """The helper's side: the device's helper token and the encoded helper input share.

    ``SplitError`` when the share was sealed for another key, or for another id,
    team, kind, period or tool list than the ones given.
    """
    blob = report.helper_share_encrypted
    if not blob:
        raise SplitError("`helper_share_encrypted`: empty")
    if blob[0] != hpke_config.id:
        raise SplitError(
            f"`helper_share_encrypted`: sealed for key {blob[0]}, this helper's is {hpke_config.id}"
        )
    aad = report_aad(report.id, team, report.kind, report.period, tools)
    token, share = split_length_prefixed(open_sealed(hpke_config, private_key, blob[1:], aad), 2)
    try:
        return token.decode("utf-8"), share
    except UnicodeDecodeError:
        raise SplitError("helper device token: not UTF-8") from None


def helper_input_share(kind: str, layout: Layout, encoded: bytes) -> HelperShare:
    """The decoded helper input share of a report of ``kind``."""
    try:
        share = vdaf_for(kind, layout).decode_input_share(1, encoded)
    except ValueError as error:
        raise SplitError(f"helper share: {error}") from None
    if not isinstance(share, HelperShare):
        raise SplitError("helper share: not a seed")
    return share
