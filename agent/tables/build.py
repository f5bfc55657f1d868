"""Build indicator rows: code finds and checks the figures, the model only picks among them.

Patterns (``store.indicators``) propose candidates and rule out the obvious traps. Where several
different values survive and the scores do not separate them, the model is shown the numbered
candidates with their sentences and answers with a number (or 0 for none). The value, unit and
quote always come from the chosen candidate, never from the model's text, and a cell is kept
only if its quote is found verbatim in the report (``NormalizedText.find``) and maps to a span
and line of the original file. Without a model (``--no-llm``) the best-scored candidate is used
and the cell is marked ``ambiguous``.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

import prompts
from agent.tables.cache import PickCache
from agent.usage import Usage
from store.catalog import ReportRow
from store.factsheet import FactSheet, SheetReport, build_fact_sheet, evidence_extractions
from store.indicators import BY_KEY, KEYS, Candidate, Extraction
from store.normalize import NormalizedText
from store.store import ReportStore
from store.topics import BY_KEY as TOPICS

_CHOICE_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "choice",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {"choice": {"type": "integer"}},
            "required": ["choice"],
            "additionalProperties": False,
        },
    },
}
MAX_CANDIDATES = 6
CHOICE_TOKENS = 32
"""The longest pick asked for: one small number in JSON (the embedded model's recorded picks: 7 tokens)."""


@dataclass
class Cell:
    """One indicator of one report, with the verbatim quote and its place in the original file."""

    value: float | int | str
    unit: str
    approx: bool
    quote: str
    start: int
    end: int
    line: int
    ambiguous: bool = False
    source: str = "pattern"  # "pattern", "llm", "pattern-ambiguous" or SUMMED

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class TableRow:
    """One report's cells (None where the report does not state the figure) and, for a town with
    an earlier report, the change of each numeric cell since that report."""

    report_id: str
    file: str
    town: str | None
    county: str | None
    year: int | None
    cells: dict[str, Cell | None]
    change: dict[str, float | int] = field(default_factory=dict)
    previous_year: int | None = None

    def as_dict(self) -> dict[str, Any]:
        data = {key: getattr(self, key) for key in ("report_id", "file", "town", "county", "year")}
        data["cells"] = {key: cell.as_dict() if cell else None for key, cell in self.cells.items()}
        data["change"] = self.change
        data["previous_year"] = self.previous_year
        return data


@dataclass
class Pending:
    """A report's candidates, before any model call, and its fact sheet (the topic statuses a cell
    shows when no figure is stated). ``extractions`` holds only the indicators asked for."""

    doc: NormalizedText
    sheet: FactSheet
    extractions: dict[str, Extraction]

    @property
    def ambiguous(self) -> list[str]:
        return [key for key, ex in self.extractions.items() if ex.ambiguous]


def collect(doc: NormalizedText, meta: dict[str, Any], report_id: str, file: str, sheet: FactSheet | None = None) -> Pending:
    """Candidates for one report (pure pattern work; cheap, no model), beside its fact sheet: the
    stored one where the caller has it, else read now from the same text."""
    if sheet is None:
        report = SheetReport(report_id, file, meta.get("town"), meta.get("county"), meta.get("year"))
        sheet = build_fact_sheet(doc, report, meta)
    return Pending(doc, sheet, evidence_extractions(doc, sheet.statements, sheet.report.year))


def collect_reports(store: ReportStore, reports: list[ReportRow]) -> list[Pending]:
    """Candidates for each stored report with its cached fact sheet: how every command starts a table."""
    return [collect(store.document(r.id), r.meta, r.id, r.file, store.fact_sheet(r)) for r in reports]


SUMMED = "sum of parts"
"""A cell's source where code added up the kinds a report lists with no total (合同61份、规范性文件3件)."""


def _verified(doc: NormalizedText, cand: Candidate, ambiguous: bool, source: str) -> Cell | None:
    """A cell for ``cand`` only if its quote is in the report verbatim; spans point at the original."""
    place = cand.located(doc)
    source = SUMMED if SUMMED in cand.notes else source
    return None if place is None else Cell(cand.value, cand.unit, cand.approx, cand.quote, *place, ambiguous, source)


def _stated_lack(sheet: FactSheet, key: str) -> Cell | None:
    """Where no figure is stated: the sheet's reading that the town lacks the thing (or only plans
    it), cited to the sentence that says so, so the table, ``ask`` and the memo agree."""
    topic = BY_KEY[key].topic
    entry = sheet.topic(topic) if topic else None
    if entry is None or entry.status not in ("lacks", "plans") or entry.quote is None or not TOPICS[topic].says_absent(entry.quote):
        return None  # 配备不足 is a shortage: the cell stays blank rather than say 未配备
    return Cell("lacks", "", False, entry.quote, entry.start or 0, entry.end or 0, entry.line or 0, source="sheet")


def _prompt(pending: Pending, key: str, cands: list[Candidate]) -> str:
    lines = []
    for number, cand in enumerate(cands, 1):
        shown = f"{cand.value}{cand.unit}" if cand.unit else str(cand.value)
        lines.append(f"[{number}] 数字：{shown}　原句：{cand.context.strip()}")
    return prompts.load("indicator_pick.txt").format(
        town=pending.sheet.report.town or "（未写明镇名）",
        year=pending.sheet.report.year or "本",
        label=BY_KEY[key].zh,
        meaning=BY_KEY[key].meaning,
        candidates="\n".join(lines),
    )


_UNREADABLE = -1


def _choice(content: str, count: int) -> int | None:
    """The model's pick as a 0-based index; None when it says none of them (0); ``_UNREADABLE``
    for anything else, which is a model error, never "the report does not state it"."""
    try:
        choice = json.loads(content).get("choice")
    except (json.JSONDecodeError, AttributeError):
        return _UNREADABLE
    if isinstance(choice, str) and choice.strip().isdigit():
        choice = int(choice.strip())
    if isinstance(choice, int) and 1 <= choice <= count:
        return choice - 1
    return None if choice == 0 else _UNREADABLE


def _distinct(cands: list[Candidate]) -> list[Candidate]:
    """One candidate per value (the best-scored), so the model picks a value, not a duplicate."""
    seen: set[object] = set()
    out = []
    for cand in cands:
        if cand.value not in seen:
            seen.add(cand.value)
            out.append(cand)
    return out[:MAX_CANDIDATES]


def resolve(
    pending: Pending, model: Any | None, usage: Usage | None = None, ask_on_any_disagreement: bool = False,
    cache: PickCache | None = None,
) -> TableRow:
    """Cells for one report: clear cases from the patterns, ambiguous ones from the model's pick.

    ``ask_on_any_disagreement`` sends every cell whose candidates disagree to the model, even when
    the scores settle it (the benchmark uses it to measure the model's own picks)."""
    cells: dict[str, Cell | None] = {}
    picker = model.bind(response_format=_CHOICE_SCHEMA, max_tokens=CHOICE_TOKENS) if model is not None else None
    for key in KEYS:
        ex = pending.extractions.get(key)
        if ex is None:
            cells[key] = None
            continue
        if not ex.candidates:
            cells[key] = _stated_lack(pending.sheet, key)
            continue
        unsettled = ex.ambiguous or (ask_on_any_disagreement and picker is not None and len(ex.values) > 1)
        if not unsettled:
            cells[key] = _verified(pending.doc, ex.candidates[0], False, "pattern")
            continue
        if picker is None:
            cells[key] = _verified(pending.doc, ex.candidates[0], True, "pattern-ambiguous")
            continue
        cands = _distinct(ex.candidates)
        prompt = _prompt(pending, key, cands)
        cache_key = PickCache.key(str(getattr(model, "model_name", "")), prompt)
        known, index = cache.get(cache_key) if cache is not None else (False, None)
        if not known:
            for _attempt in range(2):  # an answer the code cannot read is asked once more (one short call)
                message = picker.invoke([("user", prompt)])
                if usage is not None:
                    usage.add_message(message)
                index = _choice(str(message.content), len(cands))
                if index != _UNREADABLE:
                    break
            if cache is not None and index != _UNREADABLE:
                cache.put(cache_key, index)
        if index == _UNREADABLE:  # keep the best-scored figure, marked unsettled
            cells[key] = _verified(pending.doc, cands[0], True, "pattern-ambiguous")
            if usage is not None:
                usage.fallbacks.append(f"the model's pick of {key} for {pending.town or pending.file} could not be "
                                       "read; the best-scored figure is shown, marked ambiguous")
        else:
            cells[key] = None if index is None else _verified(pending.doc, cands[index], False, "llm")
    report = pending.sheet.report
    return TableRow(report.report_id, report.file, report.town, report.county, report.year, cells)


def add_changes(rows: list[TableRow]) -> list[TableRow]:
    """For each town with reports for several years: the change of every numeric cell since the
    town's previous report. Rows come back sorted by town, then year."""
    rows = sorted(rows, key=lambda r: (r.town or "", r.year or 0, r.file))
    previous: dict[str, TableRow] = {}
    for row in rows:
        before = previous.get(row.town or "") if row.town else None
        if before is not None and before.year != row.year:
            row.previous_year = before.year
            for key, cell in row.cells.items():
                old = before.cells.get(key)
                if (
                    cell
                    and old
                    and isinstance(cell.value, int | float)
                    and isinstance(old.value, int | float)
                ):
                    delta = round(cell.value - old.value, 4)
                    row.change[key] = int(delta) if float(delta).is_integer() else delta
        if row.town:
            previous[row.town] = row
    return rows


def build_rows(
    pendings: list[Pending], model: Any | None, usage: Usage | None = None, cache: PickCache | None = None
) -> list[TableRow]:
    """Resolve every report and add year-on-year changes; ``cache`` remembers the model's picks."""
    rows = add_changes([resolve(p, model, usage, cache=cache) for p in pendings])
    if cache is not None:
        cache.save()
    return rows
