"""A cheating client: a report whose measurement was never checked against the layout.

It encodes the values itself (a field's ``v - low`` in the circuit's weighted
bits, with no bound checked) and shards with Prio3's own ``shard_with_joint_rand``,
so the proof is honest about a dishonest measurement: only the FLP can catch it.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping, Sequence

from contract.prio3.repit import ContributionCircuit, Layout
from contract.split.codec import length_prefixed
from contract.split.hpke import HpkeConfig, seal
from contract.split.instances import CTX, vdaf_for
from contract.split.report import Report, report_aad


def unchecked_encoding(layout: Layout, values: Mapping[str, int]) -> list[int]:
    """The circuit's encoding of ``values`` without any bound: bits of ``v - low``."""
    circuit = ContributionCircuit(layout)
    mod = circuit.field.MODULUS
    encoded: list[int] = []
    for field in layout.fields:
        bits = (field.high - field.low).bit_length()
        if bits == 0:
            continue
        value = values[field.name] - field.low
        # Weighted bits 1, 2, … 2**(b-2) and a last weight: put the excess on the
        # last bit, which then is no bit at all (the range check must catch it).
        last_weight = field.high - field.low - (2 ** (bits - 1) - 1)
        low_part = min(value, 2 ** (bits - 1) - 1)
        rest = value - low_part
        for i in range(bits - 1):
            encoded.append((low_part >> i) & 1)
        encoded.append((rest * pow(last_weight, -1, mod)) % mod if rest else 0)
    return encoded


def cheating_report(
    *,
    kind: str,
    period: str,
    team: str,
    values: Mapping[str, int],
    layout: Layout,
    hpke_config: HpkeConfig,
    helper_device_token: str,
    report_id: uuid.UUID | None = None,
    tools: Sequence[str] = (),
) -> Report:
    report_id = report_id or uuid.uuid4()
    vdaf = vdaf_for(kind, layout)
    rand = os.urandom(vdaf.RAND_SIZE)
    size = vdaf.xof.SEED_SIZE
    seeds = [rand[i : i + size] for i in range(0, len(rand), size)]
    meas = unchecked_encoding(layout, values)
    public_share, (leader, helper) = vdaf.shard_with_joint_rand(CTX, meas, report_id.bytes, seeds)
    plaintext = length_prefixed([helper_device_token.encode(), vdaf.encode_input_share(helper)])
    sealed = seal(hpke_config, plaintext, report_aad(report_id, team, kind, period, tools))
    return Report(
        report_id,
        kind,
        period,
        vdaf.encode_public_share(public_share),
        vdaf.encode_input_share(leader),
        bytes([hpke_config.id]) + sealed,
    )
