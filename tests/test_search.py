"""Search behaviour: which towns restrict a query, fusion of the two rankings, exact phrases."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from store_fixtures import make_report

from store.ranking import fuse
from store.store import ReportStore

_NEWS = (
    "来源：新华社 2023-08-14，正文：商务部等9部门印发通知，支持乡镇商贸中心改造，"
    "推动县域商业体系建设和中国城镇化，引导连锁企业向乡镇延伸网点。\n"
)


@pytest.fixture(scope="module")
def mixed_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """Two township reports and a news text that talks about 乡镇 and 城镇."""
    folder = tmp_path_factory.mktemp("mixed-in")
    (folder / "qingshi.txt").write_text(make_report(town="青石乡"), encoding="utf-8")
    (folder / "baishui.txt").write_text(make_report(town="白水镇"), encoding="utf-8")
    (folder / "news.txt").write_text(_NEWS, encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("mixed-store"))
    assert store.ingest([folder]).count("added") == 3
    return store


def test_a_news_text_gets_no_town_and_a_common_word_restricts_nothing(mixed_store: ReportStore) -> None:
    assert {r.file: r.meta.get("town") for r in mixed_store.reports()}["news.txt"] is None
    towns = {h.town for h in mixed_store.search("乡镇执法记录仪配备", k=20)}
    assert {"青石乡", "白水镇"} <= towns
    assert any(h.file == "news.txt" for h in mixed_store.search("乡镇商贸中心改造", k=5))


def test_a_common_word_held_as_a_town_by_an_older_store_does_not_restrict(tmp_path: Path) -> None:
    """A store ingested before metadata knew what a town is may hold 乡镇 as a news text's town:
    search must not read 乡镇 in a query as that town."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "qingshi.txt").write_text(make_report(town="青石乡"), encoding="utf-8")
    (folder / "news.txt").write_text(_NEWS, encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    with store.catalog.transaction() as db:
        db.execute("UPDATE reports SET meta = json_set(meta, '$.town', '乡镇') WHERE file = 'news.txt'")
    hits = store.search("乡镇执法记录仪配备", k=5)
    assert any(h.town == "青石乡" and "执法记录仪" in h.text for h in hits)
    assert store.search("执法记录仪", town="乡镇") == []


def test_a_query_that_occurs_verbatim_ranks_its_passage_first(sample_store: ReportStore) -> None:
    for query in ("253件", "会前学法91次", "烟花爆竹690余件"):
        hits = sample_store.search(query, k=5)
        assert hits and query in "".join(hits[0].text.split()), query


def test_a_quoted_phrase_ranks_the_passages_that_hold_it_first(mixed_store: ReportStore) -> None:
    """Unquoted, the reports' 执法记录仪 passages win; quoted, 乡镇 must be in the passage."""
    assert mixed_store.search("乡镇执法记录仪配备", k=1)[0].file != "news.txt"
    assert mixed_store.search("“乡镇”执法记录仪配备", k=1)[0].file == "news.txt"


def test_fusion_keeps_a_clear_lexical_winner_above_dense_favourites() -> None:
    """Chunk 0 is BM25's clear first and the dense ranking's last; chunks 1-3 are dense favourites
    BM25 barely matched. Rank fusion (1/(60+rank) each) put 1 above 0; score fusion must not."""
    lexical = np.array([30.0, 2.0, 1.5, 1.0, 0.0])
    dense = {1: 0.62, 2: 0.61, 3: 0.60, 0: 0.40}
    fused = fuse(lexical, dense, share=0.8)
    assert max(fused, key=fused.get) == 0
    assert set(fused) == {0, 1, 2, 3}


def test_fusion_lets_the_dense_ranking_break_near_ties() -> None:
    lexical = np.array([10.0, 9.9, 1.0])
    fused = fuse(lexical, {1: 0.7, 0: 0.3, 2: 0.2}, share=0.8)
    assert sorted(fused, key=fused.get, reverse=True)[:2] == [1, 0]


def test_single_mode_fusion_keeps_that_ranking_and_an_unknown_mode_is_refused(sample_store: ReportStore) -> None:
    assert fuse(np.array([3.0, 0.0, 5.0]), {}, share=1.0) == {2: 1.0, 0: 0.0}
    with pytest.raises(ValueError):
        sample_store.search("执法", mode="bm25")


def test_while_some_candidates_wait_for_their_vectors_all_rank_by_their_words() -> None:
    """Chunk 1 has no vector yet (its ingest is still embedding): the dense ranking cannot return
    it, and scoring it as the least similar would sink BM25's clear first below chunk 0."""
    lexical = np.array([8.0, 10.0, 0.0])
    dense = {0: 0.9, 2: 0.8}
    fused = fuse(lexical, dense, share=0.8)
    assert max(fused, key=fused.get) == 0
    assert fuse(lexical, dense, share=0.8, unembedded=lambda i: i == 1) == {0: 0.8, 1: 1.0, 2: 0.0}
    assert fuse(lexical, dense, share=0.8, unembedded=lambda i: i == 5) == fused, "none of them waits"
