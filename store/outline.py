"""Check a report against the mandated five-part outline, and whether it states who, when, which year.

Reports that skip a part, or fold one into another (存在问题及下步打算), are sent back to the town,
so each part is ``present`` (a top-level section covers it alone), ``merged`` (only a section that
also covers another part does), or ``missing``, with the heading that shows it and its line in the
original file so the clerk can look. Built on the heading tree of ``store.structure``; knows
nothing of LLMs.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from store.metadata import ReportMetadata
from store.normalize import NormalizedText
from store.structure import PART_LABELS_ZH, PARTS, top_sections


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


@dataclass(frozen=True)
class Section:
    """One top-level section as the report writes it: its heading, the mandated parts it covers
    (none when it is no mandated part), how the heading is numbered (一、 第二部分 1.), and where
    the heading stands in the original file."""

    heading: str
    parts: tuple[str, ...]
    style: str  # its numbering (store.structure): cn 一、, part_cn 第一部分, num 1., paren_cn （一）…; bare: none
    start: int
    end: int
    line: int


@dataclass
class OutlineCheck:
    parts: dict[str, str]
    findings: list[Finding] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    issuer_kind: str | None = None  # who signs: "party", "government", "joint"; None when no issuer is stated
    title_names_town: bool = False

    @property
    def sequence(self) -> list[str]:
        """The mandated parts in the order the report first writes them."""
        return list(dict.fromkeys(part for section in self.sections for part in section.parts))

    @property
    def in_mandated_order(self) -> bool:
        """Whether the parts it writes come in the mandated order (a missing part breaks no order)."""
        sequence = self.sequence
        return sequence == sorted(sequence, key=PARTS.index)

    @property
    def split_parts(self) -> list[str]:
        """Parts written alone in two or more separate sections (成效 apart from 举措)."""
        alone = [section.parts[0] for section in self.sections if len(section.parts) == 1]
        return [part for part in PARTS if alone.count(part) > 1]

    @property
    def unnumbered(self) -> list[Section]:
        return [section for section in self.sections if section.style == "bare"]

    @property
    def numbering(self) -> str | None:
        """How its part headings are numbered: one style for all, "bare" when any has none, "mixed"."""
        styles = {section.style for section in self.sections}
        return "bare" if "bare" in styles else (styles.pop() if len(styles) == 1 else "mixed") if styles else None

    def parts_with(self, status: str) -> list[str]:
        """The mandated parts of one status ("missing", "merged"), in the mandated order."""
        return [part for part in PARTS if self.parts.get(part) == status]

    @property
    def problems(self) -> list[Finding]:
        return [f for f in self.findings if f.status in ("missing", "merged")]

    def findings_dicts(self) -> list[dict[str, Any]]:
        return [asdict(f) for f in self.findings]


def check_outline(doc: NormalizedText, meta: ReportMetadata | dict[str, Any]) -> OutlineCheck:
    """Part statuses and metadata findings for one report (clean text plus its metadata)."""
    info = asdict(meta) if isinstance(meta, ReportMetadata) else meta
    sections = []
    for heading, covered in top_sections(doc.text, info.get("year")):
        start, end = doc.original_span(heading.start, heading.start + len(heading.title))
        sections.append(Section(heading.title, covered, heading.style, start, end, doc.line_of(start)))
    parts: dict[str, str] = {}
    findings: list[Finding] = []
    for part in PARTS:
        alone = [section for section in sections if section.parts == (part,)]
        shared = [section for section in sections if part in section.parts and len(section.parts) > 1]
        shown = alone[0] if alone else shared[0] if shared else None
        status = "present" if alone else "merged" if shared else "missing"
        parts[part] = status
        finding = Finding(part, status, value=PART_LABELS_ZH[part])
        if shown:
            finding.heading, finding.start, finding.end, finding.line = shown.heading, shown.start, shown.end, shown.line
        findings.append(finding)
    signature = info.get("signature_date")
    issuers = info.get("issuers") or []
    year = info.get("year")
    findings.append(Finding("year", "stated" if year else "missing", value=str(year) if year else None))
    findings.append(Finding("issuer", "stated" if issuers else "missing", value="、".join(issuers) or None))
    findings.append(Finding("signature_date", "stated" if signature else "missing", value=signature))
    town = info.get("town")
    return OutlineCheck(parts, findings, sections, issuer_kind(issuers),
                        bool(town and info.get("title") and town in info["title"]))


_PARTY = re.compile(r"中共|党委|党工委|党组|委员会$")
_GOVERNMENT = re.compile(r"人民政府|政府$|办事处$|街道$|[镇乡]$|苏木$")


def issuer_kind(issuers: list[str]) -> str | None:
    """Who a report is issued in the name of: the party committee alone, the government (or street
    office) alone, or both jointly; None when it names no issuer."""
    party = any(_PARTY.search(issuer) for issuer in issuers)
    government = any(_GOVERNMENT.search(issuer) and not _PARTY.search(issuer) for issuer in issuers)
    if party and government:
        return "joint"
    return "party" if party else "government" if government else None
