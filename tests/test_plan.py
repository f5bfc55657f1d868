"""Questions become typed plans by rules first, validated against the store; questions about
every report are always planned over every report. Wordings here are the project's own; the
blind set (eval/blind) checks wordings written by someone else."""

from __future__ import annotations

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from agent.answer.plan import Corpus, detect_language, normalize_question, plan_by_rules, plan_question
from agent.answer.types import SET_INTENTS
from agent.usage import Usage
from store.store import ReportStore
from store.topics import topics_asked


@pytest.fixture(scope="module")
def corpus(corpus_store: ReportStore) -> Corpus:
    return Corpus(corpus_store)


@pytest.mark.parametrize(
    ("question", "intent", "terms", "negative"),
    [
        ("哪些乡镇没有配备执法记录仪？", "lacks", ["执法记录仪"], True),
        ("哪些乡镇（街道）没有配备执法记录仪？", "lacks", ["执法记录仪"], True),
        ("哪些镇街到现在还缺执法记录仪", "lacks", ["执法记录仪"], True),
        ("还有哪些乡镇的执法队伍没配执法记录仪？", "lacks", ["执法记录仪"], True),
        ("Which towns lack body cameras?", "lacks", ["执法记录仪"], True),
        ("Which townships do not have body-worn cameras yet?", "lacks", ["执法记录仪"], True),
        ("哪些街道已经聘请了法律顾问？", "has", ["法律顾问"], False),
        ("Which townships have legal advisers?", "has", ["法律顾问"], False),
        ("哪些报告对执法记录仪只字未提？", "mentions", ["执法记录仪"], True),
        ("哪些乡镇提到了执法记录仪", "mentions", ["执法记录仪"], False),
    ],
)
def test_coverage_questions(corpus: Corpus, question: str, intent: str, terms: list[str], negative: bool) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.terms, plan.negative) == (intent, terms, negative)
    assert plan.every_report and plan.source == "rules"


def test_a_topic_limited_to_a_part(corpus: Corpus) -> None:
    """A shortage of a held registry topic named within a part: the towns that say they are short of it
    there, read from that part's sentences (the registry's enforcement staffing, not the words alone)."""
    plan = plan_by_rules("哪些乡镇在存在的不足中提到执法人员不足？", corpus)
    assert (plan.intent, plan.part, plan.topic_key) == ("lacks", "shortcomings", "enforcement_staffing")
    plan = plan_by_rules("哪些乡镇在存在的不足中提到普法形式单一？", corpus)
    assert (plan.intent, plan.part, plan.topic_key) == ("mentions", "shortcomings", None)


@pytest.mark.parametrize(
    ("question", "intent", "indicator", "order"),
    [
        ("哪个乡镇的罚款金额最高？", "rank", "fines_yuan", "max"),
        ("信访最少的是哪个镇街", "rank", "petitions", "min"),
        ("Which town mediated the most disputes in 2024?", "rank", "disputes_mediated", "max"),
        ("哪些报告没有写明罚款金额？", "disclosure", "fines_yuan", None),
        ("哪些镇街没有交代执法检查的次数", "disclosure", "enforcement_inspections", None),
        ("Which reports don't give the number of petitions?", "disclosure", "petitions", None),
        ("岚峪县各乡镇共调处矛盾纠纷多少件？", "total", "disputes_mediated", None),
        ("全县罚款总额是多少", "total", "fines_yuan", None),
    ],
)
def test_figure_questions_over_every_report(corpus: Corpus, question: str, intent: str, indicator: str, order: str | None) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.indicator, plan.order) == (intent, indicator, order)
    assert plan.intent in SET_INTENTS


@pytest.mark.parametrize(
    ("question", "intent", "towns"),
    [
        ("鹭栖镇持证执法人员有多少人？", "lookup", ["鹭栖镇"]),
        ("滃溪镇和雁汊镇哪个镇受理的信访事项更多？", "rank", ["滃溪镇", "雁汊镇"]),
        ("滃溪镇和雁汊镇的信访各有多少件？", "compare", ["滃溪镇", "雁汊镇"]),
        ("鹭栖镇2024年矛盾纠纷调处数量比2023年多了多少件？", "yoy", ["鹭栖镇"]),
        ("How many petitions did 青篁镇 handle?", "lookup", ["青篁镇"]),
        ("青篁镇配备执法记录仪了吗？", "has", ["青篁镇"]),
        ("鹭栖镇的报告为明年的调解成功率定了什么目标？", "free", ["鹭栖镇"]),
    ],
)
def test_questions_about_named_towns(corpus: Corpus, question: str, intent: str, towns: list[str]) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.towns) == (intent, towns)


