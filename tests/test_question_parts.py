"""A question of several parts gets an answer to each part, or a line naming the part it could not
answer; and every report an answer names for what it lacks is cited (issue 22, items 2 and 5).
Reports and wordings are this file's own, written from the kinds the blind set showed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from store_fixtures import make_report

from agent.answer.pipeline import answer_question
from agent.answer.plan import Corpus, plan_question
from agent.usage import Usage
from store.store import ReportStore

_FULL = {
    "一、主要举措和成效": "（一）规范执法。镇执法中队配备执法记录仪5台。全年调处矛盾纠纷80件。",
    "二、存在的不足和原因": "执法力量偏少。",
    "三、党政主要负责人履行推进法治建设第一责任人职责情况": "镇党委书记专题研究法治工作3次。",
    "四、下一年度工作安排": "完善矛盾纠纷多元化解机制。",
    "五、其他需要报告的情况": "无。",
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    """Four towns: one complete with cameras, one lacking cameras whose plans and problems share a
    heading, one whose purchase plan fell through and that never signs, one that never mentions them."""
    folder = tmp_path_factory.mktemp("in")
    reports = {
        "a.txt": make_report(town="栖霞镇", sections=_FULL),
        "b.txt": make_report(town="枫林乡", sections={
            "一、主要举措和成效": "全年调处矛盾纠纷45件。",
            "二、存在问题及下步打算": "乡执法队目前还没有执法记录仪，现场取证靠手机拍照。下一步争取县级资金购置。",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况": "乡党委书记带头学法。"}),
        "c.txt": make_report(town="柳泉街道", signature=None, sections={
            "一、主要举措和成效": "原定年内采购执法记录仪的计划因经费未到位而搁置，执法全过程记录仍靠纸质笔录。",
            "二、存在的不足和原因": "普法形式单一。",
            "三、下一年度工作安排": "推进社区法律顾问全覆盖。"}),
        "d.txt": make_report(town="石桥镇", sections={
            "一、主要举措和成效": "全年开展普法活动20场次。",
            "二、存在的不足和原因": "调解员队伍老化。",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况": "镇长带头学法。",
            "四、下一年度工作安排": "加强调解员培训。"}),
    }
    for name, text in reports.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("store"))
    store.ingest([folder])
    return store


def _ask(store: ReportStore, question: str):
    return answer_question(store, question, None, agent_tools=False)  # no model: these parts are code's


def _cited_towns(answer) -> set[str]:
    return {c.town for c in answer.citations}


def test_a_second_sentence_is_answered_too(county: ReportStore) -> None:
    """合计多少台？哪些没有配备？: the total, then the which-towns part, with the topic carried over."""
    answer = _ask(county, "各乡镇执法记录仪合计多少台？哪些乡镇没有配备？")
    assert "5台" in answer.answer
    assert {"枫林乡", "柳泉街道"} <= _cited_towns(answer)
    lacks_line = next(line for line in answer.answer.splitlines() if "枫林乡" in line)
    assert "还没有执法记录仪" in lacks_line


def test_a_failed_purchase_plan_is_evidence_of_lacking(county: ReportStore) -> None:
    """A plan that fell through is an absence: the town stays in the answer, cited, and verified."""
    answer = _ask(county, "哪些乡镇没有配备执法记录仪？")
    assert answer.verified, answer.problems
    assert "柳泉街道" in _cited_towns(answer)


def test_a_part_code_cannot_answer_is_named_not_dropped(county: ReportStore) -> None:
    answer = _ask(county, "哪些乡镇没有配备执法记录仪？各自的执法队员怎么评价这件事？")
    assert "未能回答" in answer.answer and "怎么评价" in answer.answer
    assert "枫林乡" in _cited_towns(answer)


def test_clauses_that_each_ask_are_split_and_a_reference_back_keeps_the_towns(county: ReportStore) -> None:
    plan = plan_question("栖霞镇、柳泉街道各缺了规定五部分中的哪一部分？其中哪份没写落款日期？",
                         Corpus(county), None, Usage())
    assert plan.intent == "outline" and sorted(plan.towns) == sorted(["栖霞镇", "柳泉街道"])
    assert [(p.outline_ask, sorted(p.towns)) for p in plan.parts] == [("signature", ["柳泉街道", "栖霞镇"])]


def test_an_english_clause_that_asks_keeps_the_words_after_it_that_do_not(county: ReportStore) -> None:
    """multipart12: "which have X, and in the 2024 reports how many Y, town by town and in total" is two
    asks; "town by town and in total" belongs to the second, not a reason to plan the sentence whole."""
    plan = plan_question("Justice office staffing: which reports have the office fully staffed, and in the 2024 reports "
                         "how many posts are unfilled, town by town and in total?", Corpus(county), None, Usage())
    assert plan.topic_key == "justice_office_staff" and not plan.years
    assert [(p.intent, p.indicator, p.years) for p in plan.parts] == [("total", "justice_office_shortfall", [2024])]


def _measures_store(tmp_path: Path, reports: list[tuple[dict[str, Any], str]]) -> ReportStore:
    """A store of one small report per entry: ``make_report``'s keywords (town, county, year) and the
    one sentence of its measures part."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number, (keywords, sentence) in enumerate(reports):
        (folder / f"r{number}.txt").write_text(make_report(**keywords, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    return store


def test_a_county_named_in_a_later_sentence_is_that_sentences_scope(tmp_path: Path) -> None:
    """multipart12: "Funding in the 2024 reports: each town's figure and the total. Which A County town had
    the most?": the first sentence is over every report, the county narrows only the ranking after it."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, f"全年安排法治建设经费{amount}万元。")
                                       for town, county, amount in [("甲岭镇", "东川县", 30), ("乙岭镇", "东川县", 12), ("丙岭乡", "西川县", 50)]])
    answer = _ask(store, "Funding in the reports: each town's figure and the total. Which 东川县 town had the most funding?")
    assert "920000" in answer.answer  # every report's total
    assert [p.county for p in answer.plan.parts] == ["东川县"] and answer.plan.county is None
    assert any(line.startswith("甲岭镇") and "of 东川县" in line for line in answer.answer.splitlines())


def test_a_county_named_alone_in_a_later_sentence_scopes_it_and_all_told_asks_a_sum(tmp_path: Path) -> None:
    """multipart13: "How many items did A County's towns publish, all told? And on the B side, which
    published the most, and the gap?": the sum over A, then B's ranking with its two ends; items released
    to the public (向社会发布政务事项) are proactive disclosures."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, sentence) for town, county, sentence in [
        ("甲岭镇", "东川县", "全年主动公开政府信息120条。"), ("乙岭镇", "东川县", "全年通过政务网站向社会发布政务事项80条。"),
        ("丙岭乡", "西川县", "全年主动公开政府信息60条。"), ("丁岭乡", "西川县", "全年主动公开政府信息25条。")]])
    answer = _ask(store, "How many items of information did the Dongchuan County towns put out to the public, all told? "
                         "And on the Xichuan side, which town published the most and which the least, and what's the gap?")
    assert (answer.plan.intent, answer.plan.county) == ("total", "东川县")
    assert [(p.intent, p.county, p.order) for p in answer.plan.parts] == [("rank", "西川县", "both")]
    assert "200 items" in answer.answer and "35 items more than" in answer.answer


