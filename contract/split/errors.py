"""The one error of split reports: a report, a share or a key that is not what it should be."""

from __future__ import annotations


class SplitError(ValueError):
    """Bad input to a split step; the message says which field and why, never a value."""
