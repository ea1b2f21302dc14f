"""Split reports (SPLIT.md): a contribution shared between a leader and a helper.

- ``errors``: ``SplitError``, the one error every step raises on bad input;
- ``hpke``: the helper's HPKE configuration, sealing and opening (RFC 9180);
- ``codec``: base64url and the length-prefixed encodings both sides agree on;
- ``instances``: the Prio3 instance of each kind, and the verification key;
- ``report``: the report a device uploads, built and opened;
- ``prep``: the pure verification and aggregation steps of either server.

No I/O: callers pass keys, randomness and bytes in, and get bytes out.
"""

from contract.split.errors import SplitError

__all__ = ["SplitError"]
