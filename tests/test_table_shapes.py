"""Indicator figures written in other shapes (issue 22, item 6): each test is one kind of shape,
in sentences made up here (a fictional town), read by the patterns alone."""

from __future__ import annotations

from store_fixtures import make_report

from agent.tables.build import TableRow, collect, resolve
from store.document import parse_text


def _row(measures: str, *, year: int = 2024, plans: str = "持续开展普法宣传。") -> TableRow:
    text = make_report(
        year=year,
        sections={
            "一、主要举措和成效": measures,
            "二、存在的不足和原因": "执法力量薄弱。",
            "三、党政主要负责人履行推进法治建设第一责任人职责情况": "书记带头学法。",
            "四、下一年度推进法治政府建设的工作安排": plans,
            "五、其他需要报告的情况": "无。",
        },
    )
    report = parse_text(text, "s.txt", "/tmp/s.txt", 400)
    return resolve(collect(report.norm, report.meta_dict(), report.id, "s.txt"), None)


def _values(row: TableRow) -> dict[str, object]:
    return {key: cell.value if cell else None for key, cell in row.cells.items()}


def test_full_width_digits_with_a_full_width_point() -> None:
    values = _values(_row(
        "（一）执法。全年罚没款项中罚款３．４万元。\n（二）调解。全年调处矛盾纠纷１１２件，调解成功率达９８．５％。\n"
        "（三）保障。乡财政安排法治建设经费７．５万元。"
    ))
    assert values["fines_yuan"] == 34000
    assert values["mediation_success_rate"] == 98.5
    assert values["rule_of_law_funding"] == 75000
    assert values["disputes_mediated"] == 112


def test_unusual_measure_words() -> None:
    values = _values(_row(
        "（一）信访。全年受理群众来信来访十九批次，同比下降5.0%。\n（二）调解。全年调处各类纠纷二百零四宗。\n"
        "（三）决策。乡政府与2家律师事务所签订常年法律顾问合同。\n（四）装备。执法中队配备执法记录仪七台套。"
    ))
    assert values["petitions"] == 19
    assert values["petitions_change"] == -5
    assert values["disputes_mediated"] == 204
    assert values["legal_advisers"] == 2
    assert values["body_cameras"] == 7


def test_petitions_counted_in_jian_ci() -> None:
    assert _values(_row("（一）信访。全年信访总量为64件次，均按期办结。"))["petitions"] == 64


def test_labelled_figures_block() -> None:
    values = _values(_row(
        "（一）主要数据如下。\n化解矛盾纠纷：143件\n调解成功率：96.1%\n开展法治宣传：27场次\n"
        "合法性审查：各类合同共58份\n行政应诉：4件（均未败诉）\n执法记录仪：9台"
    ))
    assert values["disputes_mediated"] == 143
    assert values["mediation_success_rate"] == 96.1
    assert values["publicity_events"] == 27
    assert values["legality_reviews"] == 58
    assert values["admin_lawsuits"] == 4
    assert values["lawsuits_lost"] == 0
    assert values["body_cameras"] == 9


def test_plain_text_table_takes_this_years_column() -> None:
    """The header names the years: this year's column is the value, wherever it stands; a bare
    number takes its unit from the row's label."""
    values = _values(_row(
        "（一）主要指标对比如下。\n项目｜2023年｜2024年\n受理信访（件）｜48｜37\n持证执法人员（人）｜15｜21\n"
        "普法宣传（场次）｜30｜33\n调解成功率｜95.0%｜97.5%"
    ))
    assert values["petitions"] == 37
    assert values["certified_officers"] == 21
    assert values["publicity_events"] == 33
    assert values["mediation_success_rate"] == 97.5


def test_plain_text_table_row_with_last_years_remark() -> None:
    values = _values(_row("（一）指标完成情况。\n指标｜完成情况\n行政复议｜3件（上年5件）\n罚款｜2.2万元"))
    assert values["admin_reconsiderations"] == 3
    assert values["fines_yuan"] == 22000
