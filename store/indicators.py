"""Candidate figures for the standard indicators, found by text patterns alone.

The county memo needs the same dozen figures from every report (disputes mediated, certified
officers, fines…). Reports state them in free prose, usually beside look-alike numbers that are
NOT the indicator: the newly certified next to the total held, village-level counts next to the
town total, last year's figure next to this year's, 人次 next to 件, next year's target in the
plans. This module finds every number that sits in the same clause as an indicator's terms,
drops the ones a rule can rule out (wrong unit, last year, newly added, village level, a target
in the plans part) and scores the rest. Picking among survivors that still disagree is left to the
caller (the LLM, or the top score marked ambiguous). Knows nothing of LLMs.

Every candidate carries its clause as a verbatim quote with its span in the clean text, so a
value can only ever come from text the report contains.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from store.normalize import NormalizedText
from store.numbers import DIGITS, FIGURE, UNITS, read_figure, tidy
from store.scripts import HAN
from store.sentences import MARKUP, SENTENCE, is_instruction
from store.structure import parse_blocks

_CLAUSE = re.compile(r"(?:[^，,。；;：:！？!?\n]|(?<=\d),(?=\d{3}))+")
"""A clause: split at Chinese and ASCII commas, but not inside 12,345."""

_LAST_YEAR = re.compile(r"(?:上年|去年|上一年度?|前一年|同期)[的为是有共计]{0,3}$")
_CHANGE_BEFORE = re.compile(
    r"(?:新增|新取得\S{0,4}|新聘|新配备?|新购置?|增加|增长|减少|下降|提高|多出|再新增|补充)$"
)
_VILLAGE = re.compile(r"各村|(?<![镇乡])村级|(?<![镇乡])村调委会|各嘎查|嘎查调委会|各社区|村（社区）|村\(社区\)|村（居）|社区调委会|村民小组|每个村|\d+个村")
# The town's body and its villages' together (街道人民调解委员会和9个社区调委会, 乡、村两级): the whole count.
# What money is spent on, in the clause after its amount (，用于法治宣传阵地建设).
_SPENT_ON = re.compile(r"[，,]\s*(?:主要|专项|全部|专门)?用于[^，。；]{0,4}(?:法治|普法|依法治理|法律服务|法治宣传)[^，。；]{0,12}")
_BOTH_LEVELS = re.compile(r"两级|(?:镇|乡|街道)[^，。；\d]{0,10}(?:和|与|及|、)[^，。；]{0,4}(?:各|\d+个)?(?:村|社区)")
_SUBSET = re.compile(r"其中|直接|包案|重点|亲自|疑难")
_TOTAL = re.compile(r"合计|共计|总计|总数|累计|共|全年|全镇|全乡|全街道|现有|全部")
_PUBLICITY = re.compile(r"普法|法治宣传|法律宣传|法制宣传|送法|宣传")
_CADRE_STUDY = re.compile(r"(?<![小中大])学法|中心组|理论学习|干部[^，。；]{0,6}(?:学习|培训)")
_SUM = re.compile(r"合计|共计|总计|累计|总数|共")
# What follows the earlier figure of a change written from one figure to another (由14名增加到19名).
_RISEN_TO = re.compile(r"[^，。；\d]{0,4}?(?:增加|增长|提高|上升|扩大|减少|下降|降低|调整|变为|变成)(?:到|至|为)?(?=\d|[一二两三四五六七八九十百千万])")
_PAST_YEAR = re.compile(r"(?<![较比与同])((?:19|20)\d\d)年(?!以来|起|至|底前)")
_WIDER = re.compile(r"全县|全市|全区|全省|各乡镇")
# A dispute count named by one kind of dispute only (物业纠纷, 土地流转纠纷), not 矛盾纠纷 or 各类纠纷.
_ONE_KIND_OF_DISPUTE = re.compile(r"(?:物业|旅游|土地(?:流转)?|婚姻(?:家庭)?|邻里|劳资|劳动|征地|拆迁|医患|医疗|消费|交通|山林|林地|林权"
                                  r"|宅基地|债务|借贷|合同|环境|涉企|涉旅|涉农|家庭|工程|欠薪)纠纷[^，。；、]{0,3}$")
_OWN_SHARE = re.compile(r"其中[我本]")  # 全县…，其中我街道开展210次: the town's own share
_BARE = re.compile(
    r"(?:其中)?(?:[我本](?:镇|乡|街道|单位))?(?:全年|今年|年内|当年|目前|现|截至目前|截至年底)?(?:均|仅|只)?"
    r"(?:共计?|合计|累计|总计|总共)?(?:开展|举办|组织|办理|投入|安排|达到?|为|实有|现有|在岗|在编|有|拥有|配备|计)?了?(?:共计?|合计|累计)?"
)
"""What a clause may say before its figure and still name nothing: its figure counts the sentence's subject."""
_OBJECT_VERB = re.compile(r"[^，,。；;\d]{0,20}?(?:进行了?|经过了?|经(?!过)|开展了?|通过了?|完成了?)")
_TARGET = re.compile(r"力争|目标|计划|争取|确保|达到\S{0,6}以上$")
# Words of intent before a figure: the figure is a plan's (拟安排, 明年力争), wherever the sentence stands.
# (按计划, 年初计划 name a plan the figure was held to; 拟定 is drafting; 拟签订的合同 names what is reviewed)
_INTENT = re.compile(r"力争|争取|(?<![按照初定])计划(?!内|生育)|拟(?!定|稿)(?![^，。；的]{1,4}的)|明年|来年|下一年|下一步|今后")


@dataclass(frozen=True)
class Indicator:
    """One standard indicator, defined once for the table, the question planner and the answers.

    ``terms`` must share a clause with a figure in a report; ``asked`` is how questions name it
    (Chinese synonyms and English), so 「信访件数」「上访」「petitions」 all reach ``petitions``."""

    key: str  # part of the CLI contract
    label: str  # Chinese name, as answers write it
    en: str  # English name
    unit: str  # unit of the table's value
    meaning: str  # what the figure counts (shown to the model when it picks a candidate)
    terms: re.Pattern[str]
    units: tuple[str, ...]  # units a figure for it may carry in a report
    asked: re.Pattern[str]
    stock: bool = False  # a count held (officers, cameras): "新增N" is never the value
    town_total: bool = False  # village-level figures are parts, never the value
    # The registry topic (``store.topics``) whose has/lacks status stands in the cell when the report
    # states no figure: 「尚未配备执法记录仪」 is read once, by the topic, and every command shows it.
    topic: str | None = None
    lacks_zh: str = "无"  # how a table writes that lack
    # Another indicator counting the same work in another unit (people reached 人次 vs events 场次): a
    # question naming this one's unit words asks for this one, never for the other's figure.
    variant_of: str | None = None
    # The broader indicator this one is a part or a measure of (lost lawsuits of lawsuits, the
    # success rate of disputes mediated, the change of petitions): named together, this one is asked.
    narrows: str | None = None
    # A rate a report may give only as its two counts (调解成功61件 of 64件): (numerator, denominator)
    # keys, divided by code at question time where the report states no rate.
    ratio_of: tuple[str, str] | None = None
    # The kinds a total is made of (contracts, normative documents, decisions for legality reviews):
    # a report that lists them with no total (审查合同61份、行政规范性文件3件) states the total as
    # their sum, which code adds, cited to the list.
    made_of: re.Pattern[str] | None = None
    # One kind of a total made of kinds (contracts of legality reviews): read only from its own item
    # of a list (审查合同40份、行政规范性文件1件 gives 40 contracts), and only the town's own (为村
    # 集体审核合同 is the villages').
    item_of: str | None = None
    # A shortfall a report may give only as the posts and the people holding them (编制4名，实有2名):
    # (posts, held) keys, subtracted by code at question time where the report states no shortfall.
    gap_of: tuple[str, str] | None = None
    # Words the figure's sentence must hold besides the clause's own (调解 for a success rate, 复议
    # for 1件被撤销): the clause alone names an outcome, the sentence names what it is the outcome of.
    sentence_needs: re.Pattern[str] | None = None
    # Words that give every case of the wider count this outcome (复议案件2件，均维持; 诉讼3件，均胜诉):
    # the narrower count is then the wider one, cited to both.
    every_one: re.Pattern[str] | None = None
    # A unit only this indicator counts in (人次): a figure in it, a few words into its clause, counts
    # the work the sentence named before it (开展普法活动36场，覆盖1.1万人次).
    unit_names_it: bool = False

    @property
    def zh(self) -> str:
        """The table header: name and unit."""
        return f"{self.label}({self.unit})"

    @property
    def usual_name(self) -> str:
        """The word questions and most reports use for it (法律明白人, 规范性文件): the first of the words
        it is asked by, so code can tell a report that states it in other words."""
        return re.split(r"[|(\\\[]", self.asked.pattern, maxsplit=1)[0]


