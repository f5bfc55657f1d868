"""Size limits on what one file may cost, each checked before the work it would bound.

Without them a 50 MB text file embedded for ten minutes with no end in sight, and a 1.3 MB .docx
whose XML inflates to 400 MB took over 6 GB of memory (issue 12). Real township reports are far
below every limit: 5-60 KB of text, 5-30 chunks.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from store.errors import ReportError

_MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    """``file_mb``: the file on disk. ``inflated_mb``: what a .docx (a zip) or a .pdf (deflated
    streams) unpacks to; python-docx needed about 12 MB of memory and 0.65 s per MB of paragraph
    XML (measured: 20 MB in 13 s, 241 MB peak), so 50 MB bounds a bomb at about 35 s and 600 MB,
    while a real report's XML is a few MB and its images do not compress. ``chunks``: chunks of
    one report, i.e. its embedding time (5,000 chunks are about a million characters and a minute
    of embedding on 2 cores)."""

    file_mb: float = 20.0
    inflated_mb: float = 50.0
    chunks: int = 5000


DEFAULT_LIMITS = Limits()


def check_file_size(path: Path, limits: Limits) -> int:
    """The file's size, or a ``ReportError`` when it is empty or over the limit (read nothing first)."""
    size = path.stat().st_size
    if size == 0:
        raise ReportError(path, "empty file")
    if size > limits.file_mb * _MB:
        raise ReportError(path, f"file is {size / _MB:.1f} MB, over the {limits.file_mb:g} MB limit")
    return size


def check_zip_inflated_size(path: Path, limits: Limits, kind: str) -> None:
    """Refuse a zip (.docx) whose members add up to more than the limit, from the sizes its
    central directory declares, before anything is inflated. Python's ``zipfile`` never inflates
    a member past its declared size (a lying size ends in a CRC error), so the declared total
    bounds what python-docx can unpack."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise ReportError(path, f"not a readable {kind} ({exc})") from exc
    check_inflated(path, total, limits, kind)


def check_inflated(path: Path, inflated: int, limits: Limits, kind: str) -> None:
    """One rule and one message for everything that decompresses."""
    if inflated > limits.inflated_mb * _MB:
        raise ReportError(
            path,
            f"{kind} unpacks to {inflated / _MB:.1f} MB or more, over the {limits.inflated_mb:g} MB limit "
            "(a zip bomb?)",
        )


def check_chunks(path: Path | str, chunks: int, limits: Limits) -> None:
    """Refuse a report that would take more than ``limits.chunks`` embeddings, before embedding."""
    if chunks > limits.chunks:
        raise ReportError(path, f"{chunks} chunks, over the {limits.chunks} chunks allowed per report")
