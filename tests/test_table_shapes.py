"""Indicator figures written in other shapes (issue 22, item 6): each test is one kind of shape,
in sentences made up here (a fictional town), read by the patterns alone."""

from __future__ import annotations

from store_fixtures import five_part_report

from agent.tables.build import TableRow, collect, resolve
from store.document import parse_text
from store.indicators import states_zero


def _row(measures: str, *, year: int = 2024, plans: str = "持续开展普法宣传。") -> TableRow:
    report = parse_text(five_part_report(measures, plans, year=year), "s.txt", "/tmp/s.txt", 400)
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


def test_labelled_figures_block() -> None:
    values = _values(_row(
        "（一）主要数据如下。\n化解矛盾纠纷：143件\n调解成功率：96.1%\n开展法治宣传：27场次\n"
        "合法性审查：各类合同共58份\n信访总量：64件次\n行政应诉：4件（均未败诉）\n执法记录仪：9台"
    ))
    assert values["disputes_mediated"] == 143
    assert values["mediation_success_rate"] == 96.1
    assert values["publicity_events"] == 27
    assert values["legality_reviews"] == 58
    assert values["petitions"] == 64
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
    """A guard more than a fix: such rows were read before, now by the row reader, not as prose."""
    values = _values(_row("（一）指标完成情况。\n指标｜完成情况\n行政复议｜3件（上年5件）\n罚款｜2.2万元"))
    assert values["admin_reconsiderations"] == 3
    assert values["fines_yuan"] == 22000


def test_body_camera_paraphrases() -> None:
    assert _values(_row("（一）装备。执法分队现有执法摄录设备5部。"))["body_cameras"] == 5
    assert _values(_row("（一）装备。为执法人员配发音像记录设备12台。"))["body_cameras"] == 12


def test_zeros_in_words() -> None:
    values = _values(_row(
        "（一）监督。全年未接到行政复议申请。\n（二）应诉。发生行政诉讼案件1件，法院驳回原告起诉，镇政府无一件败诉。"
    ))
    assert values["admin_reconsiderations"] == 0
    assert values["admin_lawsuits"] == 1
    assert values["lawsuits_lost"] == 0
    values = _values(_row("（一）应诉。全年没有发生行政诉讼及败诉案件。"))
    assert values["admin_lawsuits"] == 0
    assert values["lawsuits_lost"] == 0
    assert _values(_row("（一）应诉。行政诉讼和败诉案件数均为零。"))["lawsuits_lost"] == 0


def test_a_total_stated_after_its_parts() -> None:
    values = _values(_row(
        "（一）调解。乡调委会直接调处矛盾纠纷31件、各村调委会调处纠纷64件，合计95件。\n"
        "（二）决策。全年审核规范性文件2件、合同协议29份，共计31件。"
    ))
    assert values["disputes_mediated"] == 95
    assert values["legality_reviews"] == 31


def test_parts_of_another_body_state_no_total_and_listed_kinds_are_added_up() -> None:
    values = _values(_row(
        "（一）调解。全年乡调委会调处纠纷27件，各村调委会调处纠纷80件，调解成功率97%。\n"
        "（二）决策。全年审查规范性文件5件、合同33份。"
    ))
    assert values["disputes_mediated"] is None  # the town committee's and the villages': no total of the town's
    assert values["legality_reviews"] == 38  # the kinds of review listed, added up by code (marked as such)
    assert values["mediation_success_rate"] == 97


def test_the_subject_named_in_an_earlier_clause() -> None:
    """A clause that names nothing before its figure counts what the sentence named before it."""
    values = _values(_row(
        "（一）普法。组织开展“法律进集市”宣传，通过以案说法、现场答疑等方式讲解法律知识，全年共计开展21次。\n"
        "（二）装备。执法记录仪仍未配齐，目前仅有2台，其余以拍照方式取证。\n"
        "（三）保障。法治建设经费列入乡财政预算，全年投入4.5万元。"
    ))
    assert values["publicity_events"] == 21
    assert values["body_cameras"] == 2
    assert values["rule_of_law_funding"] == 45000


