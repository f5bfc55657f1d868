"""A parsed report: its text, metadata, sections and chunks, before anything is stored."""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from store.chunking import Chunk, chunk_blocks
from store.errors import ReportError, printable
from store.limits import DEFAULT_LIMITS, Limits, check_chunks
from store.loaders import load_text
from store.metadata import ReportMetadata, extract_metadata
from store.normalize import NormalizedText, normalize
from store.structure import Block, parse_blocks


@dataclass
class ParsedReport:
    """Everything derived from one file. ``id`` hashes the clean text, so re-ingesting an
    unchanged file (or the same report saved under another name) yields the same id."""

    id: str
    file: str
    path: str
    norm: NormalizedText
    meta: ReportMetadata
    blocks: list[Block]
    chunks: list[Chunk] = field(default_factory=list)

    @property
    def parts(self) -> list[str]:
        seen: list[str] = []
        for block in self.blocks:
            for part in block.parts:
                if part not in seen:
                    seen.append(part)
        return seen

    def meta_dict(self) -> dict:
        return asdict(self.meta)


def report_id_for(clean_text: str) -> str:
    return hashlib.sha256(clean_text.encode("utf-8")).hexdigest()[:16]


def parse_text(original: str, file: str, path: str, chunk_tokens: int) -> ParsedReport:
    norm = normalize(original)
    meta = extract_metadata(norm.text)
    blocks = parse_blocks(norm.text, meta.year)
    report = ParsedReport(
        id=report_id_for(norm.text), file=file, path=path, norm=norm, meta=meta, blocks=blocks
    )
    report.chunks = chunk_blocks(norm, blocks, chunk_tokens)
    return report


def parse_file(path: Path, chunk_tokens: int = 400, limits: Limits = DEFAULT_LIMITS) -> ParsedReport:
    """Load and parse one file; raises ``ReportError`` with a one-line reason on bad input, and
    for a report with no chunks or more than ``limits`` allows (before anything is embedded).

    Names are stored printable (``store.errors.printable``): a newline in a file name would
    otherwise reach every listing and citation that shows it."""
    report = parse_text(load_text(path, limits), printable(path.name), printable(path.resolve()), chunk_tokens)
    if not report.chunks:
        raise ReportError(path, "no text to index after cleaning")
    check_chunks(path, len(report.chunks), limits)
    return report
