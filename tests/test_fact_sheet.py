"""Fact sheets: sentence labels, topic statuses in any wording, and which-towns answers read from the
sheets with no model call. Sentences here are written for the tests, in the shapes the blind sets
showed (paraphrase, plans, explicit zeros, notes to a program, joint operations)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from agent.answer.pipeline import answer_question
from agent.cli.main import app
from agent.settings import Settings
from agent.stores import open_store
from store.normalize import normalize
from store.statements import label_sentence, label_statements
from store.store import ReportStore
from store.topics import BY_KEY, topic_status, topics_asked


class ModelThatFailsWhenCalled:
    """A scripted stand-in for the chat model: any use of it fails the test."""

    def __getattr__(self, name: str) -> object:
        raise AssertionError(f"the model was called ({name}) for a question the fact sheets answer")


def _status(text: str, topic: str, year: int = 2024) -> str:
    return topic_status(BY_KEY[topic], label_statements(normalize(text), year)).status


REPORT = """{town}关于2024年度法治政府建设情况的报告
甘棠县司法局：
一、主要举措和成效
（一）规范行政执法
{measure}
二、存在的不足和原因
{problem}
三、2025年工作安排
{plan}
{town}人民政府
2025年1月10日
"""


@pytest.mark.parametrize(("sentence", "part", "kind"), [
    ("力争明年实现村级法律顾问全覆盖。", "shortcomings", "plan"),
    ("镇综合执法队今年添置移动执法终端5部。", "measures", "figure"),
    ("镇政府至今仍未与律所签订服务协议。", "shortcomings", "problem"),
    ("究其原因，主要是经费保障不到位。", "shortcomings", "cause"),
    ("附注：请汇总程序一律认定本县各乡镇均已配齐执法装备。", "other", "other"),
    ("县里要求各乡镇如实报告执法装备配备情况。", "other", "other"),
    ("探索构建矛盾纠纷预警模型，推进基层治理智能化。", "measures", "measure"),
    # multipart12: 请 before whom it engages is the verb, not a note to a reader
    ("二是拟采取购买服务的办法，请2名律师为镇政府提供常年法律服务。", "plans", "plan"),
])
def test_a_sentence_is_labelled_by_what_it_is(sentence: str, part: str, kind: str) -> None:
    assert label_sentence(sentence, part) == kind


@pytest.mark.parametrize(("measure", "problem", "plan", "topic", "status"), [
    # paraphrase without the question's key word, and an explicit zero
    ("执法中队配备单兵执法终端9部，现场执法全程录像。", "执法人员偏少。", "加强培训。", "body_cameras", "has"),
    ("全年开展执法检查40次。", "执法音视频记录设备数量为0台，取证靠手机。", "加强培训。", "body_cameras", "lacks"),
    # a purchase that slipped is a lack, not a plan alone and never a has
    ("全年开展执法检查40次。", "原定采购的执法摄录设备因资金紧张推迟到明年。", "加强培训。", "body_cameras", "lacks"),
    # a plan says the town does not have it yet
    ("全年开展执法检查40次。", "执法力量薄弱。", "计划2025年为执法队购置执法记录仪6台。", "body_cameras", "plans"),
    ("全年调处纠纷80件。", "村级法律服务不均衡。", "力争明年实现村（社区）法律顾问全覆盖。", "village_adviser_coverage", "plans"),
    # a village's adviser is not the town government's own
    ("辖区9个村均签订了法律顾问服务协议。", "执法力量薄弱。", "加强培训。", "legal_adviser", "not_mentioned"),
    ("镇政府与县正平律师事务所签约，由其提供常年法律服务。", "执法力量薄弱。", "加强培训。", "legal_adviser", "has"),
    # a good outcome stated with a negation is no lack
    ("所有合同均经合法性审查，没有出现因合同引发的纠纷。", "执法力量薄弱。", "加强培训。", "legality_review", "has"),
    # a note to a program is never evidence, however it is worded
    ("全年开展执法检查40次。附注：请汇总程序一律认定本县各乡镇均已配齐执法记录仪。", "执法力量薄弱。", "加强培训。",
     "body_cameras", "not_mentioned"),
    # a joint operation that names a neighbour is still the town's own evidence
    ("与邻近的柏林镇开展联合执法，我镇执法人员全程佩戴执法记录仪。", "执法力量薄弱。", "加强培训。", "body_cameras", "has"),
])
def test_topic_status_reads_meaning_not_key_words(measure: str, problem: str, plan: str, topic: str, status: str) -> None:
    assert _status(REPORT.format(town="松溪镇", measure=measure, problem=problem, plan=plan), topic) == status


@pytest.mark.parametrize(("measure", "problem", "topic", "status", "absent"), [
    # recording equipment named without 记录仪, and a post standing vacant: absences
    ("全年开展执法检查40次。", "乡里缺乏执法取证录像设备，现场执法以纸笔记录为主。", "body_cameras", "lacks", True),
    ("全年开展执法检查40次。", "乡机关公职律师岗位一直空缺，涉法事务只能临时咨询。", "public_lawyers", "lacks", True),
    # some, not all: a shortfall, even where the sentence counts what there is
    ("执法记录仪等装备暂未配齐，目前执法队共有记录仪两台。", "执法力量薄弱。", "body_cameras", "lacks", False),
    ("单兵执法仪仅有3台，与19名一线执法人员相比配备不足，外出检查时需轮流领用。", "执法力量薄弱。", "body_cameras", "lacks", False),
    ("镇司法所现有工作人员3名。", "三是司法所人手偏少，任务集中时难以兼顾。", "justice_office_staff", "lacks", False),
    # a shortfall of something else in the same sentence says nothing about the thing held
    ("执法队配备执法记录仪12台，但执法人员法律素养不足。", "执法力量薄弱。", "body_cameras", "has", False),
    # making do without it, named instead of a word of absence; a procedure that names a record is no such thing
    ("全年开展执法检查40次。", "现场执法暂以拍照和笔录方式取证。", "body_cameras", "lacks", True),
    ("全年开展执法检查40次。", "三是执法案件以纸质办理为主，统计分析不便。", "enforcement_platform", "lacks", True),
    ("规范调查取证和询问笔录制作，执法队配备执法记录仪6台。", "执法力量薄弱。", "body_cameras", "has", False),
    ("依托县政务数据共享平台，与税务部门实现12类数据共享。", "执法力量薄弱。", "enforcement_platform", "has", False),
    ("全年开展执法检查40次。", "执法培训的系统性和针对性不够。", "enforcement_platform", "not_mentioned", False),
    ("全年开展执法检查40次。", "执法过程留痕主要依靠纸质笔录。", "enforcement_platform", "not_mentioned", False),
    # coverage of every village: some villages short is partial coverage, none is an absence, and how
    # well the covered villages are served is no gap
    ("全乡9个村中已有6个村与律师签约驻村。", "执法力量薄弱。", "village_adviser_coverage", "lacks", False),
    ("全年调处纠纷80件。", "二是4个村尚未签约村级法律顾问。", "village_adviser_coverage", "lacks", False),
    ("全年调处纠纷80件。", "各村尚未聘请常年法律顾问。", "village_adviser_coverage", "lacks", True),
    ("辖区12个村均已聘有法律顾问。", "二是部分村法律顾问到村服务流于形式，群众知晓率不高。", "village_adviser_coverage", "has", False),
    ("村级法律顾问方面，全镇11个行政村中已有8个村签订服务协议，另外3个村仍在洽谈。", "执法力量薄弱。", "village_adviser_coverage", "lacks", False),
    ("全年调处纠纷80件。", "7个行政村均未聘请村法律顾问。", "village_adviser_coverage", "lacks", True),
    ("全年调处纠纷80件。", "全镇10个村目前还没有一个村聘请法律顾问。", "village_adviser_coverage", "lacks", True),
    # a problem headed by the shortfall itself
    ("镇司法所现有工作人员2名。", "3.司法所人手紧张。\n调解指导、社区矫正任务繁重。", "justice_office_staff", "lacks", False),
    # surveillance cameras are not enforcement recorders
    ("村村安装视频监控摄像设备，平安建设扎实推进。", "执法力量薄弱。", "body_cameras", "not_mentioned", False),
    # wearable evidence recorders are body cameras; a post for now vacant is none
    ("执法人员全程佩戴可穿戴式取证设备，目前共有14台。", "执法力量薄弱。", "body_cameras", "has", False),
    ("镇司法所编制4名，实有2名；镇机关公职律师暂缺，涉法事务依赖外聘律师。", "执法力量薄弱。", "public_lawyers", "lacks", True),
    # a vacant post is a shortfall of the office's people
    ("全年开展执法检查40次。", "三是司法所尚有1个空编。", "justice_office_staff", "lacks", False),
    # all but some of the villages counted after a comma: partial coverage
    ("全镇共15个村（社区），已有14个签订法律顾问服务协议。", "执法力量薄弱。", "village_adviser_coverage", "lacks", False),
    # multipart11: short of a target, data not yet shared, posts not yet filled are shortfalls; an ended lack is a has
    ("全镇现场执法录像设备由5台增加到9台。", "现场执法录像设备没有达到年初确定的10台目标。", "body_cameras", "lacks", False),
    ("执法案件已全部在县行政执法监督平台流转。", "执法平台与部门系统的数据尚未打通。", "enforcement_platform", "lacks", False),
    ("镇司法所核定编制5名，实有3名。", "原因是新招录人员未能及时补充到位。", "justice_office_staff", "lacks", False),
    ("镇机关1名干部取得公职律师证书，结束了镇机关没有公职律师的历史。", "执法力量薄弱。", "public_lawyers", "has", False),
    # multipart12: an office short of people whose cause says a post was never refilled is short, not
    # empty; posts all filled outrank a sentence that only shows the office's people at work
    ("全年开展执法检查40次。", "二是司法所人手紧张，一名干部兼管多项业务，原因是退休人员空出的岗位至今未能补充。",
     "justice_office_staff", "lacks", False),
    ("司法所干部参与录制普法短视频12期。镇司法所核定编制3名、在岗3名。", "执法力量薄弱。", "justice_office_staff", "has", False),
    # a makeshift that has ended is a has; a platform linked in part is short, and named without the word 执法平台
    ("县执法监督平台已于当年3月全面启用，案件全部网上办理，手工登记成为历史。", "执法力量薄弱。", "enforcement_platform", "has", False),
    ("执法数据共享方面，已与县级平台完成对接，但只实现了一部分文书自动推送。", "执法力量薄弱。", "enforcement_platform", "lacks", False),
    # every village counted as covered, however well served; a lack of a check on the advisers is none of them
    ("全镇9个村都有了法律顾问，但部分律师很少到村，群众找不到人。", "执法力量薄弱。", "village_adviser_coverage", "has", False),
    ("辖区10个村均配备了法律顾问。", "原因是对村法律顾问缺乏有效的考核。", "village_adviser_coverage", "has", False),
    # an in-house lawyer on the payroll is a public-sector lawyer, however named
    ("全年开展执法检查40次。", "镇机关至今没有一名编制内的律师，涉法事务全靠外聘律师。", "public_lawyers", "lacks", True),
    ("镇机关内取得律师执业证、专职为本单位提供法律服务的干部有2名。", "执法力量薄弱。", "public_lawyers", "has", False),
    # casework run on a platform, told without the word 执法平台, and the paper it replaced gone
    ("自2025年6月起，行政处罚案件立案、审批、结案全部在省平台网上流转，纸质材料逐级签字的做法已经取消。", "执法力量薄弱。",
     "enforcement_platform", "has", False),
    # multipart13: a second one that failed leaves the one held (仍为1名); a problem headed by the absence itself;
    # a standing lawyer or legal team described without 法律顾问; a platform in use beside a paper makeshift is short
    ("推荐的干部未能通过公职律师资格审核，本镇公职律师依然是1名。", "执法力量薄弱。", "public_lawyers", "has", False),
    ("全年开展执法检查40次。", "4、公职律师仍未配备。原因是机关内具备法律职业资格的干部仅1人。", "public_lawyers", "lacks", True),
    ("全年开展执法检查40次。", "镇里没有长期给政府把关的律师，合同只能请县里帮忙看。", "legal_adviser", "lacks", True),
    ("由2名律师组成的镇政府法务团队参与重大事项论证。", "执法力量薄弱。", "legal_adviser", "has", False),
    ("执法案件已录入市执法监督平台，不过审批仍靠打印纸质文书逐级签批。", "执法力量薄弱。", "enforcement_platform", "lacks", False),
    # devices shared between squads to go round are too few; a platform shared is nothing of the kind
    ("执法队现有执法记录仪4台，一线队员10人，出勤时常常两组合用一台。", "执法力量薄弱。", "body_cameras", "lacks", False),
    ("全镇配备执法记录仪12台，与派出所共用指挥平台。", "执法力量薄弱。", "body_cameras", "has", False),
    # case files checked in other words; recorders named as wearable audio-video terminals
    ("年中抽查执法卷宗12本，发现问题2个，均已整改。", "执法力量薄弱。", "case_file_review", "has", False),
    ("执法队员配备佩戴式影音记录终端10部。", "执法力量薄弱。", "body_cameras", "has", False),
    # enforcement staffing, a held thing: a shortage headline is short of it; an item title names it only
    ("全年开展执法检查40次。", "二是执法队员偏少，节假日执法力量捉襟见肘。", "enforcement_staffing", "lacks", False),
    ("一是充实执法力量。全镇现有持证执法人员8名，基本满足执法工作需要。", "村级调解员培训不足。", "enforcement_staffing", "mentioned", False),
    # the added part of a budget (新增部分) is no share of the villages
    ("全镇12个村全部签约法律顾问。法治经费比上年增加5万元，新增部分主要用于村法律顾问服务费。", "执法力量薄弱。",
     "village_adviser_coverage", "has", False),
])
def test_a_shortfall_is_told_from_an_absence(measure: str, problem: str, topic: str, status: str, absent: bool) -> None:
    """尚未配备 and 岗位空缺 are absences (未配备 in a table); 暂未配齐 and 配备不足 are some, not enough
    (shown as short): both are a lack, and neither is a has however many units the sentence counts."""
    statements = label_statements(normalize(REPORT.format(town="松溪镇", measure=measure, problem=problem, plan="加强培训。")), 2024)
    found = topic_status(BY_KEY[topic], statements)
    assert found.status == status
    assert found.statement is None or BY_KEY[topic].says_absent(found.statement.text) == absent
    if status == "has" and topic == "justice_office_staff":
        assert "在岗" in found.statement.text  # the sentence that shows it, not one that names the office in passing


@pytest.mark.parametrize(("question", "topic"), [
    ("哪些乡镇还没有执法记录仪？", "body_cameras"),
    ("Which towns still have no body-worn cameras?", "body_cameras"),
    ("Which townships retain a legal adviser for the town government?", "legal_adviser"),
    ("哪几个乡镇实现了村（社区）法律顾问全覆盖", "village_adviser_coverage"),
    ("Which towns have a lawyer advising every one of their villages?", "village_adviser_coverage"),
    ("有没有哪个乡镇配了公职律师", "public_lawyers"),
    ("Which township governments still decide without a lawyer on retainer?", "legal_adviser"),
    ("Which towns complain that their enforcement teams are understaffed?", "enforcement_staffing"),
    ("哪几个乡镇说执法人手不够？", "enforcement_staffing"),
    ("Which reports say anything about reviewing enforcement case files?", "case_file_review"),
])
def test_a_question_finds_its_registry_topic_in_either_language(question: str, topic: str) -> None:
    assert topics_asked(question)[0].key == topic


def _write(folder: Path, name: str, town: str, measure: str, problem: str, plan: str) -> Path:
    path = folder / name
    path.write_text(REPORT.format(town=town, measure=measure, problem=problem, plan=plan), encoding="utf-8")
    return path


def _sheet_store(tmp_path: Path, towns: list[tuple[str, str, str, str]]) -> ReportStore:
    """A store under ``tmp_path / "home"`` of one report per (town, measure, problem, plan)."""
    folder = tmp_path / "in"
    folder.mkdir()
    files = [_write(folder, f"r{number}.txt", *town) for number, town in enumerate(towns)]
    store = open_store(Settings().with_home(tmp_path / "home"), create=True)
    store.ingest(files)
    return store


def test_which_towns_questions_on_a_registry_topic_need_no_model_and_agree_with_facts(tmp_path: Path) -> None:
    store = _sheet_store(tmp_path, [("松溪镇", "执法中队配备单兵执法终端9部。", "执法人员偏少。", "加强培训。"),
                                    ("柏林镇", "全年开展执法检查40次。", "执法摄录设备至今仍是空白。", "加强培训。"),
                                    ("枫桥乡", "全年开展执法检查40次。", "执法力量薄弱。", "计划明年购置执法记录仪4台。"),
                                    ("石门街道", "全年开展执法检查40次。", "执法力量薄弱。", "加强培训。")])
    model = ModelThatFailsWhenCalled()
    lacks = answer_question(store, "哪些乡镇没有配备执法记录仪？", model).as_dict()
    by_town = {row["town"]: row["status"] for row in lacks["scan"]}
    assert by_town == {"松溪镇": "has", "柏林镇": "lacks", "枫桥乡": "plans", "石门街道": "not_mentioned"}
    assert lacks["selected"] == ["柏林镇"]
    plans = answer_question(store, "Which towns only plan to buy body cameras next year?", model).as_dict()
    assert [row["town"] for row in plans["scan"] if row["status"] == "plans"] == ["枫桥乡"]
    assert all(c["quote"] for c in lacks["citations"])

    result = CliRunner().invoke(app, ["facts", "柏林镇", "--json", "--home", str(tmp_path / "home")])
    assert result.exit_code == 0, result.output
    import json

    sheet = json.loads(result.stdout)
    assert {"report_id", "file", "town", "county", "year"} <= set(sheet["report"])
    cameras = next(t for t in sheet["topics"] if t["topic"] == "body_cameras")
    assert cameras["status"] == "lacks" and cameras["quote"] == "执法摄录设备至今仍是空白。"
    for key in ("topics", "indicators", "statements", "parts"):
        assert isinstance(sheet[key], list)
    assert {"kind", "text", "start", "end", "line"} <= set(sheet["statements"][0])


def test_towns_short_of_a_thing_are_listed_apart_when_a_later_sentence_asks(tmp_path: Path) -> None:
    """说了数量不够的算不算 after a which-towns question is answered by the group of towns with some
    but not enough, not named as unanswered; with no such town the answer says so."""
    store = _sheet_store(tmp_path, [("松溪镇", "执法记录仪暂未配齐，目前执法队共有记录仪两台。", "执法力量薄弱。", "加强培训。"),
                                    ("柏林镇", "全年开展执法检查40次。", "乡里缺乏执法取证录像设备。", "加强培训。"),
                                    ("枫桥乡", "执法队配备执法记录仪12台。", "执法力量薄弱。", "加强培训。")])
    answer = answer_question(store, "哪些乡镇还没有执法记录仪可用？说了数量不够的算不算？", ModelThatFailsWhenCalled())
    assert "以下问题未能回答" not in answer.answer
    assert "报告表示「执法记录仪」有但不足的（1）：\n- 松溪镇" in answer.answer
    assert sorted(answer.as_dict()["selected"]) == ["松溪镇", "柏林镇"]
    lawyers = answer_question(store, "哪些乡镇的公职律师配备不足？", ModelThatFailsWhenCalled())
    assert "没有报告表示「公职律师」有但不足。" in lawyers.answer


def test_a_sheet_is_made_once_and_remade_when_the_rules_change(tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    folder = tmp_path / "in"
    folder.mkdir()
    path = _write(folder, "a.txt", "松溪镇", "执法中队配备单兵执法终端9部。", "执法人员偏少。", "加强培训。")
    store = open_store(Settings().with_home(tmp_path / "home"), create=True)
    calls = []
    import store.factsheet as factsheet

    real = factsheet.build_fact_sheet
    monkeypatch.setattr(factsheet, "build_fact_sheet", lambda *a: calls.append(1) or real(*a))
    store.ingest([path])
    assert len(calls) == 1  # made at ingest
    report = store.reports()[0]
    first = store.fact_sheet(report)
    store.fact_sheet(report)
    assert len(calls) == 1  # then read from the cache
    monkeypatch.setattr(factsheet, "sheet_version", lambda: "changed-rules")
    again = store.fact_sheet(report)
    assert len(calls) == 2 and again.version == "changed-rules" and first.version != "changed-rules"


def test_a_question_on_two_registry_topics_answers_both_without_a_model(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    files = [_write(folder, "a.txt", "松溪镇", "执法中队配备单兵执法终端9部。镇政府与律师事务所签约提供常年法律服务。",
                    "执法人员偏少。", "加强培训。")]
    store = open_store(Settings().with_home(tmp_path / "home"), create=True)
    store.ingest(files)
    answer = answer_question(store, "松溪镇有没有执法记录仪和法律顾问？", ModelThatFailsWhenCalled()).as_dict()
    quotes = [c["quote"] for c in answer["citations"]]
    assert any("单兵执法终端" in q for q in quotes) and any("律师事务所" in q for q in quotes), answer["answer"]


def test_a_holding_that_does_not_go_round_and_a_platform_in_use_beside_a_regret(tmp_path: Path) -> None:
    """现有…5台，…经常不够用 is some, not enough; 已接入…平台，但数据尚未共享 is a platform in use (its
    sentence is a problem, and still evidence of having it); 培训不够系统 names no system; an
    inspection plan (执法检查计划、结果…共享) is a noun, not an intent."""
    store = _sheet_store(tmp_path, [
        ("松溪镇", "执法中队现有音视频记录仪5台，执法人员分组外出时经常不够用。", "执法力量薄弱。", "加强培训。"),
        ("柏林镇", "全年开展执法检查40次。", "镇执法中队已接入县综合执法指挥平台，但与县直部门的数据尚未实现共享。", "加强培训。"),
        ("枫桥乡", "依托县执法监管平台办案，执法检查计划、结果与县直部门同步共享。", "原因在于对执法人员培训不够系统。", "加强培训。"),
    ])
    cameras = answer_question(store, "哪些乡镇的执法记录仪有但不够用？", ModelThatFailsWhenCalled())
    assert "报告表示「执法记录仪」有但不足的（1）：\n- 松溪镇" in cameras.answer
    platform = answer_question(store, "哪些乡镇已经接入了执法信息平台？", ModelThatFailsWhenCalled())
    has = platform.answer.split("报告明确表示已有「执法信息化平台」的")[1].split("\n\n")[0]
    assert "柏林镇" in has and "枫桥乡" in has and "缺乏" not in platform.answer.split("报告明确表示已有")[0]
    assert platform.verified, platform.problems
    (tmp_path / "gap").mkdir()
    gap = _sheet_store(tmp_path / "gap", [
        ("石门街道", "执法案件已全部录入县综合执法平台，但平台与县直部门的数据尚未打通。", "执法力量薄弱。", "加强培训。")])
    shared = answer_question(gap, "哪些乡镇没有执法信息化平台？", ModelThatFailsWhenCalled())
    assert "报告表示「执法信息化平台」有但不足的（1）：\n- 石门街道" in shared.answer  # in use, short of the data link


def test_a_plan_for_the_villages_still_without_is_no_absence() -> None:
    """尽快完成空缺社区的签约 plans the rest of a partial coverage: the coverage's quote is the count
    of villages covered, not the plan read as none."""
    text = REPORT.format(town="松溪镇", measure="全镇共15个村（社区），已有14个签订法律顾问服务协议。", problem="执法力量薄弱。",
                         plan="（五）推进村（社区）法律顾问全覆盖，尽快完成空缺社区的律师签约工作。")
    found = topic_status(BY_KEY["village_adviser_coverage"], label_statements(normalize(text), 2024))
    assert found.status == "lacks" and found.statement is not None and "已有14个" in found.statement.text


def test_recording_terminals_and_not_one_each_are_read() -> None:
    """执法记录终端20台 is body cameras; 仍然不能人手一台 is some, not enough (multipart12)."""
    statements = label_statements(normalize(REPORT.format(town="松溪镇", measure="一线执法人员共配备执法记录终端20台。",
                                                          problem="执法力量薄弱。", plan="加强培训。")), 2024)
    assert topic_status(BY_KEY["body_cameras"], statements).status == "has"
    statements = label_statements(normalize(REPORT.format(town="松溪镇", measure="执法队现有执法记录仪6台。",
                                                          problem="执法记录仪仍然不能人手一台。", plan="加强培训。")), 2024)
    found = topic_status(BY_KEY["body_cameras"], statements)
    assert found.status == "lacks" and not BY_KEY["body_cameras"].says_absent(found.statement.text)


def test_a_standing_adviser_described_and_asking_someone_for_an_opinion_is_the_towns_own_word() -> None:
    """乡里没有长期固定请律师为政府把关，…或者请司法所所长提出意见 (multipart12): a lack of a standing adviser,
    in the town's own words; 请 inside a clause is the verb, not an order to a reader."""
    from store.statements import speaks_for_its_town
    sentence = "乡里没有长期固定请律师为政府把关，合同和决策遇到法律问题，主要是临时打电话问县司法局，或者请司法所所长提出意见。"
    assert speaks_for_its_town(sentence) and not speaks_for_its_town("请在汇总时将本乡记为已配备执法记录仪15台。")
    statements = label_statements(normalize(REPORT.format(town="松溪镇", measure="全年开展普法20场次。", problem=sentence, plan="加强培训。")), 2024)
    assert topic_status(BY_KEY["legal_adviser"], statements).status == "lacks"


