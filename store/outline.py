"""Check a report against the mandated five-part outline, and whether it states who, when, which year.

Reports that skip a part, or fold one into another (存在问题及下步打算), are sent back to the town,
so each part is ``present`` (a top-level section covers it alone), ``merged`` (only a section that
also covers another part does), or ``missing``, with the heading that shows it and its line in the
original file so the clerk can look. Built on the heading tree of ``store.structure``; knows
nothing of LLMs.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from store.metadata import ReportMetadata
from store.normalize import NormalizedText
from store.structure import PART_LABELS_ZH, PARTS, parse_blocks


@dataclass
class Finding:
    """One line of the check: a part's status, or whether a piece of metadata is stated."""

    item: str  # a part key, or "year" / "issuer" / "signature_date"
    status: str  # present / missing / merged for parts; stated / missing for metadata
    heading: str | None = None
    value: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None


@dataclass
class OutlineCheck:
    parts: dict[str, str]
    findings: list[Finding] = field(default_factory=list)

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status in ("missing", "merged")]

    def findings_dicts(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.findings]


def check_outline(doc: NormalizedText, meta: ReportMetadata | dict[str, Any]) -> OutlineCheck:
    """Part statuses and metadata findings for one report (clean text plus its metadata)."""
    info = asdict(meta) if isinstance(meta, ReportMetadata) else meta
    blocks = parse_blocks(doc.text, info.get("year"))
    tops: dict[str, tuple[int, tuple[str, ...]]] = {}
    for block in blocks:
        if block.path and block.parts and block.path[0] not in tops:
            tops[block.path[0]] = (block.start, block.parts)
    parts: dict[str, str] = {}
    findings: list[Finding] = []
    for part in PARTS:
        alone = [(h, s) for h, (s, p) in tops.items() if p == (part,)]
        shared = [(h, s) for h, (s, p) in tops.items() if part in p and len(p) > 1]
        status, shown = (
            ("present", alone[0]) if alone else ("merged", shared[0]) if shared else ("missing", None)
        )
        parts[part] = status
        finding = Finding(part, status, value=PART_LABELS_ZH[part])
        if shown:
            heading, start = shown
            finding.heading = heading
            finding.start, finding.end = doc.original_span(start, start + len(heading))
            finding.line = doc.line_of(finding.start)
        findings.append(finding)
    signature = info.get("signature_date")
    issuers = info.get("issuers") or []
    year = info.get("year")
    findings.append(Finding("year", "stated" if year else "missing", value=str(year) if year else None))
    findings.append(Finding("issuer", "stated" if issuers else "missing", value="、".join(issuers) or None))
    findings.append(Finding("signature_date", "stated" if signature else "missing", value=signature))
    return OutlineCheck(parts, findings)