def test_these_two_figures_asks_every_figure_before_and_each_asks_each_report(tmp_path: Path) -> None:
    """multipart13: 东川县那几份报告，法律明白人一共多少？重大行政决策各做了几项？丁岭乡这两个数又是多少？:
    the county's sum, each report's decisions, then both figures for the town a later sentence names (a
    town named only there is not the earlier sentences')."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, sentence) for town, county, sentence in [
        ("甲岭镇", "东川县", "全年培育法律明白人30名。全年作出重大行政决策2项。"),
        ("乙岭镇", "东川县", "全年培育法律明白人12名。全年作出重大行政决策1项。"),
        ("丁岭乡", "西川县", "全年培育法律明白人9名。全年作出重大行政决策3项。")]])
    answer = _ask(store, "东川县那几份报告，法律明白人一共多少？重大行政决策各做了几项？丁岭乡这两个数又是多少？")
    assert (answer.plan.intent, answer.plan.indicator, answer.plan.county) == ("total", "legal_literates", "东川县")
    decisions, town = answer.plan.parts
    assert (decisions.indicator, decisions.towns, decisions.county) == ("major_decisions", [], "东川县")
    assert (town.towns, {town.indicator, *town.also}) == (["丁岭乡"], {"legal_literates", "major_decisions"})
    assert "42名" in answer.answer and "3项" in answer.answer and answer.plan.unanswered == []


def test_later_sentences_that_ask_again_about_the_lead_topic_are_its_groups_not_new_topics(tmp_path: Path) -> None:
    """multipart12: 哪些还没用上平台？哪些接入了但只通了一部分？哪些已经实现数据互通？ is one question on the
    platform: the second asks for those short of it, the third for those that have it, in words (数据互通)
    the reports use only of a platform; neither is a topic of its own (了一部分 was one)."""
    store = _measures_store(tmp_path, [({"town": "甲岭镇"}, "案件已全部在县执法平台办理，与县平台实现数据互通。"),
                                       ({"town": "乙岭镇"}, "已接入县执法平台，但数据只打通了一部分。"),
                                       ({"town": "丙岭乡"}, "案件登记仍靠手工台账，没有使用任何执法办案系统。")])
    answer = _ask(store, "执法平台方面：哪些还没用上任何系统？哪些接入了但数据只通了一部分？哪些已经实现数据互通？")
    assert answer.plan.topic_key == "enforcement_platform" and answer.plan.parts == [] and answer.plan.asks_short
    assert "「了一部分」" not in answer.answer and "「数据互通」" not in answer.answer and "未能回答" not in answer.answer
    assert [(r["town"], r["status"]) for r in sorted(answer.scan, key=lambda r: r["town"])] == [
        ("丙岭乡", "lacks"), ("乙岭镇", "lacks"), ("甲岭镇", "has")]


def test_a_last_sentence_asking_who_never_mentions_the_same_thing_keeps_the_figures_answer(tmp_path: Path) -> None:
    """multipart12: 哪些明确说没有行政复议？哪些有复议决定被撤销的？哪份压根没提行政复议？ is answered from the
    figures (none, some, not stated), not as "which mention it"; the outcome (被撤销) is a figure of its
    own, read from a sentence that gives the one case's outcome in words."""
    store = _measures_store(tmp_path, [({"town": "甲岭镇"}, "本年度未发生行政复议案件。"),
                                       ({"town": "乙岭镇"}, "全年发生行政复议案件1件，复议机关撤销了镇政府的处罚决定。"),
                                       ({"town": "丙岭乡"}, "全年开展普法活动12场。")])
    answer = _ask(store, "哪些报告明确说一起行政复议都没有？哪些有复议决定被撤销的？哪份压根没提行政复议？")
    assert answer.plan.intent == "lacks" and answer.plan.indicator == "admin_reconsiderations"
    assert answer.plan.unanswered == []
    assert [p.indicator for p in answer.plan.parts if p.indicator != "admin_reconsiderations"] == ["reconsiderations_overturned"]
    assert "「全年发生行政复议案件1件，复议机关撤销了镇政府的处罚决定」" in answer.answer
    assert {"甲岭镇", "乙岭镇", "丙岭乡"} <= _cited_towns(answer)


def test_english_clauses_asking_for_the_partial_and_the_silent_are_the_scans_groups(county: ReportStore) -> None:
    """multipart12: "which say every village has one, which report only partial coverage, and which report
    says nothing about it": the later clauses ask for groups the coverage answer lists, not parts unanswered."""
    answer = _ask(county, "Body cameras: which towns have them, which report only partial equipment, and which report says nothing about it?")
    assert answer.plan.topic_key == "body_cameras" and answer.plan.unanswered == [] and answer.plan.asks_short
    assert "石桥镇" in _cited_towns(answer)  # the one that never mentions them, cited where it would say it


def test_compare_is_an_ask_of_its_own_beside_the_clause_after_it(county: ReportStore) -> None:
    """multipart12: "X and Y: compare A and B in 2025, and name the 2024 report that gives no Y count" is
    two asks: the comparison in its own year, and the reports over the other year that give no count."""
    plan = plan_question("Disputes mediated and body cameras: compare 栖霞镇 and 枫林乡 in 2024, and name the 2024 report that "
                         "gives a dispute count but no camera count.", Corpus(county), None, Usage())
    assert plan.intent == "compare" and sorted(plan.towns) == ["枫林乡", "栖霞镇"] and plan.years == [2024]
    assert [(p.intent, p.towns) for p in plan.parts] == [("disclosure", [])]


def test_whose_asks_which_towns_and_what_they_lean_on_instead_is_the_lacking_towns_quotes(county: ReportStore) -> None:
    """multipart13: "whose squad would be starting from zero, whose has a few but is short, whose has one each"
    asks which towns; "who do they lean on instead" after the towns that lack it is told by their own quotes."""
    plan = plan_question("Whose enforcement squad would be starting from zero on body cameras, and whose has a few but says it is short?",
                         Corpus(county), None, Usage())
    assert plan.intent in ("has", "lacks") and plan.topic_key == "body_cameras" and plan.every_report
    lean = plan_question("Which towns have no body cameras, and what do they lean on instead?", Corpus(county), None, Usage())
    assert lean.intent == "lacks" and lean.parts == [] and lean.unanswered == []


def test_every_report_named_for_what_it_lacks_is_cited(county: ReportStore) -> None:
    """Missing parts, merged parts, complete reports and missing signatures: each report named is
    cited to its own headings, the merged heading or its closing line."""
    for question in ("哪些报告缺少第一责任人职责部分？", "哪些报告五个部分不全？", "哪些报告没有写落款日期？",
                     "Which reports have the shortcomings part merged with the plans in the same section?"):
        answer = _ask(county, question)
        body = "\n".join(line for line in answer.answer.splitlines() if not line.startswith(("依据的报告", "Reports checked")))
        named = {town for town in ("栖霞镇", "枫林乡", "柳泉街道", "石桥镇") if town in body}
        assert named, question
        assert named <= _cited_towns(answer), (question, answer.answer)
        for citation in answer.citations:
            original = county.document(citation.report_id).original
            assert "".join(original[citation.start:citation.end].split()) == "".join(citation.quote.split())


def test_a_single_question_has_no_parts(county: ReportStore) -> None:
    plan = plan_question("哪些乡镇没有配备执法记录仪？", Corpus(county), None, Usage())
    assert plan.parts == [] and plan.unanswered == []


def test_the_parts_of_a_question_are_in_its_json_plan(county: ReportStore) -> None:
    answer = _ask(county, "各乡镇执法记录仪合计多少台？哪些乡镇没有配备？").as_dict()
    assert answer["plan"]["intent"] == "total"
    assert [part["intent"] for part in answer["plan"]["parts"]] == ["lacks"]


