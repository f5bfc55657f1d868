"""Figure questions (lookups, comparisons, year-over-year, totals, rankings, disclosure) are
answered from the indicator table; code compares, subtracts, adds and ranks."""

from __future__ import annotations

from pathlib import Path

import pytest
from store_fixtures import make_report

from agent.answer.pipeline import answer_question
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
    assert "鹭栖镇2024年比2023年增加16件" in answer.answer
    assert [c.year for c in answer.citations] == [2023, 2024]


def test_a_change_is_also_given_relative_to_the_earlier_figure(corpus_store: ReportStore) -> None:
    """涨了几成: the difference over the earlier figure, computed by code and verified as derived."""
    answer = _answer(corpus_store, "鹭栖镇罚款2024年比2023年涨了几成？")
    assert "增加12700元（由上面两个数字相减），增加75.6%" in answer.answer
    assert answer.verified, answer.problems


def test_comparison_names_the_larger_town(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "滃溪镇和雁汊镇哪个镇受理的信访事项更多？")
    assert "滃溪镇（2024）的信访最多（13件）" in answer.answer
    assert {c.town for c in answer.citations} == {"滃溪镇", "雁汊镇"}


def test_totals_not_new_additions(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "鹭栖镇2024年持证执法人员有多少人？")
    assert "持证执法人员18人" in answer.answer and "3人" not in answer.answer.split("依据")[0]


def test_an_unstated_figure_is_said_to_be_unstated(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "杪林乡的法治建设经费是多少？")
    assert "报告中没有写明法治建设经费" in answer.answer
    # named for its silence, the report is cited to the heading under which it would say it
    assert [c.town for c in answer.citations] == ["杪林乡"] and answer.citations[0].quote.strip()
    assert "经费" not in answer.citations[0].quote


def test_a_rate_the_report_gives_only_as_two_counts_is_divided_by_code(corpus_store: ReportStore) -> None:
    """杪林乡 states how many disputes it mediated and how many succeeded, not the rate: the rate is
    computed from the two counts, said to be computed, cited to both, and verified."""
    answer = _answer(corpus_store, "杪林乡的调解成功率是多少？")
    assert answer.verified, answer.problems
    [line] = [line for line in answer.answer.splitlines() if line.startswith("杪林乡")]
    assert "没有直接写调解成功率" in line and "约96.9%" in line and "由代码计算" in line
    assert len(answer.citations) == 2 and all(c.town == "杪林乡" for c in answer.citations)
    assert any("成功" in c.quote for c in answer.citations)


def test_a_town_with_only_the_two_counts_takes_part_in_a_ranking_of_rates(hostile2_store: ReportStore) -> None:
    answer = answer_question(hostile2_store, "岚垭乡、柏堤街道和青墩镇的调解成功率各是多少？哪个最低？", model=None)
    assert answer.verified, answer.problems
    assert answer.selected == ["岚垭乡"] and "最低（95.3%）" in answer.answer


def test_year_on_year_questions_also_quote_the_stated_change(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "鹭栖镇2024年信访事项同比变化了多少？")
    assert "鹭栖镇（2024）：报告写明同比-12.5%" in answer.answer
    assert "鹭栖镇2024年比2023年减少2件" in answer.answer


def test_a_ranking_with_no_year_named_is_one_answer_over_each_towns_latest_report(corpus_store: ReportStore) -> None:
    """No year named: one ranking over every town, each by its latest report (鹭栖镇's 2024, not
    its 2023 beside it); both years named: each ranked apart."""
    answer = _answer(corpus_store, "哪个乡镇的罚款金额最高？")
    assert "砚塘镇（2024）的罚款最高（76000元）" in answer.answer
    assert "2023年：" not in answer.answer and "鹭栖镇（2023）" not in answer.answer
    considered = answer.as_dict()["reports_considered"]
    assert {r["year"] for r in considered if r["town"] == "鹭栖镇"} == {2024}
    assert len({r["town"] for r in considered}) == len({r.meta.get("town") for r in corpus_store.reports()})
    assert answer.verified
    both = _answer(corpus_store, "2023年和2024年罚款金额最高的乡镇分别是哪个？")
    assert "2023年：" in both.answer and "鹭栖镇（2023）的罚款最高（16800元）" in both.answer
    assert "砚塘镇（2024）的罚款最高（76000元）" in both.answer


def test_ties_are_kept_together() -> None:
    from agent.answer.routes.figures import _figure, _ranked
    from agent.answer.types import Plan
    from agent.tables.build import Cell, TableRow

    def row(town: str, value: int) -> TableRow:
        cell = Cell(value, "件", False, f"{town}受理信访{value}件", 0, 5, 1)
        return TableRow(town, f"{town}.txt", town, "某县", 2024, {"petitions": cell})

    plan = Plan(question="q", normalized="q", intent="rank", language="zh", order="max")
    rows = [(r, _figure(r, "petitions")) for r in (row("甲镇", 9), row("乙镇", 9), row("丙镇", 3))]
    [claim] = _ranked(rows, "petitions", plan, "max", 3)
    assert claim.text.startswith("甲镇（2024）、乙镇（2024）的信访最多（9件），并列")
    assert {c.town for c in claim.citations} == {"甲镇", "乙镇"}


