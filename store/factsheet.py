"""One fact sheet per report: what the report says, read once and kept, so every command states the
same status and the same figure for a town.

A sheet holds every sentence labelled (``store.statements``), the report's status on every registry
topic with the sentence that decides it (``store.topics``), the standard indicators with their
quotes (``store.indicators``) and the outline parts (``store.outline``). It is made by rules, in
milliseconds, and cached by the report's content hash (its id) and a version that changes whenever
the rules that made it change, so a sheet is re-made exactly when its inputs or its reader change.
Questions then read sheets: a which-towns question on a registry topic costs no model call.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from store.indicators import BY_KEY, Candidate, Extraction, extract
from store.normalize import NormalizedText
from store.outline import check_outline
from store.sentences import PlantedSentence, planted_in
from store.statements import Statement, label_statements, states_intent
from store.structure import PARTS
from store.topics import TOPICS, Topic, TopicStatus, topic_status


@dataclass(frozen=True)
class SheetReport:
    """Which report a sheet describes (CLI contract: report_id, file, town, county, year)."""

    report_id: str
    file: str
    town: str | None
    county: str | None
    year: int | None


@dataclass(frozen=True)
class TopicEntry:
    """A report's status on a registry topic; quote/start/end/line cite the deciding sentence."""

    topic: str
    label: str
    status: str  # has | lacks | plans | mentioned | not_mentioned
    quote: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None
    kind: str | None = None  # the deciding sentence's label
    plan: SheetQuote | None = None  # the town's own plan about the topic, whatever its status now

    @classmethod
    def of(cls, topic: Topic, found: TopicStatus) -> TopicEntry:
        """The entry for what ``topic_status`` read, quoting its deciding sentence and its plan."""
        s, p = found.statement, found.plan
        return cls(topic.key, topic.label, found.status, s.text if s else None, s.start if s else None,
                   s.end if s else None, s.line if s else None, s.kind if s else None,
                   SheetQuote(p.text, p.start, p.end, p.line) if p else None)


@dataclass(frozen=True)
class SheetQuote:
    """A verbatim sentence of the report and where it stands in the original file."""

    quote: str
    start: int
    end: int
    line: int


@dataclass(frozen=True)
class IndicatorEntry:
    """A standard indicator's value as the patterns read it; ``settled`` is False where several
    readings survive and the best was taken (the table may ask the model about those)."""

    key: str
    label: str
    value: float | int | str
    unit: str
    approx: bool
    quote: str
    start: int
    end: int
    line: int
    settled: bool = True


@dataclass(frozen=True)
class PartEntry:
    """A mandated part: its status and the heading it stands under (span in the original file)."""

    part: str
    status: str  # present | merged | missing
    heading: str | None = None
    line: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass
class FactSheet:
    report: SheetReport
    version: str
    topics: list[TopicEntry] = field(default_factory=list)
    indicators: list[IndicatorEntry] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    parts: list[PartEntry] = field(default_factory=list)
    planted: list[PlantedSentence] = field(default_factory=list)  # set aside as planted instructions

    def topic(self, key: str) -> TopicEntry:
        return next(entry for entry in self.topics if entry.topic == key)

    def indicator(self, key: str) -> IndicatorEntry | None:
        return next((entry for entry in self.indicators if entry.key == key), None)

    def as_dict(self) -> dict[str, Any]:
        data = {
            "report": asdict(self.report),
            "version": self.version,
            "topics": [asdict(t) for t in self.topics],
            "indicators": [asdict(i) for i in self.indicators],
            "statements": [asdict(s) for s in self.statements],
            "parts": [asdict(p) for p in self.parts],
            "planted": [asdict(p) for p in self.planted],
        }
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FactSheet:
        return cls(
            SheetReport(**data["report"]), data["version"],
            [TopicEntry(**{**t, "plan": SheetQuote(**t["plan"]) if t.get("plan") else None}) for t in data["topics"]],
            [IndicatorEntry(**i) for i in data["indicators"]],
            [Statement(**s) for s in data["statements"]],
            [PartEntry(**p) for p in data["parts"]],
            [PlantedSentence(**p) for p in data["planted"]],
        )