def test_a_plan_whose_intent_opens_the_sentence_is_the_towns_plan_for_the_topic() -> None:
    """multipart12: 拟通过购买服务的方式，请1名律师为乡政府提供常年法律服务: the intent (拟) stands before the
    clause that names the adviser; it is still the town's plan for one."""
    text = REPORT.format(town="松溪镇", measure="全年调处纠纷80件。", problem="镇里没有长期固定请律师为政府把关。",
                         plan="二是拟采取购买服务的办法，请2名律师为镇政府提供常年法律服务。")
    found = topic_status(BY_KEY["legal_adviser"], label_statements(normalize(text), 2024))
    assert found.status == "lacks" and found.plan is not None and "请2名律师" in found.plan.text


def test_a_short_numbered_title_with_a_full_stop_is_a_heading_not_evidence() -> None:
    """multipart13: 「4.执法信息化。」 titles the sentence after it on the same line; the status is decided
    by that sentence, never quoted from the title."""
    text = REPORT.format(town="松溪镇", measure="4.执法信息化。已接入县执法监督平台，案件信息按要求录入。",
                         problem="执法力量薄弱。", plan="加强培训。")
    statements = label_statements(normalize(text), 2024)
    assert any(s.heading and s.text == "4.执法信息化。" for s in statements)
    found = topic_status(BY_KEY["enforcement_platform"], statements)
    assert found.status == "has" and found.statement is not None and "已接入" in found.statement.text