def test_a_sentence_with_a_subject_of_its_own_is_not_given_the_first_ones(county: ReportStore) -> None:
    """Carrying 执法记录仪 into 调处的纠纷主要是哪些类型 would repeat the first question: the sentence
    asks about its own subject, which code cannot answer here, and says so."""
    plan = plan_question("栖霞镇执法记录仪有几台？调处的纠纷主要是哪些类型？", Corpus(county), None, Usage())
    asked = [plan, *plan.parts]
    assert any(p.intent == "lookup" and "body_cameras" in [p.indicator, *p.also] for p in asked)
    assert plan.unanswered == ["调处的纠纷主要是哪些类型"]


def test_one_question_over_two_years_stays_one(county: ReportStore) -> None:
    """2023年是多少，2024年是多少: the whole question's plan covers both clauses."""
    plan = plan_question("栖霞镇调解成功率2023年是多少，2024年是多少？", Corpus(county), None, Usage())
    assert plan.years == [2023, 2024] and plan.parts == [] and plan.unanswered == []


def test_a_heading_left_with_nothing_verified_says_not_answered_not_that_the_report_is_silent(county: ReportStore) -> None:
    """The model's line for one town is removed: the answer must not then claim that town's report
    says nothing (a report named without a citation, and often false); it says the part went unanswered."""
    from agent.answer.render import render
    from agent.answer.types import Citation, Claim, ReportRef, Result
    from agent.answer.verify import verify

    plan = plan_question("栖霞镇和石桥镇各有几台执法记录仪？", Corpus(county), None, Usage())
    report = next(r for r in county.reports() if r.meta["town"] == "栖霞镇")
    doc = county.document(report.id)
    quote = "镇执法中队配备执法记录仪5台。"
    start, end = doc.original_span(*doc.find(quote))
    cited = Claim("栖霞镇配备执法记录仪5台。", towns=["栖霞镇"],
                  citations=[Citation.at(ReportRef.of(report), quote, start, end, doc.line_of(start))])
    invented = Claim("石桥镇配备执法记录仪8台。", towns=["石桥镇"])
    result = Result(route="agent", model_text=True, claims=[
        Claim("栖霞镇：", kind="heading"), cited, Claim("石桥镇：", kind="heading"), invented])
    text = render(result, verify(result, county, plan, ["栖霞镇", "石桥镇"]), plan)
    assert "8台" not in text and "5台" in text
    [silent_line] = [line for line in text.splitlines() if "石桥镇" in line and not line.startswith("依据的报告")]
    assert silent_line.startswith("以下问题未能回答"), text


def test_a_group_of_reports_counts_only_the_rows_kept_and_is_not_shown_empty(county: ReportStore) -> None:
    """A group heading states a count of reports: when the verifier removes a row, the count shown
    is of the rows kept; when it removes them all, the group goes, and the line after the list is
    not run into it."""
    from agent.answer.render import render
    from agent.answer.types import Citation, Claim, ReportRef, Result
    from agent.answer.verify import verify

    plan = plan_question("哪些乡镇配备了执法记录仪？", Corpus(county), None, Usage())
    report = next(r for r in county.reports() if r.meta["town"] == "栖霞镇")
    doc = county.document(report.id)
    quote = "镇执法中队配备执法记录仪5台。"
    start, end = doc.original_span(*doc.find(quote))
    kept = Claim(f"- 栖霞镇：「{quote}」", towns=["栖霞镇"],
                 citations=[Citation.at(ReportRef.of(report), quote, start, end, doc.line_of(start))])
    invented = Claim("- 石桥镇：「石桥镇配备执法记录仪8台。」", towns=["石桥镇"])
    after = Claim("其余报告另行核对。", kind="note")
    result = Result(route="scan", claims=[Claim("报告明确表示已有执法记录仪的（2）：", kind="group"), kept, invented,
                                          Claim("报告明确表示缺乏执法记录仪的（1）：", kind="group"), invented, after])
    lines = render(result, verify(result, county, plan, []), plan).splitlines()
    assert lines[0] == "报告明确表示已有执法记录仪的（1）：" and lines[1].startswith("- 栖霞镇"), lines
    assert not any("缺乏" in line for line in lines) and "其余报告另行核对。" in lines, lines


def test_what_each_listed_town_plans_is_shown_under_it(county: ReportStore) -> None:
    """哪些没有…？它们各自打算怎么办？: the second sentence is no separate question to leave unanswered;
    under each town that lacks the thing stands its own plan about it, cited and verified as a plan."""
    answer = _ask(county, "哪些乡镇还没有执法记录仪？它们各自打算怎么办？")
    assert answer.plan.with_plans and not answer.plan.unanswered and "未能回答" not in answer.answer
    assert answer.verified, answer.problems
    lines = answer.answer.splitlines()
    listed = [i for i, line in enumerate(lines) if line.startswith("- ") and ("枫林乡" in line or "柳泉街道" in line)]
    assert len(listed) == 2
    for i in listed:
        assert lines[i + 1].startswith("  ") and ("的打算：「" in lines[i + 1] or "没有写针对" in lines[i + 1])
    planned = [c for c in answer.citations if "购置" in c.quote]
    assert [c.town for c in planned] == ["枫林乡"]


@pytest.mark.parametrize(("question", "unanswered"), [
    ("For 栖霞镇, how many disputes were mediated, and how many 宪法宣誓 ceremonies did it hold?",
     ["how many 宪法宣誓 ceremonies did it hold"]),  # words of its own: not the disputes carried over
    ("栖霞镇调处矛盾纠纷多少件，专题研究法治工作几次？", ["专题研究法治工作几次"]),
    ("2024年调处矛盾纠纷最多的是哪个乡镇？是多少？", []),
    ("Which town mediated the most disputes in 2024, and how many?", []),
    ("哪些乡镇配备了执法记录仪？（村里的不算）", []),
    ("有几家配了执法记录仪？合计多少台（部）？", []),
    ("栖霞镇和枫林乡调处矛盾纠纷哪个多，多几件？", []),
    ("村里还没有法律顾问的乡镇有哪些？一个都没有的和只差几个村的分开说。", []),
    ("哪几家明确没有执法记录仪，哪几家压根没说？", []),
    ("Which towns have body cameras, and which never mention them?", []),
])
def test_what_a_question_leaves_unanswered(county: ReportStore, question: str, unanswered: list[str]) -> None:
    """A clause asking about something of the reports no route reads (专题研究法治工作几次) is named
    as unanswered (or given to the model), never dropped unsaid; a clause that only asks the figure
    already planned (是多少, how many) or a condition (村里的不算) is no part of its own."""
    plan = plan_question(question, Corpus(county), None, Usage())
    assert plan.unanswered == unanswered, (question, plan)


def test_the_named_towns_figures_added_up_when_asked(county: ReportStore) -> None:
    """两地合计 / combined total: computed from the cited figures, not named as unanswered."""
    for question in ("栖霞镇和枫林乡各调处矛盾纠纷多少件？两地合计多少件？",
                     "How many disputes did 栖霞镇 and 枫林乡 each mediate, and what is the combined total?"):
        answer = _ask(county, question)
        assert not answer.plan.unanswered and answer.verified, (question, answer.answer)
        assert "125" in answer.answer, answer.answer


