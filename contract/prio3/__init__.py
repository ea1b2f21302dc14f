"""Prio3, the verifiable distributed aggregation function of draft-irtf-cfrg-vdaf-20.

Written from the draft's text, one module per idea, in the draft's order:

- ``field``: Field64, Field128, NTT and Lagrange-basis polynomials (§6.1);
- ``xof``: XofTurboShake128 and domain separation tags (§6.2);
- ``gadgets``: Mul, PolyEval, ParallelSum (Appendix A);
- ``flp``: validity circuits and the FLP's prove, query, decide (§7.3);
- ``circuits``: Count, Sum, SumVec, Histogram, MultihotCountVec, HigherDegree (§7.4);
- ``vdaf``: Prio3 itself (§7.2), made of one module per step of the draft:
  ``messages`` (the shares and messages), ``auxiliary`` (its parameters and
  derived randomness, §7.2.3), ``sharding`` (§7.2.1), ``verification``
  (§7.2.2), ``aggregation`` (and unsharding, §7.2.4–5), ``encoding`` (§7.2.6);
- ``instances``: the standard instances with their identifiers;
- ``repit``: Répit's own circuits for day, week and tools contributions.

No I/O: callers pass randomness, keys and bytes in, and get bytes out.
"""
