"""Answers are checked against the passages they were written from: fabricated quotes and
invented numbers never reach the user as if they were in a report."""

from __future__ import annotations

import pytest

from agent.citations import check_answer
from agent.evidence import Ledger
from store.store import ReportStore


@pytest.fixture
def west(sample_store: ReportStore) -> tuple[Ledger, ReportStore]:
    ledger = Ledger()
    ledger.add_all(sample_store.search("持有行政执法证人员 执法记录仪", k=4, town="西大沟镇"))
    return ledger, sample_store


def _label_of(ledger: Ledger, needle: str) -> str:
    return next(label for label, p in ledger.passages.items() if needle in p.hit.text)


def test_a_supported_number_is_cited_with_the_sentence_that_holds_it(west) -> None:
    ledger, store = west
    label = _label_of(ledger, "持有行政执法证人员4人")
    checked = check_answer(f"西大沟镇持证执法人员有4人。[{label}]", ledger, store, "西大沟镇持证执法人员有多少人？", "zh")
    assert checked.verified
    assert checked.text == "西大沟镇持证执法人员有4人。[1]"
    [citation] = checked.citations
    assert "持有行政执法证人员4人" in citation.quote
    original = (store.document(citation.report_id)).original
    assert "".join(original[citation.start : citation.end].split()) == "".join(citation.quote.split())
    assert original.count("\n", 0, citation.start) + 1 == citation.line


def test_the_citation_follows_the_number_even_when_the_model_names_the_wrong_passage(west) -> None:
    ledger, store = west
    wrong = _label_of(ledger, "执法记录仪")
    checked = check_answer(f"全镇持有行政执法证人员4人。[{wrong}]", ledger, store, "q", "zh")
    assert any("持有行政执法证人员4人" in c.quote for c in checked.citations)


def test_an_invented_number_removes_its_sentence_and_marks_the_answer(west) -> None:
    ledger, store = west
    label = _label_of(ledger, "持有行政执法证人员4人")
    checked = check_answer(
        f"西大沟镇持证执法人员有4人。[{label}]另有执法记录仪37台。[{label}]", ledger, store, "q", "zh"
    )
    assert "37" not in checked.text
    assert "4人" in checked.text
    assert not checked.verified
    assert any("37" in p for p in checked.problems)


def test_a_fabricated_quote_is_removed(west) -> None:
    ledger, store = west
    label = _label_of(ledger, "执法记录仪")
    checked = check_answer(f"报告称「全镇已全面配备执法记录仪并实现全覆盖」。[{label}]", ledger, store, "q", "zh")
    assert "全面配备执法记录仪并实现全覆盖" not in checked.text
    assert "〔无法核实的引文已删除〕" in checked.text
    assert not checked.verified


def test_a_real_quote_survives_whatever_its_spacing(west) -> None:
    ledger, store = west
    label = _label_of(ledger, "执法记录仪")
    checked = check_answer(f"报告写道「未配备 执法记录仪等专业设备」。[{label}]", ledger, store, "q", "zh")
    assert checked.verified
    assert "未配备 执法记录仪等专业设备" in checked.text


def test_unknown_labels_and_filler_are_dropped(west) -> None:
    ledger, store = west
    label = _label_of(ledger, "持有行政执法证人员4人")
    checked = check_answer(f"4人。[{label}]依据 [{label}] 和 [S99]。", ledger, store, "q", "zh")
    assert checked.text == "4人。[1]"
    assert checked.problems == ["cited unknown source S99"]


def test_made_up_labels_are_dropped_and_their_digits_are_not_figures(west) -> None:
    ledger, store = west
    checked = check_answer("西大沟镇的GDP为[SF2]。[SF1]", ledger, store, "q", "zh")
    assert "SF" not in checked.text and "2" not in checked.text
    assert checked.problems == ["cited unknown source SF2", "cited unknown source SF1"]
