"""Quantity questions on standard indicators are answered from the table; code compares and subtracts."""

from __future__ import annotations

import pytest

from agent.ask import answer_question
from agent.indicator_answer import indicator_asked
from store.store import ReportStore


def _answer(store: ReportStore, question: str):
    answer = answer_question(store, question, model=None)
    assert answer.route == "table" and answer.usage.llm_calls == 0
    for citation in answer.citations:
        original = store.document(citation.report_id).original
        assert "".join(original[citation.start : citation.end].split()) == "".join(citation.quote.split())
    return answer


def test_year_over_year_change_is_computed_from_both_reports(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "鹭栖镇2024年矛盾纠纷调处数量比2023年多了多少件？")
    assert "2024年比2023年增加16件" in answer.answer
    assert [c.year for c in answer.citations] == [2023, 2024]


def test_comparison_names_the_larger_town(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "滃溪镇和雁汊镇哪个镇受理的信访事项更多？")
    assert "滃溪镇的信访最多（13件）" in answer.answer
    assert {c.town for c in answer.citations} == {"滃溪镇", "雁汊镇"}


def test_totals_not_new_additions(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "鹭栖镇2024年持证执法人员有多少人？")
    assert "持证执法人员18人" in answer.answer and "3人" not in answer.answer.split("依据")[0]


def test_an_unstated_figure_is_said_to_be_unstated(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "杪林乡的调解成功率是多少？")
    assert "报告中没有写明调解成功率" in answer.answer
    assert answer.citations == []


@pytest.mark.parametrize(
    ("question", "key"),
    [
        ("西大沟镇持证执法人员有多少人？", "certified_officers"),
        ("滃溪镇和雁汊镇哪个镇受理的信访事项更多？", "petitions"),
        ("鹭栖镇2024年执法记录仪比上年新增了几台？", None),
        ("栗岗街道行政诉讼败诉了几件？", "lawsuits_lost"),
        ("栗岗街道的行政诉讼有多少件？", "admin_lawsuits"),
        ("鹭栖镇调解成功率是多少？", "mediation_success_rate"),
        ("比较陶家镇和田镇街道的矛盾纠纷调处情况", None),
    ],
)
def test_which_questions_take_the_table_route(question: str, key: str | None) -> None:
    assert indicator_asked(question) == key


def test_year_on_year_questions_also_quote_the_stated_change(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "鹭栖镇2024年信访事项同比变化了多少？")
    assert "鹭栖镇（2024年）：报告写明同比-12.5%" in answer.answer
    assert "2024年比2023年减少2件" in answer.answer