def test_a_plan_for_what_the_thing_is_a_kind_of_is_the_towns_plan(tmp_path_factory: pytest.TempPathFactory) -> None:
    """补齐执法装备短板 is a plan for body cameras; a lack and its remedy in one sentence (暂未配置…，
    计划明年购置) is both the lack, verified as one, and the plan."""
    folder = tmp_path_factory.mktemp("kinds")
    for town, sections in (
        ("青枫乡", {"一、主要举措和成效": "全年调处矛盾纠纷30件。", "二、存在的不足和原因": "乡执法队尚未配备执法记录仪。",
                  "三、下一年度工作安排": "争取县里支持，补齐执法装备短板。"}),
        ("白桦镇", {"一、主要举措和成效": "全年调处矛盾纠纷52件。执法中队暂未配置执法记录仪，计划明年申请专项资金购置。",
                  "二、存在的不足和原因": "普法形式单一。"}),
    ):
        (folder / f"{town}.txt").write_text(make_report(town=town, sections=sections), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("kinds_store"))
    store.ingest([folder])
    answer = _ask(store, "哪些乡镇还没有执法记录仪？各自准备怎么解决？")
    assert answer.verified, answer.problems
    assert set(answer.selected) == {"青枫乡", "白桦镇"}
    assert any("补齐执法装备短板" in c.quote and c.town == "青枫乡" for c in answer.citations)
    assert any("计划明年申请专项资金购置" in c.quote and c.town == "白桦镇" for c in answer.citations)