def _ind(key: str, label: str, en: str, unit: str, meaning: str, terms: str, units: str, asked: str, **kw: Any) -> Indicator:
    return Indicator(key, label, en, unit, meaning, re.compile(terms), tuple(units.split("|")),
                     re.compile(asked, re.IGNORECASE), **kw)


# How questions ask a justice office's shortfall: words of lacking people next to the office's name.
_SHORT_OF = r"缺口|缺[几多得]|差[几多]|空缺|缺编|缺员|缺人|少[几多]"
_SHORTFALL_ASKED = (
    rf"司法所[^，。？?]{{0,14}}(?:{_SHORT_OF})|(?:{_SHORT_OF})[^，。？?]{{0,8}}司法所"
    r"|(?:justice|judicial)[- ](?:office|station)s?[^?]{0,60}(?:short(?:fall|age)?s?\b|vacanc|gaps?\b|understaff|unfilled|vacant|below (?:its |their )?(?:quota|establishment))"
    r"|(?:short(?:fall|age)?s?\b|vacanc|gaps?\b|understaff|unfilled|vacant)[^?]{0,40}(?:justice|judicial)[- ](?:office|station)"
    r"|\b(?:unfilled|vacant|empty) (?:posts|positions|slots)\b|\b(?:posts|positions) (?:are |were |remain |left |stand )?(?:unfilled|vacant|empty)\b"
)