@pytest.mark.parametrize(
    ("question", "part", "ask", "negative"),
    [
        ("哪些报告缺少第一责任人部分？", "first_responsible", "part", True),
        ("哪些报告未单独写出下一步工作打算这一部分？", "plans", "part", True),
        ("Which reports lack a section on plans for next year?", "plans", "part", True),
        ("哪些报告写了第一责任人部分？", "first_responsible", "part", False),
        ("哪些报告五个部分都齐全？", None, "complete", False),
        ("哪些报告的落款没有日期？", None, "signature", True),
        ("哪些报告把存在问题和下步打算合并成一部分写？", "shortcomings", "merged", False),
        ("For the reports with fewer than five parts, what was merged or left out?", None, "complete", False),
        # a mandated part named by its own name, asked of the reports: no word about parts needed
        ("哪些报告没有下一年度工作安排？", "plans", "part", True),
        ("有没有报告干脆没有下一年度工作安排？", "plans", "part", True),
        ("蒿坪镇的报告是否写了第一责任人职责情况？", "first_responsible", "part", False),
        # parts out of the mandated order, in other words; a part moved to the end
        ("有没有报告把哪一部分的位置排乱了？", None, "order", True),
        ("Which reports have their parts out of the mandated order?", None, "order", True),
        ("哪些报告把第一责任人那部分放到了最后？", "first_responsible", "last", False),
        # the batch named as scope, a part left out in other words
        ("这12份报告里，哪几份没写“其他需要报告的情况”这一部分？", "other", "part", True),
        ("依法治县办要求报告都要写党政主要负责人履职情况。这批里哪份漏了这一块？", "first_responsible", "part", True),
    ],
)
def test_outline_questions_in_any_wording(corpus: Corpus, question: str, part: str | None, ask: str, negative: bool) -> None:
    """The part a question names is no scope: a negation written just before it (缺少第一责任人部分)
    still makes the question ask for the reports without the part."""
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.part, plan.outline_ask, plan.negative) == ("outline", part, ask, negative)


def test_normalisation_full_width_and_qualifiers() -> None:
    assert normalize_question("哪些乡镇（街道）没有配备执法记录仪？") == "哪些乡镇没有配备执法记录仪?"
    assert normalize_question("村（社区）法律顾问") == "村(社区)法律顾问"  # a qualifier only after a subject word


def test_towns_and_unknown_towns(corpus: Corpus) -> None:
    assert plan_by_rules("比较陶家和田镇的矛盾纠纷", corpus).towns == []  # not in this corpus
    plan = plan_by_rules("白露镇调处了多少件矛盾纠纷？", corpus)
    assert plan.towns == [] and plan.unknown_towns == ["白露镇"]
    assert plan_by_rules("哪些乡镇法治政府建设的情况好", corpus).unknown_towns == []


def test_language_follows_the_question() -> None:
    assert detect_language("How many petitions did 城西街道 handle?") == "en"
    assert detect_language("城西街道信访多少件？") == "zh"


def test_follow_up_takes_the_previous_towns(corpus: Corpus) -> None:
    plan = plan_by_rules("那它们的持证执法人员有多少？", corpus, previous_towns=["青篁镇"])
    assert plan.follow_up and plan.towns == ["青篁镇"] and plan.intent == "lookup"


class ScriptedModel(GenericFakeChatModel):
    """A scripted planner model (a fake, not a recording)."""


