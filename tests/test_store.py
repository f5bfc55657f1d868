"""The store: exact citation spans, idempotent and crash-safe ingest, filters, hybrid recall.

Tests that take ``sample_store``, ``fresh_store`` or ``store_site`` run twice: on an embedded
store, and on a store on a real Chroma server (``chroma run``, started once per session)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from store_fixtures import ROOT, SAMPLES, STORE_MODES, StoreSite, make_report

from store.normalize import normalize
from store.store import ReportStore


@pytest.fixture(params=STORE_MODES)
def sample_store(request: pytest.FixtureRequest) -> ReportStore:
    """The samples store, embedded and on the test Chroma server."""
    return request.getfixturevalue(f"{request.param}_sample_store")


def _squash(text: str) -> str:
    return "".join(text.split())


def _vector_ids(store: ReportStore) -> set[str]:
    return set(store._collection.get(include=[])["ids"])


def _catalog_chunk_ids(store: ReportStore) -> set[str]:
    return {chunk.id for chunk in store.catalog.chunks()}


def test_every_chunk_points_at_its_exact_place_in_the_original(sample_store: ReportStore) -> None:
    for report in sample_store.reports():
        original = (SAMPLES / report.file).read_text(encoding="utf-8")
        chunks = [c for c in sample_store.catalog.chunks() if c.report_id == report.id]
        assert chunks, report.file
        for chunk in chunks:
            assert _squash(normalize(original[chunk.start : chunk.end]).text) == _squash(chunk.text)
            assert original.count("\n", 0, chunk.start) + 1 == chunk.line


def test_chunks_follow_top_level_sections(sample_store: ReportStore) -> None:
    for chunk in sample_store.catalog.chunks():
        if chunk.section:
            assert len({chunk.part}) == 1
            assert chunk.text.count("\n一、") + chunk.text.count("\n二、") + chunk.text.count("\n三、") == 0


def test_reports_carry_metadata_parts_and_counts(sample_store: ReportStore) -> None:
    rows = {r.meta["town"]: r for r in sample_store.reports()}
    assert set(rows) == {"田镇街道", "建设街道", "西大沟镇", "陶家镇", "城西街道"}
    assert rows["建设街道"].parts == ["measures", "shortcomings", "first_responsible", "plans", "other"]
    assert all(r.chunks > 3 and r.chars > 2000 for r in rows.values())


def test_reingesting_unchanged_files_adds_nothing(sample_store: ReportStore) -> None:
    before = (_vector_ids(sample_store), sample_store.catalog.generation)
    summary = sample_store.ingest([SAMPLES])
    assert summary.count("unchanged") == 5 and summary.count("added", "replaced") == 0
    assert (_vector_ids(sample_store), sample_store.catalog.generation) == before


def test_a_changed_file_replaces_its_old_chunks(fresh_store: ReportStore, write_report) -> None:
    path = write_report("r.txt", town="青石乡")
    first = fresh_store.ingest([path]).outcomes[0]
    path.write_text(make_report(town="青石乡").replace("18人", "20人"), encoding="utf-8")
    second = fresh_store.ingest([path]).outcomes[0]
    assert (first.status, second.status) == ("added", "replaced")
    assert [r.id for r in fresh_store.reports()] == [second.report_id]
    assert _vector_ids(fresh_store) == _catalog_chunk_ids(fresh_store)
    assert all(not cid.startswith(first.report_id) for cid in _vector_ids(fresh_store))


def test_the_same_text_under_another_name_is_a_duplicate(fresh_store: ReportStore, write_report) -> None:
    a, b = write_report("a.txt"), write_report("附件2.txt")
    statuses = {Path(o.file).name: o.status for o in fresh_store.ingest([a, b]).outcomes}
    assert statuses == {"a.txt": "added", "附件2.txt": "duplicate"}


def test_remove_deletes_the_report_and_its_vectors(fresh_store: ReportStore, write_report) -> None:
    fresh_store.ingest([write_report("a.txt", town="青石乡"), write_report("b.txt", town="白水镇")])
    removed = fresh_store.remove("a.txt")
    assert removed.meta["town"] == "青石乡"
    assert [r.meta["town"] for r in fresh_store.reports()] == ["白水镇"]
    assert _vector_ids(fresh_store) == _catalog_chunk_ids(fresh_store)
    with pytest.raises(KeyError):
        fresh_store.remove("a.txt")


def test_bad_files_are_reported_and_leave_the_store_untouched(fresh_store: ReportStore, write_report) -> None:
    good = write_report("good.txt")
    fresh_store.ingest([good])
    before = (_vector_ids(fresh_store), [r.id for r in fresh_store.reports()])
    bad = good.parent / "bad.txt"
    bad.write_bytes(b"\x00\x01\x02\x03binary")
    empty = good.parent / "empty.txt"
    empty.write_bytes(b"")
    summary = fresh_store.ingest([bad, empty, good])
    assert [(o.status, o.problem) for o in summary.failed] == [
        ("failed", "binary file, not text"),
        ("failed", "empty file"),
    ]
    assert summary.count("unchanged") == 1
    assert (_vector_ids(fresh_store), [r.id for r in fresh_store.reports()]) == before


def test_filters_restrict_results(sample_store: ReportStore) -> None:
    assert {h.town for h in sample_store.search("矛盾纠纷化解", k=20, town="西大沟")} == {"西大沟镇"}
    assert {h.county for h in sample_store.search("法治宣传", k=20, county="黔江区")} == {"黔江区"}
    assert {h.year for h in sample_store.search("法治宣传", k=20, year=2025)} == {2025}
    assert {h.part for h in sample_store.search("法治宣传", k=20, part="plans")} == {"plans"}
    assert sample_store.search("法治宣传", town="不存在的镇") == []


def test_hybrid_finds_the_body_camera_passage(sample_store: ReportStore) -> None:
    hits = sample_store.search("执法记录仪配备情况", k=5)
    assert any("执法记录仪" in h.text and h.town == "西大沟镇" for h in hits[:2])


def _recall_at_5(store: ReportStore, queries: list[dict], mode: str = "hybrid") -> float:
    found = 0
    for case in queries:
        hits = store.search(case["query"], k=5, mode=mode)
        found += any(h.file == Path(case["file"]).name and _squash(case["expect"]) in _squash(h.text) for h in hits)
    return found / len(queries)


def test_search_recall_on_the_written_query_set(sample_store: ReportStore) -> None:
    queries = [
        q for q in yaml.safe_load((ROOT / "eval" / "retrieval_queries.yaml").read_text(encoding="utf-8"))["queries"]
        if (SAMPLES / q["file"]).exists()
    ]
    assert len(queries) >= 20
    hybrid = _recall_at_5(sample_store, queries)
    assert hybrid >= 0.8
    assert hybrid >= _recall_at_5(sample_store, queries, mode="dense")


_INGEST_SCRIPT = """
import sys
from pathlib import Path
from store.store import ReportStore
ReportStore(Path(sys.argv[1])).ingest([Path(sys.argv[2])])
"""


def test_kill_minus_nine_mid_ingest_leaves_a_consistent_store_that_resumes(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    towns = [f"{name}镇" for name in "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉"]
    for i, town in enumerate(towns):
        (corpus / f"r{i:02d}.txt").write_text(make_report(town=town, county="云岭县"), encoding="utf-8")
    root = tmp_path / "store"
    proc = subprocess.Popen([sys.executable, "-c", _INGEST_SCRIPT, str(root), str(corpus)], cwd=ROOT)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if (root / "catalog.sqlite").exists():
            store = ReportStore(root)
            committed = len(store.catalog.report_ids())
            store.catalog.close()
            if committed >= 1:
                break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()

    store = ReportStore(root)
    committed = store.catalog.report_ids()
    assert 0 < len(committed) <= len(towns)
    hits = store.search("执法记录仪", k=50)
    assert {h.report_id for h in hits} <= committed, "uncommitted chunks must never be served"

    summary = store.ingest([corpus])
    # a report killed between its catalog commit and its vectors is re-embedded ("repaired")
    assert summary.count("added", "unchanged", "repaired") == len(towns) and not summary.count("failed")
    assert len(store.reports()) == len(towns)
    assert _vector_ids(store) == _catalog_chunk_ids(store)


def _count_table_builds(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    from store.ranking import ChunkTable

    builds: list[int] = []
    original = ChunkTable.__init__

    def counting(self, *args, **kwargs) -> None:
        builds.append(1)
        original(self, *args, **kwargs)

    monkeypatch.setattr(ChunkTable, "__init__", counting)
    return builds


def test_search_cache_is_reused_by_a_reopened_store_and_invalidated_by_writes(
    tmp_path: Path, write_report, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "store"
    ReportStore(root).ingest([write_report("a.txt", town="青石乡"), write_report("b.txt", town="白水镇")])
    assert (root / "search-cache.pkl").exists()
    builds = _count_table_builds(monkeypatch)

    reopened = ReportStore(root)
    assert {h.town for h in reopened.search("执法记录仪", k=10)} == {"青石乡", "白水镇"}
    assert builds == [], "a reopened store must search from the cache, not rebuild"

    reopened.ingest([write_report("c.txt", town="红岩镇")])
    # once when the new report is committed (searchable by its words), once when its vectors are in
    assert len(builds) == 2
    assert {h.town for h in ReportStore(root).search("执法记录仪", k=10)} == {"青石乡", "白水镇", "红岩镇"}
    assert len(builds) == 2, "ingest left a fresh cache behind"

    ReportStore(root).remove("a.txt")
    assert len(builds) == 3
    assert {h.town for h in ReportStore(root).search("执法记录仪", k=10)} == {"白水镇", "红岩镇"}
    assert len(builds) == 3


def test_a_corrupt_or_stale_search_cache_is_rebuilt(tmp_path: Path, write_report, monkeypatch) -> None:
    root = tmp_path / "store"
    ReportStore(root).ingest([write_report("a.txt", town="青石乡")])
    builds = _count_table_builds(monkeypatch)
    (root / "search-cache.pkl").write_bytes(b"\x80\x05not a pickle")
    assert {h.town for h in ReportStore(root).search("执法记录仪")} == {"青石乡"}
    assert len(builds) == 1

    # A catalog changed behind the cache's back (another process, an old cache copied in).
    other = ReportStore(root)
    other.catalog.delete_report(other.resolve("a.txt").id)
    assert ReportStore(root).search("执法记录仪") == []
    assert len(builds) == 2



def test_a_query_naming_a_town_searches_that_town(sample_store: ReportStore) -> None:
    assert {h.town for h in sample_store.search("西大沟镇执法装备情况", k=8)} == {"西大沟镇"}
    assert {h.town for h in sample_store.search("陶家和田镇的矛盾纠纷调解", k=12)} == {"陶家镇", "田镇街道"}
    # 建设 inside 法治政府建设 is not 建设街道: the search stays across all towns.
    assert len({h.town for h in sample_store.search("法治政府建设情况", k=20)}) > 1
    # An explicit filter wins over a town in the query text.
    assert {h.town for h in sample_store.search("西大沟镇执法装备情况", k=8, town="陶家镇")} == {"陶家镇"}


def test_title_and_signature_chunks_do_not_outrank_the_answer(sample_store: ReportStore) -> None:
    hits = sample_store.search("西大沟镇有几名执法人员取得执法证", k=3)
    assert any("持有行政执法证人员4人" in _squash(h.text) for h in hits)
    assert not any(h.part == "other" or not h.section for h in hits[:1])


def test_a_second_client_sees_the_first_ones_writes(store_site: StoreSite, write_report) -> None:
    """Two clients of one store (two laptops on one server; two processes on one folder): each
    write of one is in the other's next read, its lexical index rebuilt on the changed stamp."""
    first, second = store_site.open("a"), store_site.open("b")
    assert second.search("执法记录仪") == []
    first.ingest([write_report("a.txt", town="青石乡"), write_report("b.txt", town="白水镇")])
    assert sorted(r.meta["town"] for r in second.reports()) == ["白水镇", "青石乡"]
    assert {h.town for h in second.search("执法记录仪", k=10)} == {"青石乡", "白水镇"}
    qingshi = second.resolve("a.txt")
    assert second.document(qingshi.id).original == make_report(town="青石乡")
    first.remove("a.txt")
    assert {h.town for h in second.search("执法记录仪", k=10)} == {"白水镇"}
    assert second.ingest([write_report("b.txt", town="白水镇")]).count("unchanged") == 1
    assert first.chunk_count() == second.chunk_count() == len(_vector_ids(first))