INDICATORS: tuple[Indicator, ...] = (
    _ind("disputes_mediated", "矛盾纠纷调处", "disputes taken up (received or handled)", "件", "全年调处/化解矛盾纠纷的件数（全镇合计）",
         r"纠纷|(?:调解|调处)(?:各类)?(?:案件|事项)", "件|起|宗", r"纠纷|调处|调解(?!成功率)|化解|disputes?|conflicts?|mediat(?:ed|ion)(?! success)", town_total=True),
    _ind("mediation_success_rate", "调解成功率", "mediation success rate", "%", "矛盾纠纷调解成功率（%）",
         r"成功率|化解率|调解率|调处率", "%", r"成功率|[化调][解处]率|success rate|share [^?]{0,30}(?:settled|resolved|successful)|(?:percentage|proportion) [^?]{0,30}(?:settled|resolved|successful)", narrows="disputes_mediated",
         ratio_of=("disputes_resolved", "disputes_mediated"), sentence_needs=re.compile(r"调解|调处|化解|纠纷")),
    _ind("disputes_resolved", "调解成功", "disputes resolved", "件", "矛盾纠纷中调解成功（化解成功）的件数，不是受理或调处总数",
         # 受理纠纷302件，化解295件 / 调处纠纷236件，成功229件: a clause that opens on it, after the count
         r"(?:调解|化解|调处)成功(?!率)|成功(?:调解|化解|调处)(?!率)|达成(?:调解)?协议|^(?:其中)?(?:化解|成功)(?=\d|$)"
         r"|(?:当场|现场|就地|已)(?:化解|调解成功|调处成功)",  # 其中47件当场化解: settled on the spot
         "件|起|宗",
         r"(?:调解|化解|调处)成功(?!率)|成功(?:调解|化解|调处)|达成(?:调解)?协议|\bresolved\b|\bsuccessful(?:ly)? mediat|\bsuccesses\b",
         narrows="disputes_mediated"),
    _ind("publicity_events", "普法宣传活动", "legal publicity events", "场次", "全年开展普法/法治宣传活动的场次",
         r"普法|法治宣传|法律宣传|法制宣传|送法|(?:法|宪法|民法典)[^，。；]{0,8}宣[传讲]|宣[传讲][^，。；]{0,8}(?:法律|宪法|民法典)"
         r"|(?:法治|法律|法制)(?:讲座|宣讲)|[“「][^”」，。]{0,12}(?:法治|法律|法制|普法|民法典|宪法)[^”」，。]{0,12}[”」][^，。；\d]{0,30}活动", "场次|场|次|期", r"普法|法治宣传|法律宣传|宣传活动|法律六进|publicity|legal education|awareness"
         r"|law[- ]populari[sz]ation|law education", topic="publicity"),
    _ind("publicity_people", "普法受众", "people reached by legal publicity", "人次",
         "全年普法/法治宣传活动覆盖、参与的群众人次（人次，不是活动场次）",
         r"普法|法治宣传|法律宣传|宣传|宣讲|讲座|法治教育|送法|受众|听众|观众|受教育|覆盖群众|覆盖居民|受益群众|惠及群众|参与|到场|到会|现场群众"
         r"|听讲|听课", "人次",
         r"人次|受众|(?:覆盖|参与|参加|受教育)[^，。？?]{0,6}(?:群众|人|学生)|people|persons|person[- ]?(?:visits|times)|attendees?|attended|participants?"
         r"|audience|reached", variant_of="publicity_events", unit_names_it=True),
    _ind("certified_officers", "持证执法人员", "certified enforcement officers", "人", "持有行政执法证的执法人员现有总人数（不是新增人数）",
         r"持证|执法证|执法资格", "人|名|位", r"持证|执法证|执法资格|执法人员|certified|officers?|licen[cs]ed", stock=True),
    _ind("legal_advisers", "法律顾问", "legal advisers", "名", "镇（街道）政府聘请的法律顾问人数（不含村法律顾问）",
         r"法律顾问", "名|人|位|家", r"法律顾问|legal advis[eo]rs?|counsel", stock=True, town_total=True,
         topic="legal_adviser", lacks_zh="未聘请"),
    _ind("legality_reviews", "合法性审查", "legality reviews", "件", "全年开展合法性审查的件数",
         r"合法性审[查核]|审[查核](?:各类)?(?:事项|合同|协议|规范性文件)|(?:合同|协议|规范性文件)[^，。；]{0,10}(?:审查|审核)",
         "件|份", r"合法性审[查核]|审查[^，。？?]{0,14}件|legality[- ]reviews?|legal[- ]reviews?|review\w*[^?]{0,25}legality",
         made_of=re.compile(r"合同|协议|规范性文件|重大(?:行政)?决策(?:事项)?")),
    _ind("contract_reviews", "合同审查", "contract reviews", "件", "镇（街道）政府签订的合同经合法性审查的件数（不含为村审核的合同）",
         r"合同|协议", "件|份", r"合同|contracts?", narrows="legality_reviews", item_of="legality_reviews"),
    _ind("normative_doc_reviews", "规范性文件审查", "normative-document reviews", "件", "行政规范性文件经合法性审查的件数",
         r"规范性文件|普遍(?:约束力|适用)的[^，。；\d]{0,4}(?:文件|政策文件)|红头文件", "件|份", r"规范性文件|normative(?:[- ]documents?)?|regulatory documents?",
         narrows="legality_reviews", item_of="legality_reviews"),
    _ind("justice_office_staff", "司法所工作人员", "justice office staff", "人", "司法所实有（现有）工作人员人数（不是编制数）",
         r"司法所", "人|名|位", r"司法所[^，。？?]{0,8}(?:人员|人手|工作人员|几个人|多少人|几人|人数|在岗|实有)"
         r"|司法所[^，。？?]{0,12}(?:只剩|只有|仅剩|仅有|不足|超过|少于|多于)[^，。？?]{0,3}个?人"
         r"|(?:justice|judicial)[- ](?:office|station)s?[^?]{0,20}(?:staff|people|personnel)"
         r"|(?:staff|personnel|people work(?:ing)?)[^?]{0,30}(?:justice|judicial)[- ](?:office|station)",
         stock=True, topic="justice_office_staff"),
    _ind("justice_office_posts", "司法所编制", "justice office posts", "人", "司法所核定编制数（不是实有人数）",
         r"编制|应配备?|应有|定员|定编|核编|核定人数", "人|名|个", r"司法所[^，。？?]{0,8}编制|编制[^，。？?]{0,8}司法所"
         r"|(?:justice|judicial)[- ](?:office|station)s?[^?]{0,30}(?:posts|quotas?|establishment|authori[sz]ed)"
         r"|(?:posts|quotas?|establishment|authori[sz]ed)[^?]{0,30}(?:justice|judicial)[- ](?:office|station)",
         stock=True),
    _ind("justice_office_shortfall", "司法所人员缺口", "justice office staff shortfall", "人",
         "司法所编制数减去实有人数的缺口（人）",
         r"缺口|空缺|空编|缺编|缺员|还差|尚缺|缺少?", "人|名|个", _SHORTFALL_ASKED,
         stock=True, narrows="justice_office_staff", gap_of=("justice_office_posts", "justice_office_staff")),
    _ind("proactive_disclosures", "主动公开信息", "items of information proactively disclosed", "条",
         "全年主动公开政府信息的条数（不是依申请公开的件数）",
         r"主动公开|公开[^，。；\d]{0,12}信息|信息[^，。；\d]{0,4}公开|(?:主动|向社会|向公众)(?:向社会)?(?:发布|公布)[^，。；\d]{0,6}(?:政务|政府)(?:信息|事项)"
         r"|(?:门户网站|政务网站|政府网站|公开栏|公众号)[^，。；\d]{0,6}(?:发布|公布)[^，。；\d]{0,6}(?:信息|事项)",
         "条",
         r"主动公开|信息公开|政务公开|公开[^，。？?]{0,8}信息|proactive(?:ly)?[- ](?:disclos|publish|releas)\w*"
         r"|(?:information )?disclosures? of (?:government )?information|government information|items? (?:of information )?disclosed|\bdisclos(?:ures?|ed)\b"
         r"|\b(?:put out|publish(?:ed|es)?|releas(?:ed|es?)|made public)\b[^?,;]{0,25}\b(?:items?|to the public)\b"),
    _ind("petitions", "信访", "petitions", "件", "全年受理信访事项的件数（件，不是人次）",
         r"信访|来信来访", "件|起|宗|批次|件次", r"信访|上访|petitions?|complaints? letters?"),
    _ind("petitions_change", "信访同比", "year-on-year change in petitions", "%", "信访件数同比变化（%），下降为负",
         r"信访|来信来访", "%", r"信访[^，。？?]{0,6}(?:同比|变化|增减|下降|上升|增幅|降幅|升降|幅度)|同比[^，。？?]{0,4}信访"
         r"|petitions?[^?]{0,20}(?:change|year[- ]on[- ]year|yoy)|(?:year[- ]on[- ]year|yoy)[^?]{0,30}petitions?",
         narrows="petitions"),
    _ind("enforcement_inspections", "执法检查", "enforcement inspections", "家次", "全年开展执法检查的家次",
         r"检查|执法巡查|执法行动|执法核查|上门核查", "家次|户次|次", r"执法检查|检查|执法巡查|执法行动|巡查|inspections?|inspected|(?:enforcement )?patrols?"),
    _ind("fines_yuan", "罚款", "fines", "元", "全年罚款金额（元）",
         r"罚款|罚没", "元|万元|亿元", r"罚款|罚没|罚金|罚了|\bfines\b|\bfined\b|\b(?:a|the|in|of|its|their) fines?\b|penalt(?:y|ies)"),  # (…is fine: no fine)
    _ind("admin_reconsiderations", "行政复议", "administrative reconsiderations", "件", "作为被申请人的行政复议案件数",
         r"行政复议|申请复议|提请复议|复议(?:的)?案件|复议申请", "件|起|宗", r"行政复议|复议|reconsiderations?"),
    _ind("reconsiderations_upheld", "复议维持", "reconsideration decisions upheld", "件", "行政复议中原行政行为被维持的件数",
         r"维持", "件|起|宗", r"维持|\b(?:upheld|uph[oe]ld|sustained|affirmed)\b", narrows="admin_reconsiderations",
         sentence_needs=re.compile(r"复议"), every_one=re.compile(r"(?:均|全部|都)(?:被|已|予以|依法)?[^，。；未不]{0,12}维持")),
    _ind("reconsiderations_overturned", "复议纠错", "reconsideration decisions overturned", "件",
         "行政复议中原行政行为被撤销、变更或确认违法的件数",
         r"撤销|纠正|变更|确认违法|纠错", "件|起|宗",
         r"复议[^，。？?]{0,12}(?:撤销|纠错|纠正|推翻|改变|变更)|(?:撤销|纠错|纠正|推翻)[^，。？?]{0,8}复议"
         r"|\b(?:overturn\w*|revok\w*|revers\w*|annul\w*|quash\w*|set aside|struck down|went against)\b",
         narrows="admin_reconsiderations", sentence_needs=re.compile(r"复议"),
         every_one=re.compile(r"(?:均|全部|都)?(?:被|予以|依法)?[^，。；未不]{0,10}(?:撤销|纠正|变更|确认违法)")),
    _ind("reconsiderations_ended", "复议终止或不予受理", "reconsiderations ended without a ruling (withdrawn, terminated or not accepted)", "件",
         "行政复议中因撤回终止、不予受理或驳回申请而未作实体决定的件数",
         r"终止|撤回|不予受理|驳回[^，。；\d]{0,4}申请", "件|起|宗",
         r"终止|撤回|不予受理|\b(?:not accepted|rejected|withdrawn|terminated|ended (?:some )?other(?:wise| ways?)|(?:end|ended) (?:some|in some) other way)\b",
         narrows="admin_reconsiderations", sentence_needs=re.compile(r"复议"),
         every_one=re.compile(r"(?:均|全部|都)?(?:被|予以|依法)?[^，。；]{0,12}(?:不予受理|终止)")),
    _ind("admin_lawsuits", "行政诉讼", "administrative lawsuits", "件", "作为被告的行政诉讼案件数",
         r"行政诉讼|行政应诉|应诉[^，。；\d]{0,2}行政案件|民告官", "件|起|宗", r"行政诉讼|行政应诉|诉讼|应诉|官司|被告|被起诉|告上法庭|\b(?:lawsuits?|litigation|sued|court cases?)\b"),
    _ind("lawsuits_lost", "败诉", "lawsuits lost", "件", "行政诉讼败诉案件数",
         r"败诉", "件|起|宗", r"败诉|输了|输掉|[没未]输|输(?:过)?官司|官司输|\b(?:lost|lose|loses|losing)\b", narrows="admin_lawsuits"),
    _ind("lawsuits_won", "胜诉", "lawsuits won", "件", "行政诉讼胜诉案件数",
         r"胜诉", "件|起|宗", r"胜诉|打赢|赢了|\b(?:won|win|wins|winning)\b", narrows="admin_lawsuits",
         every_one=re.compile(r"(?:均|全部|都)?(?:已|获|以)?[^，。；未不败]{0,8}胜诉")),
    _ind("head_court_appearances", "负责人出庭应诉", "court appearances by the town's heads", "次", "行政机关负责人出庭应诉的次数",
         r"出庭应诉|出庭|参加庭审|到法院[^，。；\d]{0,6}庭审", "次|件|人次", r"出庭|\b(?:went to court|appear\w* in court|court appearances?|in court themselves)\b"),
    _ind("group_study_sessions", "中心组学法", "law sessions of the Party theory study group", "次", "党委（党工委）理论学习中心组学法的次数",
         r"中心组[^，。；\d]{0,6}学法|学法[^，。；\d]{0,4}中心组", "次|场|期", r"中心组|\b(?:theory[- ]study|study[- ]group)\b"),
    _ind("premeeting_study_sessions", "会前学法", "law study before meetings", "次", "党委会、政府常务会议等会前学法的次数",
         r"会前学法", "次|场|期", r"会前学法|\bpre-?meeting\b|\bbefore (?:their |the )?meetings\b"),
    _ind("public_lawyers", "公职律师", "public-sector lawyers", "名", "镇（街道）机关现有公职律师人数（不是拟配备数）",
         r"公职律师|内部律师|机关律师|(?:取得|持有)律师执业证[^，。；]{0,16}(?:干部|人员)", "名|人|位",
         r"公职律师|内部律师|机关律师|public[- ](?:sector )?lawyers?|government lawyers?|in[- ]house lawyers?"
         r"|staff lawyers?|lawyers? (?:on (?:the|its|their) (?:own )?(?:staff|payroll)|of (?:its|their) own)",
         stock=True, topic="public_lawyers", lacks_zh="未配备"),
    _ind("legal_literates", "法律明白人", "legally literate villagers (法律明白人)", "名", "全镇培养的“法律明白人”人数",
         r"法律明白人|法治带头人|法律(?:骨干|能人|帮手|信息员|联络员)|(?:讲法|懂法|用法|找法|学法)[^，。；\d]{0,12}骨干"
         r"|懂法律[^，。；\d]{0,10}(?:村民|群众|骨干|居民)", "名|人|位",
         r"法律明白人|明白人|法治带头人|\blegal(?:ly)?[- ]literate|\blaw[- ]savvy|\blegal[- ]minded", stock=True),
    _ind("major_decisions", "重大行政决策", "major administrative decisions", "项", "全年作出的重大行政决策事项数",
         r"重大行政决策|重大决策|重大事项决策|重要事项(?:的)?决定|集体讨论决定的?重大事项", "项|件|个|次",
         r"重大行政决策|重大决策|重大事项|major (?:administrative )?decisions?|major decision[- ]making"),
    _ind("rule_of_law_funding", "法治建设经费", "rule-of-law funding", "元", "全年安排的法治建设（含普法、依法治理）经费金额（元）",
         r"(?:法治|普法|依法治理|法律)[^，。；]{0,12}(?:经费|资金|投入|花费|花了|花去|用去|支出|开支)|(?:经费|资金)[^，。；]{0,6}(?:法治|普法)"
         r"|(?:用于|开展|支持|保障)[^，。；]{0,4}(?:法治|普法|依法治理|法律服务)", "元|万元|亿元",
         r"经费|资金|预算|(?:法治|普法)[^，。？?]{0,6}的?钱|花了?多少钱"
         r"|\b(?:funding|funds?|budget(?:s|ed)?|money|spen[dt]|spending|invest(?:ed|ment)?|put into)\b", topic="funding", lacks_zh="缺乏"),
    _ind("body_cameras", "执法记录仪", "body cameras", "台", "现有执法记录仪总台数（不是新增数）",
         r"执法记录仪|记录仪|执法仪|单兵执法终端|(?:执法|音视频|音像|视音频|影音)(?:摄录|记录|录像)(?:设备|终端)|摄录设备|(?<![文字])记录设备|执法终端"
         r"|(?:穿戴|佩戴|随身|便携)[式的]?[^，。；\d]{0,4}(?:取证|摄录|录像|记录)(?:设备|终端)",
         "台|台套|部|个|套", r"执法记录仪|记录仪|执法仪|执法记录设备|body[- ]?(?:worn )?cam(?:era)?s?|recorders?|recording (?:devices?|equipment|units?|gear)",
         stock=True,
         topic="body_cameras", lacks_zh="未配备"),
)
BY_KEY = {ind.key: ind for ind in INDICATORS}
KEYS = tuple(BY_KEY)
UNIT_OF = {ind.key: ind.unit for ind in INDICATORS}