def test_the_model_fills_the_plan_only_where_rules_are_unsure_and_is_validated(corpus: Corpus) -> None:
    question = "Which towns list a shortage of grassroots mediators among their problems?"
    assert plan_by_rules(question, corpus).source == "unsure"
    reply = '{"intent": "free", "topic": "调解员不足, 月球基地", "indicator": "none", "part": "shortcomings"}'
    usage = Usage()
    plan = plan_question(question, corpus, ScriptedModel(messages=iter([AIMessage(content=reply)])), usage)
    assert plan.source == "model" and usage.llm_calls == 1
    assert plan.intent in SET_INTENTS  # a which-towns question is never sent to top-k passages
    assert "月球基地" not in plan.terms
    assert any("ignored" in note for note in plan.notes)


def test_unparseable_model_output_leaves_the_rules_plan(corpus: Corpus) -> None:
    question = "Which towns list a shortage of grassroots mediators among their problems?"
    usage = Usage()
    plan = plan_question(question, corpus, ScriptedModel(messages=iter([AIMessage(content="not json")])), usage)
    assert plan.source == "rules" and plan.intent in SET_INTENTS
    assert usage.fallbacks == ["the model's plan of the question could not be read; it was planned by rules alone"]


@pytest.mark.parametrize(
    ("question", "indicator", "topic", "overall"),
    [
        ("比较滃溪镇和雁汊镇的法治政府建设情况", None, None, True),  # the reports' own subject: everything
        ("对比一下滃溪镇与雁汊镇", None, None, True),
        ("滃溪镇和雁汊镇相比，法治建设哪个做得好", None, None, True),
        ("滃溪镇和雁汊镇的网格工作有何不同", None, "网格", False),
        ("滃溪镇和雁汊镇在执法记录仪方面有什么区别", "body_cameras", None, False),  # an indicator: the figures
        ("Compare 滃溪镇 and 雁汊镇 on body cameras", "body_cameras", None, False),
        ("滃溪镇和雁汊镇的飞艇巡逻有何不同", None, None, False),  # no report speaks of it: passages, not "everything"
    ],
)
def test_comparisons_of_named_towns(corpus: Corpus, question: str, indicator: str | None, topic: str | None,
                                    overall: bool) -> None:
    plan = plan_by_rules(question, corpus)
    assert plan.intent == "compare" and plan.towns == ["滃溪镇", "雁汊镇"]
    assert (plan.indicator, plan.topic, plan.overall) == (indicator, topic, overall)


@pytest.mark.parametrize(
    ("question", "intent", "towns", "key"),
    [
        # a town named in pinyin with its level, in an English question
        ("How many certified officers does Yantang Town have?", "lookup", ["砚塘镇"], "certified_officers"),
        ("Put Fengkou Town and Qinghuang Town side by side on fines", "compare", ["沣口镇", "青篁镇"], "fines_yuan"),
        # a typo of pinyin input is the registry word it sounds like; the town stays as written
        ("蒿坪镇的信方有多少件", "lookup", ["蒿坪镇"], "petitions"),
        ("雁汊镇合法姓审查做了多少件", "lookup", ["雁汊镇"], "legality_reviews"),
        # people reached (人次) is asked apart from events (场次)
        ("鹭栖镇普法活动覆盖了多少人次", "lookup", ["鹭栖镇"], "publicity_people"),
        ("鹭栖镇普法活动搞了多少场", "lookup", ["鹭栖镇"], "publicity_events"),
        # the narrower figure named with its broader one
        ("Which town lost the most administrative lawsuits?", "rank", [], "lawsuits_lost"),
        ("滃溪镇信访同比变化了多少", "yoy", ["滃溪镇"], "petitions"),  # the yoy answer quotes the stated change too
        # a town and a figure named alone
        ("Ligang Subdistrict administrative reconsiderations in 2024?", "lookup", ["栗岗街道"], "admin_reconsiderations"),
    ],
)
def test_questions_worded_otherwise(corpus: Corpus, question: str, intent: str, towns: list[str], key: str) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.towns, plan.indicator) == (intent, towns, key)