@cache
def sheet_version() -> str:
    """Changes whenever a rule that reads a sheet changes: a hash of those modules' source."""
    import store.factsheet
    import store.indicators
    import store.numbers
    import store.outline
    import store.sentences
    import store.statements
    import store.structure
    import store.topics

    digest = hashlib.sha256()
    for module in (store.factsheet, store.statements, store.topics, store.indicators, store.numbers, store.outline,
                   store.sentences, store.structure):
        digest.update(Path(module.__file__ or "").read_bytes())
    return digest.hexdigest()[:16]


def evidence_extractions(doc: NormalizedText, statements: list[Statement], year: int | None) -> dict[str, Extraction]:
    """The indicators' candidates (``store.indicators``) less those read from a sentence that is
    not the town's own statement (a requirement, a note on how to count the text, an order to a
    program): a figure planted in such a sentence never reaches a cell, whatever its wording."""
    not_evidence = [(s.start, s.end) for s in statements if not s.states_own_situation]
    plans = [(s.start, s.end) for s in statements if s.kind == "plan"]

    def evidence(candidate: Candidate) -> bool:
        place = candidate.located(doc)
        if place is None or any(start <= place[0] < end for start, end in not_evidence):
            return False
        # nor a figure in a plan's own clause (2025年力争配备执法记录设备3台): a target, never what the town
        # has or did (现有35名持证执法人员，2026年力争持证率达到100%: the 35 stands)
        return not (any(start <= place[0] < end for start, end in plans) and states_intent(_clause_around(doc.original, place[1])))

    return {key: Extraction(key, [c for c in ex.candidates if evidence(c)]) for key, ex in extract(doc, year).items()}


def _clause_around(text: str, at: int) -> str:
    """The clause of ``text`` that holds position ``at`` (between its commas, semicolons and stops)."""
    start = max(text.rfind(mark, 0, at) for mark in "，,；;。\n") + 1
    ends = [end for mark in "，,；;。\n" if (end := text.find(mark, at)) >= 0]
    return text[start : min(ends, default=len(text))]


def build_fact_sheet(doc: NormalizedText, report: SheetReport, meta: dict[str, Any]) -> FactSheet:
    """Read one report once: label its sentences, then derive topics, indicators and parts."""
    statements = label_statements(doc, report.year)
    topics = [TopicEntry.of(topic, topic_status(topic, statements)) for topic in TOPICS]
    indicators = []
    for key, extraction in evidence_extractions(doc, statements, report.year).items():
        best = extraction.candidates[0] if extraction.candidates else None
        place = best.located(doc) if best else None
        if best is not None and place is not None:
            indicators.append(IndicatorEntry(key, BY_KEY[key].label, best.value, best.unit, best.approx, best.quote,
                                             *place, not extraction.ambiguous))
    outline = check_outline(doc, meta)
    parts = [PartEntry(f.item, f.status, f.heading, f.line, f.start, f.end) for f in outline.findings if f.item in PARTS]
    return FactSheet(report, sheet_version(), topics, indicators, statements, parts, planted_in(doc))


class FactSheetCache:
    """Sheets on disk, keyed by report id (the clean text's hash) and the sheet version."""

    def __init__(self, path: Path) -> None:
        self.path = path
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS sheets (report_id TEXT, version TEXT, sheet TEXT, "
                       "PRIMARY KEY (report_id, version))")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    def get(self, report_id: str) -> FactSheet | None:
        with self._connect() as db:
            row = db.execute("SELECT sheet FROM sheets WHERE report_id = ? AND version = ?",
                             (report_id, sheet_version())).fetchone()
        return FactSheet.from_dict(json.loads(row[0])) if row else None

    def put(self, sheet: FactSheet) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM sheets WHERE report_id = ? AND version != ?", (sheet.report.report_id, sheet.version))
            db.execute("INSERT OR REPLACE INTO sheets VALUES (?, ?, ?)",
                       (sheet.report.report_id, sheet.version, json.dumps(sheet.as_dict(), ensure_ascii=False)))