# Explicit zeros: a statement with no digit that still fixes the cell (a lack of a thing is the
# topic registry's to read: ``Indicator.topic``).
_NONE = r"(?:未发生|没有发生|未出现|未收到|未接到|没有收到|无|没有(?:发生)?一起|未发生一起)"
_ZERO_STATEMENTS: dict[str, re.Pattern[str]] = {
    "admin_reconsiderations": re.compile(
        rf"{_NONE}[^。，；]{{0,12}}?行政复议|行政复议\S{{0,12}}(?:均为零|为零|均为0|为0|零发生)"
        r"|(?:没有|未|无人)(?:被)?(?:提请|申请|提起|提出)?(?:行政)?复议(?![^。，；]{0,4}(?:撤销|纠正|变更|确认))"  # 没有被提请复议
        r"|(?:没有|无)[^。，；]{0,14}(?:提请|申请|提起|提出)(?:行政)?复议(?![^。，；]{0,4}(?:撤销|纠正|变更|确认))"  # 没有群众…申请复议
    ),
    "admin_lawsuits": re.compile(
        rf"{_NONE}[^。，；]{{0,16}}?行政(?:诉讼|应诉)(?![^及和与、]{{0,4}}败诉)|行政诉讼\S{{0,6}}(?:均为零|为零|均为0|为0|零发生)"
        rf"|{_NONE}[^。，；]{{0,12}}?被告的行政案件"  # 没有发生一起以乡政府为被告的行政案件: a suit by another name
        r"|行政(?:诉讼|应诉)[^。，；\d]{0,6}(?:未发生|没有发生|均为零|为零|均为0|为0|零发生)"  # 行政应诉案件为零
        r"|(?:没有|未)(?:被)?(?:提起(?:行政诉讼)?|起诉|告上法庭|成为(?:行政诉讼)?被告)"  # 没有被起诉, 未被提起行政诉讼
        r"|(?:没有|无)(?:人|群众|当事人|企业|单位|一人|一起)[^。，；]{0,10}(?:起诉|告上法庭|告到法院|打官司|民告官)"  # 没有群众把乡政府告上法庭, 没有一起民告官的案子
    ),
    # 没有制发对外具有普遍约束力的文件: the law's definition of a normative document, in its place
    "normative_doc_reviews": re.compile(r"(?:未|没有|无)(?:制定|制发|出台|印发|发布)[^。，；]{0,14}(?:规范性文件|普遍约束力的文件)"
                                        r"|(?:暂无|没有|无|未有)[^。，；]{0,6}规范性文件(?:出台|制发|印发|发布)"  # 暂无规范性文件出台
                                        r"|规范性文件[^。，；\d]{0,8}(?:为零|为0)"),  # 规范性文件制发数为零
    "head_court_appearances": re.compile(r"负责人[^。，；]{0,6}(?:未|没有)出庭|(?:由|委托)律师代为出庭"),
    "reconsiderations_overturned": re.compile(r"(?:无|没有|未发生|未出现)(?:一起|一件)?[^。，；]{0,8}(?:被撤销|被纠错|被纠正|被确认违法|被变更)"),
    "lawsuits_lost": re.compile(
        rf"(?:未出现|无|均未|没有|未发生|零)(?:一起|一件|一例|一宗)?[^。，；]{{0,12}}?败诉|{_NONE}[^。，；]{{0,16}}?[及和与、]败诉"
        r"|败诉\S{0,6}(?:均为零|为零|均为0|为0)|胜诉率(?:达到?|为)?100\s*[%％]"  # every suit won: none lost
        r"|(?:均|全部)(?:已)?[^。；，]{0,8}?胜诉|诉讼(?:案件)?(?:1|一)(?:件|起|宗)[^。；]{0,24}?(?<!未)胜诉"  # the one suit won
    ),
    "petitions_change": re.compile(r"(?:与|和|较)(?:上年|去年)(?:同期)?持平"),
}
# Counts of events a report may state as none at all (未发生行政诉讼案件): "which towns had none"
# is read from these cells, an explicit zero apart from a count and from silence.
# A count inside one of them (lawsuits won, decisions overturned) is none where the wider count is
# none (``_none_of_the_wider``).
_ZERO_STATED = frozenset(key for key in _ZERO_STATEMENTS if not key.endswith("_change"))
ZERO_READ = _ZERO_STATED | {ind.key for ind in INDICATORS if ind.narrows in _ZERO_STATED and ind.unit != "%"}
# Words that state a count of none without a digit, whatever is counted (未发生, 为零, 无…案件).
_ZERO_WORDS = re.compile(r"未发生|没有发生|未出现|无\S{0,4}(?:案件|败诉)|零|均未|为0|为零")


def states_zero(text: str) -> bool:
    """Whether a sentence states a count of none (全年未发生行政诉讼案件, 我乡无行政复议、行政诉讼案件),
    so a figure of 0 cited to it is in its words."""
    return bool(_ZERO_WORDS.search(text)) or any(p.search(text) for p in _ZERO_STATEMENTS.values())
_NEGATED_LOST = re.compile(r"(?:未|无|没有|均未|不)\S{0,2}败诉$")


@dataclass
class Candidate:
    """A figure that may be an indicator: its value, the clause quoting it and why it scored."""

    key: str
    value: float | int | str
    unit: str
    approx: bool
    quote: str
    start: int  # clean-text span of the quote
    end: int
    score: float
    notes: list[str] = field(default_factory=list)
    context: str = ""  # the whole sentence, shown to the model
    sentence_start: int = -1  # where that sentence starts in the clean text

    def located(self, doc: NormalizedText) -> tuple[int, int, int] | None:
        """Where the quote stands in the original file (start, end, line), or None when it is not
        the report's verbatim text at its span: a value is only ever shown with such a quote."""
        if doc.find(self.quote) is None or doc.text[self.start : self.end] != self.quote:
            return None
        start, end = doc.original_span(self.start, self.end)
        return start, end, doc.line_of(start)


