"""Size limits on what one file may cost, each checked before the work it would bound, or while
it is done where only doing it tells (what a zip member or a PDF stream really inflates to).

Without them a 50 MB text file embedded for ten minutes with no end in sight, and a 1.3 MB .docx
whose XML inflates to 400 MB took over 6 GB of memory (issue 12); a .docx declaring 4 KB for a
1.1 GB member took 2.2 GB (issue 23). Real township reports are far below every limit: 5-60 KB of
text, 5-30 chunks.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from copy import copy as copy_of
from dataclasses import dataclass
from pathlib import Path

from store.errors import ReportError

_MB = 1_000_000
_CHUNK = 1 << 16  # what a zip member is inflated by at a time


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


def unpacked_zip(path: Path, limits: Limits, kind: str) -> io.BytesIO:
    """The zip at ``path`` (a .docx: every zip-based format the loaders read comes through here)
    copied into memory, stored uncompressed, with every member inflated here a chunk at a time and
    counted as it is: past ``limits.inflated_mb`` in all, the file is refused at once.

    The sizes a zip declares bound nothing: asked for a whole member, Python's zipfile inflates its
    whole stream in one call and only then cuts it to the declared size, so a .docx declaring 4 KB
    for a 1.1 GB document.xml peaked at 2.2 GB before failing its CRC (issue 23). Here each member
    is opened as if it declared more than is left of the limit, so the chunks come from the real
    stream; a zip that declares more than the limit is refused before anything is inflated. Only
    stored and deflated members are read: bzip2 and lzma, which Word never writes, inflate a
    chunk without bound. The reader (python-docx) gets the copy, whose sizes are true."""
    budget = int(limits.inflated_mb * _MB)
    repacked = io.BytesIO()
    try:
        with zipfile.ZipFile(path) as archive, zipfile.ZipFile(repacked, "w", zipfile.ZIP_STORED) as out:
            members = [member for member in archive.infolist() if not member.is_dir()]
            check_inflated(path, sum(member.file_size for member in members), limits, kind)
            inflated = 0
            for member in members:
                if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ReportError(path, f"not a readable {kind} ({member.filename} uses zip method {member.compress_type})")
                reading = copy_of(member)
                # One chunk past the rest of the budget: zipfile never reaches the declared end (where
                # it checks the CRC) before this loop has counted past the limit.
                reading.file_size = budget - inflated + _CHUNK + 1
                with archive.open(reading) as source, out.open(member.filename, "w") as target:
                    while chunk := source.read(_CHUNK):
                        inflated += len(chunk)
                        check_inflated(path, inflated, limits, kind)
                        target.write(chunk)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError) as exc:
        raise ReportError(path, f"not a readable {kind} ({exc})") from exc
    repacked.seek(0)
    return repacked


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