def test_number_before_the_noun_with_the_review_named_after() -> None:
    values = _values(_row("（一）决策。年内共有26件合同和规范性文件经过合法性审查，审查率100%。"))
    assert values["legality_reviews"] == 26
    values = _values(_row("（一）决策。乡司法所会同法律顾问对十四份协议进行了合法性审查。"))
    assert values["legality_reviews"] == 14
    assert values["legal_advisers"] is None


def test_a_county_wide_figure_is_not_the_towns() -> None:
    values = _values(_row(
        "（一）执法。据县里通报，全县各乡镇全年共开展执法检查1530次，其中我镇开展96次。\n"
        "（二）普法。全县累计开展普法活动800余场，本镇组织宪法宣传活动12场。"
    ))
    assert values["enforcement_inspections"] == 96
    assert values["publicity_events"] == 12


def test_a_figure_for_an_earlier_year_named_by_its_year() -> None:
    values = _values(_row("（一）信访。2023年全乡信访总量为52件，今年信访量明显下降。", year=2024))
    assert values["petitions"] is None


def test_lectures_in_issues_and_new_hires_in_the_measures() -> None:
    values = _values(_row(
        "（一）普法。全年举办法律讲座9期，受众1100余人次。\n"
        "（二）决策。乡政府与1家律师事务所签订法律顾问服务协议，年内还将增聘专职法律顾问2名。"
    ))
    assert values["publicity_events"] == 9
    assert values["legal_advisers"] == 1


def test_a_lecture_in_the_cadres_own_study_is_no_publicity_event() -> None:
    values = _values(_row("（一）学法。严格落实中心组学法制度，举办法治讲座3期，干部法治素养不断提升。"))
    assert values["publicity_events"] is None


def test_one_kind_of_dispute_is_not_the_towns_total() -> None:
    """化解物业纠纷N起 counts one kind of dispute: the town's total is unstated; a count of 矛盾纠纷
    listing its kinds (婚姻家庭、邻里关系等矛盾纠纷) is the total."""
    assert _values(_row("（一）调解。社区调委会全年化解物业纠纷46起，调解成功44起。"))["disputes_mediated"] is None
    assert _values(_row("（一）调解。全年调处林权纠纷9宗。"))["disputes_mediated"] is None
    both = _values(_row("（一）调解。全年排查化解婚姻家庭、邻里关系等矛盾纠纷131件。"))
    assert both["disputes_mediated"] == 131


def test_successful_mediations_are_a_figure_of_their_own() -> None:
    values = _values(_row("（一）调解。全年调处矛盾纠纷88件，调解成功85件。"))
    assert values["disputes_mediated"] == 88 and values["disputes_resolved"] == 85
    assert values["mediation_success_rate"] is None  # stated nowhere: computed at question time, never stored


def test_successes_named_by_a_bare_verb_after_the_count_they_come_from() -> None:
    """受理…N件，化解M件 / 调处…N件，成功M件: the second count, opening its clause, is the successes."""
    for sentence, resolved, mediated in (("（一）调解。司法所牵头受理邻里纠纷等各类纠纷57件，化解53件。", 53, 57),
                                         ("（一）调解。联调中心调处矛盾纠纷140件，成功131件，涉及金额80万元。", 131, 140)):
        values = _values(_row(sentence))
        assert (values["disputes_resolved"], values["disputes_mediated"]) == (resolved, mediated), sentence
    assert _values(_row("（一）调解。全年化解纠纷75件。"))["disputes_resolved"] is None  # 化解 with its object names the total


