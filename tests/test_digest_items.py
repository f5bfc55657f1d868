"""The digest's item finder on layouts a reviewer wrote against it: what is a problem (or a plan)
and what only sits beside one (a lead-in, a cause, a label, another part's list)."""

from __future__ import annotations

import pytest
import yaml
from store_fixtures import ROOT

from agent.digest.items import items_in_part
from store.catalog import ReportRow
from store.metadata import extract_metadata
from store.normalize import normalize

HEAD = ("某县某镇关于2024年度法治政府建设情况的报告\n\n2024年，我镇认真贯彻落实上级部署，现将有关情况报告如下。\n\n"
        "一、主要举措和成效\n\n（一）健全工作机制。镇党委定期研究部署法治建设工作，全年召开专题会议6次。\n\n")
TAIL = "\n\n四、下一年度工作计划\n\n一是加强执法队伍建设，开展专题培训。二是深化法治宣传教育。\n"
PROBLEMS = ["执法力量薄弱，专职执法人员仅2名", "法治宣传形式单一，覆盖面不广"]


def found(body: str, part: str = "shortcomings", whole: bool = False) -> list[str]:
    text = body if whole else HEAD + body + TAIL
    row = ReportRow("r1", "x.txt", "x.txt", {"town": "某镇", "year": 2024}, [], len(text), 0)
    return [i.text for i in items_in_part(row, normalize(text), part)]


@pytest.mark.parametrize("body", [
    # a lead-in sentence, then the list on its own lines
    "二、存在的不足和原因\n\n一年来，我镇法治建设仍存在一些不足。\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。",
    # a lead-in whose colon opens the list on the same line
    "二、存在的不足\n\n对照上级要求，仍存在一些不足：一是执法力量薄弱，专职执法人员仅2名；二是法治宣传形式单一，覆盖面不广。",
    # causes after a lead-in line of their own, numbered like the problems
    "二、存在的不足和原因\n\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。\n"
    "分析其原因，主要有以下两点：\n一是思想认识不到位，重视程度不够。\n二是经费保障不足，培训难以开展。",
    # a cause sub-heading
    "二、存在的不足和原因\n\n（一）存在的问题\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。\n"
    "（二）原因分析\n一是重视不够。\n二是经费不足。",
    # 存在的问题及原因 names the problems too: what is under it counts
    "二、存在的不足和原因\n\n（一）存在的问题及原因\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。",
    # fixes under their own label in a part named 问题及整改措施
    "三、存在问题及整改措施\n\n（一）主要问题\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。\n"
    "（二）整改措施\n一是加强执法队伍建设，开展专题培训。\n二是创新普法形式，扩大覆盖面。",
    # a paragraph per problem, after an opening sentence about the problems in general
    "二、存在的问题\n\n在取得成绩的同时，我们也清醒地看到，我镇法治建设工作还存在短板和弱项。\n"
    "执法力量薄弱，专职执法人员仅2名。\n法治宣传形式单一，覆盖面不广。",
    # one prose paragraph: a sentence about the problems in general, then each problem, then its cause
    "二、存在的不足\n\n当前我镇法治建设仍有一些薄弱环节。执法力量薄弱，专职执法人员仅2名。法治宣传形式单一，覆盖面不广。"
    "究其原因，是财政紧张，投入一再推迟。",
    # a lead-in whose colon opens an unnumbered list, items apart by semicolons
    "二、存在的不足\n\n对照上级要求，我镇还存在以下不足：执法力量薄弱，专职执法人员仅2名；法治宣传形式单一，覆盖面不广。",
])
def test_only_the_problems_are_items(body: str) -> None:
    assert found(body) == PROBLEMS


def test_problems_and_causes_on_one_line() -> None:
    body = "二、存在的不足和原因\n\n存在问题：一是执法力量薄弱；二是法治宣传形式单一。原因：一是重视不够；二是经费不足。"
    assert found(body) == ["执法力量薄弱", "法治宣传形式单一"]


def test_a_problem_that_mentions_a_cause_or_a_plan_or_some_shortfall_is_still_a_problem() -> None:
    body = ("二、存在的不足和原因\n\n一是执法规范化水平与上级要求相比还存在一定差距，个别案卷文书制作不规范。\n"
            "二是执法人员不足，因编制原因综合执法队长期缺编3人。\n三是历史遗留问题多，成因复杂，征地拆迁矛盾化解难度大。\n"
            "四是年度普法计划落实不到位，部分村未按计划开展活动。")
    assert len(found(body)) == 4


