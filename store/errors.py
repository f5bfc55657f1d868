"""Errors about a user's input files, phrased so the CLI can print them as one line."""

from __future__ import annotations

from pathlib import Path


class ReportError(Exception):
    """A file that cannot become a report: unsupported, empty, binary, undecodable, unparseable."""

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem
