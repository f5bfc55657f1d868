"""Questions about a report's form beyond which parts it has (issue 22, item 5: a part of a question
answered with a neighbouring one): who signs, the title, heading numbers, the first part, the order
of two parts, the number of parts, a part split in two, a signature dated before the year ended.
Each is answered by code from the report's own headings and signing lines, every report named is
cited, and the group the question asks for is the one selected. Reports and wordings are this
file's own."""

from __future__ import annotations

import pytest

from agent.answer.pipeline import answer_question
from store.store import ReportStore

_OPENING = "2024年，我们坚持以习近平法治思想为指导，扎实推进法治政府建设各项工作，现将有关情况报告如下。"


def _report(title: str, headings: list[str], signers: list[str], date: str) -> str:
    body = "\n\n".join(f"{heading}\n本部分工作按计划推进，相关情况如下，全年开展相关工作多次。" for heading in headings)
    return f"{title}\n\n{_OPENING}\n\n{body}\n\n" + "\n".join(signers) + f"\n{date}\n"


_REPORTS = {
    "a.txt": _report("栖霞镇2024年度法治政府建设情况报告",
                     ["一、主要举措和成效", "二、存在的不足和原因", "三、党政主要负责人履行推进法治建设第一责任人职责情况",
                      "四、2025年工作安排", "五、其他需要报告的情况"],
                     ["中共栖霞镇委员会", "栖霞镇人民政府"], "2025年1月10日"),
    "b.txt": _report("关于2024年度法治政府建设情况的报告",
                     ["一、党政主要负责人履行推进法治建设第一责任人职责情况", "二、主要举措和成效", "三、存在的不足和原因",
                      "四、2025年工作安排"],
                     ["枫林乡人民政府"], "2024年12月28日").replace("关于2024", "枫林政发〔2025〕1号\n\n关于2024", 1),
    "c.txt": _report("柳泉街道2024年法治政府建设年度报告",
                     ["主要举措和成效", "存在的不足和原因", "下一年度工作安排"],
                     ["中共柳泉街道工作委员会"], "2025年1月8日"),
    "e.txt": _report("云岭镇2023年度法治政府建设情况报告",
                     ["1.主要举措和成效", "2.存在的不足和原因", "3.2024年工作安排"],
                     ["云岭镇人民政府"], "2024年1月9日").replace("2024年，我们", "2023年，我们"),
    "d.txt": _report("石桥镇2024年度法治政府建设工作报告",
                     ["一、主要举措", "二、工作成效", "三、存在的不足和原因",
                      "四、党政主要负责人履行推进法治建设第一责任人职责情况", "五、2025年工作安排"],
                     ["石桥镇人民政府"], "2025年1月12日"),
}


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> ReportStore:
    folder = tmp_path_factory.mktemp("in")
    for name, text in _REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = ReportStore(tmp_path_factory.mktemp("store"))
    store.ingest([folder])
    assert {r.meta["town"] for r in store.reports()} == {"栖霞镇", "枫林乡", "柳泉街道", "石桥镇", "云岭镇"}
    return store


@pytest.mark.parametrize(("question", "ask", "selected"), [
    ("哪些报告是党委单独署名的？", "issuer", {"柳泉街道"}),
    ("Which reports are signed jointly by the party committee and the government?", "issuer", {"栖霞镇"}),
    ("哪几份报告的标题里没写本乡镇的名称？", "title", {"枫林乡"}),
    ("有没有报告的部分标题没有编号？", "numbering", {"柳泉街道"}),
    ("哪份报告一开头就写第一责任人履职情况？", "first", {"枫林乡"}),
    ("哪些报告把第一责任人部分放在存在不足部分前面？", "order", {"枫林乡"}),
    ("Which reports place the shortcomings section after the first-responsibility section?", "order", {"枫林乡"}),
    ("Which reports put the first-responsibility section ahead of the shortcomings section?", "order", {"枫林乡"}),
    ("哪份报告把举措和成效拆成两个部分写？", "split", {"石桥镇"}),
    ("哪些报告的落款日期早于所报年度结束？", "early_date", {"枫林乡"}),
    ("哪份报告的一级标题用的是阿拉伯数字编号？", "numbering", {"云岭镇"}),
    ("核对一下年份：有没有哪份报告不是2024年度的？", "year", {"云岭镇"}),
    ("哪份报告的第一个一级标题就是第一责任人履职情况？", "first", {"枫林乡"}),
    ("哪些报告没有写主送机关？", "addressee", {"栖霞镇", "枫林乡", "柳泉街道", "石桥镇", "云岭镇"}),
    ("哪几份标了发文字号？号码各是什么？", "doc_number", {"枫林乡"}),
    ("有没有哪份报告是在报告年度当年就落款的（没等到第二年）？", "early_date", {"枫林乡"}),
    ("Which reports have no file number at the top?", "doc_number", {"栖霞镇", "柳泉街道", "石桥镇", "云岭镇"}),
    ("这批里有几份其实是2023年度的？", "year", {"云岭镇"}),
    ("Which of these reports are actually for 2023?", "year", {"云岭镇"}),
    ("谁把第一责任人履职情况放在报告最前头？", "first", {"枫林乡"}),
    ("Which report has the fewest top-level parts?", "count", {"柳泉街道", "云岭镇"}),
    ("哪份报告的部分最多？", "count", {"石桥镇", "栖霞镇"}),
    ("哪份报告的落款日期还在所报告的年度之内？", "early_date", {"枫林乡"}),
])
def test_a_form_question_selects_its_reports_and_cites_every_report_it_names(
        county: ReportStore, question: str, ask: str, selected: set[str]) -> None:
    answer = answer_question(county, question, None, agent_tools=False)
    assert (answer.plan.intent, answer.plan.outline_ask) == ("outline", ask), question
    assert set(answer.selected or []) == selected, (question, answer.answer)
    body = [line for line in answer.answer.splitlines() if not line.startswith(("依据的报告", "Reports checked"))]
    named = {town for town in ("栖霞镇", "枫林乡", "柳泉街道", "石桥镇", "云岭镇") for line in body if town in line}
    assert named <= {c.town for c in answer.citations}, answer.answer
    assert answer.verified, answer.problems
    for citation in answer.citations:
        original = county.document(citation.report_id).original
        assert original[citation.start:citation.end] == citation.quote


def test_the_number_of_parts_is_counted_from_the_headings(county: ReportStore) -> None:
    answer = answer_question(county, "各报告分别分为几个部分？", None, agent_tools=False)
    lines = answer.answer.splitlines()
    head = {n: next(i for i, line in enumerate(lines) if f"分为{n}个部分" in line) for n in (3, 4, 5)}
    def under(n: int) -> set[str]:
        return {line.split("（")[0].lstrip("- ") for line in lines[head[n] + 1 : head[n] + 3]}
    assert under(3) == {"柳泉街道", "云岭镇"} and "枫林乡" in lines[head[4] + 1] and under(5) == {"栖霞镇", "石桥镇"}


def test_an_asked_group_no_report_falls_in_is_said_to_be_empty(county: ReportStore) -> None:
    answer = answer_question(county, "哪些报告只以党委名义落款？哪些是党政联合署名？", None, agent_tools=False)
    assert set(answer.selected or []) == {"柳泉街道", "栖霞镇"}
    empty = answer_question(county, "哪些报告没有写落款单位？", None, agent_tools=False)
    assert "（0）：无" in empty.answer.splitlines()[0] and not empty.selected


def test_a_second_sentence_on_another_form_is_answered_in_its_own_terms(county: ReportStore) -> None:
    """The whole question's words must not answer the first sentence with the second one's ask."""
    answer = answer_question(county, "哪些报告把不足和下一年安排合并写了？这些报告各分了几个部分？", None, agent_tools=False)
    assert answer.plan.outline_ask == "merged"
    assert [p.outline_ask for p in answer.plan.parts] == ["count"]
    assert "个部分" in answer.answer


def test_a_document_number_is_shown_and_cited_and_a_second_ask_for_its_value_is_answered(county: ReportStore) -> None:
    answer = answer_question(county, "Which reports carry a reference number, and what is each one?", None, agent_tools=False)
    assert answer.plan.outline_ask == "doc_number" and not answer.plan.unanswered, answer.answer
    assert any(c.quote == "枫林政发〔2025〕1号" for c in answer.citations), answer.answer