def test_a_county_total_adds_each_towns_latest_report_or_each_named_year_on_its_own(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "岚峪县各乡镇共调处矛盾纠纷多少件？")
    assert "岚峪县写明该数字的3份报告合计矛盾纠纷调处：637件" in answer.answer
    assert "152件" not in answer.answer  # 鹭栖镇's 2023 report: its 2024 one is counted, never both
    by_year = _answer(corpus_store, "岚峪县各乡镇2023年和2024年分别共调处矛盾纠纷多少件？")
    assert "岚峪县写明该数字的3份报告合计矛盾纠纷调处：637件" in by_year.answer
    assert "岚峪县写明该数字的1份报告合计矛盾纠纷调处：152件" in by_year.answer


def test_disclosure_lists_reports_that_do_not_state_a_figure(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "哪些报告没有写明罚款金额？")
    silent = answer.answer.split("\n")[0]
    assert silent.startswith("未写明罚款数字的报告")
    assert "西大沟镇" not in silent  # not in this corpus: only the ten fictional reports
    assert "罚款76000元" in answer.answer and answer.verified


def test_which_of_two_is_higher_says_by_how_much(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "滃溪镇和雁汊镇哪个镇受理的信访事项更多？多多少？")
    assert "滃溪镇（2024）比雁汊镇（2024）多4件" in answer.answer
    gap = next(c for c in answer.citations if c.town == "雁汊镇")
    assert "9件" in gap.quote  # the difference is cited to both figures


def test_towns_compared_with_no_year_are_compared_on_their_latest_reports(corpus_store: ReportStore) -> None:
    answer = _answer(corpus_store, "砚塘镇和鹭栖镇的调解成功率谁高？")
    assert "鹭栖镇（2023）" not in answer.answer and "鹭栖镇（2024）比砚塘镇（2024）高约3.2个百分点" in answer.answer


def test_the_highest_and_the_lowest_and_how_far_apart(hostile2_store: ReportStore) -> None:
    """最多和最少…？相差多少？: both ends ranked by code, their difference computed and cited to both
    figures, and the second sentence answered by it, not named as unanswered."""
    answer = answer_question(hostile2_store, "调处矛盾纠纷最多和最少的分别是哪个乡镇？两者相差多少件？", model=None)
    assert answer.plan.order == "both" and not answer.plan.unanswered and "未能回答" not in answer.answer
    assert set(answer.selected) == {"柏堤街道", "枫湾乡"}
    assert "柏堤街道（2025）比枫湾乡（2025）多284件" in answer.answer
    assert answer.verified, answer.problems


def test_which_towns_had_none_reads_explicit_zeros_apart_from_counts_and_silence(hostile2_store: ReportStore) -> None:
    """没有一件行政复议: a town whose report says none occurred is listed, one that merely names the
    law (学习《行政复议法》) is not, a count of 1 is 'had some'; each line cites its own sentence."""
    answer = answer_question(hostile2_store, "哪些乡镇一起行政复议案件都没有？请全部列出。", model=None)
    assert answer.route == "table" and not answer.plan.unanswered, answer.answer
    assert set(answer.selected) == {"枫湾乡", "鹭港镇"}
    assert answer.verified, answer.problems
    zero_lines = [line for line in answer.answer.splitlines() if "行政复议0件" in line]
    assert len(zero_lines) == 2 and all("未发生" in line for line in zero_lines)
    english = answer_question(hostile2_store, "Which towns had no administrative lawsuits in 2025?", model=None)
    assert set(english.selected) == {"枫湾乡", "岚垭乡"}


def _store_of(tmp_path: Path, measures: dict[str, str], counties: dict[str, str] | None = None) -> ReportStore:
    """A store of one small report per town, each with the one measures sentence given (and its county,
    where ``counties`` names one)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for number, (town, sentence) in enumerate(measures.items()):
        county = {"county": counties[town]} if counties and town in counties else {}
        (folder / f"r{number}.txt").write_text(make_report(town=town, **county, sections={"一、主要举措和成效": sentence}),
                                               encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    return store


def test_rates_worked_out_for_the_reports_that_state_none_are_ranked_apart(tmp_path: Path) -> None:
    """'They give the counts but no rate: work it out and say which is lowest': only the rates code
    divides are ranked; a report that states its own rate is shown apart, not compared."""
    store = _store_of(tmp_path, {"东岭镇": "全年受理矛盾纠纷100件，调解成功80件。", "西岭乡": "全年受理矛盾纠纷50件，成功调解45件。",
                                 "南岭镇": "全年调处矛盾纠纷200件，调解成功率70%。"})
    for question in ("有些乡镇只写了受理和调解成功的件数、没写成功率，帮我算一下各自的成功率，哪个最低？",
                     "Some towns give the disputes handled and mediated but no success rate. Work out each rate: which is lowest?"):
        answer = _answer(store, question)
        first = answer.answer.splitlines()[0]
        assert first.startswith("东岭镇") and "80" in first and "2" in first  # among the 2 worked out, not 南岭镇's 70%
        ranked, _, apart = answer.answer.partition("南岭镇")
        assert "70" not in ranked and apart


def test_a_report_saying_it_has_no_funding_is_told_apart_from_one_silent_on_it(tmp_path: Path) -> None:
    """Which reports give no funding figure: one that says it has no budget for the work (没有单列)
    is listed with that sentence, not among the reports that never mention funding."""
    store = _store_of(tmp_path, {"东岭镇": "镇财政安排法治建设专项经费18万元。", "西岭乡": "乡财政没有单列法治建设经费，支出从办公经费中调剂。",
                                 "南岭镇": "全年开展普法活动12场次。"})
    answer = _answer(store, "哪些乡镇没有写明法治建设经费的具体金额？")
    silent = next(line for line in answer.answer.splitlines() if line.startswith("未写明"))
    assert "南岭镇" in silent and "西岭乡" not in silent
    assert "西岭乡（2024）：报告称缺乏法治建设经费（「乡财政没有单列法治建设经费" in answer.answer


def test_every_figure_asked_is_answered_on_the_total_and_which_towns_routes(tmp_path: Path) -> None:
    """Which towns lost a suit, and how many suits in all: the lost suits from the table (a judgment
    revoking the act is a loss; no suit at all is none lost), then the suits added up, not one of them only."""
    store = _store_of(tmp_path, {"东岭镇": "镇政府作为被告的行政诉讼1件，一审被判决撤销原行政行为。",
                                 "西岭乡": "全年行政诉讼案件3件，均未败诉。", "南岭镇": "全年未发生行政诉讼案件。"})
    for question in ("哪些乡镇输过行政官司？这些报告一共记了多少件行政诉讼？",
                     "Which towns lost an administrative lawsuit, and how many lawsuits do the reports record in total?"):
        answer = _answer(store, question)
        assert answer.plan.intent == "has" and [p.indicator for p in answer.plan.parts] == ["admin_lawsuits"]
        some, _, rest = answer.answer.partition("\n-")
        assert "东岭镇" in rest.splitlines()[0] and "1" in rest.splitlines()[0]
        assert "4" in next(line for line in answer.answer.splitlines() if "合计" in line or "adds up" in line)
        lost_none = [line for line in answer.answer.splitlines() if "南岭镇" in line][0]
        assert "0" in lost_none and "未发生行政诉讼" in lost_none


def test_a_county_rate_adds_up_the_two_counts_and_divides(tmp_path: Path) -> None:
    """The combined success rate over towns is the resolved disputes over all disputes of the reports
    giving both counts (90/110), not the mean of their rates; a report giving only a rate is left out of it."""
    store = _store_of(tmp_path, {"东岭镇": "全年受理矛盾纠纷100件，调解成功82件。", "西岭乡": "全年受理矛盾纠纷10件，调解成功8件。",
                                 "南岭镇": "全年调处矛盾纠纷200件，调解成功率70%。"})
    answer = _answer(store, "云岭县各乡镇合计调处纠纷多少件？合并计算的调解成功率是多少？")
    pooled = next(line for line in answer.answer.splitlines() if "合并计算" in line)
    assert "90" in pooled and "110" in pooled and "81.8%" in pooled and "南岭镇" not in pooled
    assert "310" in answer.answer  # the disputes' total, the question's first part


def test_a_gap_after_a_ranking_gives_both_ends_and_the_difference(tmp_path: Path) -> None:
    store = _store_of(tmp_path, {"东岭镇": "镇财政安排法治建设经费18万元。", "西岭乡": "乡财政安排法治建设经费6万元。",
                                 "南岭镇": "镇财政安排法治建设经费10万元。"})
    answer = _answer(store, "各乡镇法治建设经费合计多少？哪个最多，比最少的多多少？")
    assert answer.plan.parts[0].order == "both"
    assert "东岭镇（2024）比西岭乡（2024）多120000元" in answer.answer


def test_the_kinds_of_legality_review_are_each_their_own_figure(tmp_path: Path) -> None:
    """Contracts and normative documents listed in one sentence: each kind its own item, the total
    their sum; contracts reviewed for the villages are not the town's."""
    store = _store_of(tmp_path, {"东岭镇": "全年审查合同40份、行政规范性文件2件。", "西岭乡": "乡政府签订的合同全部经过审核，全年审核合同12份；为村集体审核合同30份。",
                                 "南岭镇": "全年开展合法性审查9件。"})
    answer = _answer(store, "Which reports give a contract-review count but no normative-document review count?")
    assert answer.plan.indicator == "normative_doc_reviews" and answer.plan.also == ["contract_reviews"]
    lines = answer.answer.splitlines()
    assert any("东岭镇" in line and "40" in line for line in lines) and any("东岭镇" in line and " 2 " in line for line in lines)
    assert any("西岭乡" in line and "12" in line for line in lines) and "30 " not in answer.answer
    total = _answer(store, "各乡镇合法性审查分别多少件？")
    assert "「全年审查合同40份、行政规范性文件2件」各项相加为42件" in total.answer


