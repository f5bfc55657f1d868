"""Errors about a user's input files or store server, phrased so the CLI can print them as one line."""

from __future__ import annotations

from pathlib import Path


class ReportError(Exception):
    """A file that cannot become a report: unsupported, empty, binary, undecodable, unparseable."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class ChromaServerError(Exception):
    """The Chroma server cannot be used: a malformed URL, or no answer (down, or a proxy refused)."""
