"""One fact, one answer: over every corpus in eval/, `ask`, `scan`, `table`, `compare`, `check`
and the memo state the same status for every registry topic and the same value for every indicator
as the report's fact sheet. Read without a model (the picks a model makes for unsettled cells are
shared by the same code path), so a command that reads a report its own way fails here."""

from __future__ import annotations

from pathlib import Path

import pytest

from agent.answer.pipeline import answer_question
from agent.digest.build import TABLE_KEYS, build_digest
from agent.digest.compare import compare_towns
from agent.scan import registry_topic_named, scan_topic
from agent.tables.build import TableRow, build_rows, collect_reports
from agent.tables.render import cell_text
from store.factsheet import FactSheet
from store.indicators import BY_KEY, KEYS
from store.outline import check_outline
from store.store import ReportStore
from store.topics import BY_KEY as TOPIC_BY_KEY
from store.topics import TOPICS

ROOT = Path(__file__).resolve().parents[1]
CORPORA = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "eval").glob("**/corpus"))
SHOWN_AS = {"mentioned": "unclear"}  # a topic named but neither had nor lacked: the scan's word for it


class ModelThatFailsWhenCalled:
    """A scripted stand-in for the chat model: questions on registry topics must not call it."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the model was called ({name})")


@pytest.fixture(scope="module", params=CORPORA)
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[ReportStore, dict]:
    store = ReportStore(tmp_path_factory.mktemp("consistency"))
    store.ingest([ROOT / request.param], vectors_later=True)
    return store, {r.id: store.fact_sheet(r) for r in store.reports()}


def test_every_corpus_is_covered() -> None:
    assert len(CORPORA) >= 10 and "eval/corpus" in CORPORA


def test_every_registry_topic_is_found_by_its_own_name() -> None:
    assert [registry_topic_named(topic.label) for topic in TOPICS] == [topic.key for topic in TOPICS]


def test_scan_and_ask_state_the_sheets_topic_statuses(corpus: tuple[ReportStore, dict[str, FactSheet]]) -> None:
    store, sheets = corpus
    model = ModelThatFailsWhenCalled()
    for topic in TOPICS:
        want = {rid: SHOWN_AS.get(s.topic(topic.key).status, s.topic(topic.key).status) for rid, s in sheets.items()}
        scanned = {row.report_id: row.status for row in scan_topic(store, topic.label, model).rows}
        assert scanned == want, topic.key
        asked = answer_question(store, f"哪些乡镇（街道）没有{topic.label}？", model).as_dict()
        assert {row["report_id"]: row["status"] for row in asked["scan"]} == want, topic.key


def _row_matches_sheet(row: TableRow, sheet: FactSheet) -> list[str]:
    """Where a table row and its sheet disagree: a figure the sheet reads must be the cell's value,
    and a cell with no figure says 'lacks' exactly when the sheet says the town lacks or only plans
    the indicator's topic in a sentence of absence."""
    wrong = []
    for key in KEYS:
        cell, entry = row.cells.get(key), sheet.indicator(key)
        if entry is not None:
            if cell is None or cell.value != entry.value or cell.quote != entry.quote:
                wrong.append(key)
        elif BY_KEY[key].topic:
            entry = sheet.topic(BY_KEY[key].topic)  # an absence, not a shortage (配备不足), is 未配备
            lacking = entry.status in ("lacks", "plans") and TOPIC_BY_KEY[entry.topic].says_absent(entry.quote or "")
            if lacking != (cell is not None and cell.value == "lacks"):
                wrong.append(key)
        elif cell is not None:
            wrong.append(key)
    return wrong


def test_table_compare_and_memo_show_the_sheets_figures_and_lacks(
    corpus: tuple[ReportStore, dict[str, FactSheet]],
) -> None:
    store, sheets = corpus
    reports = store.reports()
    rows = {row.report_id: row for row in build_rows(collect_reports(store, reports), None)}
    assert {rid: _row_matches_sheet(rows[rid], sheet) for rid, sheet in sheets.items()} == {rid: [] for rid in sheets}

    towns = list(dict.fromkeys(r.meta["town"] for r in reports if r.meta.get("town")))
    comparison = compare_towns(store, towns)
    for report in (r for r in reports if r.meta.get("town")):
        column = f"{report.meta['town']}（{report.meta.get('year')}）"
        for key in KEYS:
            cell = next(r for r in comparison.rows if r.item == BY_KEY[key].zh).cells[column]
            table_cell = rows[report.id].cells[key]
            assert (cell.status, cell.quote) == (
                ("not_stated", None) if table_cell is None
                else ("lacks" if table_cell.value == "lacks" else "stated", table_cell.quote)
            ), (column, key)

    for county, year in {(r.meta.get("county"), r.meta.get("year")) for r in reports if r.meta.get("county")}:
        memo = build_digest(store, county, year)
        header, *body = next(s.table for s in memo.sections if s.table)
        in_memo = {r.id: r for r in reports if r.in_scope(county) and r.meta.get("year") == year}
        for line in body:
            report = next(r for r in in_memo.values() if (r.meta.get("town") or r.file) == line[0])
            expected = [cell_text(rows[report.id].cells.get(key), key, unsettled_mark=False) for key in TABLE_KEYS]
            assert line[1:] == expected, (county, line[0])


def test_check_compare_and_memo_read_the_sheets_outline(corpus: tuple[ReportStore, dict[str, FactSheet]]) -> None:
    store, sheets = corpus
    for report in store.reports():
        check = check_outline(store.document(report.id), report.meta)
        assert {p.part: p.status for p in sheets[report.id].parts} == {
            f.item: f.status for f in check.findings if f.item in {p.part for p in sheets[report.id].parts}
        }
