"""Search behaviour: which towns restrict a query, fusion of the two rankings, exact phrases."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixtures import make_report

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
