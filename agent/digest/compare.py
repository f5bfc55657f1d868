"""Towns side by side (``fazhi compare``): every standard indicator and each mandated part, or one
topic, each cell a short verbatim quote with its place in the file.

A cell is ``stated`` (a figure, with its quote), ``not_stated`` (no figure written), ``lacks`` (the
report says it has none),
``present``/``merged``/``missing`` (a mandated part), ``has``/``lacks``/``unclear`` for a topic,
or ``not_mentioned``: what a report does not say is kept apart from what it says it lacks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from agent.answer.types import ReportRef
from agent.scan import scan_topic
from agent.tables.build import Cell, build_rows, collect_reports
from agent.ui_text import TEXT
from agent.usage import Usage
from store.catalog import ReportRow
from store.indicators import BY_KEY, KEYS
from store.numbers import format_figure
from store.outline import check_outline
from store.store import ReportStore
from store.structure import PART_LABELS_ZH, PARTS


@dataclass
class CompareCell:
    status: str
    value: str | None = None
    quote: str | None = None
    file: str | None = None
    start: int | None = None
    end: int | None = None
    line: int | None = None


@dataclass
class CompareRow:
    """One line of the comparison: ``item`` as the Markdown and JSON name it (Chinese), ``key`` the
    indicator or part it is (None for a topic), so a terminal can name it in its own language."""

    item: str
    cells: dict[str, CompareCell] = field(default_factory=dict)
    key: str | None = None


@dataclass
class Comparison:
    towns: list[str]
    topic: str | None
    rows: list[CompareRow]
    reports: list[ReportRef]
    usage: Usage = field(default_factory=Usage)

    def as_dict(self) -> dict[str, Any]:
        return {
            "towns": self.towns, "topic": self.topic,
            "rows": [{"item": r.item, "cells": {t: asdict(c) for t, c in r.cells.items()}} for r in self.rows],
            "reports": [r.as_dict() for r in self.reports], "usage": self.usage.as_dict(),
        }


def _column(report: ReportRow) -> str:
    """A column per report: the town, with the year when a town has several reports."""
    return f"{report.meta.get('town')}（{report.meta.get('year')}）"


def _figure_cell(cell: Cell | None, file: str) -> CompareCell:
    if cell is None:
        return CompareCell("not_stated")
    if cell.value == "lacks":
        return CompareCell("lacks", None, cell.quote, file, cell.start, cell.end, cell.line)
    value = ("约" if cell.approx else "") + format_figure(cell.value) + cell.unit
    return CompareCell("stated", value, cell.quote, file, cell.start, cell.end, cell.line)


def compare_towns(
    store: ReportStore, towns: list[str], topic: str | None = None, year: int | None = None, model: Any = None,
    scan_batch: int = 1,
) -> Comparison:
    reports = [r for r in store.reports() if r.meta.get("town") in towns and (not year or r.meta.get("year") == year)]
    reports.sort(key=lambda r: (towns.index(r.meta["town"]), r.meta.get("year") or 0))
    columns = {r.id: _column(r) for r in reports}
    usage = Usage()
    rows: list[CompareRow] = []
    if topic:
        found = scan_topic(store, topic, model, year=year, towns=towns, batch_size=scan_batch)
        usage.add(found.usage)
        row = CompareRow(topic)
        for r in found.rows:
            row.cells[columns[r.report_id]] = CompareCell(r.status or "unclear", None, r.quote, r.file, r.start, r.end, r.line)
        rows.append(row)
    else:
        table = build_rows(collect_reports(store, reports), model, usage)
        by_id = {row.report_id: row for row in table}
        for key in KEYS:
            row = CompareRow(BY_KEY[key].zh, key=key)
            for r in reports:
                row.cells[columns[r.id]] = _figure_cell(by_id[r.id].cells.get(key), r.file)
            rows.append(row)
        docs = {r.id: store.document(r.id) for r in reports}
        checks = {r.id: check_outline(docs[r.id], r.meta) for r in reports}
        for part in PARTS:
            row = CompareRow(PART_LABELS_ZH[part], key=part)
            for r in reports:
                finding = next(f for f in checks[r.id].findings if f.item == part)
                # the heading as the file has it (``finding.heading`` is shortened for display)
                quote = docs[r.id].original[finding.start:finding.end] if finding.start is not None else None
                row.cells[columns[r.id]] = CompareCell(finding.status, None, quote, r.file, finding.start,
                                                       finding.end, finding.line)
            rows.append(row)
    return Comparison(list(columns.values()), topic, rows, [ReportRef.of(r) for r in reports], usage)


def status_label(status: str, language: str) -> str:
    """What a cell's status is called (``compare.status.*`` in ``agent.ui_text``)."""
    english, chinese = TEXT[f"compare.status.{status}"]
    return chinese if language == "zh" else english


def to_markdown(comparison: Comparison) -> str:
    """One column per report; a cell shows the figure or status and a short quote with its line.
    In Chinese whatever the interface speaks: it is written for a memo (``-o FILE.md``) or a pipe."""
    lines = ["| 项目 | " + " | ".join(comparison.towns) + " |", "|---|" + "---|" * len(comparison.towns)]
    for row in comparison.rows:
        cells = []
        for town in comparison.towns:
            cell = row.cells.get(town)
            if cell is None:
                cells.append("")
                continue
            head = cell.value or status_label(cell.status, "zh")
            quote = f"「{_short(cell.quote)}」{cell.file}:{cell.line}" if cell.quote else ""
            cells.append((head + " " + quote).strip().replace("|", "\\|"))
        lines.append(f"| {row.item} | " + " | ".join(cells) + " |")
    lines.append("")
    lines.append(TEXT["legend.compare"][1])
    return "\n".join(lines) + "\n"


def _short(text: str | None, limit: int = 40) -> str:
    """A quote shortened for a table cell, never cut inside a number."""
    text = text or ""
    if len(text) <= limit:
        return text
    cut = limit
    while cut < len(text) and (text[cut - 1].isdigit() or text[cut].isdigit() or text[cut] in ".,%"):
        cut += 1
    return text[:cut] + "…"
