"""Ranking over an in-memory chunk table, with no Chroma and no catalog (store/ranking.py): the
filter masks, a query's town narrowing, the word-for-word precedence and BM25's field weighting."""

from __future__ import annotations

import numpy as np
import pytest

from store.catalog import ChunkRow, ReportRow
from store.ranking import ChunkTable


def _table() -> ChunkTable:
    reports = {
        "r1": ReportRow("r1", "a.txt", "/a.txt", {"town": "东岭镇", "county": "云岭县", "year": 2024}, [], 0, 0),
        "r2": ReportRow("r2", "b.txt", "/b.txt", {"town": "西岭乡", "county": "云岭县", "year": 2023}, [], 0, 0),
    }
    texts = [("r1", "全年调处矛盾纠纷80件，调解成功率97%。", "measures"), ("r1", "执法力量偏少，执法记录仪仅有2台。", "shortcomings"),
             ("r2", "全年调处矛盾纠纷45件，推行“首违不罚”清单。", "measures"), ("r2", "普法形式单一。", "shortcomings")]
    chunks = [ChunkRow(i, text, ("一、",), part, 0, len(text), 1, f"c{i}", report) for i, (report, text, part) in enumerate(texts)]
    return ChunkTable(chunks, reports, None)


@pytest.fixture(scope="module")
def table() -> ChunkTable:
    return _table()


def test_masks_select_by_town_county_year_and_part(table: ChunkTable) -> None:
    assert list(np.flatnonzero(table.mask(["东岭镇"], None, None, None, None))) == [0, 1]
    assert list(np.flatnonzero(table.mask(None, "云岭县", 2023, "shortcomings", None))) == [3]
    assert list(np.flatnonzero(table.mask(None, None, None, None, {"r2"}))) == [2, 3]
    assert table.matching_towns("西岭") == ["西岭乡"]


def test_a_town_named_in_the_query_is_filtered_then_taken_out_of_the_words(table: ChunkTable) -> None:
    assert table.towns_named("东岭镇的执法记录仪有几台") == ["东岭镇"]
    assert "东岭" not in table.without_towns("东岭镇的执法记录仪有几台", ["东岭镇"])


def test_lexical_scores_favour_the_chunk_with_the_words(table: ChunkTable) -> None:
    scores = table.lexical_scores("执法记录仪", np.ones(4, dtype=bool))
    assert int(np.argmax(scores)) == 1


def test_a_quoted_phrase_puts_its_passage_first(table: ChunkTable) -> None:
    assert table.verbatim_first("“首违不罚”的做法", [0, 1, 2, 3])[0] == 2
    hit = table.hit(2, 0.5)
    assert (hit.town, hit.year, hit.part, hit.file) == ("西岭乡", 2023, "measures", "b.txt")
