"""Errors about a user's input files, store server or embedding endpoint, phrased so the CLI can print
them as one line. Kept free of heavy imports: every command's failure handling imports this."""

from __future__ import annotations

import unicodedata
from pathlib import Path

# Control, format, line/paragraph separators and the lone surrogates an undecodable byte in a file
# name becomes: a newline in a name forged an extra ``error:`` line, and a surrogate crashed output.
_UNPRINTABLE = {"Cc", "Cf", "Zl", "Zp", "Cs"}


def printable(name: Path | str) -> str:
    """``name`` with every unprintable character written as a Python escape (``\\n``, ``\\x1b``,
    ``\\udcff``), so a message naming a file stays one honest line."""
    return "".join(
        c.encode("unicode_escape", "backslashreplace").decode("ascii")
        if unicodedata.category(c) in _UNPRINTABLE
        else c
        for c in str(name)
    )


class ReportError(Exception):
    """A file that cannot become a report: unsupported, empty, binary, undecodable, unparseable,
    over a size limit, or unreadable."""

    def __init__(self, path: Path | str, problem: str) -> None:
        self.path = printable(path)
        self.problem = printable(" ".join(problem.split()))
        super().__init__(f"{self.path}: {self.problem}")


class ChromaServerError(Exception):
    """The Chroma server cannot be used: a malformed URL, or no answer (down, or a proxy refused)."""


class EmbeddingResponseError(RuntimeError):
    """An embedding endpoint answered, but not with one vector per text."""