@pytest.mark.parametrize(
    ("question", "intent", "topic", "wanted"),
    [
        ("尚未配备公职律师的街道", "lacks", "public_lawyers", None),  # the set asked by its noun
        ("Towns without a dedicated budget for legal work?", "lacks", "funding", None),
        ("司法所人手紧张、力量薄弱的乡镇有哪些", "lacks", "justice_office_staff", None),  # a shortfall of a thing held
        ("Which towns only intend to set up a mediation committee next year?", "lacks", "mediation_body", "plans"),
    ],
)
def test_which_towns_questions_worded_otherwise(corpus: Corpus, question: str, intent: str, topic: str,
                                                wanted: str | None) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.topic_key, plan.wanted, plan.every_report) == (intent, topic, wanted, True)


def test_a_shortfall_of_an_activity_is_not_a_registry_lack(corpus: Corpus) -> None:
    """普法力度不够 is about how publicity is done: the scan reads who says so, not the registry."""
    assert plan_by_rules("哪些乡镇普法力度不够？", corpus).topic_key is None


def test_open_questions_go_to_the_passages(corpus: Corpus) -> None:
    for question in ("各乡镇在矛盾纠纷化解方面有哪些好的做法？", "Why did petitions drop in Hengping?"):
        assert plan_by_rules(question, corpus).intent == "free", question


def test_a_plan_question_names_the_year_its_plans_aim_at(corpus: Corpus) -> None:
    """Plans written in a 2024 report aim at 2025: 打算2025年配齐 asks the 2024 reports."""
    plan = plan_by_rules("哪些乡镇打算在2025年配齐执法记录仪？", corpus)
    assert (plan.wanted, plan.years) == ("plans", [2024])


def test_two_registry_topics_are_both_asked(corpus: Corpus) -> None:
    plan = plan_by_rules("砚塘镇有没有执法记录仪和法律顾问？", corpus)
    assert (plan.topic_key, plan.also_topics) == ("body_cameras", ["legal_adviser"])


@pytest.mark.parametrize(("question", "intent", "topic", "towns"), [
    # a request before the category is no town (请列出镇（乡、街道）…)
    ("请列出镇（乡、街道）政府本级没有聘请常年法律顾问的乡镇。", "lacks", "legal_adviser", []),
    # a town named in a statement before the question is what the asker read, not the scope
    ("鹭栖镇的报告说全县都配齐了执法记录仪。就各份报告本身来看，哪些乡镇其实没有配备？", "lacks", "body_cameras", []),
    # "the 2024 reports" is no verb: a which-towns question, not which reports state a figure
    ("In the 2024 reports, which towns have not yet got legal advisers in all of their villages?", "lacks",
     "village_adviser_coverage", []),
    # towns that report being short of a thing: which lack it, not which mention it
    ("有没有哪个乡镇反映司法所人手不够？", "lacks", "justice_office_staff", []),
    # silence asked together with a stated lack: the lack's answer, which names the silent reports too
    ("Across all the reports, which never mention public-sector lawyers at all, and which say the town had none?", "lacks",
     "public_lawyers", []),
    ("哪些报告从未提到公职律师，哪些明确说没有？", "lacks", "public_lawyers", []),
    ("哪些报告没有提到公职律师？", "mentions", "public_lawyers", []),
    # a claim the asker read in one town's report, in the question's first clause: not the scope
    ("鹭栖镇那份报告里说全县都配齐了执法记录仪，哪个乡镇其实没有？", "lacks", "body_cameras", []),
    # asked first for those that have it, then for the rest: the has answer, which lists both
    ("这批报告里，哪几个乡镇已经配了执法记录仪？没配的也顺便列一下。", "has", "body_cameras", []),
    # a preface that asks nothing, then the lack asked
    ("调解工作总得有个像样的地方吧？有没有哪个乡镇连专门的调解委员会都没有？", "lacks", "mediation_body", []),
])
def test_what_a_which_towns_question_is_about(corpus: Corpus, question: str, intent: str, topic: str, towns: list[str]) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.topic_key, plan.towns, plan.unknown_towns) == (intent, topic, towns, [])


def test_a_clause_asking_each_towns_plan_shows_it_under_the_towns_that_lack_it(corpus: Corpus) -> None:
    from agent.answer.plan import plan_question
    from agent.usage import Usage

    plan = plan_question("请列出没有聘请常年法律顾问的乡镇，并说明各自有无打算。", corpus, None, Usage())
    assert (plan.intent, plan.topic_key, plan.with_plans, plan.wanted) == ("lacks", "legal_adviser", True, None)


