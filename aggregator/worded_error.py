"""The errors that the command line says in its operator's language.

A library shared with the running server raises them with an English
message (the server's, for its log) and, beside it, a ``reason`` that names
the case and the ``values`` that fill it in; ``aggregator.cli_messages``
words ``family.reason`` in French or English without reading the text.
``errno``, among the values, is the system's error number.
"""

from __future__ import annotations


class WordedError(Exception):
    def __init__(self, message: str, reason: str = "", **values: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.values = values


def system_values(path: object, error: OSError) -> dict[str, str]:
    """The values of what the system said about a file: the file, the error
    number (worded in the command line's language) and the system's own words."""
    return {"path": str(path), "errno": str(error.errno), "detail": str(error.strerror)}