def test_no_lost_suit_stated_in_other_words_is_an_explicit_zero() -> None:
    for sentence in ("全年行政处罚案件无一件被复议撤销或被法院判决败诉。", "本年度未发生行政诉讼败诉案件。",
                     "全年行政诉讼案件胜诉率达100%。", "办理的2件行政诉讼案件均未败诉。"):
        assert _values(_row(f"（一）依法行政。{sentence}"))["lawsuits_lost"] == 0, sentence
    assert _values(_row("（一）依法行政。全年发生行政诉讼案件3件，其中1件败诉。"))["lawsuits_lost"] == 1


def test_counts_listed_before_their_nouns_are_parts_not_the_total() -> None:
    """17份合同、3件规范性文件开展合法性审查 lists two parts and states no total: the last part (3) is
    not the town's count of reviews; a total stated beside its parts still is."""
    assert _values(_row("（一）依法决策。全年对镇政府签订的17份合同、3件规范性文件开展合法性审查，审查率100%。"))[
        "legality_reviews"] is None
    assert _values(_row("（一）依法决策。全年开展合法性审查41件（合同36份、规范性文件5件）。"))["legality_reviews"] == 41


def test_every_zero_the_table_reads_is_one_the_verifier_finds_in_its_quote() -> None:
    """A cell of 0 read from words (我乡无行政复议、行政诉讼案件) is shown as 0件 with that quote: the
    verifier must find the zero in the same words, or it removes a right answer."""
    for sentence in ("2024年，我乡无行政复议、行政诉讼案件。", "全年未接到行政复议申请。", "全年没有发生行政诉讼及败诉案件。",
                     "全年行政处罚案件无一件被复议撤销或被法院判决败诉。", "行政诉讼和败诉案件数均为零。"):
        row = _row(f"（一）监督。{sentence}")
        zeros = [cell for cell in row.cells.values() if cell is not None and cell.value == 0]
        assert zeros, sentence
        assert all(states_zero(cell.quote) for cell in zeros), sentence


def test_kinds_listed_with_no_total_are_added_up_by_code_and_never_read_as_silence() -> None:
    """合法性审查合同61份、行政规范性文件3件 states the reviews as their kinds: the cell is their sum,
    marked as code's, quoted from the list; a list with a stated total keeps the total, and a list
    of other things (纠纷80件、信访12件) is no sum of anything."""
    from agent.tables.build import SUMMED

    summed = _row("（一）审查。全年开展合法性审查合同61份、行政规范性文件3件。").cells["legality_reviews"]
    assert summed is not None and (summed.value, summed.source) == (64, SUMMED)
    assert summed.quote == "全年开展合法性审查合同61份、行政规范性文件3件"
    stated = _row("（一）审查。全年合法性审查合同30份、规范性文件5件，合计35件。").cells["legality_reviews"]
    assert stated is not None and (stated.value, stated.source) != (40, SUMMED) and stated.value == 35
    assert _values(_row("（一）调处。调处矛盾纠纷80件、信访12件。"))["disputes_mediated"] != 92


def test_a_single_suit_won_is_none_lost_and_zero_occurrences_are_none() -> None:
    """行政诉讼1件，一审判决镇政府胜诉: none lost (one of three won says nothing of the rest);
    行政诉讼零发生: no lawsuit; each zero in words the verifier finds in its quote."""
    won = _row("（一）应诉。以镇政府为被告的行政诉讼1件，一审判决镇政府胜诉。").cells["lawsuits_lost"]
    assert won is not None and won.value == 0 and states_zero(won.quote)
    assert _values(_row("（一）应诉。行政诉讼3件，其中1件判决镇政府胜诉。"))["lawsuits_lost"] is None
    none = _row("（一）应诉。以镇政府为被告的行政诉讼零发生。").cells["admin_lawsuits"]
    assert none is not None and none.value == 0 and states_zero(none.quote)