@pytest.mark.parametrize(("question", "intent", "indicator", "towns", "years", "county"), [
    # a town named in pinyin without its level, as a name (possessive, a list)
    ("Did Lu Qi's rule-of-law funding go up from 2023 to 2024, and by how much?", "yoy", "rule_of_law_funding", ["鹭栖镇"], [2023, 2024], None),
    ("Compare the fines of Yantang and Miaolin.", "compare", "fines_yuan", ["砚塘镇", "杪林乡"], [], None),
    # a county in pinyin with its level; a total over the reports in scope with no every-word
    ("Add up the disputes mediated by all Lanyu County towns in 2024.", "total", "disputes_mediated", [], [2024], "岚峪县"),
    ("这些报告一共罚款多少元？", "total", "fines_yuan", [], [], None),
    # a year written with two digits; 这几个 points, it does not ask
    ("岚峪县这几个乡镇里，24年罚款合计多少？", "total", "fines_yuan", [], [2024], "岚峪县"),
    ("Which reports leave out the number of petitions?", "disclosure", "petitions", [], [], None),
])
def test_new_wordings_of_scope_and_figures(corpus: Corpus, question: str, intent: str, indicator: str, towns: list[str],
                                           years: list[int], county: str | None) -> None:
    plan = plan_question(question, corpus, None, Usage())
    assert (plan.intent, plan.indicator, plan.towns, plan.years, plan.county) == (intent, indicator, towns, years, county)


def test_a_pinyin_word_is_a_town_only_when_written_as_a_name(corpus: Corpus) -> None:
    assert plan_by_rules("Which towns mention lu qi style mediation?", corpus).towns == []
    assert normalize_question("建镇25年来，24年罚款多少？") == "建镇25年来,2024年罚款多少?"


@pytest.mark.parametrize(("question", "topic"), [
    ("Which towns did not set aside any dedicated rule-of-law budget?", "funding"),
    ("In the 2024 reports, which towns still have zero 公职律师?", "public_lawyers"),
])
def test_absence_in_other_words(corpus: Corpus, question: str, topic: str) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.topic_key) == ("lacks", topic)


@pytest.mark.parametrize(("question", "intent", "order"), [
    ("Which town's justice office is the most thinly staffed?", "rank", "min"),
    ("哪个乡镇的司法所人手最紧？", "rank", "min"),
    ("Which town has the most certified enforcement officers?", "rank", "max"),
])
def test_most_before_a_word_of_scarcity_asks_for_the_least(corpus: Corpus, question: str, intent: str, order: str) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.order) == (intent, order)


def test_parts_mixed_into_one_section_in_other_words(corpus: Corpus) -> None:
    plan = plan_by_rules("哪几份报告把 shortcomings 和 next-year plans 混在一个部分里写?", corpus)
    assert (plan.intent, plan.outline_ask) == ("outline", "merged")


def test_topics_and_figures_named_in_other_words(corpus: Corpus) -> None:
    """调解平台 is a mediation body, not an enforcement platform; 现场执法录像的装备 are body cameras;
    put into rule-of-law work asks the funding; people working in the justice office its staff."""
    assert [t.key for t in topics_asked("哪几个乡镇搞了有名号的调解室、调解坊之类的调解平台？")] == ["mediation_body"]
    assert [t.key for t in topics_asked("各乡镇执法队有没有配现场执法录像的装备？")] == ["body_cameras"]
    assert plan_by_rules("How much did 东岭镇 put into rule-of-law work in 2024?", corpus).indicator == "rule_of_law_funding"
    asked = plan_by_rules("Which reports say how many people work in the township justice office?", corpus)
    assert asked.indicator == "justice_office_staff"


@pytest.mark.parametrize("question", ["各报告有没有写司法所几个人？逐个说一下。", "司法所人数，每份报告分别是多少？没写的标“未说明”。"])
def test_each_reports_figure_and_which_leave_it_out(corpus: Corpus, question: str) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.intent, plan.indicator) == ("disclosure", "justice_office_staff")


