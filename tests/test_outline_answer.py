"""Outline questions are answered by code from the heading tree, citing the heading itself."""

from __future__ import annotations

import re

import pytest
from store_fixtures import ROOT

from agent.answer.pipeline import answer_question
from store.store import ReportStore


@pytest.fixture(scope="module")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    store = ReportStore(tmp_path_factory.mktemp("corpus-store"))
    store.ingest([p for p in (ROOT / "eval" / "corpus").iterdir() if p.suffix != ".yaml"])
    return store


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("蒿坪镇的报告是否写了党政主要负责人履行推进法治建设第一责任人职责情况？", "没有写「第一责任人职责」部分"),
        ("青篁镇的报告有没有“其他需要报告的情况”这一部分？", "没有写「其他需要报告的情况」部分"),
        ("杪林乡的报告中存在问题和下步打算是分开写的吗？", "合并写在「三、存在问题及下步打算」中"),
        ("滃溪镇报告中下一年度工作计划部分的标题是什么？", "标题为「四、2025年度工作计划和目标举措」"),
        ("蒿坪镇的报告有没有落款单位和日期？", "没有落款单位和日期"),
    ],
)
def test_outline_questions(corpus_store: ReportStore, question: str, expected: str) -> None:
    answer = answer_question(corpus_store, question, model=None)
    assert answer.route == "outline" and answer.usage.llm_calls == 0
    assert expected in answer.answer
    for citation in answer.citations:
        original = corpus_store.document(citation.report_id).original
        assert original[citation.start : citation.end] == citation.quote


def test_county_questions_cite_the_stated_county_or_say_it_is_unstated(corpus_store: ReportStore) -> None:
    stated = answer_question(corpus_store, "青篁镇属于哪个县？", model=None)
    assert "青篁镇（2024）写明所属县（区）为「岚峪县」。[1]" in stated.answer
    [citation] = stated.citations
    assert corpus_store.document(citation.report_id).original[citation.start : citation.end] == "岚峪县"
    unstated = answer_question(corpus_store, "沣口镇隶属于哪个县？", model=None)
    assert "沣口镇（2024）的报告没有写明所属的县（区）" in unstated.answer and unstated.citations == []


@pytest.mark.parametrize(
    ("question", "expected", "absent"),
    [
        ("哪些报告缺少第一责任人部分？", "- 蒿坪镇（2024）", "- 青篁镇"),
        ("Which reports lack the section on the first responsible person's duties?", "- 蒿坪镇 (2024)", "- 青篁镇"),
        ("哪些乡镇（街道）的报告五个部分都写全了？", "五个规定部分都单独写了的报告", None),
        ("哪些报告没有落款日期？", "没有写明落款日期的报告", None),
    ],
)
def test_outline_questions_over_every_report(corpus_store: ReportStore, question: str, expected: str, absent: str | None) -> None:
    answer = answer_question(corpus_store, question, model=None)
    assert answer.route == "outline" and answer.verified
    assert expected in answer.answer
    assert absent is None or absent not in answer.answer
    assert len(answer.reports_considered) == len(corpus_store.reports())


def test_signature_answers_cite_the_signing_lines(corpus_store: ReportStore) -> None:
    answer = answer_question(corpus_store, "鹭栖镇的报告有没有落款单位和日期？", model=None)
    assert answer.verified and answer.citations
    assert any(re.search(r"20\d\d年\d{1,2}月\d{1,2}日", c.quote) for c in answer.citations)
    for citation in answer.citations:
        original = corpus_store.document(citation.report_id).original
        assert original[citation.start : citation.end] == citation.quote


def test_the_earliest_signature_asked_after_the_dates_is_compared_within_its_own_year(tmp_path) -> None:  # noqa: ANN001
    """multipart13: 看落款：哪份没写日期？哪几份党政联合落款？2024年度的报告里哪份落款最早？: the second sentence is over
    every report (a year named only by the third is the third's), and the third names the earliest date of
    its year's reports, compared by code and cited to that date's line."""
    from store_fixtures import make_report

    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, year, date in (("a", "甲岭镇", 2024, "2025年1月20日"), ("b", "乙岭镇", 2024, "2025年1月8日"),
                                   ("c", "丙岭乡", 2025, "2026年1月3日")):
        (folder / f"{name}.txt").write_text(make_report(town=town, year=year, signature=date), encoding="utf-8")
    joint = make_report(town="丁岭镇", year=2025, signature=None) + "\n中共云岭县丁岭镇委员会\n云岭县丁岭镇人民政府\n2026年1月12日\n"
    (folder / "d.txt").write_text(joint, encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = answer_question(store, "看落款：哪份没写日期？哪几份是党委和政府联合落款的？2024年度的报告里哪份落款日期最早？", model=None)
    assert answer.verified
    assert (answer.plan.outline_ask, answer.plan.years) == ("signature", [])
    assert [(p.outline_ask, p.years) for p in answer.plan.parts] == [("issuer", []), ("signed_order", [2024])]
    joint_block = answer.answer.split("党委、政府联合落款的报告")[1].split("只以政府")[0]
    assert "丁岭镇（2025）" in joint_block
    assert "2份写明日期的报告中落款日期最早的是乙岭镇（2024）：2025-01-08" in answer.answer


def test_the_mandated_order_recited_in_the_question_checks_all_five_each_alone(tmp_path) -> None:  # noqa: ANN001
    """multipart14: "against the 2019 rules (measures, shortcomings, duties, plans, other — in that order), which
    have all five as separate parts in that order, and what is wrong with the others?": no year scope from the
    rules' name; each report against the whole order, a missing or merged part keeping it out, said in brackets;
    缺的是哪部分 of a named report lists the parts it lacks."""
    from store_fixtures import make_report

    folder = tmp_path / "in"
    folder.mkdir()
    full = {"一、主要举措和成效": "全年开展执法检查40次。", "二、存在的不足和原因": "执法力量薄弱。",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。", "四、下一年度工作安排": "加强培训。",
            "五、其他需要报告的情况": "无。"}
    short = {k: v for k, v in full.items() if not k.startswith("三")}
    (folder / "a.txt").write_text(make_report(town="甲岭镇", sections=full), encoding="utf-8")
    (folder / "b.txt").write_text(make_report(town="乙岭镇", sections=short), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = answer_question(store, "I'm checking structure against the 2019 督察工作规定 (measures & results, shortcomings & causes, "
                                    "the heads' duties, next year's plans, other matters — in that order). Which reports have all "
                                    "five as separate parts in exactly that order, and for the others, what's wrong?", model=None)
    assert answer.plan.years == [] and answer.plan.all_five
    first, second = answer.answer.split("Reports that fall short")[:2]
    assert "甲岭镇" in first and "乙岭镇" not in first
    assert "乙岭镇" in second and "missing duties of the principal leaders" in second
    lacking = answer_question(store, "乙岭镇那份报告是不是缺了一块？缺的是哪部分？", model=None)
    assert lacking.plan.outline_ask == "complete" and "缺少第一责任人职责" in lacking.answer