@dataclass
class Extraction:
    """Every surviving candidate of one indicator, best first."""

    key: str
    candidates: list[Candidate]

    @property
    def values(self) -> list[float | int | str]:
        seen: list[float | int | str] = []
        for cand in self.candidates:
            if cand.value not in seen:
                seen.append(cand.value)
        return seen

    @property
    def ambiguous(self) -> bool:
        """Several different values survive and the best does not clearly outscore the rest."""
        if len(self.values) < 2:
            return False
        best = self.candidates[0].score
        rival = max(c.score for c in self.candidates if c.value != self.candidates[0].value)
        return best - rival < 2.0


def _plans_spans(doc: NormalizedText, year: int | None) -> list[tuple[int, int]]:
    """Spans of the plans part: targets for next year live there and are never this year's figure.
    A part merged with the shortcomings (存在的问题及下步打算) is not one: its problems state this
    year's figures (全年仅安排经费3万元), and a target there is scored down as one (``_TARGET``)."""
    return [
        (b.start, b.end)
        for b in parse_blocks(doc.text, year)
        if "plans" in b.parts and "measures" not in b.parts and "shortcomings" not in b.parts
    ]


def _clauses(text: str) -> list[tuple[int, int, int, int]]:
    """(clause start, clause end, sentence start, sentence end) over the clean text."""
    out = []
    for sent in SENTENCE.finditer(text):
        for clause in _CLAUSE.finditer(sent.group()):
            if clause.group().strip():
                out.append(
                    (sent.start() + clause.start(), sent.start() + clause.end(), sent.start(), sent.end())
                )
    return out


def _signed_change(clause: str, match: re.Match[str]) -> float | None:
    """A 同比 percentage with its sign: 下降 → negative, 上升/增长 → positive."""
    left = clause[: match.start()]
    direction = re.search(r"(下降|减少|降低|上升|增长|增加|提高)\S{0,2}$", left)
    if not direction or not re.search(r"同比|较上年|比上年|较去年|与上年相比", clause):
        return None
    figure = read_figure(match)
    if figure is None:
        return None
    value = figure.value
    return -value if direction.group(1) in ("下降", "减少", "降低") else value


def _score(
    ind: Indicator, clause: str, left: str, sentence: str, match: re.Match[str], before: str = "",
    year: int | None = None,
) -> tuple[float, list[str]] | None:
    """Score one figure for one indicator; None when a rule rules it out. ``before`` is the
    sentence before the clause: a clause that names nothing before its figure (合计139件, 目前仅有3台,
    全年共计开展32次) counts what the sentence named before it."""
    unit = match["unit"].replace("％", "%")
    if unit not in ind.units:
        return None
    if ind.key == "rule_of_law_funding" and (spent := _SPENT_ON.match(sentence, sentence.find(clause) + len(clause))):
        clause += spent.group()  # 乡里从有限的财力中挤出5万元，用于法治宣传阵地建设: money named by what it is for
    notes: list[str] = []
    near = left[-8:]
    if _LAST_YEAR.search(left[-10:]) or re.search(r"上年|去年", re.split(r"\d", near)[-1]):
        return None  # 上年为4台 is last year's; in 由上年的4台增加到7台 the 7 is this year's
    if year and any(int(y) < year for y in _PAST_YEAR.findall(before[-10:] + left)):
        return None  # 2024年全镇信访总量为41件 in a report on 2025 is last year's figure
    if _WIDER.search(left):
        return None  # 全县累计开展普法活动1200余场: the county's figure, not the town's
    if ind.key not in ("petitions_change",) and _CHANGE_BEFORE.search(near.rstrip("约近达共")):
        return None
    if ind.stock and re.search(r"新增|新取得|新聘|新配|新购|今年新|增聘|增配|增购", clause):
        return None
    if left.endswith("由") and _RISEN_TO.match(clause, match.end()):
        return None  # 由14名增加到19名: the count it started from
    if ind.town_total and _VILLAGE.search(left) and not _BOTH_LEVELS.search(left):
        return None  # 各村调委会调处112件 is the villages'; 街道调委会和9个社区调委会…512件 is both levels, the whole
    if ind.item_of is not None and not _own_item(ind, clause, left, match, sentence):
        return None
    if ind.key == "justice_office_staff" and not _OFFICE_STAFF.search(left) \
            and not ("司法所" in before[-16:] + left and (_BARE.fullmatch(left.strip()) or _HELD_AFTER_POSTS.search(left))):
        return None  # 司法所组织村干部30人培训 counts trainees; 编制5名 posts, not people; 编制5名，实有3名 people
    if ind.key in ("justice_office_posts", "justice_office_shortfall") and not _OFFICE_POSTS.search(before[-20:] + left):
        return None  # 编制 and 缺口 count the justice office's posts only next to its name (not 村级编制)
    if ind.key == "justice_office_posts" and not re.search(r"(?:编制|应配备?|应有|定员|定编|核编|核定人数)[^，。；\d缺空]{0,4}$", left):
        return None  # 编制4名, 按规定应配2人: posts; 缺编2名 is the shortfall
    if ind.key == "body_cameras" and re.search(r"(?<![文字像频法摄])记录设备|(?<!单兵)执法终端", left[-12:] + clause[match.end():][:12]) \
            and not _FILMED.search(sentence):
        return None  # 记录设备9台, 移动执法终端3部 count cameras only in a sentence about filming (具备录音录像功能)
    if ind.key == "enforcement_inspections" and _OVERSIGHT.search(sentence[: sentence.find(clause)] + left):
        return None  # 乡纪委…开展专项监督检查2次, 审计…检查: oversight of the town's own officials, not enforcement
    if ind.stock and (term_before := list(ind.terms.finditer(left))) and _ACTS_ON.search(left[term_before[-1].end() :]):
        return None  # 组织法律顾问…走访…企业23家: what the advisers visited, not how many there are
    if ind.key == "proactive_disclosures" and (_VILLAGE.search(left) or re.search(r"^(?:各)?(?:社区|村)|居务|村务信息", left)):
        return None  # 在各村公开栏公开…信息2100余条: the villages' notice boards, not the town's disclosures
    if ind.key == "disputes_mediated" and re.search(r"纠纷(?:化解|成功)[：:\s]*$", left):
        return None  # 矛盾纠纷化解：254件 is the disputes resolved, beside 矛盾纠纷调处：260件
    if ind.key == "disputes_mediated" and _ONE_KIND_OF_DISPUTE.search(left):
        return None  # 化解物业纠纷97起: one kind of dispute, not the town's total (its total is unstated)
    carried = (
        ind.key != "petitions_change" and bool(before) and not ind.terms.search(left)
        and _CARRIED_TAIL.fullmatch(re.split(r"[（(]", clause[match.end():])[0].strip()) is not None
        and (_BARE.fullmatch(left.strip()) is not None or ind.key in _OFFICE_COUNTS and _HELD_AFTER_POSTS.search(left) is not None)
    ) or (ind.unit_names_it and unit == ind.unit and len(left) <= 8
          and bool(BY_KEY[ind.variant_of or ind.key].terms.search(before)))
    # (开展普法活动36场，覆盖1.1万人次: a figure in the indicator's own unit takes its work from the clause before)
    if ind.key == "certified_officers" and not re.search(r"持证|执法证|执法资格", before + clause if carried else clause):
        return None
    if ind.sentence_needs is not None and not ind.sentence_needs.search(sentence):
        return None
    if ind.key == "publicity_events" and _CADRE_STUDY.search(sentence) and not _PUBLICITY.search(before + clause):
        return None  # a law lecture in the cadres' own study (中心组学法…法治讲座5期) is no publicity event
    if re.search(r"(?:人手|每人|每名|人均|每个)$|(?:每个?|每一个)[^，。；\d]{1,8}(?:均|都|至少|最少)?(?:有|配备?有?|达到?)?$", left):
        return None  # 人手一台, 每个村民小组至少有1名: one each, not a count
    if re.search(r"(?:没有|没|无|未有|并无)$", left) or re.match(r"(?:也|都|均|尚|还)(?:没|无|未|不)", clause[match.end():]):
        return None  # 没有一台, 无一起, 一台也没有: a negated count is none at all (the topic reads the lack)
    if ind.key == "lawsuits_lost" and re.search(r"^[^败]{0,10}(?:未|无|没有|不)\S{0,2}败诉", clause[match.end():]):
        return None  # 2件行政诉讼案件均未败诉: suits not lost
    trailing = clause[match.end() : match.end() + 8]
    if match["unit"] == "项" and re.match(rf"[{HAN}]", trailing) and not ind.terms.match(trailing.removeprefix("的")):
        return None  # 5项程序纳入重大决策: a count of the noun after it, not of the indicator
    if ind.key == "admin_lawsuits" and "败诉" in trailing and not re.search(r"(?:未|无|没有|不)\S?败诉", trailing):
        return None  # "1件行政诉讼败诉案件" counts lost suits; 3件（均未败诉） counts suits
    if ind.key == "lawsuits_lost" and _NEGATED_LOST.search(left):
        return None
    if ind.key == "legal_advisers" and re.search(r"村（居）|村级|村法律顾问", clause):
        return None
    if ind.key == "petitions_change":
        scope = sentence[: sentence.find(clause) + len(left)]
    else:
        scope = before + clause if carried else clause
    term = ind.terms.search(scope)
    if term is None:
        return None
    # The figure is the object and the indicator's words its predicate: 共有17件规范性文件经过合法性
    # 审查, 对二十三份合同进行了合法性审查 (whoever the clause's subject is).
    verb = _OBJECT_VERB.match(clause, match.end())
    follows = verb is not None and ind.terms.match(clause, verb.end()) is not None
    subject, at = _nearest_subject(scope if ind.key == "petitions_change" or carried else left)
    own = [m.start() for m in ind.terms.finditer(scope if carried else left)]
    if subject not in (None, ind.key, _FAMILY.get(ind.key)) and not (own and own[-1] >= at) and not follows:
        # another subject owns the figure, unless this one's words come after it (法律顾问全年审查合同26件)
        # or begin with it (普法及依法治理工作资金126000元 is funding, though 普法 names publicity)
        return None
    if ind.key != "petitions_change" and not carried and not follows and not ind.terms.search(left):
        after = clause[match.end() : match.end() + 16]
        described = _CASES_DESCRIBED.match(clause, match.end())  # 3件当事人不服…申请复议的案件
        if not ind.terms.search(after) and not (described and ind.terms.search(described.group())):
            return None  # the term trails far behind: "召开2次专题会…普法" is not a publicity count
    score = 5.0
    if term.start() < (len(before) if carried else 0) + match.start():
        score += 1.0
    if _TOTAL.search(left):
        score += 1.5
        notes.append("total")
    if _SUM.search(left):
        notes.append("sum")
    if _SUBSET.search(left) and not _OWN_SHARE.search(left):
        score -= 2.5
        notes.append("part of a total")
    if ind.key == "petitions" and re.search(r"受理", clause):
        score += 1.0
    if ind.key == "enforcement_inspections" and re.search(r"执法检查|检查", left[-12:]):
        score += 0.5
    if _INTENT.search(sentence[: max(0, sentence.find(clause))] + left):
        return None  # 计划明年采购执法记录仪10台, 力争聘请2名律师: what the town means to do, never what it has
    if _TARGET.search(left):
        score -= 3.0
        notes.append("target")
    return score, notes


# Subjects a figure can belong to; the nearest one before the figure owns it
# ("信访答复等开展合法性审查47件" is a review count, not petitions).
_SUBJECTS = re.compile(
    r"(?P<disputes_mediated>纠纷)|(?P<mediation_success_rate>成功率|化解率|调解率|调处率)|(?P<publicity_events>普法|法治宣传)"
    r"|(?P<certified_officers>持证|执法证)|(?P<legal_advisers>法律顾问)|(?P<legality_reviews>合法性审[查核])"
    r"|(?P<petitions>信访|来信来访)|(?P<enforcement_inspections>检查)|(?P<fines_yuan>罚款|罚没)"
    r"|(?P<admin_reconsiderations>行政复议)|(?P<admin_lawsuits>行政诉讼|行政应诉)|(?P<lawsuits_lost>败诉)"
    r"|(?P<body_cameras>记录仪|执法仪|单兵执法终端|(?:执法|音视频|音像|视音频)(?:摄录|记录|录像)(?:设备|终端)|摄录设备"
    r"|(?:穿戴|佩戴|随身|便携)[式的]?[^，。；\d]{0,4}(?:取证|摄录|录像)(?:设备|终端))"
)
_FAMILY = {
    "contract_reviews": "legality_reviews",
    "normative_doc_reviews": "legality_reviews",
    "petitions_change": "petitions",
    "lawsuits_lost": "admin_lawsuits",
    "mediation_success_rate": "disputes_mediated",
}


# The justice office's own people: the count close after the office's name, with nothing between but
# words of holding (现有工作人员3名, 目前只有所长1人, 仅有1名), never its posts (编制5名).
_OFFICE_STAFF = re.compile(r"司法所(?!组织|开展|举办|培训|为|对|向|联合|会同)(?:[^，。；\d编]{0,3}(?:现有|实有|目前|仅有|只有|共有|有|配备|配有|在编|工作人员|人员|干部|所长|专职|，){1,4}[^，。；\d编]{0,3}|)$")
# The office's posts, or a shortfall of them, read close after its name (司法所编制4名, 司法所核定编制3人、
# 在岗仅1人，缺口2人).
_OFFICE_POSTS = re.compile(r"司法所[^。；]{0,24}$")
# The people an office holds, after its posts in one sentence (编制2名，目前只有所长1人; 编制3人、在岗仅1人).
_HELD_AFTER_POSTS = re.compile(r"(?:^|[、，,])(?:目前|现在?|仅|只|均|实际)?(?:实有|现有|在岗|在编|到岗|只有|仅有|实际在岗)[^，。；\d编]{0,4}$")
# Posts and the people holding them are two counts side by side (编制3人、在岗1人), never two parts of one.
_POSTS_OR_HELD = re.compile(r"编制|在岗|实有|现有|在编|到岗|缺口|空缺")
_OFFICE_COUNTS = frozenset({"justice_office_staff", "justice_office_posts", "justice_office_shortfall"})
# Oversight of the town's own officials and funds (纪委, 审计): its checks are no enforcement inspections.
_OVERSIGHT = re.compile(r"纪委|纪检|纪工委|监察|巡察|审计")
# A verb between a held thing's name and a figure: the figure counts what it acted on (走访企业23家).
_ACTS_ON = re.compile(r"走访|服务|帮助|指导|深入|上门|入户|对接|联系|培训|接待|调解|办理|审查|参与|出具|解答|提供")
# What may follow a figure that counts what the sentence named before it (合计139件, 3人在岗): a word of
# holding at most, never an action it is the subject of (一人承担多项工作 is no count of the office).
_CARRIED_TAIL = re.compile(r"[^，。；\d]{0,3}|(?:专职|专门|在岗|在编)?(?:工作人员|人员|干部|同志)[^，。；\d]{0,3}")
# Cases described by a clause before their noun (3件当事人不服…申请复议的案件): the figure counts them.
_CASES_DESCRIBED = re.compile(r"[^，。；\d]{4,36}?的(?:案件|案子)")
_FILMED = re.compile(r"录像|摄像|音视频|视频|全过程记录|全程记录|记录仪")
_REVIEWED = re.compile(r"审查|审核|把关|合法性")


def _own_item(ind: Indicator, clause: str, left: str, match: re.Match[str], sentence: str) -> bool:
    """Whether a figure is the count of ``ind``'s own kind: its noun within the figure's own item of a
    list (合同40份 or 40份合同, not the 规范性文件 item beside it), in a sentence about reviewing, and
    not done for the villages (为村集体审核合同)."""
    item = re.split(r"[、和及]", left)[-1]
    named = ind.terms.search(item) or ind.terms.match(clause, match.end())
    return bool(named) and bool(_REVIEWED.search(sentence)) and not _VILLAGE.search(left) and not re.search(r"为村|帮村|村集体", left)


def _nearest_subject(left: str) -> tuple[str | None, int]:
    """The last subject named before a figure, and where it starts (-1 when none)."""
    last: tuple[str | None, int] = (None, -1)
    for match in _SUBJECTS.finditer(left):
        last = (match.lastgroup, match.start())
    return last