def test_zeros_stated_in_other_words_and_a_county_wide_zero_that_is_not_the_towns() -> None:
    values = _values(_row(
        "（一）复议。全年行政复议案件零发生；据县依法治县办统计，全县各乡镇全年均未发生行政复议案件。\n"
        "（二）应诉。全年没有一起以镇政府为被告的行政诉讼案件。\n（三）决策。本年度镇政府未制定行政规范性文件。"
    ))
    assert values["admin_reconsiderations"] == 0 and values["admin_lawsuits"] == 0 and values["lawsuits_lost"] == 0
    assert values["normative_doc_reviews"] == 0
    row = _row("（一）复议。据县依法治县办统计，全县各乡镇全年均未发生行政复议案件。")
    assert row.cells["admin_reconsiderations"] is None  # the county's words, not the town's
    other_name = _values(_row("（一）应诉。全年没有发生一起以乡政府为被告的行政案件。"))
    assert other_name["admin_lawsuits"] == 0


def test_a_dismissed_claim_is_a_suit_won() -> None:
    values = _values(_row("（一）应诉。以镇政府为被告的行政诉讼1件，一审判决驳回原告诉讼请求。"))
    assert (values["admin_lawsuits"], values["lawsuits_lost"]) == (1, 0)


def test_other_names_for_inspections_lectures_and_certified_staff() -> None:
    values = _values(_row(
        "（一）执法。乡综合执法中队具备执法资格人员6名，全年开展执法巡查20次。\n"
        "（二）普法。组织乡村干部、中小学法治副校长开展“法律进村”宣讲15场。"
    ))
    assert (values["certified_officers"], values["enforcement_inspections"], values["publicity_events"]) == (6, 20, 15)


def test_proactive_disclosures_are_the_towns_own_items_not_applications() -> None:
    values = _values(_row(
        "（一）政务公开。全年主动公开政府信息126条，受理依申请公开5件，在各村公开栏公开惠农补贴信息2100余条。"
    ))
    assert values["proactive_disclosures"] == 126


def test_counts_of_different_things_listed_side_by_side_are_each_their_own() -> None:
    """行政复议案件2件、行政诉讼案件1件 is two counts, not two parts of one (parts of one kind, 规范性文件4件、
    合同27份, stay parts); a recording device counted in a sentence about filming is a camera."""
    values = _values(_row(
        "（一）应诉。全年发生行政复议案件2件、行政诉讼案件1件，镇长出庭应诉1次。\n"
        "（二）执法。推行现场执法全程录像，配备记录设备9台。全年开展文字记录设备检查3次。"
    ))
    assert (values["admin_reconsiderations"], values["admin_lawsuits"], values["body_cameras"]) == (2, 1, 9)


def test_events_named_by_their_law_words_wearable_recorders_a_count_changed_to_and_last_years_figure_in_brackets() -> None:
    values = _values(_row(
        "（一）普法。开展“法律进小区”“法治夜市”等活动58场次，覆盖群众2.6万人次。召开法治建设专题会议等活动4场次。\n"
        "（二）执法。执法人员全程佩戴可穿戴式取证设备，目前共有14台。持证执法人员由14名增加到19名。\n"
        "（三）保障。法治建设经费：9万元（2023年：11万元）。"
    ))
    assert values["publicity_events"] == 58
    assert values["body_cameras"] == 14
    assert values["certified_officers"] == 19
    assert values["rule_of_law_funding"] == 90000


def test_a_justice_offices_posts_people_and_shortfall() -> None:
    values = _values(_row("（一）队伍。司法所核定编制4人、在岗仅1人。\n（二）调解。司法所组织村干部30人参加调解培训。"))
    assert (values["justice_office_posts"], values["justice_office_staff"], values["justice_office_shortfall"]) == (4, 1, None)
    stated = _values(_row("（一）队伍。镇司法所编制3名，实有2名，缺编1名。"))
    assert (stated["justice_office_posts"], stated["justice_office_staff"], stated["justice_office_shortfall"]) == (3, 2, 1)


