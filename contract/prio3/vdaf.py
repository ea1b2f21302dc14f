"""Prio3 (§7.2): an FLP made into a VDAF, and the encodings of its messages (§7.2.6).

The client ``shard``s a measurement into a public share and one input share per
aggregator (the leader's holds vectors, the helpers' only seeds), with proofs of
validity. Each aggregator runs ``verify_init`` on its share, the verifier shares
are combined by ``verifier_shares_to_message`` (which decides validity), and
``verify_next`` releases the output share once the joint randomness checks
out. Output shares are added into aggregate shares (``aggregate``), and the
collector adds those (``unshard``).

Any failure raises ``ValueError``: the report is then invalid and counted nowhere.
"""

from __future__ import annotations

from contract.prio3.aggregation import Aggregation
from contract.prio3.auxiliary import (
    USAGE_JOINT_RAND_PART,
    USAGE_JOINT_RAND_SEED,
    USAGE_JOINT_RANDOMNESS,
    USAGE_MEAS_SHARE,
    USAGE_PROOF_SHARE,
    USAGE_PROVE_RANDOMNESS,
    USAGE_QUERY_RANDOMNESS,
)
from contract.prio3.encoding import Encodings
from contract.prio3.flp import AggResult, Measurement
from contract.prio3.messages import (
    HelperShare,
    InputShare,
    LeaderShare,
    PublicShare,
    VerifierMessage,
    VerifierShare,
    VerifyState,
)
from contract.prio3.sharding import Sharding
from contract.prio3.verification import Verification

__all__ = [
    "USAGE_JOINT_RANDOMNESS",
    "USAGE_JOINT_RAND_PART",
    "USAGE_JOINT_RAND_SEED",
    "USAGE_MEAS_SHARE",
    "USAGE_PROOF_SHARE",
    "USAGE_PROVE_RANDOMNESS",
    "USAGE_QUERY_RANDOMNESS",
    "HelperShare",
    "InputShare",
    "LeaderShare",
    "Prio3",
    "PublicShare",
    "VerifierMessage",
    "VerifierShare",
    "VerifyState",
]


class Prio3(
    Sharding[Measurement, AggResult],
    Verification[Measurement, AggResult],
    Aggregation[Measurement, AggResult],
    Encodings[Measurement, AggResult],
):
    """Prio3 over a validity circuit, with ``shares`` aggregators and ``proofs`` proofs.

    Its parameters and auxiliary functions are ``auxiliary.Prio3Base``'s; each
    step of the draft is a module of its own: ``sharding``, ``verification``,
    ``aggregation`` (with unsharding), ``encoding``.
    """