def _lost_from_lawsuit(doc: NormalizedText, sent: re.Match[str]) -> Candidate | None:
    """One lawsuit and its judgment with no count beside it: lost (行政诉讼案件1件，…判决镇政府败诉)
    is one lost, won (行政诉讼1件，一审判决镇政府胜诉) none."""
    text = sent.group()
    # the act revoked: lost; the plaintiff's claim dismissed (驳回原告诉讼请求): won
    lost = re.search(r"(?<!未)(?:败诉|胜诉|被(?:法院)?(?:一审|二审)?判决?(?:撤销|确认违法)|驳回(?:原告)?(?:的)?诉讼请求)", text)
    if not lost or lost.group() == "败诉" and _NEGATED_LOST.search(text[: lost.end()]):
        return None
    suit = re.search(r"行政诉讼(?:案件)?(?:1|一)(?:件|起)", text)
    if not suit or suit.start() > lost.start() or FIGURE.search(text[suit.end() : lost.start()]):
        return None
    start, end = sent.start() + suit.start(), sent.start() + lost.end()
    prefix = re.search(r"[^，,。；;]*$", text[: suit.start()])
    if prefix:
        start -= len(prefix.group())
    won = lost.group() == "胜诉" or lost.group().startswith("驳回")
    return Candidate("lawsuits_lost", 0 if won else 1, "件", False, doc.text[start:end], start, end, 5.0,
                     ["only lawsuit won" if won else "only lawsuit lost"], text)


_CELL_SPLIT = re.compile(r"\s*[｜|]\s*")
_LABELLED = re.compile(r"^(?P<label>[^：:。，,；;｜|]{2,20})[：:]\s*(?P<value>[^。；;：:｜|]{1,30})$")
_LABEL_UNIT = re.compile(rf"[（(](?P<unit>{UNITS})[）)]\s*$")
_BARE_NUMBER = re.compile(rf"^\s*(?:{DIGITS})\s*$")
_YEAR_CELL = re.compile(r"^\s*((?:19|20)\d\d)\s*年?度?\s*$")


def _header_years(line: str) -> dict[int, int]:
    """The year each column of a plain-text table header stands for (指标 | 2025年 | 2024年 → {1: 2025,
    2: 2024}); empty for a line that is no such header (the first column is the labels')."""
    cells = _CELL_SPLIT.split(line)
    return {i: int(m.group(1)) for i, c in enumerate(cells) if i and (m := _YEAR_CELL.match(c))}


def figure_in_year_column(text: str, at: int, year: int) -> tuple[str, int, int] | None:
    """``year``'s figure in the plain-text table row holding ``at`` (法治保障资金（万元） | 55 | 50 →
    "50万元" for the year of the last column), with the unit its row label gives a bare number, and the
    cell's span; None where there is no such cell."""
    span = column_of_year(text, at, year)
    if span is None:
        return None
    value = text[span[0] : span[1]].strip()
    line_start = text.rfind("\n", 0, at) + 1
    label = _CELL_SPLIT.split(text[line_start:span[0]], maxsplit=1)[0]
    unit = _LABEL_UNIT.search(label)
    shown = value + unit["unit"] if _BARE_NUMBER.match(value) and unit else value
    return shown, span[0], span[1]


def column_of_year(text: str, at: int, year: int) -> tuple[int, int] | None:
    """In a plain-text table of figures by year (指标 | 2025年 | 2024年), the span of the cell in the row
    holding position ``at`` that stands under ``year``'s column: last year's figure written beside this
    year's, as the table lays it out. None where the row is in no such table or the column is empty."""
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end
    if not _CELL_SPLIT.search(text[line_start:line_end]):
        return None
    back = text[max(0, line_start - 1200) : max(0, line_start - 1)].split("\n")  # the lines above the row
    for header in reversed(back):  # the nearest header above the row names the columns' years
        years = _header_years(header.strip())
        if years:
            column = next((i for i, y in years.items() if y == year), None)
            if column is None:
                return None
            row = text[line_start:line_end]
            seps = list(_CELL_SPLIT.finditer(row))
            if column > len(seps):
                return None
            start = seps[column - 1].end() if column else 0
            end = seps[column].start() if column < len(seps) else len(row)
            return (line_start + start, line_start + end) if row[start:end].strip() else None
        if not _CELL_SPLIT.search(header):
            return None  # the table ended before any header naming years
    return None


def _table_rows(text: str, year: int | None) -> list[tuple[int, int, str]]:
    """Figures laid out as a table rather than prose: a line 「项目：数值」 (调解成功率：97.2%) or a
    plain-text row 「指标｜数值｜…」. Each comes back as (line start, line end, the row read as one
    clause: label then this year's value), so the prose rules read it. A bare number takes its
    unit from the label (信访（件）｜61); of several year columns (｜2025年｜2024年) this year's, or the
    latest, is the value; a row with one value keeps its own remarks (2件（上年3件）)."""
    rows: list[tuple[int, int, str]] = []
    column: int | None = None  # the value column of the current ｜ table, from its header
    for line in re.finditer(r"[^\n]+", text):
        body = line.group().strip()
        if "｜" in body or "|" in body:
            cells = _CELL_SPLIT.split(body)
            years = _header_years(body)
            if years:  # a header: the value column is this year's, else the latest year's
                column = next((i for i, y in years.items() if y == year), max(years, key=lambda i: years[i]))
                continue
            if len(cells) < 2 or not re.search(rf"[{HAN}]", cells[0]) or re.search(r"\d", cells[0]):
                continue
            label, value = cells[0], cells[column if column is not None and column < len(cells) else 1]
        else:
            column = None
            labelled = _LABELLED.match(body) if len(body) <= 48 else None
            if labelled is None:
                continue
            label, value = labelled["label"], labelled["value"]
        unit = _LABEL_UNIT.search(label)
        label = _LABEL_UNIT.sub("", label).strip()
        if _BARE_NUMBER.match(value):
            if unit is None:
                continue
            value = value.strip() + unit["unit"]
        if not FIGURE.search(value):
            continue
        shown = line.group().strip(MARKUP + "「」“”")  # 「持证执法人员：29名」: the row inside its brackets
        lead = line.group().find(shown)
        rows.append((line.start() + lead, line.start() + lead + len(shown), label + value.strip()))
    return rows


def _lead(clause: str) -> int:
    """How many characters of space or markup open a clause."""
    return len(clause) - len(clause.lstrip(MARKUP))


def _figures(
    found: dict[str, list[Candidate]], clause: str, sentence: str, quote: tuple[int, int] | None, c_start: int, text: str,
    before: str = "", year: int | None = None, village: set[tuple[str, int]] | None = None,
) -> None:
    """Every figure of one clause scored for every indicator. ``quote`` is the span to cite; None
    cites the clause itself up to the figure (or whole, where its term follows the figure).
    ``village`` collects (indicator, sentence start) where a village-level count was set aside."""
    lead = _lead(clause)
    q_start = c_start + lead
    s_start = c_start - len(before)
    for match in FIGURE.finditer(clause):
        left = clause[: match.start()]
        for ind in INDICATORS:
            scored = _score(ind, clause, left, sentence, match, before, year)
            if scored is None:
                if (village is not None and ind.town_total and not ind.stock and match["unit"] in ind.units
                        and _VILLAGE.search(left) and ind.terms.search(clause)):
                    village.add((ind.key, s_start))
                continue
            score, notes = scored
            if _listed(clause, match, ind) and ind.item_of is None and not _names_its_own_kind(ind, left):
                notes = [*notes, "list part"]
            figure = read_figure(match)
            if figure is None:
                continue
            value: float | int | str = tidy(figure.value)
            if ind.key == "petitions_change":
                change = _signed_change(clause, match)
                if change is None:
                    continue
                value = tidy(change)
            if quote is not None:
                start, end = quote
                score += 1.0  # a labelled row states its figure outright
                notes = [*notes, "table row"]
            else:
                end = c_start + match.end()
                cited = text[q_start:end] if ind.terms.search(text[q_start:end]) else text[q_start : c_start + len(clause)].rstrip(MARKUP)
                start, end = q_start, q_start + len(cited)
                if ind.key == "rule_of_law_funding" and not ind.terms.search(cited) and (spent := _SPENT_ON.match(text, c_start + len(clause))):
                    end = spent.end()  # the amount with what it is for, so the quote shows it is rule-of-law money
            found[ind.key].append(
                Candidate(ind.key, value, UNIT_OF[ind.key], figure.approx, text[start:end], start, end, score, notes, sentence,
                          s_start)
            )


# 规范性文件4件、合同27份 and, the count before its noun, 23份合同、2件规范性文件
_NEXT_ITEM = re.compile(rf"[^，,。；;\d、（(]{{0,8}}?[）)]?、(?!成功|其中|较|同比|比|涉及|办结)[^，,。；;\d]{{0,16}}?{FIGURE.pattern}")
_PREVIOUS_ITEM = re.compile(rf"{FIGURE.pattern}[^，,。；;\d、（(]{{0,8}}?[）)]?、[^，,。；;\d]{{0,16}}$")