def test_parts_folded_together_in_other_words_are_the_outline_check(county: ReportStore) -> None:
    answer = answer_question(county, "Which reports don't set out the five required parts as separate sections, and how were "
                                     "the parts folded together?", None, agent_tools=False)
    assert answer.plan.intent == "outline" and answer.plan.outline_ask in ("complete", "merged"), answer.plan
    assert not answer.plan.unanswered and len(answer.plan.parts) <= 1, answer.answer


def test_a_part_asked_for_lists_the_reports_that_have_it_and_which_put_it_first(county: ReportStore) -> None:
    answer = answer_question(county, "哪几份报告把第一责任人部分单独列成一级标题？其中哪几份把它放在第一部分？", None,
                             agent_tools=False)
    assert (answer.plan.outline_ask, answer.plan.part) == ("part", "first_responsible")
    assert [(p.outline_ask, p.part) for p in answer.plan.parts] == [("first", "first_responsible")]
    lines = answer.answer.splitlines()
    assert lines[0].startswith("单独写了「第一责任人职责」部分的报告（3）"), answer.answer
    assert {line.split("（")[0].lstrip("- ") for line in lines[1:4]} == {"栖霞镇", "枫林乡", "石桥镇"}
    first = lines.index(next(line for line in lines if line.startswith("第一部分是「第一责任人职责」的报告")))
    assert lines[first + 1].startswith("- 枫林乡") and not lines[first + 2].startswith("- "), answer.answer


def test_a_figure_within_the_reported_year_is_no_question_about_the_year(county: ReportStore) -> None:
    answer = answer_question(county, "报告年度内一件行政复议案件都没有的，有哪几个单位？", None, agent_tools=False)
    assert answer.plan.intent != "outline" and answer.plan.indicator == "admin_reconsiderations", answer.plan


def test_who_signed_and_when_after_a_question_on_the_year_covers_that_years_reports(county: ReportStore) -> None:
    """各自哪天落款、谁落的款 names no part and no town: it still asks the signature, of the reports
    the sentence before asked about, each line naming its signers and date, both cited."""
    answer = answer_question(county, "有几份其实是2023年度的？各自哪天落款、谁落的款？", None, agent_tools=False)
    assert [p.outline_ask for p in answer.plan.parts] == ["signature"] and not answer.plan.unanswered
    line = next(line for line in answer.answer.splitlines() if line.startswith("- 云岭镇") and "2024-01-09" in line)
    assert "云岭镇人民政府" in line
    assert not any(line.startswith("- 栖霞镇") and "2025-01-10" in line for line in answer.answer.splitlines())
    assert {"云岭镇人民政府", "2024年1月9日"} <= {c.quote for c in answer.citations}


def test_a_later_sentence_asks_among_the_reports_a_year_question_picks_out(county: ReportStore) -> None:
    """哪些报告不是2024年度的？其中哪一份…: the second asks among the reports of every other year."""
    answer = answer_question(county, "哪些报告不是2024年度的？其中哪一份的落款日期还在所报告的年度之内？", None, agent_tools=False)
    assert [(p.outline_ask, p.years) for p in answer.plan.parts] == [("early_date", [2023])]  # 云岭镇's, the only other year
    assert "2024-12-28" not in answer.answer  # 枫林乡's early date: a 2024 report, not among those asked about


def test_where_a_report_writes_its_county(tmp_path) -> None:  # noqa: ANN001
    """县名只在主送机关 / only in the body: each report's places for its county's name, cited to the
    lines that hold it; the places the question names are the groups it selects."""
    folder = tmp_path / "in"
    folder.mkdir()
    opening = "现将有关情况报告如下。全年调处矛盾纠纷40件，开展普法活动12场次，工作有序推进。"
    texts = {
        "a.txt": f"松溪镇2024年度法治政府建设情况报告\n\n云岭县人民政府：\n\n{opening}\n\n一、主要举措和成效\n全年工作有序推进。\n\n松溪镇人民政府\n2025年1月8日\n",
        "b.txt": f"柏林镇2024年度法治政府建设情况报告\n\n{opening}柏林镇作为云岭县的中心镇，坚持依法行政。\n\n一、主要举措和成效\n全年工作有序推进。\n\n柏林镇人民政府\n2025年1月9日\n",
        "c.txt": f"云岭县枫桥乡2024年度法治政府建设情况报告\n\n中共云岭县委全面依法治县委员会办公室：\n\n{opening}\n\n一、主要举措和成效\n全年工作有序推进。\n\n枫桥乡人民政府\n2025年1月7日\n",
    }
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = answer_question(store, "哪些报告的县名只在主送机关里出现？哪些只在正文里出现？", None)
    assert answer.plan.outline_ask == "county_where"
    assert "县名只出现在主送机关的报告（1）：\n- 松溪镇（2024）：云岭县（主送机关）" in answer.answer
    assert "县名只出现在正文的报告（1）：\n- 柏林镇（2024）：云岭县（正文）" in answer.answer
    assert "枫桥乡（2024）：云岭县（标题、主送机关）" in answer.answer
    assert sorted(answer.selected) == ["松溪镇", "柏林镇"] and answer.verified, answer.problems


