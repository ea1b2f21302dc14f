"""Each share alone says nothing: over many shardings of one contribution, every element
of every share is uniform over the field.

The statistic: for each position of each share vector (the leader's measurement
and proof shares, the helper's expanded measurement and proof shares), the
chi-square of its ``SHARDINGS`` values over ``BUCKETS`` equal slices of the field,
``BUCKETS - 1`` degrees of freedom; and the sum over all positions, with
``positions * (BUCKETS - 1)`` degrees of freedom. Thresholds are the chi-square
quantiles at ``Z`` standard deviations (Wilson–Hilferty), a false alarm of about
1e-9 per statistic, so fewer than one in a million runs of a correct sharding
would fail; and the randomness is seeded (``SEED``, printed on failure), so a
given run is reproducible rather than flaky. A share that leaks (one position
equal to the measurement, say) puts all its values in one bucket: a chi-square of
``SHARDINGS * (BUCKETS - 1)`` = 2,800, far above the ~60 threshold.
"""

from __future__ import annotations

import math
import random

from contract import contribution
from contract.prio3.vdaf import HelperShare, LeaderShare
from tests.prio3.helpers import CTX, DAY, HOURS, NONCE

SEED = 20261201
SHARDINGS = 400
BUCKETS = 8
Z = 6.0


def chi_square_threshold(df: int, z: float = Z) -> float:
    """Wilson–Hilferty: the chi-square quantile ``z`` standard deviations up."""
    return df * (1 - 2 / (9 * df) + z * math.sqrt(2 / (9 * df))) ** 3


def chi_square(values: list[int], modulus: int) -> float:
    counts = [0] * BUCKETS
    for x in values:
        counts[x * BUCKETS // modulus] += 1
    expected = len(values) / BUCKETS
    return sum((c - expected) ** 2 / expected for c in counts)


def test_each_share_alone_is_uniform() -> None:
    rng = random.Random(SEED)
    values = {f.name: f.high for f in contribution.DAY_FIELDS}
    values.update(dict.fromkeys(HOURS, 0), active_day=1, hours_7=1)
    columns: dict[str, list[list[int]]] = {}
    for _ in range(SHARDINGS):
        rand = rng.randbytes(DAY.RAND_SIZE)
        _, (leader, helper) = DAY.shard(CTX, values, NONCE, rand)
        assert isinstance(leader, LeaderShare) and isinstance(helper, HelperShare)
        vectors = {
            "leader measurement": leader.meas_share,
            "leader proof": leader.proofs_share,
            "helper measurement": DAY.helper_meas_share(CTX, 1, helper.share),
            "helper proof": DAY.helper_proofs_share(CTX, 1, helper.share),
        }
        for name, vec in vectors.items():
            rows = columns.setdefault(name, [[] for _ in vec])
            for row, x in zip(rows, vec, strict=True):
                row.append(x)
    modulus = DAY.field.MODULUS
    per_position = chi_square_threshold(BUCKETS - 1)
    total, positions = 0.0, 0
    for name, rows in columns.items():
        for index, row in enumerate(rows):
            statistic = chi_square(row, modulus)
            assert statistic < per_position, (
                f"{name}[{index}]: chi-square {statistic:.1f} >= {per_position:.1f} (seed {SEED})"
            )
            total += statistic
            positions += 1
    overall = chi_square_threshold(positions * (BUCKETS - 1))
    assert total < overall, f"overall chi-square {total:.1f} >= {overall:.1f} (seed {SEED})"


def test_the_statistic_sees_a_leaking_share() -> None:
    """The test above can fail: a position holding the measurement is far over threshold."""
    leaking = [1] * SHARDINGS
    assert chi_square(leaking, DAY.field.MODULUS) > 10 * chi_square_threshold(BUCKETS - 1)