def _listed(clause: str, match: re.Match[str], ind: Indicator) -> bool:
    """The figure is one item of a list of the same kind of count (规范性文件4件、合同27份)."""
    following = _NEXT_ITEM.match(clause, match.end())
    if following and following["unit"].replace("％", "%") in ind.units and not _another_subject(following.group(), ind):
        return True
    preceding = _PREVIOUS_ITEM.search(clause[: match.start()])
    if not preceding or preceding["unit"].replace("％", "%") not in ind.units:
        return False
    item = re.split(r"[、，,；;]", clause[: preceding.start()])[-1] + preceding.group()  # its noun stands before its count
    return not _another_subject(item.split("、")[0], ind)


def _names_its_own_kind(ind: Indicator, left: str) -> bool:
    """A narrower count whose own list item names it (其中胜诉1件、败诉1件: the lost suits are 1) is
    that count, not one part of a list that adds up to it."""
    return ind.narrows is not None and ind.terms.search(re.split(r"[、，,；;]", left)[-1]) is not None


def _another_subject(item: str, ind: Indicator) -> bool:
    """Whether a list item names another indicator's subject (行政复议案件2件、行政诉讼案件1件: two
    counts side by side, not two parts of one)."""
    if ind.key in _OFFICE_COUNTS and _POSTS_OR_HELD.search(item):
        return True
    return any(m.lastgroup not in (ind.key, _FAMILY.get(ind.key), ind.narrows) and
               _FAMILY.get(m.lastgroup or "") != ind.key for m in _SUBJECTS.finditer(item))


def _sum_of_listed(ind: Indicator, parts: list[Candidate], text: str) -> Candidate | None:
    """The total of an indicator a sentence gives only as a list of its kinds (审查合同61份、行政
    规范性文件3件: 64), quoted from the first item to the last; None unless every item of the list
    names one of the kinds the indicator is made of, in its own unit."""
    if ind.made_of is None or len(parts) < 2:
        return None
    start, end = min(c.start for c in parts), max(c.end for c in parts)
    noun_after = ind.made_of.match(text, end)  # 2件规范性文件: the last item's noun after its count
    end = noun_after.end() if noun_after else end
    listed = text[start:end]
    items = re.findall(rf"((?:{ind.made_of.pattern})[^，,。；;、\d]{{0,4}})?{FIGURE.pattern}((?:{ind.made_of.pattern}))?", listed)
    figures = list(FIGURE.finditer(listed))
    if len(items) != len(figures) or len(figures) < 2 or not all(m["unit"] in ind.units for m in figures):
        return None
    values = [read_figure(m) for m in figures]
    if not all(item[0] or item[-1] for item in items) or any(v is None or v.approx for v in values):
        return None
    first = parts[0]
    return Candidate(ind.key, tidy(sum(v.value for v in values if v is not None)), UNIT_OF[ind.key], False, text[start:end],
                     start, end, min(c.score for c in parts) - 1.0, ["sum of parts"], first.context, first.sentence_start)


def _parts(found: dict[str, list[Candidate]], village: set[tuple[str, int]], text: str) -> None:
    """Parts are never the value: items of a list (审查规范性文件4件、合同27份) and, beside a
    village-level count, the town committee's own (镇调委会调处38件，各村调委会调处112件). Where the
    sentence sums them (合计45件) the parts are scored down; where it does not, they are dropped:
    the town's total is not stated."""
    for key, cands in found.items():
        def part(c: Candidate, key: str = key) -> bool:
            return "list part" in c.notes or ((key, c.sentence_start) in village and "sum" not in c.notes)

        summed = {c.sentence_start for c in cands if "sum" in c.notes and not part(c)}
        kept = []
        listed: dict[int, list[Candidate]] = {}
        for cand in cands:
            if part(cand):
                if cand.sentence_start not in summed:
                    if "list part" in cand.notes:
                        listed.setdefault(cand.sentence_start, []).append(cand)
                    continue
                cand.score -= 2.5
                cand.notes.append("part of a total")
            kept.append(cand)
        kept += [total for items in listed.values() if (total := _sum_of_listed(BY_KEY[key], items, text)) is not None]
        found[key] = kept


def extract(doc: NormalizedText, year: int | None = None) -> dict[str, Extraction]:
    """Candidates for every indicator in one report, best first; injected instructions skipped."""
    text = doc.text
    plans = _plans_spans(doc, year)
    found: dict[str, list[Candidate]] = {key: [] for key in KEYS}
    village: set[tuple[str, int]] = set()
    rows = _table_rows(text, year)
    for r_start, r_end, row in rows:
        if not is_instruction(text[r_start:r_end]) and not any(a <= r_start < b for a, b in plans):
            _figures(found, row, row, (r_start, r_end), r_start, text, year=year)
    for c_start, c_end, s_start, s_end in _clauses(text):
        sentence = text[s_start:s_end]
        if is_instruction(sentence) or any(a <= c_start < b for a, b in plans):
            continue
        clause = text[c_start:c_end]
        lead = _lead(clause)
        q_start = c_start + lead
        if not any(a <= c_start < b for a, b, _row in rows):  # a table row's figures are read as a row
            _figures(found, clause, sentence, None, c_start, text, text[s_start:c_start], year, village)
        for key, pattern in _ZERO_STATEMENTS.items():
            zero = pattern.search(clause)
            if zero and not FIGURE.search(clause[zero.end() :][:4]) and not _WIDER.search(clause[: zero.start()]):
                quote = clause[lead:].rstrip(MARKUP)
                found[key].append(
                    Candidate(
                        key,
                        0,
                        UNIT_OF[key],
                        False,
                        quote,
                        q_start,
                        q_start + len(quote),
                        6.0,
                        ["explicit zero"],
                        sentence,
                    )
                )
    _parts(found, village, text)
    for sent in SENTENCE.finditer(text):
        if any(a <= sent.start() < b for a, b in plans) or found["lawsuits_lost"]:
            continue
        if cand := _lost_from_lawsuit(doc, sent):
            found["lawsuits_lost"].append(cand)
    _none_of_the_wider(found)
    _all_of_the_wider(found, text)
    return {key: Extraction(key, _dedupe(cands)) for key, cands in found.items()}


def _all_of_the_wider(found: dict[str, list[Candidate]], text: str) -> None:
    """A wider count whose sentence goes on to give every case one outcome (行政复议案件2件，复议机关均维持了…;
    诉讼案件1件，经一审判决胜诉) fixes that outcome's count at the wider figure, quoted from the figure to
    the outcome's words."""
    for ind in INDICATORS:
        if ind.every_one is None or found[ind.key] or not found.get(ind.narrows or ""):
            continue
        for wider in sorted(found[ind.narrows or ""], key=lambda c: -c.score):
            stop = re.search(r"[。；;！？]", text[wider.end :])
            rest = text[wider.end : wider.end + (stop.start() if stop else len(text) - wider.end)]
            outcome = ind.every_one.search(rest)
            every = outcome is not None and (wider.value == 1 or re.search(r"均|全部|都", outcome.group()) is not None)
            if wider.value and every and not FIGURE.search(rest[: outcome.start()]):
                clause_end = re.search(r"[，,。；;！？]|$", rest[outcome.end():])
                quote = text[wider.start : wider.end + outcome.end() + (clause_end.start() if clause_end else 0)]
                found[ind.key].append(replace(wider, key=ind.key, unit=ind.unit, quote=quote, end=wider.start + len(quote),
                                              score=wider.score - 0.5, notes=[*wider.notes, "every case of the wider count"]))
                break


def _none_of_the_wider(found: dict[str, list[Candidate]]) -> None:
    """A count of none fixes the counts it contains (全年未发生行政诉讼案件: none lost either), cited to
    the same words; a rate of none is no rate, so only counts."""
    for ind in INDICATORS:
        wider = found.get(ind.narrows or "")
        if not wider or found[ind.key] or ind.unit == "%":
            continue
        best = max(wider, key=lambda c: c.score)
        if best.value == 0:
            found[ind.key].append(replace(best, key=ind.key, unit=ind.unit, score=best.score - 1.0,
                                          notes=[*best.notes, "none of the wider count"]))


def _dedupe(cands: list[Candidate]) -> list[Candidate]:
    """Best first; the same span counted once."""
    seen: set[tuple[int, object]] = set()
    out = []
    for cand in sorted(cands, key=lambda c: (-c.score, c.start)):
        if (cand.start, cand.value) in seen:
            continue
        seen.add((cand.start, cand.value))
        out.append(cand)
    return out
