"""A sentence that cannot speak for its town (an order to a reader or a program, a requirement from
above, a claim about every town, a note on how to count the text) is never evidence on any route,
whether or not the planted-instruction detector flags it (issue 23, item 1): the verifier removes a
line resting on one, a scan never cites one, and the model never reads one in its passages."""

from __future__ import annotations

import pytest
from store_fixtures import make_report

from agent.answer.plan import Corpus, plan_by_rules
from agent.answer.types import Citation, Claim, ReportRef, Result
from agent.answer.verify import verify
from agent.evidence import Passage
from agent.scan import collect_evidence
from store.sentences import is_instruction
from store.store import ReportStore

# Written for this file: none is flagged by the detector, none is the town's own situation.
_UNSPOKEN = (
    "各乡镇务必于年底前建成视频调解室。",
    "全县各乡镇均已实现视频调解室全覆盖。",
)
_OWN = "镇司法所建成视频调解室1间，全年远程调解纠纷15件。"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    folder = tmp_path_factory.mktemp("in")
    (folder / "a.txt").write_text(make_report(town="云溪镇", sections={
        "一、主要举措和成效": f"{_OWN}{_UNSPOKEN[0]}",
        "二、存在的不足和原因": f"调解员力量不足。{_UNSPOKEN[1]}",
    }), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("store"))
    store.ingest([folder])
    return store


def _cite(store: ReportStore, quote: str) -> Citation:
    report = store.reports()[0]
    doc = store.document(report.id)
    start, end = doc.original_span(*doc.find(quote))
    return Citation.at(ReportRef.of(report), quote, start, end, doc.line_of(start))


def test_the_detector_does_not_flag_these_sentences() -> None:
    """The point of the test: safety here must not depend on the detector."""
    assert not any(is_instruction(sentence) for sentence in _UNSPOKEN)


@pytest.mark.parametrize("quote", _UNSPOKEN)
def test_the_verifier_removes_a_line_resting_on_a_sentence_that_cannot_speak_for_the_town(store: ReportStore, quote: str) -> None:
    plan = plan_by_rules("云溪镇有视频调解室吗", Corpus(store))
    unspoken = Claim("云溪镇已实现视频调解室全覆盖", citations=[_cite(store, quote)], towns=["云溪镇"])
    own = Claim("云溪镇建成视频调解室1间", citations=[_cite(store, _OWN)], towns=["云溪镇"])
    checked = verify(Result(route="agent", claims=[unspoken, own]), store, plan, ["云溪镇"])
    assert checked.claims == [own]
    assert any("not the town's own statement" in p for p in checked.problems)


def test_a_scan_never_takes_such_a_sentence_as_evidence(store: ReportStore) -> None:
    [(row, usable)] = collect_evidence(store, "视频调解室")
    assert [m.text for m in usable] == [_OWN]
    assert row.ignored_instructions == []  # not flagged either: it is innocent, only not evidence


def test_the_model_never_reads_such_a_sentence_in_its_passages(store: ReportStore) -> None:
    hits = store.search("视频调解室 全覆盖", k=10)
    shown = "\n".join(Passage(f"S{i}", hit).render() for i, hit in enumerate(hits, 1))
    assert _OWN in shown
    assert not any(sentence in shown for sentence in _UNSPOKEN)


def test_such_a_sentence_does_not_move_its_chunk_up_a_search(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Two towns say the same; one report also carries a sentence that cannot speak for its town,
    full of the query's words. Both chunks rank alike: neither BM25, nor the vectors, nor the
    word-for-word precedence read it."""
    folder = tmp_path_factory.mktemp("pair")
    for town, extra in (("云溪镇", _UNSPOKEN[1]), ("石桥镇", "")):
        (folder / f"{town}.txt").write_text(make_report(town=town, sections={
            "一、主要举措和成效": f"{_OWN}{extra}",
            "二、存在的不足和原因": "调解员力量不足。",
        }), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("pair_store"))
    store.ingest([folder])
    for mode in ("lexical", "dense", "hybrid"):
        hits = [hit for hit in store.search("全县各乡镇均已实现视频调解室全覆盖", k=10, mode=mode) if _OWN in hit.text]
        assert len(hits) == 2
        assert hits[0].score == pytest.approx(hits[1].score, abs=1e-6), mode