def test_how_many_people_is_no_place_in_a_ranking(corpus: Corpus) -> None:
    """有几名 asks a count; 第几名/居第几位 asks a town's place."""
    town = corpus.towns[0]
    assert plan_by_rules(f"{town}有几名持证执法人员？", corpus).intent == "lookup"
    assert plan_by_rules(f"{town}的持证执法人员在各报告中排第几？", corpus).position_of == town


def test_an_english_list_of_figures_asks_each_of_them(corpus: Corpus) -> None:
    """how did its A, its B and its C change: the change word at the end asks of every item (multipart10)."""
    plan = plan_by_rules("Luqi Town from 2023 to 2024: how did its mediation success rate, its rule-of-law funding "
                         "and its justice-office staffing change?", corpus)
    assert plan.intent == "yoy"
    assert {plan.indicator, *plan.also} == {"mediation_success_rate", "rule_of_law_funding", "justice_office_staff"}


def test_across_all_the_reports_is_a_scope_not_a_sum(corpus: Corpus) -> None:
    """A which-towns question opening on its scope (Across all the 2024 reports, which…) asks who, not how many."""
    plan = plan_by_rules("Across all the 2024 reports, which township governments say they have NOT retained a "
                         "standing legal adviser?", corpus)
    assert (plan.intent, plan.topic_key) == ("lacks", "legal_adviser")
    assert plan_by_rules("How many certified officers are there across all the towns?", corpus).intent == "total"


@pytest.mark.parametrize(("question", "topic"), [
    ("Is any town still without a legality-review mechanism?", "legality_review"),
    ("Which reports talk about 司法所 staffing?", "justice_office_staff"),
    ("Which towns say their justice-office is understaffed?", "justice_office_staff"),
])
def test_topics_written_with_a_hyphen_or_in_mixed_script(question: str, topic: str) -> None:
    assert topic in {t.key for t in topics_asked(question)}


@pytest.mark.parametrize(("question", "indicator", "topic"), [
    ("Which report gives no number of government-information disclosures?", "proactive_disclosures", None),
    ("Which townships have built a rule-of-law park?", None, "law_culture_sites"),
])
def test_words_joined_by_a_hyphen_are_the_words(corpus: Corpus, question: str, indicator: str | None, topic: str | None) -> None:
    plan = plan_by_rules(question, corpus)
    assert (plan.indicator, plan.topic_key) == (indicator, topic) if indicator else topic in {t.key for t in topics_asked(plan.normalized)}


def test_who_asks_which_towns(corpus: Corpus) -> None:
    """谁没写公开了多少条 (multipart12): 谁 asks which towns, here those that give no figure."""
    plan = plan_by_rules("信息公开这块，2024年的报告里谁没写公开了多少条？", corpus)
    assert (plan.intent, plan.indicator, plan.negative) == ("disclosure", "proactive_disclosures", True)


def test_unfilled_posts_of_the_justice_office_are_its_shortfall(corpus: Corpus) -> None:
    plan = plan_by_rules("In the 2024 reports how many justice office posts are unfilled, town by town and in total?", corpus)
    assert "justice_office_shortfall" in [plan.indicator, *plan.also]


def test_a_shared_particle_makes_no_typo(corpus: Corpus) -> None:
    """multipart13: 只署了单位 sounds like 只输了 but shares only the particle 了 with it: no typo of 输了 (a lost
    suit), so the question stays one about how reports are signed."""
    plan = plan_by_rules("哪份报告只署了单位没写日期？", corpus)
    assert plan.indicator is None and plan.intent == "outline"


@pytest.mark.parametrize(("question", "test"), [
    ("Did any town spend less than 50,000 yuan on rule-of-law work?", ("<", 50000.0)),
    ("哪些乡镇法治经费超过20万元？", (">", 200000.0)),
    ("Which towns have more than 1.5 thousand people reached?", (">", 1500.0)),
    ("哪几个乡镇的司法所只有1个人？", ("=", 1.0)),
])
def test_a_figure_compared_with_a_number_is_read_whole(question: str, test: tuple[str, float]) -> None:
    """A number in a which-towns comparison is read whole, with its thousands separators and 万, so
    code compares it with figures in the indicator's own unit."""
    from agent.answer.plan import value_test

    assert value_test(question) == test