def test_the_justice_offices_own_people_not_its_posts(tmp_path: Path) -> None:
    store = _store_of(tmp_path, {"东岭镇": "司法所编制5名，实有3名，人手紧张。", "西岭乡": "乡司法所目前只有所长1人。",
                                 "南岭镇": "司法所组织村干部30人参加调解培训。"})
    answer = answer_question(store, "有没有哪个乡镇反映司法所人手不够？各有几个人？", model=None)
    assert [p.indicator for p in answer.plan.parts] == ["justice_office_staff"]
    assert "东岭镇（2024）：司法所工作人员3人" in answer.answer and "西岭乡（2024）：司法所工作人员1人" in answer.answer
    assert "30人" not in answer.answer.replace("「", "").split("司法所组织")[0]


def test_a_justice_office_shortfall_is_its_posts_less_its_people(tmp_path: Path) -> None:
    """A shortfall stated as such is read; one given only as posts and people in them is
    subtracted by code, cited to both; 缺 in the question asks its size, not who lacks."""
    store = _store_of(tmp_path, {"东岭镇": "司法所核定编制4人、在岗仅1人。", "西岭乡": "司法所编制3名，目前只有所长1人。",
                                 "南岭镇": "镇司法所编制3名，实有2名，缺口1名。", "北岭镇": "司法所编制2名，实有2名。"})
    answer = _answer(store, "各乡镇司法所缺口各是几人？")
    assert answer.plan.intent == "disclosure" and answer.plan.indicator == "justice_office_shortfall"
    assert "南岭镇（2024）：司法所人员缺口1人（「缺口1名」）" in answer.answer
    assert "由「司法所编制3名」减去「目前只有所长1人」，司法所人员缺口为2人" in answer.answer
    assert "东岭镇（2024）：报告没有直接写司法所人员缺口；由「司法所核定编制4人、在岗仅1人」中的编制数减去实有数，司法所人员缺口为3人" in answer.answer
    assert "北岭镇（2024）" in answer.answer and "缺口为0人" in answer.answer
    most = _answer(store, "Which town's justice office is the most understaffed against its authorised posts?")
    assert most.plan.order == "max" and most.answer.splitlines()[1].startswith("东岭镇 (2024)")


def test_a_total_over_all_years_counts_every_report_of_each_town(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, year, sentence in (("a23.txt", 2023, "全年行政诉讼案件1件。"), ("a24.txt", 2024, "全年行政诉讼案件2件。"),
                                 ("b.txt", 2024, "全年行政诉讼案件4件。")):
        town = "西岭乡" if name == "b.txt" else "东岭镇"
        (folder / name).write_text(make_report(town=town, year=year, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    every = _answer(store, "云岭县所有年度的报告里行政诉讼合计多少件？")
    assert every.plan.all_years and "合计行政诉讼：7件" in every.answer and "所有年度：每份报告都计入" in every.answer
    latest = _answer(store, "云岭县行政诉讼合计多少件？")
    assert "合计行政诉讼：6件" in latest.answer and "东岭镇（2023）" not in latest.answer


def test_a_rates_change_is_in_percentage_points_and_shown(tmp_path: Path) -> None:
    """The change of a rate between two reports (one stated, one divided by code) is a difference of
    percentage points, never a relative %, and survives the number check (98.5 − 94.6 is 3.9)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for year, sentence in ((2023, "全年调处纠纷350件，调解成功331件。"), (2024, "全年调处纠纷300件，成功率98.5%。")):
        (folder / f"{year}.txt").write_text(make_report(town="东岭镇", year=year, sections={"一、主要举措和成效": sentence}),
                                            encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _answer(store, "东岭镇2023年和2024年的调解成功率各是多少，变化多少？")
    assert "东岭镇2024年比2023年增加3.9个百分点" in answer.answer and answer.verified, answer.problems


def test_last_years_figure_written_beside_this_years_gives_the_change(tmp_path: Path) -> None:
    """One report, asked the change: last year's figure it writes beside this year's (22件（上年为17件）)
    is quoted and the change computed from the two, cited to both; none written, no change claimed."""
    store = _store_of(tmp_path, {"东岭镇": "全年开展合法性审查22件（上年为17件）。", "西岭乡": "全年开展合法性审查9件。"})
    answer = _answer(store, "东岭镇合法性审查件数比上年增加了多少？")
    assert "报告同时写了上年的数字（「上年为17件」），比上年增加5件" in answer.answer and answer.verified, answer.problems
    alone = _answer(store, "西岭乡合法性审查件数比上年增加了多少？")
    assert "上年" not in alone.answer.replace("比上年增加了多少", "")


def test_a_later_sentence_naming_a_county_asks_of_the_county_and_not_of_the_town_before(tmp_path: Path) -> None:
    """A town's figure and its change, then a county's total: the county sentence is not carried to the
    town; last year's figure written with its year (较2023年的11万元) gives the change; a town named
    in the first sentence stays in scope though a later sentence names another county."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, county, sentence in (
            ("a.txt", "东岭镇", "云岭县", "全年安排法治建设经费9万元，较2023年的11万元有所减少。"),
            ("b.txt", "西岭乡", "云岭县", "乡财政安排法治建设经费6万元。"),
            ("c.txt", "南岭镇", "雾川县", "镇财政安排法治建设经费10万元。")):
        (folder / name).write_text(make_report(town=town, county=county, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _answer(store, "东岭镇2024年法治经费多少，比2023年怎么变？云岭县2024年的经费合计多少？")
    assert "比上年减少20000元" in answer.answer and "合计法治建设经费：150000元" in answer.answer
    assert "未能回答" not in answer.answer
    both = _answer(store, "南岭镇和东岭镇的法治经费哪个多？云岭县哪个乡镇最多？")
    assert "南岭镇（2024）：法治建设经费100000元" in both.answer
    every = _answer(store, "南岭镇和东岭镇的法治经费哪个多？两个县2024年的经费一共多少？")
    assert "合计法治建设经费：250000元" in every.answer


def test_which_town_rose_most_on_last_year_is_ranked_by_each_towns_change(tmp_path: Path) -> None:
    """The change from the town's report of last year, else from last year's figure written beside
    this year's; a town with neither is named, never ranked; a fall most ranks the other way."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, year, sentence in (
            ("a23.txt", "东岭镇", 2023, "全年安排法治建设经费10万元。"), ("a24.txt", "东岭镇", 2024, "全年安排法治建设经费12万元。"),
            ("b.txt", "西岭乡", 2024, "全年安排法治建设经费9万元（上年5万元）。"), ("c.txt", "南岭镇", 2024, "全年安排法治建设经费30万元。")):
        (folder / name).write_text(make_report(town=town, year=year, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _answer(store, "2024年各乡镇法治建设经费与上年相比哪家增加得最多？")
    assert answer.plan.ranks_change and answer.plan.order == "max"
    assert answer.answer.startswith("西岭乡（2024）的法治建设经费与上年相比增加40000元，增加最多")
    assert "东岭镇（2024）：上年100000元，本年120000元，增加20000元" in answer.answer
    assert "看不出与上年相比变化的报告（1）：南岭镇（2024）" in answer.answer
    fell = _answer(store, "Which town's rule-of-law funding fell the most on the year before in 2024?")
    assert fell.plan.ranks_change and fell.plan.order == "min"


def test_a_subject_named_before_the_asks_is_asked_by_each(tmp_path: Path) -> None:
    """这几个乡镇的司法所，编制加起来多少、实际在岗多少: each ask is about the justice office named first."""
    store = _store_of(tmp_path, {"东岭镇": "司法所核定编制4人、在岗仅1人。", "西岭乡": "司法所编制3名，实有2名。"})
    answer = _answer(store, "这几个乡镇的司法所，编制加起来多少、实际在岗多少？")
    assert "合计司法所编制：7人" in answer.answer and "合计司法所工作人员：3人" in answer.answer
    assert "未能回答" not in answer.answer


def test_the_top_and_the_runner_up(tmp_path: Path) -> None:
    """比第二名多多少 gives the gap to the second, not to the last."""
    store = _store_of(tmp_path, {"东岭镇": "全年调处矛盾纠纷236件，成功调处221件。", "西岭乡": "全年受理矛盾纠纷47件，成功化解44件。",
                                 "南岭镇": "全年调处矛盾纠纷100件，成功调处90件。"})
    top = _answer(store, "哪个乡镇调处的矛盾纠纷最多？比第二名多多少件？")
    assert top.plan.order == "max" and "东岭镇（2024）比南岭镇（2024）多136件" in top.answer


def test_a_coverage_answer_says_how_many_villages_are_still_without(tmp_path: Path) -> None:
    """15个村（社区），已有14个: a partial coverage row, and code's count of the villages still without."""
    store = _store_of(tmp_path, {"东岭镇": "全镇共15个村（社区），已有14个签订法律顾问服务协议。", "西岭乡": "辖区9个村均已聘请村法律顾问。"})
    answer = answer_question(store, "哪些乡镇的村法律顾问还没有全覆盖？差几个村？", model=None)
    assert "（15个中已有14个，还差1个，由代码相减）" in answer.answer
    assert "西岭乡" not in answer.answer.split("依据的报告")[0].split("已有")[0]


def test_a_named_town_silent_on_a_topic_is_cited_where_it_would_say_it(tmp_path: Path) -> None:
    """青篁镇配备执法记录仪了吗 of a report that never mentions them: the line naming it is cited (to the
    heading of its measures), since every report an answer names is cited."""
    store = _store_of(tmp_path, {"东岭镇": "全年开展执法检查40次。"})
    answer = answer_question(store, "东岭镇配备执法记录仪了吗？", model=None)
    line = next(x for x in answer.answer.splitlines() if x.startswith("东岭镇"))
    assert "没有提到" in line and line.rstrip().endswith("]") and answer.citations


def test_last_years_figure_inside_a_data_row_and_a_change_written_beside(tmp_path: Path) -> None:
    """法治建设经费：38.5万元（上年31万元） in a block of figures, and 16万元，比上年增加5万元: both give the
    change on last year (the second's earlier figure worked out by code)."""
    store = _store_of(tmp_path, {"东岭镇": "主要数据\n法治建设经费：38.5万元（上年31万元）\n普法活动场次：56场次",
                                 "西岭乡": "全年落实法治建设专项经费16万元，比上年增加5万元。"})
    answer = _answer(store, "2024年各乡镇法治建设经费与上年相比哪家增加得最多？")
    assert "东岭镇（2024）：上年310000元，本年385000元，增加75000元" in answer.answer
    assert "西岭乡（2024）：上年110000元，本年160000元，增加50000元" in answer.answer


def test_each_named_towns_change_on_the_year_before(tmp_path: Path) -> None:
    """两家比上一年各涨了多少 after comparing two towns: each town's change, worked out by code."""
    store = _store_of(tmp_path, {"东岭镇": "全年安排法治建设经费24万元，上年为18万元。", "西岭乡": "法治建设经费：38.5万元（上年31万元）。"})
    answer = _answer(store, "东岭镇和西岭乡24年法治经费谁多？两家比上一年各涨了多少？")
    assert "东岭镇（2024）：上年180000元，本年240000元，增加60000元" in answer.answer
    assert "西岭乡（2024）：上年310000元，本年385000元，增加75000元" in answer.answer and "未能回答" not in answer.answer


def test_a_towns_place_in_a_ranking_and_a_sum_asked_with_the_order(tmp_path: Path) -> None:
    """居第几位: the named town's place among the reports that state the figure; 合计数，并按金额从高到低
    排序: the sum and the order, both."""
    store = _store_of(tmp_path, {"东岭镇": "全年安排法治建设经费16万元。", "西岭乡": "全年安排法治建设经费5万元。",
                                 "南岭镇": "全年安排法治建设经费9万元。"})
    place = _answer(store, "西岭乡的法治经费在各报告中居第几位？")
    assert place.plan.position_of == "西岭乡" and "西岭乡（2024）在写明该数字的3份报告中从高到低排第3位" in place.answer
    both = _answer(store, "请统计各乡镇法治经费合计数，并按金额从高到低排序。")
    assert "合计法治建设经费：300000元" in both.answer and "东岭镇（2024）的法治建设经费最高" in both.answer


def test_the_fastest_rise_is_ranked_in_percent_of_last_years_figure(tmp_path: Path) -> None:
    """增幅最大 asks the rate of the change, not its size: 11万 → 16万 (45.5 %) before 31万 → 38.5万 (24.2 %)."""
    store = _store_of(tmp_path, {"东岭镇": "全年落实法治建设专项经费16万元，比上年增加5万元。", "西岭乡": "法治建设经费：38.5万元（上年31万元）。"})
    answer = _answer(store, "2024年各乡镇法治经费与上年相比增幅最大的是哪家？")
    assert answer.plan.change_by_rate
    assert answer.answer.startswith("东岭镇（2024）的法治建设经费与上年相比增加45.5%，增幅最大")
    assert "西岭乡（2024）：上年310000元，本年385000元，增加75000元，变化幅度24.2%" in answer.answer


def test_last_years_figure_on_the_next_line_of_a_data_block(tmp_path: Path) -> None:
    """法治建设经费：180000元 then 上年法治建设经费：150000元 (multipart11); a next line labelled with another
    figure (上年普法活动场次) is not last year's funding."""
    store = _store_of(tmp_path, {"东岭镇": "主要数据\n法治建设经费：180000元\n上年法治建设经费：150000元\n普法活动场次：56场次",
                                 "西岭乡": "主要数据\n法治建设经费：90000元\n上年普法活动场次：30000场次"})
    answer = _answer(store, "2024年各乡镇法治建设经费与上年相比哪家增加得最多？")
    assert "东岭镇（2024）：上年150000元，本年180000元，增加30000元" in answer.answer
    assert "西岭乡（2024）：上年" not in answer.answer


def test_highest_lowest_and_the_largest_rise_asked_in_one_sentence_are_each_answered(tmp_path: Path) -> None:
    """name the highest and lowest, and … which rose the most: the rise is ranked apart from the figure."""
    store = _store_of(tmp_path, {"东岭镇": "全年安排法治建设经费24万元，上年为18万元。", "西岭乡": "法治建设经费：38.5万元（上年37万元）。"})
    answer = _answer(store, "Rule-of-law funding in the 2024 reports: name the highest and lowest, and for the towns "
                            "that give last year's figure, which rose the most?")
    assert "西岭乡 (2024): the highest rule-of-law funding" in answer.answer
    assert "东岭镇 (2024): rule-of-law funding up 60000 yuan on last year, the largest rise" in answer.answer
    assert "上年180000" not in answer.answer  # every part in the question's language


def test_the_towns_with_reports_of_two_years_each_change_over_their_own_years(tmp_path: Path) -> None:
    """For the towns with reports in two years, how did X change (multipart11): the set is the towns that
    have them, each one's change worked out apart (the reports' years are their citations', no invented number)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, year, sentence in (("a", "东岭镇", 2023, "执法队现有执法记录仪4台。"), ("b", "东岭镇", 2024, "执法队现有执法记录仪7台。"),
                                       ("c", "西岭乡", 2024, "执法队现有执法记录仪5台。"), ("d", "西岭乡", 2025, "执法队现有执法记录仪9台。"),
                                       ("e", "南岭镇", 2024, "执法队现有执法记录仪3台。")):
        (folder / f"{name}.txt").write_text(make_report(town=town, year=year, sections={"一、主要举措和成效": sentence}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = _answer(store, "For the towns with reports in two years, how did their body cameras change?")
    assert answer.plan.intent == "yoy" and sorted(answer.plan.towns) == ["东岭镇", "西岭乡"]
    assert "东岭镇 2024 vs 2023: up 3 units" in answer.answer and "西岭乡 2025 vs 2024: up 4 units" in answer.answer
    assert "南岭镇" not in answer.answer and "the most" not in answer.answer


def test_a_shortfall_asked_after_posts_and_people_is_the_shortfall(tmp_path: Path) -> None:
    """各地司法所编制和在岗各几个人？合计缺多少？缺口最大的是哪个？: the shortfall's total and its largest, by code."""
    store = _store_of(tmp_path, {"东岭镇": "镇司法所核定编制5名，实有3名。", "西岭乡": "乡司法所编制2个，目前只有所长1人在岗。"})
    answer = _answer(store, "2024年的报告里，各地司法所核定编制和实际在岗各几个人？合计缺多少？缺口最大的是哪个？")
    assert [p.indicator for p in answer.plan.parts] == ["justice_office_shortfall", "justice_office_shortfall"]
    assert "合计司法所人员缺口：3人" in answer.answer and "东岭镇（2024）的司法所人员缺口最多（2人）" in answer.answer


def test_which_towns_pass_a_comparison_with_a_number_are_picked_by_code(tmp_path: Path) -> None:
    """哪几个只剩1个人 / more than N (multipart11): the towns whose figure passes, compared by code and cited."""
    store = _store_of(tmp_path, {"东岭镇": "镇司法所核定编制4名，实有3名。", "西岭乡": "乡司法所编制2个，目前只有所长1人在岗。",
                                 "南岭镇": "镇司法所核定编制2名，目前在岗1人。"})
    answer = _answer(store, "2024年各地司法所哪几个只剩1个人？")
    assert answer.plan.value_test == ("=", 1.0)
    assert "司法所工作人员为1人的报告（2）" in answer.answer and "东岭镇" not in answer.answer.split("依据")[0]
    more = _answer(store, "Which towns have more than 2 justice office staff?")
    assert "(1)" in more.answer and "东岭镇 (2024)" in more.answer and "西岭乡 (2024)" not in more.answer.split("Reports checked")[0]


def test_the_lowest_rate_after_the_counts_ranks_the_rate_not_the_counts(tmp_path: Path) -> None:
    """multipart12: "give each town's disputes handled and success rate, then say which town had the highest
    and the lowest rate": the later clause ranks the success rate (divided by code), not the disputes."""
    store = _store_of(tmp_path, {"东岭镇": "全年受理矛盾纠纷100件，调解成功80件。", "西岭乡": "全年受理矛盾纠纷50件，成功调解45件。",
                                 "南岭镇": "全年受理矛盾纠纷300件，调解成功255件。"})
    answer = _answer(store, "Dispute mediation: give each town's disputes handled and success rate, "
                            "then say which town had the highest and the lowest rate.")
    assert [p.indicator for p in answer.plan.parts] == ["mediation_success_rate"]
    lines = answer.answer.splitlines()
    assert any(line.startswith("西岭乡") and "highest" in line and "90" in line for line in lines)
    assert any(line.startswith("东岭镇") and "lowest" in line and "80" in line for line in lines)


def test_how_much_it_rose_on_last_year_over_every_report_lists_each_change(tmp_path: Path) -> None:
    """multipart12: 法治经费比上年涨了多少？把写了上年数的报告列出来，算出增加额和增幅，哪家涨得最多？ is one
    question about each town's change: every report that writes last year's figure beside its own, the
    amount and the percent of each, the largest named; no part of it left unanswered."""
    store = _store_of(tmp_path, {"东岭镇": "全年安排法治建设经费21万元，上年为17万元。", "西岭乡": "法治工作经费15万元，比上年的12万元有所增加。",
                                 "南岭镇": "全年安排法治建设经费30万元。"})
    answer = _answer(store, "法治经费比上年涨了多少？把写了上年数的报告列出来，算出增加额和增幅，哪家涨得最多？")
    assert answer.plan.ranks_change and answer.plan.unanswered == [] and answer.plan.parts == []
    lines = answer.answer.splitlines()
    assert lines[0].startswith("东岭镇") and "40000" in lines[0] and "最多" in lines[0]
    assert any(line.startswith("西岭乡") and "30000" in line and "25%" in line for line in lines)
    assert any("南岭镇" in line and "看不出" in line for line in lines)


@pytest.mark.parametrize("question", ["合同审查，两个县各自一共审了多少份？哪个县多、多多少？",
                                      "Contracts reviewed: give me a total for 东川县 and one for 西川县."])
def test_a_total_for_each_county_and_how_far_apart_they_are(tmp_path: Path, question: str) -> None:
    """multipart13: 两个县各自一共…，哪个县多、多多少 / a total for A County and one for B County: one total per
    county, each cited to its reports' figures, and the difference of the two, computed by code."""
    store = _store_of(tmp_path, {"甲岭镇": "全年审查合同40份。", "乙岭镇": "全年审查合同15份。", "丙岭乡": "全年审查合同20份。"},
                      {"甲岭镇": "东川县", "乙岭镇": "东川县", "丙岭乡": "西川县"})
    answer = _answer(store, question)
    assert answer.plan.by_county and answer.plan.county is None
    lines = answer.answer.splitlines()
    assert any(line.startswith("东川县") and "55" in line for line in lines)
    assert any(line.startswith("西川县") and "20" in line for line in lines)
    if "哪个县多" in question:
        assert any("东川县比西川县多35" in line for line in lines)


@pytest.mark.parametrize(("question", "top", "bottom"), [
    ("普法活动，哪个乡镇平均每场来的人最多、哪个最少？", "东岭镇", "西岭乡"),
    ("Once you divide inspections by the number of certified officers, which town's squad was the busiest and which the least busy?",
     "西岭乡", "东岭镇"),
])
def test_one_figure_per_another_is_divided_by_code_and_ranked(tmp_path: Path, question: str, top: str, bottom: str) -> None:
    """multipart13: people per event (平均每场来的人) and inspections per certified officer are a ratio of two
    figures each report states, divided by code, cited to both, and ranked at both ends."""
    store = _store_of(tmp_path, {
        "东岭镇": "组织普法活动10场，覆盖群众3000人次。全年开展执法检查40次。镇综合执法队现有持证执法人员20名。",
        "西岭乡": "组织普法活动20场，覆盖群众2000人次。全年开展执法检查60次。乡综合执法队现有持证执法人员10名。"})
    answer = _answer(store, question)
    assert answer.plan.per is not None and answer.plan.order == "both"
    lines = answer.answer.splitlines()
    assert lines[0].startswith(top) and lines[1].startswith(bottom)
    assert all(len(line.split("[")) >= 3 for line in lines[:2])  # each end cited to both of its figures


def test_last_years_figure_from_its_column_of_the_reports_own_table(tmp_path: Path) -> None:
    """multipart14: a 2025 report whose table sets this year's figures beside last year's (指标 | 2025年 | 2024年):
    how much the money and the legal helpers grew is read from the table's 2024 column, in the unit the row's
    label gives (法治保障资金（万元） | 55 | 50), and cited to that cell."""
    table = "主要指标对比如下：\n指标 | 2025年 | 2024年\n法律明白人（名） | 130 | 115\n法治保障资金（万元） | 55 | 50"
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "r.txt").write_text(make_report(town="东岭镇", year=2025, sections={"一、主要举措和成效": table}), encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = answer_question(store, "东岭镇跟上年比，法律明白人多了多少？", None, agent_tools=False)
    assert answer.verified and "比上年增加15名" in answer.answer, answer.answer
    money = answer_question(store, "东岭镇跟上年比，法治方面的钱多了多少？", None, agent_tools=False)
    assert "增加50000元" in money.answer and any(c.quote.strip() == "50" for c in money.citations)
