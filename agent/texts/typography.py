"""French typography, applied once to the French catalogue: the contract's rules
(``contract.typography``), shared with both programs' command lines."""

from __future__ import annotations

from contract.typography import french_typography

__all__ = ["french_typography"]