def test_topic_sub_headings_do_not_hide_their_problems() -> None:
    body = ("二、存在的问题\n\n（一）普法工作开展方面\n一是普法宣传形式单一，针对性不强。\n（二）制度建设情况\n"
            "二是规范性文件备案审查不及时。\n（三）目标任务完成方面\n三是年度法治建设任务推进不平衡。")
    assert found(body) == ["普法宣传形式单一，针对性不强", "规范性文件备案审查不及时", "年度法治建设任务推进不平衡"]


def test_numbers_in_an_item_are_not_numbering() -> None:
    body = "二、存在的不足\n\n一是行政执法案卷质量不高：2.5%的案卷存在文书不规范问题。\n1、2024年有2件行政复议案件被撤销。"
    assert found(body) == ["行政执法案卷质量不高：2.5%的案卷存在文书不规范问题", "2024年有2件行政复议案件被撤销"]


def test_a_merged_part_gives_its_problems_and_its_plans_each_to_their_own_part() -> None:
    body = ("三、存在的问题及下步打算\n\n（一）执法队伍力量不足的问题。全镇持证执法人员仅12人。\n\n"
            "（二）村法律顾问作用发挥不充分的问题。部分法律顾问联系群众不够紧密。\n\n"
            "（三）其他工作安排。一是做好“八五”普法总结验收；二是继续规范合法性审查工作；三是深入推进政务公开。")
    assert found(body) == ["执法队伍力量不足的问题", "村法律顾问作用发挥不充分的问题"]
    assert found(body, "plans")[:3] == ["做好“八五”普法总结验收", "继续规范合法性审查工作", "深入推进政务公开"]


def test_a_body_line_naming_a_part_is_not_a_heading() -> None:
    text = ("某镇2024年度法治政府建设情况报告\n\n第一部分：主要举措和成效\n\n全年召开专题会议6次，法治建设基础进一步夯实。\n\n"
            "第二部分：存在的不足和原因\n\n一是执法力量薄弱，专职执法人员仅2名。\n二是法治宣传形式单一，覆盖面不广。\n\n"
            "第三部分：下一年度工作计划\n\n第二部分所列执法力量问题，将通过公开招录解决。\n一是加强执法队伍建设。\n二是创新普法形式。\n")
    assert found(text, whole=True) == PROBLEMS
    assert "加强执法队伍建设" in found(text, "plans", whole=True)


@pytest.mark.parametrize(("layouts", "year", "problems", "plans"), [
    # the three plans missed sit in a part titled 问题和整改措施 (措施 also heads measures parts)
    ("layouts", 2025, [47, 0], [49, 0]),
    # the three plans missed are 对此，我们将… sentences of a report that has no plans part
    ("layouts2", None, [45, 0], [45, 0]),
])
def test_the_blind_layout_sets(layouts: str, year: int | None, problems: list[int], plans: list[int]) -> None:
    """eval/layouts*: short reports helpers wrote against no code, with the opening words of every
    problem and plan. Counted: [found, other sentences taken]."""
    truth = yaml.safe_load((ROOT / "eval" / layouts / "truth.yaml").read_text(encoding="utf-8"))
    counts = {"problems": [0, 0], "plans": [0, 0]}
    for path in sorted((ROOT / "eval" / layouts / "corpus").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        meta = {"town": path.stem, "year": year or extract_metadata(text).year}
        row = ReportRow(path.name, path.name, path.name, meta, [], len(text), 0)
        for part, key in (("shortcomings", "problems"), ("plans", "plans")):
            items = [i.text for i in items_in_part(row, normalize(text), part)]
            want = truth[path.name][key]
            same = [(i, w) for i in items for w in want if i[: min(8, len(i), len(w))] == w[: min(8, len(i), len(w))]]
            counts[key][0] += len({w for _, w in same})
            counts[key][1] += len(items) - len({i for i, _ in same})
    assert counts == {"problems": problems, "plans": plans}


def test_a_plan_numbered_among_the_problems_and_a_linking_word_before_a_problem() -> None:
    """In a part of problems and next steps, 「（三）继续办好…」 carries a practice on and states no lack:
    a plan, not a problem. 此外， before a problem only links it to the one before."""
    body = ("二、存在的问题及下步打算\n\n（一）执法力量薄弱，专职执法人员仅2名。\n（二）法治宣传形式单一，覆盖面不广。\n"
            "（三）继续办好「普法船」，增加停靠频次。")
    assert found(body) == PROBLEMS
    prose = "二、存在的不足\n\n当前我镇法治建设仍有一些薄弱环节。执法力量薄弱，专职执法人员仅2名。此外，法治宣传形式单一，覆盖面不广。"
    assert found(prose) == PROBLEMS
