"""Prio3's aggregation and unsharding (§7.2.4, §7.2.5): output shares added up, then decoded.

Each aggregator adds its output shares into an aggregate share; the collector
adds the aggregate shares and decodes the result.
"""

from __future__ import annotations

from collections.abc import Sequence

from contract.prio3.auxiliary import Prio3Base
from contract.prio3.field import vec_add
from contract.prio3.flp import AggResult, Measurement


class Aggregation(Prio3Base[Measurement, AggResult]):
    """The aggregators' sums and the collector's."""

    def agg_init(self) -> list[int]:
        return self.field.zeros(self.flp.OUTPUT_LEN)

    def agg_update(self, agg_share: Sequence[int], out_share: Sequence[int]) -> list[int]:
        return vec_add(self.field, agg_share, out_share)

    def aggregate(self, out_shares: Sequence[Sequence[int]]) -> list[int]:
        agg = self.agg_init()
        for out_share in out_shares:
            agg = self.agg_update(agg, out_share)
        return agg

    def merge(self, agg_shares: Sequence[Sequence[int]]) -> list[int]:
        return self.aggregate(agg_shares)

    def unshard(self, agg_shares: Sequence[Sequence[int]], num_measurements: int) -> AggResult:
        return self.flp.decode(self.merge(agg_shares), num_measurements)