def test_having_none_is_told_apart_from_having_too_few(tmp_path_factory: pytest.TempPathFactory) -> None:
    """还没有执法记录仪 asks for none at all: a town with two that are not enough is shown apart (有但不足)
    and not selected; one that counts five it holds has them, whatever it regrets next."""
    folder = tmp_path_factory.mktemp("short")
    for town, sentence in (("东坪乡", "乡执法队尚未配备执法记录仪。"),
                           ("西坪乡", "乡执法队目前仅有执法记录仪2台，远不能满足执法需要。"),
                           ("南坪镇", "执法中队现有执法记录仪5台，尚有部分执法人员未能配备，需相互调配使用。")):
        (folder / f"{town}.txt").write_text(make_report(town=town, sections={
            "一、主要举措和成效": "全年调处矛盾纠纷30件。", "二、存在的不足和原因": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("short_store"))
    store.ingest([folder])
    none = _ask(store, "哪些乡镇还没有执法记录仪？")
    assert none.verified, none.problems
    assert set(none.selected) == {"东坪乡"}
    lines = none.answer.splitlines()
    short_head = next(i for i, line in enumerate(lines) if "有但不足" in line)
    assert "西坪乡" in lines[short_head + 1]
    has_head = next(i for i, line in enumerate(lines) if "已有" in line)
    assert "南坪镇" in "\n".join(lines[has_head + 1 : has_head + 3])
    too_few = _ask(store, "哪些乡镇执法记录仪配备不足？")
    assert set(too_few.selected) == {"东坪乡", "西坪乡"}


def test_which_reports_merge_parts_without_naming_a_part(county: ReportStore) -> None:
    for question in ("有没有哪份报告把几个部分合并成一块写的？", "Which reports merge sections together?"):
        answer = _ask(county, question)
        assert (answer.plan.intent, answer.plan.outline_ask) == ("outline", "merged"), question
        assert answer.selected == ["枫林乡"], answer.answer


def test_reports_left_out_of_a_county_for_naming_none_are_cited(tmp_path_factory: pytest.TempPathFactory) -> None:
    """A county's question names the reports that state no county (so are not counted): each is
    cited to its title, where a report states its county."""
    folder = tmp_path_factory.mktemp("counties")
    (folder / "a.txt").write_text(make_report(town="上坪镇", county="云岭县"), encoding="utf-8")
    (folder / "b.txt").write_text(make_report(town="下坪乡", county=None), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("counties_store"))
    store.ingest([folder])
    answer = _ask(store, "云岭县各乡镇共调处矛盾纠纷多少件？")
    note = next(line for line in answer.answer.splitlines() if "未标明所属县" in line)
    assert "下坪乡" in note and "[" in note
    cited = [c for c in answer.citations if c.town == "下坪乡"]
    assert cited and "下坪乡" in cited[0].quote


def test_the_county_a_question_starts_with_holds_for_its_later_parts(tmp_path_factory: pytest.TempPathFactory) -> None:
    """云岭县那几份报告里…？哪几家明确没有？: the second sentence names no county, and still asks
    about the county's reports only."""
    folder = tmp_path_factory.mktemp("two_counties")
    (folder / "a.txt").write_text(make_report(town="上坪镇", county="云岭县"), encoding="utf-8")
    lacking = {"一、主要举措和成效": "全年调处矛盾纠纷30件。", "二、存在的不足和原因": "乡执法队尚未配备执法记录仪。"}
    (folder / "b.txt").write_text(make_report(town="下坪乡", county="云岭县", sections=lacking), encoding="utf-8")
    (folder / "c.txt").write_text(make_report(town="溪口乡", county="青川县", sections=lacking), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("two_counties_store"))
    store.ingest([folder])
    answer = _ask(store, "云岭县的报告里合计配备执法记录仪多少台？哪几家明确没有？")
    assert "下坪乡" in answer.answer and "溪口乡" not in answer.answer
    assert {r["town"] for r in answer.as_dict()["reports_considered"]} == {"上坪镇", "下坪乡"}


def _two_towns(tmp_path_factory: pytest.TempPathFactory, name: str, upper: str, lower: str) -> ReportStore:
    """A store of 云岭县's 上坪镇 and 下坪乡, each report holding the one measures sentence given."""
    folder = tmp_path_factory.mktemp(name)
    for file, town, sentence in (("a.txt", "上坪镇", upper), ("b.txt", "下坪乡", lower)):
        (folder / file).write_text(make_report(town=town, county="云岭县", sections={"一、主要举措和成效": sentence}),
                                   encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp(f"{name}_store"))
    store.ingest([folder])
    return store


def test_a_scope_clause_goes_with_the_first_ask_and_each_clause_keeps_its_own_unit(tmp_path_factory: pytest.TempPathFactory) -> None:
    """For X's reports, how many events in total, how many people reached, and which town held the
    most events: three parts, each over the county, the last ranking events (not people reached,
    the unit the question as a whole names too); people reached add up over towns."""
    store = _two_towns(tmp_path_factory, "publicity",
                       "全年开展普法宣传活动40场次，覆盖群众1.2万人次。",
                       "全年开展普法宣传活动25场次，覆盖群众2万人次。")
    question = ("For 云岭县's reports, how many legal-publicity events were held in total, how many people were reached, "
                "and which town held the most events?")
    plan = plan_question(question, Corpus(store), None, Usage())
    asked = [(p.intent, p.indicator, p.county) for p in [plan, *plan.parts]]
    assert asked == [("total", "publicity_events", "云岭县"), ("total", "publicity_people", "云岭县"),
                     ("rank", "publicity_events", "云岭县")] and not plan.unanswered
    answer = _ask(store, question)
    assert "adds up to 65 events" in answer.answer and "32000" in answer.answer
    assert "上坪镇 (2024): the most legal publicity events (40 events)" in answer.answer


def test_has_lacks_and_silent_asked_in_three_sentences_is_one_which_towns_answer(county: ReportStore) -> None:
    """哪些有X？哪些明确没有？哪些没提？: one answer groups all three; the last sentence asks for the
    silent reports, not which reports mention the topic, and 明确 is no topic."""
    plan = plan_question("哪些乡镇有执法记录仪？哪些明确没有？哪些没提？", Corpus(county), None, Usage())
    assert plan.intent in ("has", "lacks") and plan.topic_key == "body_cameras"
    assert plan.parts == [] and plan.unanswered == []


def test_things_listed_beside_a_towns_figures_are_each_answered(tmp_path_factory: pytest.TempPathFactory) -> None:
    """One quantity word over a list (村法律顾问覆盖、执法记录仪、矛盾纠纷调处各有什么变化) asks each item:
    the two figures with their changes, and the registry topic from each year's fact sheet."""
    folder = tmp_path_factory.mktemp("listed")
    for year, sentence in ((2023, "全镇9个村中已有5个村聘请法律顾问。镇执法队配备执法记录仪2台。全年调处矛盾纠纷40件。"),
                           (2024, "全镇9个村已全部聘请法律顾问。镇执法队配备执法记录仪6台。全年调处矛盾纠纷52件。")):
        (folder / f"{year}.txt").write_text(make_report(town="东岭镇", year=year, sections={"一、主要举措和成效": sentence}),
                                            encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("listed_store"))
    store.ingest([folder])
    answer = _ask(store, "东岭镇2023年和2024年比，村法律顾问覆盖、执法记录仪、矛盾纠纷调处各有什么变化？")
    assert (answer.plan.indicator, answer.plan.also) == ("disputes_mediated", ["body_cameras"])
    assert [p.topic_key for p in answer.plan.parts] == ["village_adviser_coverage"]
    assert "增加12件" in answer.answer and "增加4台" in answer.answer
    assert "「全镇9个村中已有5个村聘请法律顾问。」" in answer.answer and "「全镇9个村已全部聘请法律顾问。」" in answer.answer


def test_a_figure_no_part_answers_is_named_not_dropped(county: ReportStore) -> None:
    """Beside a total, a clause asking a count the registry does not read (宪法宣誓仪式) is named as
    unanswered without a model; a clause asking a registry figure (法律明白人) is a part of its own."""
    plan = plan_question("各乡镇矛盾纠纷调处合计多少件，组织宪法宣誓仪式多少场？", Corpus(county), None, Usage())
    assert plan.intent == "total" and plan.unanswered == ["组织宪法宣誓仪式多少场"]
    plan = plan_question("各乡镇矛盾纠纷调处合计多少件，培养法律明白人多少名？", Corpus(county), None, Usage())
    assert plan.unanswered == [] and {plan.indicator, *plan.also} == {"disputes_mediated", "legal_literates"}


def test_requests_and_how_a_rate_was_given_are_parts_of_their_own(tmp_path_factory: pytest.TempPathFactory) -> None:
    """'give X and Y as two totals, and say which town held the most events' is three asks; which
    rates the reports state and which code works out is what the rates' lines say; 没讲…多少人 asks
    which reports give no people reached; a count across the reports is their total."""
    store = _two_towns(tmp_path_factory, "requests",
                       "全年开展普法宣传活动40场次，覆盖群众1.2万人次。受理矛盾纠纷50件，调解成功45件。",
                       "全年开展普法宣传活动25场次。调处矛盾纠纷30件，调解成功率90%。")
    corpus = Corpus(store)
    plan = plan_question("For 云岭县's reports, give the number of legal-publicity events and the number of people reached as two "
                         "separate totals, and say which town held the most events.", corpus, None, Usage())
    assert (plan.intent, plan.indicator, plan.also) == ("total", "publicity_people", ["publicity_events"])
    assert [(p.intent, p.indicator) for p in plan.parts] == [("rank", "publicity_events")]
    rates = plan_question("各乡镇的调解成功率各是多少？哪些是报告直接写的，哪些得自己算？", corpus, None, Usage())
    assert rates.indicator == "mediation_success_rate" and not rates.parts and not rates.unanswered
    silent = plan_question("哪些乡镇的报告只说搞了几场普法活动，却没讲到底覆盖了多少人？", corpus, None, Usage())
    assert (silent.intent, silent.indicator, silent.negative, silent.also) == ("disclosure", "publicity_people", True, ["publicity_events"])
    across = plan_question("How many legal-publicity events were held across the 2024 reports?", corpus, None, Usage())
    assert (across.intent, across.indicator) == ("total", "publicity_events")


def test_a_figure_asked_beside_its_sibling_in_one_clause_is_each_answered(tmp_path_factory: pytest.TempPathFactory) -> None:
    """'which town held the most events and which reached the most people? totals of events and of
    people reached?': events and people each ranked and each totalled; two columns (分两栏) of the
    kinds of legality review, each added up."""
    store = _two_towns(tmp_path_factory, "siblings",
                       "全年开展普法宣传活动40场次，覆盖群众1.2万人次。全年审查合同20份、行政规范性文件2件。",
                       "全年开展普法宣传活动25场次，覆盖群众2万人次。全年审查合同11份。")
    corpus = Corpus(store)
    plan = plan_question("In 云岭县's reports, which town held the most legal-publicity events and which reached the most people? "
                         "What are the county totals of events and of people reached?", corpus, None, Usage())
    assert (plan.intent, plan.indicator, plan.also) == ("rank", "publicity_people", ["publicity_events"])
    assert [(p.intent, p.indicator, p.also) for p in plan.parts] == [("total", "publicity_people", ["publicity_events"])]
    columns = plan_question("请把云岭县各乡镇的合法性审查按“合同”和“规范性文件”分两栏列出，并分别合计。", corpus, None, Usage())
    assert (columns.intent, {columns.indicator, *columns.also}) == ("total", {"contract_reviews", "normative_doc_reviews"})
    answer = _ask(store, "请把云岭县各乡镇的合法性审查按“合同”和“规范性文件”分两栏列出，并分别合计。")
    assert "合计合同审查：31件" in answer.answer and "合计规范性文件审查：2件" in answer.answer


def test_which_reports_say_nothing_of_either_is_answered_by_the_silent_lists(county: ReportStore) -> None:
    """这两项有没有哪份报告根本没提 after two which-towns asks: every such answer names its silent
    reports, so the sentence is no part of its own and is never named as unanswered."""
    plan = plan_question("哪些写明全年没有行政复议？哪些写明没有行政诉讼？这两项有没有哪份报告根本没提？", Corpus(county), None, Usage())
    assert plan.unanswered == []


def test_which_town_year_and_county_each_listed_report_is_answered_by_its_rows(tmp_path_factory: pytest.TempPathFactory) -> None:
    """标题里没写乡镇名的报告是哪几份？分别是哪个乡镇、哪一年、哪个县的？ (multipart11): the rows name the town
    and year; the county is read where each report writes it, cited; no clause is left unanswered or read as a topic."""
    folder = tmp_path_factory.mktemp("untitled")
    (folder / "a.txt").write_text(make_report(town="青石乡", county="云岭县").replace("云岭县青石乡2024年度法治政府建设情况报告", "2024年度法治政府建设情况报告"),
                                  encoding="utf-8")
    (folder / "b.txt").write_text(make_report(town="白岩镇", county="云岭县"), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("untitled-store"))
    store.ingest([folder], vectors_later=True)
    answer = answer_question(store, "标题里没写乡镇名的报告是哪几份？分别是哪个乡镇、哪一年、哪个县的？", model=None)
    assert [p.outline_ask for p in answer.plan.parts] == ["county_where"]
    assert "青石乡（2024）" in answer.answer and "云岭县" in answer.answer and "未能回答" not in answer.answer


def test_merged_parts_which_parts_and_the_issuer_asked_after_the_number_are_answered(tmp_path_factory: pytest.TempPathFactory) -> None:
    """又有哪份把两个规定部分并成了一个？并的是哪两部分？ and 文号各是多少，分别是以党委还是政府名义发的？
    (multipart11): the merged report with its parts, and each report's signing bodies, none named unanswered."""
    folder = tmp_path_factory.mktemp("merged")
    merged = make_report(town="青石乡", sections={
        "一、主要举措和成效": "全年开展普法宣传活动20场次。", "二、存在的不足和原因": "执法力量薄弱。",
        "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。",
        "四、下一年度工作安排及其他需要报告的情况": "持续开展普法宣传。"})
    (folder / "a.txt").write_text(merged, encoding="utf-8")
    (folder / "b.txt").write_text(make_report(town="白岩镇"), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("merged-store"))
    store.ingest([folder], vectors_later=True)
    parts = answer_question(store, "哪份报告把两个规定部分并成了一个？并的是哪两部分？", model=None)
    assert "青石乡（2024）：合并写了" in parts.answer and "未能回答" not in parts.answer
    issuer = answer_question(store, "哪些报告带文号？文号各是多少，分别是以党委还是政府名义发的？", model=None)
    assert "issuer" in [p.outline_ask for p in issuer.plan.parts] and "名义落款的报告" in issuer.answer


def test_which_give_last_years_figure_and_how_much_each_rose(tmp_path_factory: pytest.TempPathFactory) -> None:
    """哪几个给了上年数，各增加了多少、增幅多少？: each town's change on last year, by code."""
    folder = tmp_path_factory.mktemp("lastyear")
    for name, town, sentence in (("a", "青石乡", "全年安排法治建设经费22万元，比上年的17万元增加5万元。"), ("b", "白岩镇", "全年安排法治建设经费6.5万元。")):
        (folder / f"{name}.txt").write_text(make_report(town=town, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("lastyear-store"))
    store.ingest([folder], vectors_later=True)
    answer = answer_question(store, "2024年法治经费加起来是多少？哪几个给了上年数，各增加了多少、增幅多少？", model=None)
    assert "青石乡（2024）：上年170000元，本年220000元，增加50000元，变化幅度29.4%" in answer.answer
    assert "白岩镇（2024）" in answer.answer.split("看不出与上年相比变化的报告")[1]


def test_a_first_sentence_about_something_else_is_named_not_dropped(tmp_path_factory: pytest.TempPathFactory) -> None:
    """哪几份报告里有“指标：数值”这种一行一个的数据清单？清单里的法治经费各是多少？ (multipart11): the funding
    is answered, the first sentence named as unanswered (no model), never read as a topic 的数据."""
    folder = tmp_path_factory.mktemp("datablock")
    (folder / "a.txt").write_text(make_report(town="青石乡", sections={"一、主要举措和成效": "主要数据\n法治建设经费：35万元\n普法活动：20场次"}),
                                  encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("datablock-store"))
    store.ingest([folder], vectors_later=True)
    answer = answer_question(store, "哪几份报告里有“指标：数值”这种一行一个的数据清单？清单里的法治经费各是多少？", model=None)
    assert "350000元" in answer.answer
    assert "未能回答" in answer.answer and "数据清单" in answer.answer.split("未能回答")[1]
    assert "「的数据」" not in answer.answer and "「数据」" not in answer.answer


def test_village_coverage_is_the_villages_and_its_combined_figure_is_added_by_code(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Village legal advisers…which fall short…and what is the combined coverage? (multipart11): the villages'
    coverage, never the town's own count of advisers; 9 of 9 and 11 of 15 give 20 of 24, added by code."""
    folder = tmp_path_factory.mktemp("villages")
    for name, town, sentence in (("a", "青石乡", "乡政府聘请2名律师担任法律顾问。辖区9个村全部配备村法律顾问。"),
                                 ("b", "白岩镇", "全镇15个村中已有11个村聘请了村法律顾问。")):
        (folder / f"{name}.txt").write_text(make_report(town=town, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("villages-store"))
    store.ingest([folder], vectors_later=True)
    answer = answer_question(store, "Village legal advisers in the 2024 reports: which towns cover every village, which fall short, "
                                    "and what is the combined coverage?", model=None)
    assert answer.plan.indicator is None and answer.plan.topic_key == "village_adviser_coverage"
    assert "20 of 24 villages and communities" in answer.answer and "Not answered" not in answer.answer


def test_whether_the_gaps_were_closed_later_follows_each_town_into_its_next_report(tmp_path: Path) -> None:
    """multipart13: "name any town whose own figures say otherwise, and whether those gaps were closed later":
    under each town short of full coverage, what its report of the year after says of it, cited; a town
    with no later report is said to have none."""
    store = _measures_store(tmp_path, [({"town": "甲岭镇", "year": 2024}, "全镇10个村中，有6个已签约村法律顾问。"),
                                       ({"town": "甲岭镇", "year": 2025}, "剩余4个村全部完成签约，全镇10个村实现村法律顾问全覆盖。"),
                                       ({"town": "乙岭乡", "year": 2024}, "全乡7个村，目前只有3个村与律师签订了村法律顾问协议。"),
                                       ({"town": "丙岭镇", "year": 2024}, "辖区8个村均配备法律顾问。")])
    answer = _ask(store, "Which towns' 2024 reports show village legal advisers short of full coverage, and were those gaps closed later?")
    assert answer.plan.later and answer.plan.parts == []
    text = answer.answer
    assert "→ the report of 甲岭镇 (2025) states it has it: 「剩余4个村全部完成签约" in text
    assert "no report of the year after" in text
    assert ("甲岭镇", 2025) in {(c.town, c.year) for c in answer.citations}


def test_an_english_sentence_telling_what_a_report_claims_is_context_not_the_towns_asked(county: ReportStore) -> None:
    """multipart13: "X's report quotes the bureau as saying every town has body cameras. Do the other reports
    back that up?" asks over every report (X's claim is what the asker read); "X set out plans in its 2024
    report. Which of them…?" asks about X."""
    claim = plan_question("栖霞镇's report quotes the county bureau as saying every town now has body cameras. "
                          "Do the other reports back that up? Which towns say they lack them?", Corpus(county), None, Usage())
    assert claim.towns == [] and claim.every_report and claim.topic_key == "body_cameras"
    subject = plan_question("栖霞镇 set out plans in its report. Which of them were carried out?", Corpus(county), None, Usage())
    assert subject.towns == ["栖霞镇"]


def test_its_rank_in_a_county_is_the_named_towns_place_and_full_posts_are_those_with_no_shortfall(tmp_path: Path) -> None:
    """multipart13: 甲岭镇有没有X？它的经费在东川县排第几？ ranks the county with the town's place said (它 is the
    town named before, though the sentence names a county); 满员的是哪几家, after each office's shortfall,
    lists the offices whose shortfall code works out as none."""
    store = _measures_store(tmp_path, [({"town": town, "county": "东川县"}, sentence) for town, sentence in [
        ("甲岭镇", "全年安排法治建设经费8万元。镇司法所编制3名，在岗3名。"),
        ("乙岭镇", "全年安排法治建设经费20万元。镇司法所编制4名，在岗2名。"),
        ("丙岭乡", "全年安排法治建设经费15万元。乡司法所编制2名，实有2名。")]])
    ranked = _ask(store, "甲岭镇有没有执法记录仪？它的法治经费在东川县几份报告里排第几？")
    assert [(p.intent, p.position_of, p.county) for p in ranked.plan.parts] == [("rank", "甲岭镇", "东川县")]
    full = _ask(store, "司法所没配满人的都有谁？各缺几个？满员的是哪几家？")
    assert full.plan.unanswered == [] and [p.value_test for p in full.plan.parts] == [("=", 0.0)]
    listed = full.answer.split("司法所人员缺口为0人的报告")[1].split("依据的报告")[0]
    assert "甲岭镇" in listed and "丙岭乡" in listed and "乙岭镇" not in listed


def test_a_question_set_inside_the_other_matters_part_lists_that_part_of_every_report(tmp_path: Path) -> None:
    """multipart13: "In the 'other matters' section, which reports own up to X, and which mention Y?" asks what
    every report says in that part (each sentence a matter of its own), not whether it has the part, nor
    the town's own inspections; the second clause is answered by the same lists."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, other in (("a", "甲岭镇", "全年未发生干预司法活动的情况。执法队1名辅警因态度粗暴被投诉，已调离执法岗位。"),
                              ("b", "乙岭镇", "2024年6月，县督查组到乙岭镇检查法治建设工作，指出的台账不全问题已整改。")):
        sections = {"一、主要举措和成效": "全年开展执法检查40次。", "二、存在的不足和原因": "执法力量薄弱。",
                    "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。",
                    "四、下一年度工作安排": "加强培训。", "五、其他需要报告的情况": other}
        (folder / f"{name}.txt").write_text(make_report(town=town, sections=sections), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _ask(store, "In the 'other matters' section, which reports admit misconduct by their own staff, "
                         "and which mention a visit by an outside inspection team?")
    assert (answer.plan.intent, answer.plan.listing, answer.plan.parts) == ("statements", ["other"], [])
    assert "执法队1名辅警因态度粗暴被投诉，已调离执法岗位。" in answer.answer
    assert "2024年6月，县督查组到乙岭镇检查法治建设工作，指出的台账不全问题已整改。" in answer.answer
    assert "全年开展执法检查40次" not in answer.answer


def test_an_average_is_the_sum_over_the_count_by_code(tmp_path: Path) -> None:
    """"What is the average funding of A County's towns?" / 平均多少: the total and the mean over the
    reports that state the figure, divided by code and cited to each; a report that states none is left out."""
    store = _measures_store(tmp_path, [({"town": town, "county": "东川县"}, sentence) for town, sentence in [
        ("甲岭镇", "全年安排法治建设经费10万元。"), ("乙岭镇", "全年安排法治建设经费25万元。"), ("丙岭乡", "全年开展普法活动8场。")]])
    answer = _ask(store, "What is the average rule-of-law funding of the Dongchuan County towns?")
    assert (answer.plan.intent, answer.plan.average) == ("total", True) and answer.verified
    assert "the average rule-of-law funding is about 175000 yuan over the 2 reports" in answer.answer
    assert _ask(store, "东川县各乡镇法治建设经费平均多少？").plan.average


def test_what_share_of_the_reports_a_group_is_is_divided_by_code(tmp_path: Path) -> None:
    """"How many reports have no X at all, and what share of the reports is that?": the group, then its
    count over the reports checked, divided by code and cited to the group's sentences."""
    store = _measures_store(tmp_path, [({"town": town}, sentence) for town, sentence in [
        ("甲岭镇", "全镇执法记录仪数量为零。"), ("乙岭镇", "配备执法记录仪6台。"), ("丙岭乡", "配备执法记录仪3台。"),
        ("丁岭乡", "全年开展普法活动8场。")]])
    answer = _ask(store, "How many of the reports say they have no body cameras at all, and what share of the reports is that?")
    assert answer.plan.share and answer.verified
    assert "That is 1 of the 4 reports checked, 25% (computed by code)." in answer.answer


def test_what_the_leaders_did_and_the_towns_own_faults_are_both_listed(tmp_path: Path) -> None:
    """multipart13: 甲岭镇报告里，党政一把手履职的情况写在哪、具体做了些啥？它自己找的毛病和原因是什么？: the
    leaders' part listed as items, and the shortcomings (毛病) with their causes."""
    folder = tmp_path / "in"
    folder.mkdir()
    sections = {"一、主要举措和成效": "全年开展执法检查40次。", "二、存在的不足和原因": "一是执法人员偏少。原因是多年没有新进人员。",
                "三、党政主要负责人履行推进法治建设第一责任人职责情况": "镇党委书记全年主持召开法治建设专题会议4次。",
                "四、下一年度工作安排": "加强培训。", "五、其他需要报告的情况": "无。"}
    (folder / "a.txt").write_text(make_report(town="甲岭镇", sections=sections), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _ask(store, "甲岭镇那份报告里，党政一把手履职的情况写在哪、具体做了些啥？它自己找的毛病和原因是什么？")
    listed = {kind for p in [answer.plan, *answer.plan.parts] for kind in p.listing}
    assert {"first_responsible", "problem", "cause"} <= listed
    assert "镇党委书记全年主持召开法治建设专题会议4次。" in answer.answer and "一是执法人员偏少。" in answer.answer
    assert "原因是多年没有新进人员。" in answer.answer


def test_a_ratio_for_a_named_town_set_against_another_and_totals_for_each_county(tmp_path: Path) -> None:
    """"For A, how many inspections per certified officer, and how does that compare with B?": the ratio
    for the two named towns only, divided by code; 和B比呢 after a town's figure adds B to it; "how many X
    in each county" is one total per county."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, sentence) for town, county, sentence in [
        ("甲岭镇", "东川县", "持证执法人员10名，全年开展执法检查50次。"), ("乙岭镇", "东川县", "持证执法人员4名，全年开展执法检查30次。"),
        ("丙岭乡", "西川县", "持证执法人员5名，全年开展执法检查10次。")]])
    answer = _ask(store, "For Jialing Town, how many inspections per certified officer did it carry out, and how does that compare with Yiling Town?")
    assert (answer.plan.intent, answer.plan.per, sorted(answer.plan.towns)) == ("rank", "certified_officers", ["乙岭镇", "甲岭镇"])
    assert "丙岭乡" not in answer.answer and "7.5" in answer.answer and answer.verified
    compared = _ask(store, "甲岭镇的持证执法人员是多少？和丙岭乡比呢？")
    assert (compared.plan.intent, compared.plan.towns) == ("compare", ["甲岭镇", "丙岭乡"])
    counties = _ask(store, "How many certified officers were there in each county?")
    assert (counties.plan.intent, counties.plan.by_county) == ("total", True)
    assert "东川县" in counties.answer and "14" in counties.answer and "西川县" in counties.answer


def test_what_the_reports_put_under_a_part_and_how_short_the_answer_may_be(tmp_path: Path) -> None:
    """multipart14: "What did the county's reports put under 'other matters to report'? One line per town is
    fine.": each report's other matters listed; the second sentence says how to answer and asks nothing
    ("…is fine" is no fine)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, other in (("a", "甲岭镇", "县督查组指出台账不全，已整改。"), ("b", "乙岭镇", "本年度无其他需要报告的情况。")):
        sections = {"一、主要举措和成效": "全年开展执法检查40次。", "二、存在的不足和原因": "执法力量薄弱。",
                    "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。",
                    "四、下一年度工作安排": "加强培训。", "五、其他需要报告的情况": other}
        (folder / f"{name}.txt").write_text(make_report(town=town, county="东川县", sections=sections), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _ask(store, "What did the Dongchuan County reports put under 'other matters to report'? One line per town is fine.")
    assert (answer.plan.intent, answer.plan.listing, answer.plan.indicator, answer.plan.unanswered) == ("statements", ["other"], None, [])
    assert "县督查组指出台账不全，已整改。" in answer.answer and "本年度无其他需要报告的情况。" in answer.answer


def test_the_highest_and_lowest_in_each_county_are_ranked_apart(tmp_path: Path) -> None:
    """multipart14: "which town in each county spent the most and the least": each county's reports ranked
    on their own, each end named with its county."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, f"全年安排法治建设经费{amount}万元。")
                                       for town, county, amount in [("甲岭镇", "东川县", 20), ("乙岭镇", "东川县", 5),
                                                                    ("丙岭乡", "西川县", 30), ("丁岭乡", "西川县", 8)]])
    answer = _ask(store, "Which town in each county spent the most and the least on rule-of-law work?")
    assert answer.plan.by_county and answer.verified
    for town, county in (("甲岭镇", "东川县"), ("乙岭镇", "东川县"), ("丙岭乡", "西川县"), ("丁岭乡", "西川县")):
        assert any(line.startswith(town) and f"of {county}" in line for line in answer.answer.splitlines()), town


def test_a_ranking_after_a_rate_ranks_the_rate_and_two_counties_each_get_a_total(tmp_path: Path) -> None:
    """multipart14: 各乡镇调解成功率算一下，哪个最高、哪个最低？两个县调解成功的件数各合计多少？: the ranking is of
    the rate the sentence before asks (not a count the whole question names later), and the last sentence is one
    total per county."""
    store = _measures_store(tmp_path, [({"town": town, "county": county}, f"全年调处纠纷{whole}件，调解成功{part}件。")
                                       for town, county, whole, part in [("甲岭镇", "东川县", 100, 90), ("乙岭镇", "东川县", 50, 49),
                                                                         ("丙岭乡", "西川县", 40, 30)]])
    plan = _ask(store, "各乡镇矛盾纠纷调解的成功率帮忙算一下，哪个最高、哪个最低？两个县调解成功的件数各合计多少？").plan
    ranked, totals = plan.parts
    assert (ranked.intent, ranked.indicator) == ("rank", "mediation_success_rate")
    assert (totals.intent, totals.indicator, totals.by_county) == ("total", "disputes_resolved", True)


def test_where_a_part_stands_its_items_and_causes_told_by_another_word(tmp_path: Path) -> None:
    """multipart14: 甲岭镇报告里“下一年度工作打算”排在第几块？把它的打算逐条列出来。它讲问题的原因时用的是什么说法？: the
    report's order of parts, then its plans (把它的 is the town), then its problems with the causes it gives after
    成因在于."""
    folder = tmp_path / "in"
    folder.mkdir()
    sections = {"一、主要举措和成效": "全年开展执法检查40次。",
                "二、存在的不足和原因": "执法人员偏少。成因在于多年没有新进人员。",
                "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。", "四、其他需要报告的情况": "无。",
                "五、下一年度工作安排": "拟新招录执法人员2名。"}
    (folder / "a.txt").write_text(make_report(town="甲岭镇", sections=sections), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _ask(store, "甲岭镇报告里“下一年度工作打算”排在第几块？把它的打算逐条列出来。它讲问题的原因时用的是什么说法？")
    assert (answer.plan.outline_ask, answer.plan.part) == ("order", "plans")
    assert "其他需要报告的情况 → 下一年度安排" in answer.answer
    assert "拟新招录执法人员2名。" in answer.answer and "「成因在于多年没有新进人员。」" in answer.answer


def test_reports_that_tell_of_a_figure_under_another_name_are_found_by_code(tmp_path: Path) -> None:
    """multipart14: 列出没提“法律明白人”的报告。有没有哪个乡镇其实培养了这类人，只是换了个叫法？ / "is there a town that
    describes normative documents without using the term 规范性文件?": the reports whose cited words lack the
    usual name, though they state the figure (法律帮手, 红头文件); the quote marks around a name are no part of it."""
    store = _measures_store(tmp_path, [({"town": town}, sentence) for town, sentence in [
        ("甲岭镇", "全镇培养法律明白人40名。印发行政规范性文件3件。"),
        ("乙岭镇", "在村民小组中选出懂法律、会调解的村民25名，担任“法律帮手”。以镇政府名义印发的带有普遍约束力的“红头文件”2件。"),
        ("丙岭乡", "全年开展普法活动8场。")]])
    answer = _ask(store, "列出没提“法律明白人”的报告。另外，有没有哪个乡镇其实培养了这类人，只是换了个叫法？")
    assert answer.plan.terms == ["法律明白人"] and [p.other_words for p in answer.plan.parts] == [True]
    renamed = answer.answer.split("没有用「法律明白人」这个说法")[1].split("依据的报告")[0]
    assert "乙岭镇" in renamed and "甲岭镇" not in renamed
    documents = _ask(store, "Is there a town that describes normative documents without using the term 规范性文件?")
    assert "乙岭镇" in documents.answer.split("without the word")[1] and documents.verified


def test_a_mention_asked_in_a_later_sentence_keeps_the_first_sentences_lack_and_paper_beside_a_platform_is_short(tmp_path: Path) -> None:
    """multipart14: 有没有哪个乡镇还根本没上平台、还在手工登记的？哪个上了平台但审批还走纸质？另外有个报告提到…: the lead
    asks who lacks the platform (提到 in the last sentence does not make it a mentions question), and 上了平台但…纸质
    asks for those short of it."""
    store = _measures_store(tmp_path, [({"town": town}, sentence) for town, sentence in [
        ("甲岭镇", "执法案件全部在县平台网上办理。"), ("乙岭镇", "已接入县执法平台，但审批仍需打印纸质材料签字。"),
        ("丙岭乡", "没有上线任何执法信息系统，案卷全部手工登记。")]])
    answer = _ask(store, "执法信息平台摸排一下：有没有哪个乡镇还根本没上平台、还在手工登记的？哪个上了平台但审批还走纸质？另外听说有个报告提到用智能系统，那是执法平台吗？")
    assert (answer.plan.intent, answer.plan.asks_short) == ("lacks", True)
    assert {(r["town"], r["status"]) for r in answer.scan} >= {("丙岭乡", "lacks"), ("乙岭镇", "lacks"), ("甲岭镇", "has")}


def test_a_report_telling_of_a_topic_without_the_word_the_question_names(tmp_path: Path) -> None:
    """multipart14: "which report describes the leadership studying law without using the word 学法?": the
    registry's leaders' law study, the reports whose deciding sentence lacks the word the question names."""
    store = _measures_store(tmp_path, [({"town": town}, sentence) for town, sentence in [
        ("甲岭镇", "镇党委理论学习中心组专题学法4次。"), ("乙岭镇", "领导班子集中学习法律法规6次。"), ("丙岭乡", "全年开展普法活动8场。")]])
    answer = _ask(store, "Which report describes the leadership studying law without using the word 学法?")
    assert (answer.plan.topic_key, answer.plan.other_words, answer.plan.named_word) == ("leaders_law_study", True, "学法")
    assert "「领导班子集中学习法律法规6次。」" in answer.answer and "甲岭镇" not in answer.answer.split("Reports checked")[0]


def test_a_town_named_only_in_the_last_sentence_leaves_the_first_over_every_report(tmp_path: Path) -> None:
    """multipart14: "Village advisers: where is every village covered, where are there still gaps (how many),
    and which report doesn't say? Yiling's report claims the whole county is covered — can I take that at face
    value?": the first sentence is over every report (Yiling is the last sentence's), the gaps are the short
    group with what is still without, counted by code."""
    store = _measures_store(tmp_path, [({"town": town, "county": "东川县"}, sentence) for town, sentence in [
        ("甲岭镇", "全镇9个村中已有6个村聘请法律顾问。"), ("乙岭镇", "辖区8个社区均有法律顾问。全县村（社区）法律顾问已实现全覆盖。"),
        ("丙岭乡", "全年开展普法活动8场。")]])
    answer = _ask(store, "Village and community legal advisers: where is every village or community covered, where are there still gaps "
                         "(how many), and which report doesn't say? Yiling's report claims the whole county is covered — can I take "
                         "that at face value for the other towns?")
    assert (answer.plan.intent, answer.plan.towns, answer.plan.every_report, answer.plan.asks_short) == ("has", [], True, True)
    assert "6 of 9 covered, 3 still without" in answer.answer and "丙岭乡" in answer.answer