def test_no_lawsuit_written_noun_first_and_suits_all_won_in_other_words() -> None:
    none = _values(_row("（一）应诉。全年镇政府行政应诉案件为零。"))
    assert (none["admin_lawsuits"], none["lawsuits_lost"]) == (0, 0)
    won = _values(_row("（一）应诉。行政诉讼案件2件，法院均判决街道胜诉。"))
    assert (won["admin_lawsuits"], won["lawsuits_lost"]) == (2, 0)
    one = _values(_row("（一）应诉。行政诉讼1件，法院判决驳回原告诉讼请求，镇政府胜诉。"))
    assert (one["admin_lawsuits"], one["lawsuits_lost"]) == (1, 0)
    staff = _values(_row("（一）队伍。乡司法所编制2个，实际只有1人。"))
    assert (staff["justice_office_posts"], staff["justice_office_staff"]) == (2, 1)


def test_a_negated_count_is_no_figure_and_last_years_count_is_not_this_years() -> None:
    """一台也没有 is none (the topic reads the lack), never 1; 由上年的4台增加到7台 is 7 (multipart11)."""
    assert _values(_row("（一）装备。乡执法中队专门的现场摄录设备一台也没有，取证主要依靠手机拍照。"))["body_cameras"] == "lacks"
    assert _values(_row("（一）装备。全镇执法记录仪由上年的4台增加到7台。"))["body_cameras"] == 7


def test_recording_terminals_and_listeners_are_read_in_their_own_words() -> None:
    values = _values(_row("（一）装备。执法队现有移动执法终端3部，具备录音录像功能。\n（二）普法。开展法治宣讲15场次，听众3900人次。"))
    assert values["body_cameras"] == 3 and values["publicity_people"] == 3900
    assert _values(_row("（一）装备。执法队现有移动执法终端3部，用于现场查询。"))["body_cameras"] is None  # no filming named


def test_a_figure_the_holders_acted_on_or_an_oversight_check_is_not_theirs() -> None:
    """走访企业23家 counts the firms the advisers visited; 乡纪委…专项监督检查2次 is no enforcement inspection."""
    values = _values(_row("（一）服务。组织法律顾问走访种养大户和加工企业23家。\n（二）监督。乡纪委开展专项监督检查2次。"))
    assert values["legal_advisers"] is None and values["enforcement_inspections"] is None


def test_none_stated_in_other_words() -> None:
    """没有被提请复议, 没有制发对外具有普遍约束力的文件 (the law's definition of a normative document), 没有被起诉."""
    values = _values(_row("（一）复议。全年乡政府作出的具体行政行为没有被提请复议。\n"
                          "（二）文件。本年度乡政府没有制发对外具有普遍约束力的文件。\n（三）诉讼。全年乡政府没有被起诉。"))
    assert (values["admin_reconsiderations"], values["normative_doc_reviews"], values["admin_lawsuits"]) == (0, 0, 0)
    assert _values(_row("（一）复议。乡政府没有被复议撤销的行政行为。"))["admin_reconsiderations"] is None


def test_a_data_blocks_row_of_disputes_resolved_is_not_the_disputes_mediated() -> None:
    """矛盾纠纷调处：260件 / 矛盾纠纷化解：254件 (multipart11): 260 mediated, never 254 (a rate of 254/254)."""
    values = _values(_row("主要数据\n矛盾纠纷调处：260件\n矛盾纠纷化解：254件"))
    assert values["disputes_mediated"] == 260


def test_a_planned_count_is_no_figure_of_the_year_but_a_count_beside_a_plan_stands() -> None:
    """2025年力争配备执法记录设备3台 (multipart12) is a target; 现有35名持证执法人员，2026年力争持证率达到100% keeps 35."""
    assert _values(_row("（一）装备。全乡执法记录仪尚无一台。", plans="2025年力争配备执法记录设备3台。"))["body_cameras"] == "lacks"
    assert _values(_row("（一）队伍。街道现有35名持证执法人员，2026年力争持证率达到100%。"))["certified_officers"] == 35


