"""「比较A镇和B镇…」 asked of ``fazhi ask`` goes to the side-by-side comparison: overall (every
indicator and mandated part) or one topic, each line about one town and cited from that town's
own report; what a report does not mention is never written as a lack."""

from __future__ import annotations

import re

from agent.answer.pipeline import answer_question
from store.store import ReportStore


def _verbatim(store: ReportStore, answer) -> None:  # noqa: ANN001
    for citation in answer.citations:
        original = store.document(citation.report_id).original
        assert "".join(original[citation.start : citation.end].split()) == "".join(citation.quote.split())


def test_overall_comparison_cites_each_town_from_its_own_report(corpus_store: ReportStore) -> None:
    answer = answer_question(corpus_store, "比较滃溪镇和雁汊镇的法治政府建设情况", None)
    assert answer.route == "comparison" and answer.verified and not answer.problems
    assert {c.town for c in answer.citations} == {"滃溪镇", "雁汊镇"}
    _verbatim(corpus_store, answer)
    for line in answer.answer.splitlines():
        for marker in re.findall(r"\[(\d+)\]", line):
            assert answer.citations[int(marker) - 1].town in line
    assert "举措和成效" in answer.answer and "其他需要报告的情况" in answer.answer


def test_overall_comparison_quotes_long_headings_as_the_file_has_them(sample_store: ReportStore) -> None:
    answer = answer_question(sample_store, "比较陶家镇和田镇街道的法治政府建设情况", None)
    assert answer.route == "comparison" and answer.verified and not answer.problems
    _verbatim(sample_store, answer)
    assert "第一责任人职责" in answer.answer


def test_topic_comparison_keeps_not_mentioned_apart_from_lacks(corpus_store: ReportStore) -> None:
    answer = answer_question(corpus_store, "滃溪镇和雁汊镇的网格工作有何不同", None)
    assert answer.route == "comparison" and answer.plan.topic == "网格"
    _verbatim(corpus_store, answer)
    lines = answer.answer.splitlines()
    wengxi = next(line for line in lines if line.startswith("滃溪镇"))
    assert "没有提到" in wengxi and "不等于没有" in wengxi and "[" not in wengxi  # never "lacks", never cited
    yancha = next(line for line in lines if line.startswith("雁汊镇"))
    assert "[" in yancha and {c.town for c in answer.citations} == {"雁汊镇"}