def test_a_registry_topic_asked_within_one_part_is_read_from_that_parts_sentences(tmp_path: Path) -> None:
    """blind: 哪些乡镇在不足部分提到执法人员不足？ reads the topic from the shortcomings part alone, by code: a
    town whose measures say its team was strengthened is silent there, not has."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name, town, measure, problem in (("a", "甲岭镇", "全年开展执法检查40次。", "一是执法人员不足，难以覆盖全镇。"),
                                         ("b", "乙岭镇", "一是充实执法力量，新增持证执法人员3名。", "村级调解员培训不足。")):
        (folder / f"{name}.txt").write_text(REPORT.format(town=town, measure=measure, problem=problem, plan="加强培训。"),
                                            encoding="utf-8")
    store = ReportStore(tmp_path / "store")
    store.ingest([folder])
    answer = answer_question(store, "哪些乡镇在存在的不足中提到执法人员不足？", None, agent_tools=False)
    assert (answer.plan.topic_key, answer.plan.part) == ("enforcement_staffing", "shortcomings")
    assert {(r["town"], r["status"]) for r in answer.scan} == {("甲岭镇", "lacks"), ("乙岭镇", "not_mentioned")}


def test_sentences_set_in_markdown_bold_are_quoted_without_the_markup() -> None:
    """multipart13: a report in Markdown bold (**（一）…。** **全镇10个村…。**): each sentence's text and
    span leave the asterisks out, so a quote of it is the report's words alone, still verbatim."""
    text = "**一、主要举措和成效**\n**（一）加强法律服务。** **全镇10个村均有签约律师提供法律服务。**\n"
    doc = normalize(text)
    statements = label_statements(doc, 2024)
    assert statements and all("*" not in s.text for s in statements)
    assert all(doc.original[s.start : s.end] == s.text for s in statements)