def test_disclosures_told_as_publishing_government_matters() -> None:
    """主动向社会发布政务事项305条 (multipart12) is the disclosures, without the word 公开 before it."""
    assert _values(_row("（一）公开。全年通过政务网站主动向社会发布政务事项305条，依申请公开办理11件。"))["proactive_disclosures"] == 305


def test_none_told_by_who_did_not_act() -> None:
    """没有群众对乡政府的决定申请复议, 没有人到法院起诉乡政府 (multipart12): none at all, stated."""
    values = _values(_row("（一）复议。本年度没有群众对乡政府的决定申请复议。\n（二）诉讼。也没有人到法院起诉乡政府。"))
    assert (values["admin_reconsiderations"], values["admin_lawsuits"]) == (0, 0)


def test_a_narrower_count_listed_beside_its_sibling_and_posts_worded_as_what_the_rules_require() -> None:
    """multipart12: 其中胜诉1件、败诉1件 gives the suits lost, though listed beside the suits won; 按规定应配2人
    is the office's posts (no 编制 written), so an answer can subtract the people in post; and a figure that is
    the subject of what follows (一人承担多项工作) counts nobody."""
    values = _values(_row(
        "（一）应诉。全年发生行政诉讼案件3件，其中胜诉2件、败诉1件。\n"
        "（二）队伍。镇司法所按规定应配3人，现有2名工作人员。\n"
        "（三）不足。司法所人员紧缺，一人承担多项工作。"
    ))
    assert values["admin_lawsuits"] == 3
    assert values["lawsuits_lost"] == 1
    assert values["justice_office_posts"] == 3
    assert values["justice_office_staff"] == 2
    assert values["justice_office_shortfall"] is None  # the answer subtracts the two; 一人 is read as nothing


def test_a_normative_document_described_by_what_it_is() -> None:
    """multipart12: 对不特定群众具有普遍约束力的文件1件 is a normative document, though the report never
    writes 规范性文件."""
    values = _values(_row("（一）审查。全年审查合同30份，审查以镇政府名义印发、对不特定对象具有普遍约束力的文件2件。"))
    assert values["normative_doc_reviews"] == 2
    assert values["contract_reviews"] == 30


def test_figures_worded_by_what_they_count_and_not_by_the_key_word() -> None:
    """multipart13: reconsiderations told as cases someone asked to be reconsidered (有3件当事人…申请复议的
    案件), a suit-free year told as nobody taking the town to court, money named by what it is for (挤出5万元，
    用于法治宣传…), people at the events (到场群众约3000人次), documents binding on residents (普遍适用的文件5件),
    and disputes counted by the town's and the communities' committees together."""
    values = _values(_row(
        "（一）复议。有2件当事人不服镇政府处罚决定向县政府申请复议的案件，均被维持。全年没有群众把镇政府告上法庭。\n"
        "（二）保障。镇里从有限的财力中挤出6万元，用于法治宣传阵地建设。\n"
        "（三）普法。组织送法进村12场，到场群众约2500人次。\n"
        "（四）文件。以镇政府名义印发的、对辖区居民普遍适用的文件4件，均经合法性审核。\n"
        "（五）调解。镇人民调解委员会和8个村调委会全年受理纠纷300件，调解成功290件。"
    ))
    assert values["admin_reconsiderations"] == 2
    assert values["admin_lawsuits"] == 0
    assert values["rule_of_law_funding"] == 60000
    assert values["publicity_people"] == 2500 and values["publicity_events"] == 12
    assert values["normative_doc_reviews"] == 4
    assert values["disputes_mediated"] == 300 and values["disputes_resolved"] == 290


def test_disputes_settled_on_the_spot_are_the_resolved_ones() -> None:
    """multipart13: 排查各类矛盾纠纷52件，其中47件当场化解: 52 handled by both levels, 47 resolved."""
    values = _values(_row("（一）化解。乡、村两级全年排查各类矛盾纠纷52件，其中47件当场化解、双方签字息诉。"))
    assert values["disputes_mediated"] == 52 and values["disputes_resolved"] == 47