def test_other_years_their_dates_and_one_signed_inside_its_year(county: ReportStore) -> None:
    """除了2024年度的还有哪些年度？各是哪天落款的？有没有年度还没过完就落款的？: the other years' reports,
    then their signatures and the one dated inside its year, over those reports only."""
    answer = answer_question(county, "除了24年度的，还有哪些年度的报告？各是哪天落款的？有没有哪份是报告年度还没过完就落款了？", None)
    assert answer.plan.outline_ask == "year" and [p.outline_ask for p in answer.plan.parts] == ["signature", "early_date"]
    assert all(2024 not in p.years for p in answer.plan.parts)
    assert "所报年度为2023年的报告（1）：\n- 云岭镇（2023）" in answer.answer and answer.verified, answer.problems


def test_a_part_put_last_and_it_carried_from_the_sentence_before(county: ReportStore) -> None:
    """哪些报告把第一责任人部分放在最后 / which put it at the very end: the reports whose last part is it."""
    answer = answer_question(county, "哪些报告把第一责任人部分放在最后？", None)
    assert (answer.plan.outline_ask, answer.plan.part) == ("last", "first_responsible")
    carried = answer_question(county, "Which reports put the first-responsibility section ahead of the shortcomings, and which put it at "
                                      "the very end?", None)
    assert [(p.outline_ask, p.part) for p in carried.plan.parts] == [("last", "first_responsible")]
    assert "Reports whose last part is" in carried.answer and carried.verified, carried.problems


def test_one_named_report_asked_several_things_of_its_form_gets_each_under_what_it_shows(county: ReportStore) -> None:
    """Qixia Town's report: how are its parts numbered, what is the first and the last part, and to whom is it
    addressed? (multipart11): each ask answered, each row under the line that says what it shows."""
    answer = answer_question(county, "Qixia Town's 2024 report: how are its parts numbered, what is the first and the last part, "
                                     "and to whom is it addressed?", model=None)
    asks = [answer.plan.outline_ask, *(p.outline_ask for p in answer.plan.parts)]
    assert {"numbering", "first", "last", "addressee"} <= set(asks)
    assert "Reports whose first part is" in answer.answer and "Reports whose last part is" in answer.answer
    assert "Not answered" not in answer.answer


@pytest.mark.parametrize("question", ["栖霞镇和枫林乡这两份报告分别是报给谁的？", "To whom was each report submitted?",
                                      "这些报告都是交给哪个单位的？"])
def test_whom_a_report_is_sent_to_is_its_addressee(county: ReportStore, question: str) -> None:
    """multipart12: 报给谁 / submitted to asks the addressee (主送机关), however worded."""
    answer = answer_question(county, question, None)
    assert answer.plan is not None and answer.plan.outline_ask == "addressee"


def test_one_sentence_asking_for_a_dropped_a_fused_and_a_shuffled_part_gets_each_check(county: ReportStore) -> None:
    """multipart13: "Is there one that drops a section, one that fuses two under a single heading, and one
    that shuffles their order?" asks the completeness check and the order check, both answered."""
    answer = answer_question(county, "Check each report against the five mandated sections. Is there one that drops a section, "
                                     "one that fuses two sections under a single heading, and one that shuffles their order?", None)
    assert answer.plan is not None
    assert {answer.plan.outline_ask, *(p.outline_ask for p in answer.plan.parts)} == {"order", "complete"}
