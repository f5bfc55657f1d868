"""Question → :class:`Plan`, in one place.

Rules read a normalised question first (full/half width, 乡镇（街道）-style qualifiers dropped);
where they are unsure, the model fills the same schema (``prompts/plan.txt``); code then
validates every field against the store: towns and counties that exist, indicator keys in the
registry, topic terms that occur in the reports. Rules decide *what kind* of question it is from
the words every such question needs (which / most / total / not stated / part…), not from any
one report's wording, and a question about "which towns / any / all" is always planned over
every report in scope.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any

import prompts
from agent.answer.homophones import repair_homophones
from agent.answer.types import INTENTS, OTHER_YEARS, SET_INTENTS, Plan, ReportRef
from agent.usage import Usage
from store.indicators import BY_KEY, INDICATORS, ZERO_READ
from store.statements import own_statements
from store.store import ReportStore
from store.structure import PART_LABELS_ZH, PARTS
from store.topics import BY_KEY as TOPICS
from store.topics import topics_asked
from store.towns import romanized_county, towns_in

_CJK = re.compile(r"[\u4e00-\u9fff]")
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{3,}")
_YEAR = re.compile(r"(20\d\d)\s*年?")
# A year that dates a rule the question cites (the 2019 督察工作规定, 2019年《…规定》, the 2021–2025 纲要): no scope.
_NAMED_RULES = re.compile(r"(?:19|20)\d\d(?:\s*[-–—]\s*(?:19|20)\d\d)?\s*(?:年|版)?\s*"
                          r"(?:《|[“\"]?[^，,。？?\s]{0,10}(?:规定|条例|纲要|意见|办法|规划)|(?:version|edition)\b)", re.IGNORECASE)
# 乡镇（街道）, 镇（街）, （含街道办事处）: qualifiers that only widen the subject.
_QUALIFIER = re.compile(r"(?:(?<=乡镇)|(?<=镇街)|(?<=街道)|(?<=[乡镇街])|(?<=苏木)|(?<=报告))\((?:含|包括)?[^()]{0,8}?\)")
_SUBJECT = r"(?:乡镇|镇街|街镇|街道办事处|街道|办事处|镇|乡|单位|地方|地|报告|苏木)"

# 哪些 before a noun that is not a town or a report (哪些类型, 哪几个方面, 哪一部分) asks which kinds, not which towns.
_WHICH_KIND = (r"(?!(?:个|种|些|条|项)?(?:类型|类别|类|种|方面|问题|措施|做法|原因|内容|工作|领域|事项|举措|经验|困难|成效|特色"
               r"|亮点|短板|不足|形式|渠道|方式|部分|环节|条|项|手段|机制|制度))")
_EVERY = re.compile(
    rf"哪[些个几一家里份位]{_WHICH_KIND}|谁(?!是)|是否(?:所有|全部|每个|都)|是不是(?:所有|都)|有没有{_SUBJECT}|有无{_SUBJECT}"
    rf"|(?:所有|全部|每个|每份|每一份|各个?|全县|全区|全市|全旗)(?:的)?{_SUBJECT}|列出|名单"
    r"|\b(?:which|whose|any|all|every|each|list)\b|^\s*who\b|\b(?:the|its|their)\s+(?:towns|townships|reports|street offices)\b|\btowns of\b"
    # a set asked for by its noun (尚未配备公职律师的街道; 有调委会的镇街有吗; Towns without a budget?)
    rf"|的(?:{_SUBJECT})(?:（街道）|\(街道\))?(?:有哪些|有吗|有没有|列一下|列出来|都有谁|是哪些)?\s*[?？。]?$"
    r"|^(?:towns?|townships?|subdistricts?|street offices?|reports?)\b"
    r"|\b(?:towns?|townships?|subdistricts?|street offices?|reports?)\s+(?:with|without|lacking|that|where|whose|reporting|having)\b",
    re.IGNORECASE,
)
_ALL_TOWNS = re.compile(rf"(?:所有|全部|各个?|每个)(?:的)?{_SUBJECT}|\b(?:all|every|each)\s+(?:the\s+)?(?:towns?|townships?|reports?|street offices?)\b", re.IGNORECASE)
# "most" before a word of scarcity (most thinly staffed, most understaffed) asks for the least.
_SCARCE = r"(?:thinly|poorly|sparsely|under[\w-]*|short[\w-]*|weakly)"
_RANK_MAX = re.compile(rf"最多|最高|最大|最长|最好|最佳|更多|更高|更大|较多|较高|排名第一|排第一|排首位|第一名|居首|领先|拔头筹"
                       rf"|排序|排名|排个序|从高到低|从多到少|由高到低|由多到少"
                       rf"|\b(?:most(?! {_SCARCE})|highest|largest|biggest|busiest|top|maximum|best|rank(?:ed|ing)?|in order of)\b",
                       re.IGNORECASE)
_RANK_MIN = re.compile(rf"最少|最低|最小|最短|更少|更低|更小|较少|较低|排名最后|倒数第一|垫底|排末位|最后一名|人手最紧|最缺|最薄弱"
                       rf"|\b(?:least|fewest|lowest|smallest|minimum|most {_SCARCE})\b", re.IGNORECASE)
# A ranking by the change on last year, not by the figure: the comparison with last year, or a rise or fall most.
_CHANGE_RANKED = re.compile(r"与上一?年相比|与去年相比|比上一?年|较上一?年|比去年|较去年|同比|(?:增加|增长|上升|减少|下降|降低|涨|跌|增|降)得?(?:最多|最快|最大|最猛)|[增降涨跌]幅最大"
                            r"|\b(?:increas|ris|rose|grew|grow|fell|fall|drop|decreas)\w*\b[^?]{0,30}\b(?:most|largest|biggest|fastest)\b"
                            r"|\b(?:most|largest|biggest)\b[^?]{0,20}\b(?:increase|rise|growth|drop|decrease|fall)\b|\bon (?:the )?(?:last|previous) year\b",
                            re.IGNORECASE)
_RATE_OF_CHANGE = re.compile(r"增幅|涨幅|降幅|增长率|增速|百分之几|百分比|\b(?:percent(?:age)?|growth rate|fastest|rate of (?:increase|growth))\b",
                             re.IGNORECASE)
# The amount or the rate of a change asked (增加额, 增幅, how much and by what percent).
_CHANGE_ASPECTS = re.compile(r"增加额|增长额|增减额|减少额|变化额|增幅|涨幅|降幅|增长率|变化幅度|增加了?多少|\b(?:by how much|percent(?:age)? change|amount of (?:the )?change)\b",
                             re.IGNORECASE)
_FELL_MOST = re.compile(r"(?:减少|下降|降低)得?(?:最多|最快|最大)|降幅最大|\b(?:fell|fall|drop|decreas)\w*\b[^?]{0,30}\b(?:most|largest|biggest|fastest)\b"
                        r"|\b(?:most|largest|biggest)\b[^?]{0,20}\b(?:drop|decrease|fall)\b", re.IGNORECASE)
# Where one town stands in a ranking (居第几位, 排第几, where does X rank).
_POSITION = re.compile(r"第几[位名]?|名次|排名如何|排在哪|\bwhere does\b[^?]{0,60}\brank|\bwhat (?:rank|place|position)\b|\branks? where\b",
                       re.IGNORECASE)
_RANK_WORD_ONLY = re.compile(r"总数|总量|总额")  # 总数最多 ranks; it asks for no sum
_SCARCITY = re.compile(rf"人手最紧|最缺|最薄弱|\bmost {_SCARCE}", re.IGNORECASE)
_TOTAL = re.compile(r"共|合计|总共|一共|总计|总数|总额|总量|总和|累计|加起来|汇总|加总|总投入|总[场台件人]|分开统计|分别统计|分别合计|分开算|\b(?:in total|total|altogether|all told|in all|put together|taken together|sum|combined|overall|add(?:s|ed)? up|adding up|totals"
                    r"|across (?:the |all |these |its |all the )?(?:\d+ |\w+ )?(?:20\d\d )?(?:reports|towns|townships|county))\b", re.IGNORECASE)
_ACROSS = re.compile(r"across\b", re.IGNORECASE)


def _asks_total(text: str) -> bool:
    """Whether a question asks for a sum: "across all the 2024 reports" only sets the scope of a
    which-towns question, and asks a sum only beside a quantity (how many, in total)."""
    totals = [m.group() for m in _TOTAL.finditer(text)]
    return any(not _ACROSS.match(t) for t in totals) or bool(totals) and bool(_QUANTITY.search(text))


_QUANTITY = re.compile(
    r"多少|(?<![哪这那])几[件人名台次场个家项份条部位]|数量|数字|统计|分两栏|分栏|几成|比例|比率|成功率|是多少|金额|人数|件数|场次|台数|数额|更多|更少|多了|少了|增加|减少|变化|增减"
    r"|升还是降|上升|下降|增长|降低|升降"
    r"|\b(?:how many|how much|number|amount|count|rate|percentage|more|fewer|less|change|figure|totals?"
    r"|(?:go|goes|went|gone) (?:up|down)|ris(?:e|en|ing)|rose|f[ae]ll(?:en)?|increas\w*|decreas\w*|drop(?:ped)?|grow|grew)\b",
    re.IGNORECASE,
)
_CHANGE = re.compile(r"比上年|比去年|较上年|较去年|同比|上一年|两年|两个年度|变化|增减|[比较]20\d\d年?[^，。？?]{0,4}(?:怎么|如何|怎样)?变|增加了|减少了|多了|少了|升还是降|上升|下降|趋势|历年|这几年|近几年|逐年|分别多少"
                     r"|\b(?:change|compared with|year[- ]on[- ]year|from 20\d\d|trend|over the years|(?:go|goes|went|gone) (?:up|down)"
                     r"|ris(?:e|en)|rose|f[ae]ll(?:en)?|increas\w*|decreas\w*|drop(?:ped)?|than the year before|than (?:the )?previous year)\b",
                     re.IGNORECASE)
_COMPARE = re.compile(r"比较|对比|相比|区别|差异|异同|有何不同|有什么不同|不同之处|差别|分别|哪个|谁|比一比|放一起|放在一起|对照|\b(?:compare|comparison|versus|vs\.?|between|which)\b", re.IGNORECASE)
_NOT_STATED = re.compile(
    r"(?:没有|没|未|不|并未|尚未|无)(?:有)?(?:写明|写出|写|给出|提供|披露|公开|说明|列出|列明|交代|注明|标明|载明|体现|报告|统计|讲|说到)"
    r"|没说几|没给(?:出)?(?:具体)?[^，。？?]{0,2}数|数据缺失|缺(?:少)?[^，。？?]{0,4}数据"
    r"|\b(?:do not|don't|does not|doesn't|did not|didn't|fail(?:s|ed)? to|without)\s+(?:give|state|report|disclose|provide|include|list|specify|publish|say)"
    r"|\b(?:leaves? out|left out|omits?|omitted|skips?|skipped)\s+(?:the|their|its|any)\s+(?:\w+\s+){0,3}(?:number|count|figure|amount|total|rate)",
    re.IGNORECASE,
)
_STATED = re.compile(r"写明|给出|披露|公开|列明|注明|载明|写了[^，。？?]{0,10}数|(?:有没有|是否|有无)写(?:了|明)?|\b(?:give|state|disclose|provide|specify|publish)s?\b|\breported\b",
                     re.IGNORECASE)  # "the 2024 reports" is no verb
_FIGURE_WORD = re.compile(
    r"数量|数字|数据|数目|金额|[次件人台场个户家]数|场次|多少|具体|数额|比例|比率|[成功化解调处]率|几个?[件人名台次场部]|\b(?:number|amount|figure|count|total|rate|how many|how much)\b",
    re.IGNORECASE,
)
_ABSENT = re.compile(
    r"没有|没|未|尚未|缺乏|缺少|缺|不具备|未能|无(?!论)|空白|短缺|漏(?:了|掉|写)"
    r"|\b(?:lack|lacks|lacking|do not have|don't have|does not have|doesn't have|have not|haven't|has not|hasn't|without|no|not yet|missing|fail"
    r"|ha(?:s|d|ve) (?:none|nothing)|nothing (?:at all )?to"
    r"|zero|did not|didn't|never (?:set|got|had|bought|hired|built)|not on any|leaves? out|left out|skips?|skipped|omits?|omitted)\b",
    re.IGNORECASE,
)
# A shortfall asks for towns short of the thing (司法所人手不足, 力量薄弱, 信息化滞后, understaffed); after
# 提到 it is what is said (提到执法人员不足 asks who mentions that problem).
_SHORT = re.compile(
    r"不足|不够|薄弱|滞后|不到位|不健全|不完善|不全"
    r"|\b(?:shortage|short of|insufficient|inadequate|incomplete|not fully|understaffed|under-?staffed|short-?staffed|too few|not enough)\b",
    re.IGNORECASE,
)
_EITHER_WAY = re.compile(r"有没有|有无|是否|\b(?:whether or not|or not)\b", re.IGNORECASE)  # asks, does not deny
_MENTION = re.compile(r"提到|提及|谈到|写到|说到|涉及|反映|指出|讲到|认为|表示|只字未提|未提|没提|(?:没有?|未|不)写|\b(?:mention|mentions|mentioned|refer|refers|discuss|discusses|talk about)\b", re.IGNORECASE)

# Outline: the five parts, and words that ask about a report's structure rather than its content.
_PART_WORDS: dict[str, re.Pattern[str]] = {
    "first_responsible": re.compile(r"第一责任人|主要负责人|一把手|(?:领导|负责人|书记)[^，,。？?]{0,4}履(?:职|责|行职责)"
                                    r"|\b(?:first[- ]responsib|principal (?:leader|official)|party secretary|leaders?'? (?:own )?(?:duties|responsibilit))",
                                    re.IGNORECASE),
    "other": re.compile(r"其[他它]需要报告|其[他它](?:情况|事项)|\bother matters\b", re.IGNORECASE),
    "shortcomings": re.compile(r"不足|存在(?:的)?问题|问题和原因|短板|\b(?:shortcomings?|weakness(?:es)?|problems)\b", re.IGNORECASE),
    "plans": re.compile(r"下一年度|下一年|下步|下一步|工作计划|工作安排|打算|明年|\b(?:plans?|next year)\b", re.IGNORECASE),
    "measures": re.compile(r"举措|成效|主要做法|\b(?:measures|achievements?)\b", re.IGNORECASE),
}
_STRUCTURE = re.compile(
    r"部分|章节|板块|这一块|结构|提纲|大纲|标题|单独|单列|合并|分开|分别写|是否写|写没写|有没有写|(?:没有?|未|不)写|写了|内容|完整|齐全|缺项|漏写|漏了|规定的|要求的|格式|规范"
    r"|\b(?:section|sections|part|parts|outline|heading|structure|complete)\b",
    re.IGNORECASE,
)
_FIVE_PARTS = re.compile(r"五个[^,，。?？]{0,4}部分|五部分|五大部分|五项内容|五个方面|全部(?:规定)?部分|所有(?:规定)?部分|(?:少于|不足|不到|不满)五个?部分|\b(?:all five|five[- ]part|five (?:[a-z]+ ){0,2}(?:parts|sections)|(?:fewer|less) than five)\b", re.IGNORECASE)
_SIGNED = re.compile(r"落款|署名|签发|成文日期|\b(?:signature|signed)\b", re.IGNORECASE)  # no word here asks anything but the signature
_SIGNATURE = re.compile(r"落款|署名|签署|签发|成文日期|落款日期|日期|发文单位|\b(?:signature|signed|signing|dated|date)\b", re.IGNORECASE)
# What a question asks of a report's form beyond which parts it has (routes/form.py), in the order
# they are tried: "部分标题不带序号" asks about numbering, not the title.
_FORM_ASKS = (
    # where a report writes its county's name (县名只在抬头里出现, county named only in the body)
    ("county_where", re.compile(r"县名|县的?名称|县(?:区)?名字|\b(?:names? (?:its|their|the) county|county(?:'s)? name|county (?:only )?(?:appears|is named)"
                                r"|county only)\b", re.IGNORECASE)),
    ("doc_number", re.compile(r"文号|发文字号|发文编号|\b(?:document|reference|file) numbers?\b", re.IGNORECASE)),
    ("numbering", re.compile(r"序号|编号|标号|没有?(?:用)?[“\"「]?[一二三][、]|阿拉伯数字|汉字数字|大写数字|\bnumber(?:ed|ing)\b|\barabic (?:numerals|digits)\b",
                             re.IGNORECASE)),
    ("early_date", re.compile(r"日期[^，,。？?]{0,10}(?:早于|之前|前于|未到|没到)|年度(?:还)?(?:没|未)(?:有)?(?:结束|过完|过去)|年底之?前(?:就|便)?(?:落款|签)"
                              r"|(?:落款|签发|签署)(?:日期|时间)?[^，,。？?]{0,6}在[^，,。？?]{0,10}(?:年度|年)(?:之内|内|当中)"
                              r"|(?:当年|同年|年内|本年度内)(?:就|即|便)?(?:落款|签发|签署|成文|印发)|没等到(?:第二年|次年|下一年)|未到次年"
                              r"|\b(?:before (?:the|its) (?:reporting )?year (?:ended|was over|closed)|dated before"
                              r"|(?:signed|dated) (?:in|within) (?:the (?:same|reporting) year|the year (?:it|they) report))\b", re.IGNORECASE)),
    ("addressee", re.compile(r"主送|报送(?:给|至|单位|对象)|抬头写给|(?:报|交|送|呈|写)给(?:谁|哪个|哪里|哪家|什么)|报到哪|"
                             r"\baddress(?:ed|ee)\b|\bto whom\b|\bsubmitted to\b|\bsent to\b", re.IGNORECASE)),
    ("issuer", re.compile(r"(?:以|用)[^，,。？?]{0,8}名义|落款单位|署名单位|发文单位|谁落款|落款(?:是|为|只有|仅有|只署|仅署)|联合落款|双落款"
                          r"|(?:只|仅)(?:署|落)|署名|(?:政府|党委|党工委|党组织|办事处)[^，,。？?]{0,6}落款|落款[^，,。？?]{0,8}(?:政府|党委|党工委|党组织|办事处)|\b(?:in the name of|signed (?:by|jointly|only)|signator(?:y|ies)|issued by|issuing bod(?:y|ies))\b", re.IGNORECASE)),
    ("title", re.compile(r"(?:标题|题目|报告名称|文件名称)[^，,。？?]{0,12}(?:名称|名字|镇名|乡名|地名)|\btitles?\b", re.IGNORECASE)),
    ("year", re.compile(r"(?:不是|并非|不属于|不是关于|除了|除)\s*20\d\d\s*年度?的?|报告(?:的)?(?:是|属于)?哪一?年度?|所报年度|报告年度(?!内|中|里|期间|当年)"
                        r"|(?:其实|实际上?|竟然|却)?(?:是|属于|为)\s*20\d\d\s*年度的"
                        r"|\b(?:not (?:for|about|on|covering) (?:the year )?20\d\d|which year|(?:are|is) (?:actually |really )?(?:for|about|on|from) (?:the year )?20\d\d)\b",
                        re.IGNORECASE)),
    ("last", re.compile(r"放在了?最后|排在了?最后|写在了?最后|放到了?最后|挪到了?最后|跑到了?最后|最后一个?(?:部分|板块)|最末|压轴|收尾"
                        r"|\b(?:at the very end|(?:put|place)s?\b[^?.]{0,40}\b(?:at the end|last)|last (?:part|section)|comes? last|puts? (?:it )?last)\b",
                        re.IGNORECASE)),
    ("first", re.compile(r"第一(?:个|项)?(?:一级)?(?:部分|标题|板块|章节)(?:就|便)?(?:是|为|写的?是)|开头(?:就|先)?(?:写|是)|开篇|放在了?最前|排在了?最前|首先写|以[^，,。？?]{0,16}开头"
                         r"|(?:放在|放到|排在|列为|作为|列在|写在)了?(?:报告|全文|文章)?(?:的)?(?:第一(?:个|项)?(?:一级)?(?:部分|板块|章节|位)|第一个|首位|最前(?:面|头|边)?|最开头|开头)"
                         r"|\b(?:open(?:s|ed)? with|first (?:part|section) (?:is|was)|begins? with|starts? with|at the (?:very )?(?:start|beginning|top)"
                         r"|(?:what|which) (?:is|was|are) the first(?: and (?:the )?last)? (?:part|section)s?)\b",
                         re.IGNORECASE)),
    ("split", re.compile(r"拆成|拆分|拆开|分成两|分两个?部分|分在两|\bsplit(?:s|ting)?\b|\bspread (?:over|across)\b", re.IGNORECASE)),
    ("count", re.compile(r"几个部分|几部分|多少个?部分|几大部分|分为几|分成几|(?:只|仅)?(?:分|写)了?[一二三四五六七八九两0-9]+个?(?:部分|板块)"
                         r"|(?:部分|一级标题)(?:的?(?:数量|个数))?最(?:少|多)|最(?:少|多)的?(?:部分|一级标题)"
                         r"|\b(?:how many|number of|(?:the )?(?:fewest|most|least|fewer|more)) (?:[\w-]+ ){0,2}(?:parts|sections|headings)\b", re.IGNORECASE)),
    ("order", re.compile(r"顺序|次序|先后|排序|放在[^，,。？?]{0,12}(?:前|后)|排在|之前|之后|前面|后面|前头|后头|前边|后边|排乱|乱序|颠倒|错位"
                         r"|先写?[^，,。？?]{1,12}(?:再|后)写?|第几(?:块|部分|个部分|个板块|板块|章)|排(?:在)?第几|\b(?:what|which) position\b"
                         r"|\bwhere (?:in|within) [^?]{0,40}\b(?:come|stand|sit|appear)s?\b"
                         r"|\b(?:order|before|after|sequence|ahead of|in front of|precede[sd]?|behind)\b", re.IGNORECASE)),
)


_FORM_ASK_KEYS = {ask for ask, _ in _FORM_ASKS}
# Asking where in a report one part stands (排在第几块, where do the plans come, in which position).
_PART_POSITION = re.compile(r"第几(?:块|部分|个部分|个板块|板块|章)|排(?:在)?第几|\b(?:what|which) position\b|\bwhere (?:in|within) [^?]{0,40}\b(?:come|stand|sit|appear)s?\b",
                            re.IGNORECASE)
_DISORDER = re.compile(r"乱|颠倒|错位|不对|不符|(?:没|未|不)(?:有)?(?:按|依|照)(?:照)?(?:规定|要求|规范)?的?(?:顺序|次序)|\b(?:out of (?:the )?(?:mandated |usual |right )?order|wrong order|misordered|shuffl\w*)\b", re.IGNORECASE)
_MERGED = re.compile(r"合并|合在一起|并在|并入|并成|并为|并作|合成一|合为一|塞进|纳入|放进|写进|融入|放在一起|混在一起|混在一个|混着写|写在一个部分|同一个?(?:标题|部分|章节)"
                     r"|\b(?:merg(?:e|ed|es|ing)|combin(?:e|ed|es|ing)|same (?:section|heading)|(?:in|into) (?:one|a single) (?:section|part|heading))\b"
                     r"|\b(?:fold(?:s|ed|ing)?|put|lump(?:s|ed)?)\b[^.?]{0,30}\btogether\b"
                     r"|\bfold(?:s|ed|ing)?\b[^.?]{0,40}\binto\b|\binstead of (?:giving it )?(?:a|its own) (?:section|part)", re.IGNORECASE)


def _form_ask(text: str) -> str | None:
    ask = next((ask for ask, pattern in _FORM_ASKS if pattern.search(text)), None)
    if ask == "count" and _MERGED.search(text):
        return None  # 把几个部分合并成一块写: which merge parts, not how many parts
    # 落款单位和日期 asks for the whole signature, which the signature answer gives
    return None if ask == "issuer" and re.search(r"日期|时间|\b(?:date|dated|when)\b", text, re.IGNORECASE) else ask


def _without_part_names(text: str) -> str:
    for pattern in _PART_WORDS.values():
        text = pattern.sub(" ", text)
    return text


def _parts_named(text: str) -> list[str]:
    """The mandated parts a question names, in the order it names them."""
    found = [(m.start(), part) for part, pattern in _PART_WORDS.items() if (m := pattern.search(text))]
    return [part for _, part in sorted(found)]


_COUNTY_ASK = re.compile(r"隶属|属于哪个|哪个县|哪个区|所属县|所在县|所属区|所在区|\bwhich county\b", re.IGNORECASE)
_PART_SCOPE = re.compile(r"(?:在|于)?(?:其)?(?:报告)?(?:的)?(?:(?!没|未|缺|无)[^,，?？]){0,4}?(?P<part>WORDS)[^,，?？]{0,6}?(?:中|里|部分|方面|板块|章节)")
# An open question (what practices, why, how, advice): retrieved passages and the model answer it,
# never a which-towns list or a figure.
_OPEN = re.compile(
    r"为什么|为何|怎么|怎样|如何|什么(?:做法|经验|措施|举措|问题|建议|内容|创新|特点|亮点|类型)|哪些(?:做法|经验|措施|举措|问题|建议|内容|亮点)"
    r"|哪(?:些|几|一)(?:个|种)?(?:类型|类|种|方面)"
    r"|建议|梳理|总结|经验|做法|共性|普遍|原因|结果|怎么样|情况如何"
    r"|\b(?:why|how (?!many|much)|what (?:practices|measures|steps|lessons|problems)|advice|suggest\w*|summari[sz]e)\b",
    re.IGNORECASE,
)
_YES_NO = re.compile(r"吗|是否|有没有|有无|了没有|没有[?？]?$|\b(?:has|have|does|do|did|is there|are there)\b", re.IGNORECASE)
_PLANS_ASKED = re.compile(r"目标|计划|打算|力争|下一步|下步|明年|\b(?:target|goal|plan)s?\b|\b(?:next year|intend|going to|try to|aim to|planning to|plan to)\b", re.IGNORECASE)
# A name the question gives a town (白露镇 at the start, or after a particle): no question words,
# years or function words inside it.
_NEWLY = re.compile(r"新增|新取得|新招|新聘|新配|新购|\bnew(?:ly)?\b", re.IGNORECASE)
_TOWN_LIKE = re.compile(
    r"(?:^|(?<=[\s,，、。?？和与及跟同对在县区市旗]))(?:20\d\d年)?"
    r"((?:(?![哪些个年的是最多少各全本该每这那中里有没了度份和与及在对把将已未还都均其县区市旗政府办或所辖层面])[\u4e00-\u9fff]){2,5}?(?:街道办事处|街道|苏木|镇|乡))"
)
_NOT_A_TOWN = re.compile(r"^(?:各|全|本|该|每个|所有|这些|乡|城|村|集|市)|乡镇|镇街|街镇|城镇|镇村|乡村"
                         r"|^(?:请|麻烦|帮我?|列出|列举|说明|告诉|统计|查一?下|看一?下|找出)")  # 请列出镇（乡、街道）…: a request
_FOLLOW_UP = re.compile(r"它们|它|这些|该镇|该街道|上述|\b(?:those|they|them|these|their)\b", re.IGNORECASE)

# What a coverage question says around its topic (removed to leave the topic).
_LEAD = re.compile(
    rf"^(?:请问|请列出|请|列出|还有|目前|现在|那么|那|一下|共有|有|都有|是否|是不是|到底|究竟)*"
    rf"(?:哪些|哪个|哪几个|哪几|哪一些|哪一个|哪家|所有|全部|每个|各个|各)?(?:的)?{_SUBJECT}?(?:的)?(?:报告)?(?:里|中)?"
)
_VERB = (
    r"(?:还|仍|都|均|已经|已|尚|目前|当前|今年|全年)*"
    r"(?:只字未提|没有|没|未|尚未|缺乏|缺少|缺|不具备|未能|无|用上|用了|装上|装备了|配有|拥有|具备|有|配备了|配备|配置|配齐|配上|配|建立了|建立|设立|开展了|开展|聘请了|聘请|请|"
    r"落实|实现|安装|购置|提到了|提到|提及|谈到|写到|说到|涉及|反映|认为|表示|指出|存在|出现|设置|成立|组建|推行|建成|写)"
    r"(?:了|过)?"
)
# The scaffolding of a comparison question around its topic (A和B在…方面有什么区别).
_COMPARISON_SCAFFOLD = re.compile(
    r"以及|方面|情况|工作|一下|有什么|有何|有哪些|什么|不同|差别|怎么样|怎样|如何|更好|做得|哪家|[和与及同跟、的在对,，；;？?。！!\s]"
)
_TRAIL = re.compile(r"(?:的|了|呢|吗|吧|情况|问题|工作|方面|的情况|的问题|这一问题|这个问题)*[?？。!！\s]*$")
_EN_TOPIC = re.compile(
    r"\b(?:lack|lacks|lacking|have|has|had|with|without|mention|mentions|mentioned|equipped with|provide|provides|"
    r"do not have|don't have|doesn't have|haven't|hasn't|have not|has not|have no|has no|report|reports)\b\s+(?:any\s+|a\s+|an\s+|the\s+)?",
    re.IGNORECASE,
)


# Every year's reports asked, not each town's latest (所有年度, 历年合计, across all years).
_ALL_YEARS = re.compile(r"所有年度|各个?年度|历年|全部年度|所有年份|不分年度|各年份|每(?:一)?份报告|各份报告"
                        r"|\b(?:all (?:the )?years|every year|all reports? years|each report|every report)\b",
                        re.IGNORECASE)


def normalize_question(text: str) -> str:
    """Full-width to half-width, qualifiers such as （街道） removed, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text).strip()
    text = _QUALIFIER.sub("", text)
    text = _SHORT_YEAR.sub(r"20\1年", text)  # 24年 is 2024年, as county staff write it
    text = re.sub(r"(?<=[A-Za-z])-(?=[A-Za-z])", " ", text)  # government-information disclosures: words, however joined
    return re.sub(r"\s+", " ", text)


# A year written with two digits (24年, 25年度, '24): of this century's reports, never a count (近3年).
_SHORT_YEAR = re.compile(r"(?<![\d.])(1[5-9]|2\d|3[0-5])年(?!代|内|以来|来|间|多|余|前|后)")


def detect_language(text: str) -> str:
    """'zh' when the question is written in Chinese, else 'en' (answers follow the question)."""
    cjk = len(_CJK.findall(text))
    letters = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 3 >= letters else "en"


@dataclass
class Corpus:
    """What the planner validates against: the store's towns, counties and report text."""

    store: ReportStore
    _text: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self.reports = self.store.reports()
        self.towns = sorted({r.meta["town"] for r in self.reports if r.meta.get("town")})
        self.counties = sorted({r.meta["county"] for r in self.reports if r.meta.get("county")})
        self.years = sorted({r.meta["year"] for r in self.reports if r.meta.get("year")})

    def towns_of_several_years(self, county: str | None) -> list[str]:
        """The towns (of ``county``, if named) with reports of two years or more."""
        years: dict[str, set[int]] = {}
        for report in self.reports:
            if report.meta.get("town") and report.meta.get("year") and report.in_scope(county):
                years.setdefault(report.meta["town"], set()).add(report.meta["year"])
        return sorted(town for town, held in years.items() if len(held) >= 2)

    def without_county(self, years: list[int]) -> list[ReportRef]:
        """Reports of ``years`` (all, if empty) that state no county: outside every county's scope."""
        return [ReportRef.of(r) for r in self.reports if not r.meta.get("county") and r.in_scope(years=years)]

    def own_text(self) -> str:
        """Every report's own statements, one text (orders, requirements and planted notes are not
        the reports' own words)."""
        if self._text is None:
            self._text = "\n".join(own_statements(self.store.document(r.id).text) for r in self.reports)
        return self._text

    def occurs(self, term: str) -> bool:
        """Whether ``term`` occurs in any report (``fazhi`` grounds topics in the reports' words)."""
        return bool(term) and term in self.own_text()

    def sentences_with(self, term: str) -> list[str]:
        """The reports' own sentences that hold ``term``."""
        return [s for s in re.split(r"[。；;！!？?\n]", self.own_text()) if term and term in s]


# Words that ask for a count of people (人次, people, attendees) rather than of events.
_UNIT_ASKED = re.compile(r"人次|受众|群众|人数|多少人|people|persons|attendees?|attended|participants?|audience|reached", re.IGNORECASE)


def _indicator(text: str) -> str | None:
    """The indicator a question names; the head of a Chinese noun phrase comes last (in
    行政诉讼败诉 the question is about 败诉)."""
    rate = re.search(r"%|百分|比例|幅度|同比|增幅|降幅|升降|percent|rate|year[- ]on[- ]year|yoy", text, re.IGNORECASE)
    hits = [(m.end(), len(m.group()), -i, ind.key) for i, ind in enumerate(INDICATORS) for m in ind.asked.finditer(text)
            if ind.key != "petitions_change" or rate]
    if not hits:
        return None
    key = max(hits)[3]
    asked = {hit[3] for hit in hits}
    if (whole := _kinds_listed(text, asked)) is not None:
        return whole
    narrower = next((ind.key for ind in INDICATORS if ind.narrows == key and ind.key in asked), None)
    if narrower is not None:  # 行政诉讼败诉, lost lawsuits, 调解成功率, 信访同比: the narrower figure is asked
        return narrower
    variant = next((ind for ind in INDICATORS if ind.variant_of == key and ind.key in asked), None) or \
        (BY_KEY[key] if BY_KEY[key].variant_of in asked else None)
    if variant is not None:  # two counts of one work (人次 / 场次): the unit the question names decides
        return variant.key if _UNIT_ASKED.search(text) else str(variant.variant_of)
    return key


_APART = re.compile(r"分开|分别|各自|单独|\b(?:separately|apart|each)\b", re.IGNORECASE)


def _kinds_listed(text: str, asked: set[str]) -> str | None:
    """The total a question asks by listing its kinds together (对规范性文件、重大合同一共审查了多少件:
    legality reviews), not the one kind it names last; kinds asked apart (contracts but no documents)
    stay kinds."""
    if _APART.search(text):
        return None  # 把合同和规范性文件分开统计: each kind on its own
    for indicator in INDICATORS:
        whole = BY_KEY[indicator.item_of] if indicator.item_of and indicator.key in asked else None
        if whole is not None and whole.made_of is not None and re.search(
                rf"(?:{whole.made_of.pattern})[^，,。？?；;]{{0,4}}?[、和及与/](?:重大)?(?:{whole.made_of.pattern})", text):
            return whole.key
    return None


def _subject_clause(text: str) -> str:
    """The clause a question opens on when it only names what it asks about (这几个乡镇的司法所，…)."""
    head = re.split(r"[?？,，;；。:：]", text, maxsplit=1)[0]
    return "" if _QUANTITY.search(head) or _RANK_MAX.search(head) or _RANK_MIN.search(head) or head == text else head


def _more_indicators(text: str, first: str | None) -> list[str]:
    """Further indicators a question asks in its other clauses (…多少件？调处成功率是多少？)."""
    keys: list[str] = []
    subject = _subject_clause(text)  # 这几个乡镇的司法所，编制多少、在岗多少: the subject named first asks each
    for clause in _asking_clauses(text):
        # 经费、执法记录仪和法律顾问各有什么变化: the clause's one quantity word asks of every item it lists
        for item in re.split(r"[、/]|和|及|与", clause):
            key = _indicator(item) or (_indicator(subject + item) if subject else None) \
                or (_sibling_by_unit(first, item) if first else None)  # totals of events, after people
            named = {t.key for t in topics_asked(item)}
            if named and key and BY_KEY[key].topic and BY_KEY[key].topic not in named:
                continue  # 村（社区）法律顾问覆盖 is the villages' coverage, not the town's count of advisers
            if key and key != first and key not in keys:
                keys.append(key)
    return keys


def _asks_a_quantity(text: str) -> bool:
    return bool(_QUANTITY.search(text) or _RANK_MAX.search(text) or _RANK_MIN.search(text))


def _asking_clauses(text: str) -> list[str]:
    """The clauses of a question that ask for a figure. An English list (how did its A, its B and
    its C change) spreads over commas and "and": each item asks what its sentence asks."""
    found = []
    for sentence in re.split(r"[?？;；。]", text):
        clauses = re.split(r"[,，]|以及|但|而|\b(?:and|but|as well as)\b", sentence, flags=re.IGNORECASE)
        english = len(re.findall(r"[A-Za-z]", sentence)) > len(_CJK.findall(sentence))
        found += [c for c in clauses if _asks_a_quantity(c) or _DIFFERS.search(c)
                  or english and (_asks_a_quantity(sentence) or _COMPARES.search(sentence))]
    return found


_COMPARES = re.compile(r"\bcompar\w*|\bside by side\b", re.IGNORECASE)
# A later sentence setting the figure before against another town (how does that compare with X, 和X比呢).
_COMPARED_WITH = re.compile(r"\bcompar\w*\b|\bversus\b|\bvs\.?|\bagainst\b|相比|比起|对比|比较|(?:和|跟|与|同)[^，,。？?]{1,10}比",
                            re.IGNORECASE)
# Asking how things differ (复议和官司的情况又有啥不一样, how do they differ): of figures, their change.
_DIFFERS = re.compile(r"不一样|不同|区别|差别|差异|\b(?:differ\w*|different)\b", re.IGNORECASE)


# What a town's report lists, by the words a question asks for it with (不足, 原因, 打算), in the order listed.
_LISTED_KINDS = (
    ("problem", re.compile(r"不足|问题|短板|困难|薄弱|差距|弱项|毛病|缺点|欠缺|\bfalls? short\b|\b(?:shortcomings?|problems?|weakness(?:es)?|difficult(?:y|ies)"
                           r"|deficienc(?:y|ies)|issues|gaps)\b", re.IGNORECASE)),
    ("cause", re.compile(r"原因|\b(?:causes?|reasons?)\b", re.IGNORECASE)),
    ("plan", re.compile(r"打算|计划|安排|下一?步|工作思路|承诺|(?:给|为|对)(?:20)?\d\d年度?(?:定|订|部署|提出)"
                        r"|\b(?:plans?|planned|planning|next year|intends?|promis\w*|pledg\w*|commit(?:s|ted|ments?)?)\b", re.IGNORECASE)),
)
# Asking for the items themselves (有哪些, 具体讲了什么, 列出, what are), not for a yes or a figure.
_LIST_ASKED = re.compile(r"哪些|哪几|几件|几项|几个方面|(?<!为)什么|啥|有何|(?:怎么|如何|怎样)(?:做|办|干|改|整改|解决|推进|安排)|列出|列一下|梳理|具体|各是|分别|内容|几条|\b(?:what|which|list|give|name)\b", re.IGNORECASE)


_ABOUT_THE_HEADING = re.compile(r"标题|名称|题目|叫什么|第几|位置|哪一?部分|\b(?:heading|title|where|which part)\b", re.IGNORECASE)
# Asking whether plans were carried out (落实了吗, 是否已经实现, were they achieved).
_CARRIED_OUT = re.compile(r"(?:实现|完成|落实|兑现|做到|办到)了?(?:吗|没有|没|与否|情况|得怎么样|得如何)|是否(?:已经?|都)?(?:实现|完成|落实|兑现|做到)"
                          r"|哪些(?:已经?)?(?:实现|完成|落实|兑现|做到|办成|做成)|没有?(?:实现|完成|落实|兑现|做到|办成)|没交代|压根没提"
                          r"|(?:只|仅)(?:办|做|完成)了一部分|\b(?:partly|not at all|unmentioned|go unmentioned)\b"
                          r"|\b(?:carried out|achieved|fulfill?ed|delivered|completed|done|kept|followed through|implemented|accomplished)\b",
                          re.IGNORECASE)
# The towns that have reports of several years, asked as a set (两个年度都有报告的乡镇, the towns with reports in two years).
_TOWNS_OF_YEARS = re.compile(r"(?:两|二|多|几)个?年度?都有报告|有(?:两|多|几)(?:个)?年(?:度)?的?报告"
                             r"|\b(?:with|that have|having|which have) reports? (?:in|for|from|of) (?:two|both|several|more than one|multiple) years?\b",
                             re.IGNORECASE)
_WHICH_PARTS = re.compile(r"哪(?:两|几|些)个?部分|\b(?:which|what) (?:two |of the )?(?:parts|sections)\b", re.IGNORECASE)
_SMALL_NUMBERS = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5}
_N = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一两二三四五]|one|two|three|four|five)(万|千|\s?thousand|\s?million)?"
_TIMES = {"万": 10000, "千": 1000, "thousand": 1000, "million": 1000000}
# A figure compared with a number in a which-towns question, as (comparison, number) (只剩1个人, more than 10).
_VALUE_TESTS = (
    ("=", re.compile(rf"(?:只剩|只有|仅有|仅剩|就剩|只)(?:下)?{_N}\s*(?:个|名|台|部|件)?(?:人|名|台|部|件)|\bonly {_N} (?:person|people|staff|officers?|units?|devices?)\b", re.IGNORECASE)),
    ("<", re.compile(rf"(?:不足|少于|不到|低于){_N}|\b(?:fewer|less) than {_N}\b", re.IGNORECASE)),
    (">", re.compile(rf"(?:超过|多于|高于|大于){_N}|\bmore than {_N}\b", re.IGNORECASE)),
    (">=", re.compile(rf"{_N}\s*(?:个|名|台|部|件|万元|元)?(?:人|名|台|部|件)?(?:及)?以上|\bat least {_N}\b", re.IGNORECASE)),
)


def value_test(text: str) -> tuple[str, float] | None:
    """The comparison a which-towns question makes of a figure (只剩1个人 → ("=", 1)), or None."""
    for op, pattern in _VALUE_TESTS:
        if (match := pattern.search(text)) is not None:
            groups = match.groups()  # (number, multiplier) for each figure the pattern may hold
            number, times = next((n, _TIMES.get((m or "").strip(), 1)) for n, m in zip(groups[::2], groups[1::2], strict=True) if n)
            value = _SMALL_NUMBERS.get(number.lower()) if not number[0].isdigit() else float(number.replace(",", ""))  # 50,000 / 10万
            return (op, float(value) * times) if value is not None else None
    return None


# Asking what a part of a named town's report says (写了什么, what is reported in), not whether it has one.
_CONTENT_ASKED = re.compile(r"写了(?:什么|哪些|些什么)|讲了(?:什么|哪些)|说了(?:什么|哪些)|报告了(?:什么|哪些)|(?:具体)?内容|写在哪|"
                            r"(?:做|干|抓)了(?:些|哪些)?(?:什么|啥|哪些)|\bwhat did (?:they|the (?:leaders?|heads?|secretary|mayor)|it) (?:do|report)\b|"
                            r"\bwhat (?:is|was|are|were|does|do) (?:\w+ ){0,3}(?:reported|said|written|stated|say|report|state|contain)\b|\bcontents?\b",
                            re.IGNORECASE)
# Asking which mandated part a report lacks, naming none (缺了一块？缺的是哪部分？, which section is missing).
_WHICH_PART_MISSING = re.compile(r"(?:缺|少|漏|没写|没有)[^，,。？?]{0,6}哪(?:个|一)?(?:部分|块|板块|章节)|(?:缺|少|漏)了?(?:一块|一个部分|一部分|一个板块)"
                                 r"|\b(?:which|what) (?:part|section)s? (?:is |are )?(?:missing|left out|absent)\b"
                                 r"|\bmissing (?:a |any |one )?(?:mandated )?(?:part|section)s?\b", re.IGNORECASE)
# A question set inside one part of the reports (在其他需要报告的情况部分里, in the 'other matters' section).
_WITHIN_PART = re.compile(r"(?:部分|板块|章节)(?:里|中|内|当中)|\b(?:in|under|within) (?:the|their|its|each report's) [^?]{0,40}(?:section|part)\b"
                          r"|\b(?:put|wrote|written|list(?:ed)?|report(?:ed)?|say|said) (?:in|under) ['‘\"“]", re.IGNORECASE)
# …and asking what reports say there, not whether they have the part (提到, 写了, own up to, mention).
_SAID_WITHIN = re.compile(r"提到|提及|写了|写到|说了|说到|讲了|讲到|报告了|交代|承认|放了|写的|\b(?:mention\w*|own(?:s|ed)? up|admit\w*|report(?:s|ed)?|say|says|said|describe\w*|put|wrote|written|list(?:ed)?)\b",
                          re.IGNORECASE)
# The parts whose content a question can ask for as items (the problems and plans have their own lists).
_CONTENT_PARTS = ("measures", "first_responsible", "other")
# Last year's figure named as a thing a report gives (哪几个给了上年数, those that give last year's figure).
_LAST_YEARS_GIVEN = re.compile(r"(?:上年|上一年|去年)的?(?:数|数字|数据|金额|数额|的数)|\b(?:last|the previous|prior)[- ]year(?:'s)? (?:figures?|numbers?|amounts?|data)\b",
                               re.IGNORECASE)
# Asking which town, year or county each report listed is (分别是哪个乡镇、哪一年、哪个县的).
_ITS_TOWN_YEAR_COUNTY = re.compile(r"分别|各自|哪一?个?(?:乡镇|镇|乡|街道|县|年度?)|哪年|\b(?:which|what) (?:town|township|year|county)\b",
                                   re.IGNORECASE)
_COUNTY_ASKED = re.compile(r"哪一?个?县|\b(?:which|what) county\b", re.IGNORECASE)
# The rest of a list asked again by negation alone (and which not, 哪些没有): its answer already holds them.
_ONLY_THE_REST = re.compile(r"(?:and\s+)?(?:which|what)(?: ones?)?(?: (?:did|were|was|are|is))? not|哪些没有?|哪些还没有?", re.IGNORECASE)
# Asking which plans answer the problems (对应, 针对这些不足, which plans answer them).
_ANSWERS_THEM = re.compile(r"对应|针对(?:这些|上述|以上)|回应|解决(?:这些|上述|以上)|\b(?:answer|address|respond to|tackle|remedy)\w*\s+(?:them|these|those|each)\b"
                           r"|\bwhich of them\b[^?]{0,40}\b(?:answers?|address(?:es)?|covers?|tackles?|remed\w*)\b|\bwithout (?:a |any )?remed(?:y|ies)\b"
                           r"|没有(?:相应|对应)?的?(?:安排|措施|打算)",
                           re.IGNORECASE)
_ON_A_SUBJECT = re.compile(r"方面|领域|关于|有关|围绕|针对|\b(?:on|about|regarding|concerning)\s+(?!it\b|them\b)[a-z]", re.IGNORECASE)


def _listing_asked(text: str) -> list[str]:
    """The kinds of statement a question asks a town's report to list (its problems and their causes,
    its plans), or none where it asks for no list."""
    if not (_LIST_ASKED.search(text) or _CARRIED_OUT.search(text)) or _ON_A_SUBJECT.search(text):
        return []  # 在数据共享方面打算做什么 asks about one subject: the passages on it answer
    kinds = [kind for kind, words in _LISTED_KINDS if words.search(text)]
    if "problem" in kinds and "cause" not in kinds and _WHY.search(text):
        kinds.insert(kinds.index("problem") + 1, "cause")  # where it falls short and why: the causes it gives
    return kinds


def _content_part_asked(text: str) -> list[str]:
    """A part whose content a question about a named town's report asks (党政一把手履职的情况写在哪、具体
    做了些啥): that part, listed as items; else none."""
    part = _part(text)
    return [part] if part in _CONTENT_PARTS and _CONTENT_ASKED.search(text) else []


# Why, asked beside a town's shortcomings: the causes its report gives for them.
_WHY = re.compile(r"为什么|为何|\bwhy\b", re.IGNORECASE)


def _part(text: str) -> str | None:
    return next((part for part, pattern in _PART_WORDS.items() if pattern.search(text)), None)


def _part_scope(text: str) -> tuple[str | None, str]:
    """A part the question limits itself to (在存在的不足中提到X), and the question without it."""
    for part, pattern in _PART_WORDS.items():
        scope = re.compile(_PART_SCOPE.pattern.replace("WORDS", pattern.pattern), re.IGNORECASE)
        if match := scope.search(text):
            return part, text[: match.start()] + text[match.end() :]
        english = re.search(rf"\bin (?:the |their |its )?(?:{pattern.pattern})[^?,]*?(?:part|section)s?\b", text, re.IGNORECASE)
        if english:
            return part, text[: english.start()] + text[english.end() :]
    return None, text


def _zh_topic(text: str, towns: list[str], counties: list[str]) -> str:
    """The words a coverage question asks about: what is left once question words, subjects,
    scope and the verb are taken away (哪些乡镇的执法队伍还没配执法记录仪 → 执法记录仪)."""
    rest = re.sub(r"20\d\d\s*(?:年度|年)?", "", text)
    for name in sorted(towns + counties, key=len, reverse=True):
        rest = rest.replace(name, "")
    rest = re.sub(r"全县|全区|全市|全旗|本县|本区|今年|去年", "", rest)
    rest = _LEAD.sub("", rest, count=1)
    verb = re.search(_VERB, rest)
    if verb and verb.group() and not _TRAIL.sub("", rest[verb.end() :]).strip(" ,，的"):
        # the verb closes the question (对执法记录仪只字未提): the topic stands before it
        rest = re.sub(r"^(?:对|关于|就|把|将|在)", "", rest[: verb.start()])
    elif verb and verb.start() <= 8 and verb.group():
        rest = rest[verb.end() :]
    rest = re.sub(rf"^{_VERB}", "", rest)
    return _TRAIL.sub("", rest).strip(" ,，的“”\"「」『』‘’")


def _en_topic(text: str) -> str | None:
    """What follows the last verb of an English coverage question (…have body cameras → body cameras)."""
    matches = list(_EN_TOPIC.finditer(text))
    if not matches:
        return None
    topic = re.sub(r"[\u4e00-\u9fff()（）]+", " ", text[matches[-1].end() :])
    return re.sub(r"\b(?:in|at|during|for|of)\s+20\d\d\b.*$|\bat all\b", "", topic).strip().rstrip("?. ") or None


def _longest_part(topic: str, corpus: Corpus, shortest: int) -> str | None:
    for size in range(len(topic) - 1, shortest - 1, -1):
        found = [topic[i : i + size] for i in range(len(topic) - size + 1) if corpus.occurs(topic[i : i + size])]
        if found:
            return found[0]
    return None


def ground_topic(topic: str | None, corpus: Corpus, indicator: str | None) -> list[str]:
    """Report words for ``topic``: the phrase itself if reports use it; else the longest part of
    it (four characters or more) that reports use; else the words reports use for the indicator it
    names (from the registry); else a shorter part."""
    topic = (topic or "").strip("的之，,、 ") or None
    if topic and _CJK.search(topic) and not re.search(r"[A-Za-z]", topic) and corpus.occurs(topic):
        return [topic]
    cjk = bool(topic and _CJK.search(topic)) and not re.search(r"[A-Za-z]", topic or "")
    if cjk and (part := _longest_part(topic or "", corpus, 4)) and part.strip(_PARTICLES) not in _GENERIC_WORDS:
        bare = re.sub(rf"^(?:{_VERB}|[一二两三四五六七八九十几\d]+[台个名部件])+", "", part).strip(_PARTICLES)
        return [bare if len(bare) >= 2 and bare != part and corpus.occurs(bare) else part.strip(_PARTICLES)]
    key = indicator or (_indicator(topic) if topic else None)
    if key is not None:
        terms = [t for t in re.findall(r"[\u4e00-\u9fff]{2,}", BY_KEY[key].terms.pattern) if corpus.occurs(t)]
        return terms[:1] or [BY_KEY[key].label]
    if cjk and (part := _longest_part(topic or "", corpus, 3)) and (word := part.strip(_PARTICLES)) \
            and len(word) >= 2 and word not in _GENERIC_WORDS:
        return [word]  # 的数据 from 一行一个的数据清单 is no topic: particles cut, a generic word refused
    return []


# Characters that join words, never begin or end a topic; and words too general to be one (issue 19).
_PARTICLES = "的之了和与及等或在是“”\"「」『』‘’"  # (quote marks around a name are no part of it)
_GENERIC_WORDS = frozenset({"数据", "情况", "工作", "建设", "行政", "内容", "方面", "问题", "报告", "部分", "一部分", "大部分", "一些",
                            "全部", "相关", "有关", "数字", "清单"})


_REQUEST_OPENING = re.compile(r"(?:请|帮我|帮忙|麻烦|劳驾)|(?:检查|核对|核查|查看|查|看|对)一下|看看|查查|核对|\b(?:please|quick check|check|let's|help)\b",
                              re.IGNORECASE)


def _stated_context(text: str) -> tuple[str, str]:
    """Statements before the first sentence that asks (栗滩镇报告说全县各乡镇都已全覆盖。就柘湾县各份
    报告本身来看，哪些乡镇…？): what the asker read or knows, and the question itself."""
    sentences = [s for s in re.split(r"(?<=[。！!？?])|(?<=\.)\s+(?=[A-Z])", text) if s]  # Guitang's report says…. Do the others…?
    context = ""
    for sentence in sentences:
        if re.search(r"[？?]$", sentence.strip()) or _ASKS.search(sentence) \
                or sentence.rstrip().endswith(".") and not _CLAIM_READ.search(sentence):
            break  # an English sentence is context only where it tells what a report claims
        context += sentence
    if not context and (said := _REPORTED_CLAIM.match(text)):
        context = said.group()  # 橦湾街道那份报告里说全县都配了，…真是这样吗: the claim read, then the question
    return context, text[len(context):]


# An English sentence telling what a report claims (Guitang's report quotes the bureau as saying…).
_CLAIM_READ = re.compile(r"\b(?:says?|said|saying|claims?|claimed|quotes?|quoted|states?|stated|asserts?|according to)\b", re.IGNORECASE)
# A claim the asker read in a report, in the question's first clause (X那份报告里说…，).
_REPORTED_CLAIM = re.compile(r"[^，,。？?]{0,24}?(?:报告|材料|总结)(?:里|中|上)?(?:说|称|讲|提到|写道?|表示)[^，,。？?]*[，,]")


# A first sentence in which the asker says what they are doing (We're putting together a 2025 budget line…,
# 我们在做明年的预算): context for the question after it, never its scope or its topic.
_ASKER_CONTEXT = re.compile(r"^\s*(?:(?:we|i)(?:'re|'m| are| am)|we've|i've|(?:我们|我)(?:正在|在|准备|要|想))[^?？]{0,160}?[.。](?=\s*\S)",
                            re.IGNORECASE)


def _without_preface(text: str, corpus: Corpus) -> str:
    """The question without a preface that only says what to do (检查一下标题和落款：…, Quick check: …):
    a clause before a colon that opens with a request, asks nothing and names no town or year; its
    words (检查) would otherwise be read as the topic. A head that names the subject (执法检查次数：…)
    stays. A first sentence telling what the asker is doing goes too (``_ASKER_CONTEXT``)."""
    if (context := _ASKER_CONTEXT.match(text)) and not towns_in(context.group(), corpus.towns) \
            and (_ASKS.search(text[context.end():]) or _QUANTITY.search(text[context.end():])):
        text = text[context.end():].strip()
    colon = re.search(r"[：:]", text)
    if colon is None:
        return text
    head, rest = text[: colon.start()], text[colon.end() :]
    if not _REQUEST_OPENING.match(head.strip()) or not rest.strip() or _ASKS.search(head) or _QUANTITY.search(head) or _YEAR.search(head) \
            or towns_in(head, corpus.towns) or not (_ASKS.search(rest) or _QUANTITY.search(rest)):
        return text
    return rest.strip()


def plan_by_rules(question: str, corpus: Corpus, previous_towns: list[str] | None = None) -> Plan:
    """The plan the rules can make; ``source="unsure"`` where they could not settle the intent or
    ground the topic."""
    text = normalize_question(question)
    plan = Plan(question=question, normalized=text, intent="free", language=detect_language(text))
    plan.towns = towns_in(text, corpus.towns)
    context, asked = _stated_context(text)
    if context and not towns_in(asked, corpus.towns) and _EVERY.search(asked):
        plan.towns = []  # 栗滩镇报告说…。就…来看，哪些乡镇…？: the town is what the asker read, not the scope
    plan.county = _county_named(text, corpus)
    if not plan.towns and _TOWNS_OF_YEARS.search(text):  # 两个年度都有报告的乡镇: the towns that have them, by name
        plan.towns = corpus.towns_of_several_years(plan.county)
    text = plan.normalized = _without_preface(repair_homophones(text, plan.towns + corpus.counties), corpus)
    plan.years = sorted({int(y) for y in _YEAR.findall(_NAMED_RULES.sub(" ", text))})
    plan.all_years = not plan.years and bool(_ALL_YEARS.search(text))
    plan.follow_up = bool(_FOLLOW_UP.search(text)) and not plan.towns
    if plan.follow_up and previous_towns:
        plan.towns = list(previous_towns)
    plan.indicator = _indicator(text)
    named = {t.key for t in topics_asked(text)}
    if plan.indicator and named and BY_KEY[plan.indicator].topic and BY_KEY[plan.indicator].topic not in named:
        plan.indicator = None  # village legal advisers are the villages' coverage, not the town's count of advisers
    plan.also = _more_indicators(text, plan.indicator)
    plan.unknown_towns = [name for name in dict.fromkeys(_TOWN_LIKE.findall(text))
                          if not towns_in(name, corpus.towns) and not _NOT_A_TOWN.search(name)
                          and not any(name in c or c in name for c in corpus.counties)]
    asks_plans = bool(_PLANS_ASKED.search(text) or _NEWLY.search(text))  # the table holds this year's totals
    if asks_plans and _PLANS_ASKED.search(text):
        plan.years = _report_years(plan.years, corpus.years)
    every = bool(_EVERY.search(text)) and (not plan.towns or bool(_ALL_TOWNS.search(text)))
    if not plan.towns and (plan.county or plan.years) and plan.indicator and _EACH.search(text) and _QUANTITY.search(text):
        every = True  # 甗丘县2024年重大行政决策各做了几项: each report in scope, its own figure
    plan.every_report = every
    part_scope, unscoped = _part_scope(text)
    either_way = _EITHER_WAY.sub("", unscoped)
    if plan.indicator and BY_KEY[plan.indicator].gap_of and (_QUANTITY.search(text) or _RANK_MAX.search(text)):
        either_way = BY_KEY[plan.indicator].asked.sub("", either_way)  # 司法所缺几个人 asks a shortfall's size, not who lacks
    plan.negative = bool(_ABSENT.search(either_way) or _SHORT.search(either_way) or _NOT_STATED.search(text))
    asks_structure = bool(_STRUCTURE.search(text) or _FIVE_PARTS.search(text))
    # 哪些有X？哪些明确没有？哪些没提？: a last sentence asking for the silent ones makes no mentions question
    # (哪份压根没提行政复议 after 哪些明确说一起行政复议都没有: the same topic again, its silent reports)
    asked_in_turn = _questions_in(text, corpus)
    mentions = _MENTION.search(" ".join(q for q in asked_in_turn
                                        if not (_SILENCE_ASKED.search(q) and (not _own_words(rest := _SILENCE_ASKED.sub("", q), corpus)
                                                                              or _only_words_of(rest, asked_in_turn[0]) and q != asked_in_turn[0]))))

    form = _form_ask(text)
    # without a word about parts or the signature, a form ask needs the parts it places (开头就写第一责任人;
    # 第一责任人放在不足前面); 之前 alone is no question about the outline
    if not (asks_structure or _SIGNATURE.search(text) or form in ("year", "doc_number", "title", "addressee", "county_where", "issuer")) \
            and not (form in ("first", "last") and _part(text) or form == "order" and (len(_parts_named(text)) >= 2 or _DISORDER.search(text)
                                                                                       or _part(text) and _PART_POSITION.search(text))):
        form = None
    if _COUNTY_ASK.search(text) and plan.towns:
        plan.intent, plan.outline_ask = "outline", "county"
    elif form:
        plan.intent, plan.outline_ask = "outline", form
        plan.negative = plan.negative or form == "order" and bool(_DISORDER.search(text))  # 排乱了: the reports out of order
        named = _parts_named(text) if form in ("first", "last", "order") else []  # the other asks are about the whole report
        plan.part = named[0] if named else None
        if form == "order" and len(named) >= 4:
            named = []  # the question recites the mandated order itself: each report against all of it
        plan.all_five = form == "order" and not named and bool(_FIVE_PARTS.search(text))  # all five as separate parts, in order
        if form == "order" and len(named) >= 2:  # A before B; "A after B" asks the same of B before A
            after = re.search(r"之后|后面|\b(?:after|behind)\b", text, re.IGNORECASE) \
                and not re.search(r"之前|前面|\b(?:before|ahead of|in front of|precede[sd]?)\b", text, re.IGNORECASE)
            plan.part, plan.also_parts = (named[1], [named[0]]) if after else (named[0], [named[1]])
    elif asks_structure and _MERGED.search(text) and not _part(text) and not plan.indicator and not topics_asked(text) \
            and not (_LEFT_OUT.search(text) and _FIVE_PARTS.search(text)):  # merged or left out: the completeness ask
        plan.intent, plan.outline_ask = "outline", "merged"  # 几个部分合并成一块写: which reports merge any parts
    elif _WHICH_PART_MISSING.search(text) and not plan.indicator and not _part(text):
        plan.intent, plan.outline_ask, plan.negative = "outline", "complete", True  # 缺了一块？缺的是哪部分？: the parts it lacks
    elif not plan.towns and not plan.indicator and _part(text) in _CONTENT_PARTS and _WITHIN_PART.search(text) \
            and _SAID_WITHIN.search(text) and not _ABSENT.search(_without_part_names(text)):
        # what did the county's reports put under 'other matters': that part's matters, each report's
        plan.intent, plan.part = "statements", _part(text)
        plan.listing = [plan.part]
    elif _FIVE_PARTS.search(text) or (asks_structure and _part(text) and not (mentions and _leftover(unscoped, plan, corpus))) \
            or (_part(text) and _OF_REPORTS.search(text) and not plan.indicator and not topics_asked(text) and not mentions):
        plan.intent = "outline"
        plan.part = _part(text)
        plan.outline_ask = "complete" if (_FIVE_PARTS.search(text) and not plan.part) else "part"
        if plan.part in _CONTENT_PARTS and (plan.towns and _CONTENT_ASKED.search(text)
                                            or not plan.towns and _WITHIN_PART.search(text) and _SAID_WITHIN.search(text)):
            # 罍山乡的其他需要报告的情况部分写了什么 / what is reported in its 'other matters' part; in the 'other
            # matters' section, which reports own up to…: the part's own items, each report's
            plan.intent, plan.listing, plan.outline_ask = "statements", [plan.part], None
    elif _SIGNATURE.search(text) and (asks_structure or every or plan.towns or _SIGNED.search(text)) and not plan.indicator:
        plan.intent, plan.outline_ask = "outline", "signature"
        if (first := _SIGNED_FIRST.search(text)) or _SIGNED_LAST.search(text):
            plan.order = "min" if first else "max"  # 哪份落款日期最早: the dates compared by code
    elif plan.indicator and len(plan.towns) == 1 and _POSITION.search(text) and not asks_plans:
        # 苈洼乡…在邛岫县各报告中居第几位: ranked over the scope, the named town's place said
        plan.intent, plan.order, plan.position_of, plan.towns = "rank", "max", plan.towns[0], []
    elif plan.indicator and not plan.towns and not plan.negative and (test := value_test(text)) is not None and not asks_plans:
        plan.intent, plan.value_test = "disclosure", test  # 哪几个只剩1个人, towns with more than 10万元: code compares
    elif plan.indicator and not plan.towns and not asks_plans and (
            _LAST_YEARS_GIVEN.search(text)
            or _CHANGE_RANKED.search(text) and _QUANTITY.search(text) and not _RANK_MAX.search(text) and not _RANK_MIN.search(text)
            and not plan.indicator.endswith("_change")):
        # 哪几个给了上年数，各增加了多少、增幅多少 / 法治经费比上年涨了多少: each town's change on last year,
        # worked out and ranked by code
        plan.intent, plan.ranks_change, plan.order = "rank", True, "max"
        plan.change_by_rate = bool(_RATE_OF_CHANGE.search(text))
        # the reports that give last year's figure, of whatever year (not each town's latest only)
        plan.all_years = plan.all_years or not plan.years and bool(_LAST_YEARS_GIVEN.search(text))
    elif plan.indicator and (_RANK_MAX.search(text) or _RANK_MIN.search(text)) and len(plan.towns) != 1 and not asks_plans:
        plan.intent = "rank"
        plan.order = ("both" if _RANK_MAX.search(text) else "min") if _RANK_MIN.search(text) else "max"
        total = _TOTAL.search(text)
        plan.with_total = total is not None and not _RANK_WORD_ONLY.fullmatch(total.group())  # 合计数，并按金额排序
        if BY_KEY[plan.indicator].gap_of and _SCARCITY.search(text):
            plan.order = "max"  # the most thinly staffed office is the one with the largest shortfall
        if _CHANGE_RANKED.search(text) and not plan.indicator.endswith("_change"):
            plan.ranks_change = True  # 与上年相比哪家增加得最多: ranked by each town's change, worked out by code
            plan.order = "min" if _FELL_MOST.search(text) else "max"
            plan.change_by_rate = bool(_RATE_OF_CHANGE.search(text))  # 增幅最大: in percent of last year's
    elif plan.indicator and not plan.towns and not _NOT_STATED.search(text) and (
            _asks_total(text)  # no town named: added up over the reports in scope (这些报告一共…, in total across these towns)
            or plan.county and _QUANTITY.search(text) and not _EACH.search(text) and not every and not plan.negative):  # 琅渡县覆盖多少人次: the county's total
        plan.intent = "total"
    elif plan.indicator and every and (_NOT_STATED.search(text) or _STATED.search(text)) and _FIGURE_WORD.search(text):
        plan.intent = "disclosure"
    elif plan.indicator and every and not plan.towns and _QUANTITY.search(text) and not plan.negative and not mentions:
        plan.intent = "disclosure"  # 各乡镇的罚款金额分别是多少: every report's figure, and which state none
    elif every and not plan.towns and not _OPEN.search(text):
        plan.intent = "mentions" if mentions and not _says_lack(text, mentions) else ("lacks" if plan.negative else "has")
        if plan.intent == "lacks" and _asks_both_in_turn(unscoped, corpus):
            plan.intent = "has"  # 哪几个已经配了？没配的也列一下: asked first for those that have it (both are listed)
        plan.part = part_scope
        if not _registry_topic(plan, unscoped, asks_plans):
            _coverage_topic(plan, unscoped, corpus)
        # the combined coverage (一共覆盖多少个村): the villages every report counts, added up by code
        plan.with_total = bool(plan.topic_key and TOPICS[plan.topic_key].complete and _asks_total(text))
    elif plan.towns and _YES_NO.search(text) and not _QUANTITY.search(text) and not _OPEN.search(text) \
            and _registry_topic(plan, unscoped, asks_plans):
        plan.intent = "has"
    elif plan.towns and _YES_NO.search(text) and not _QUANTITY.search(text) and not asks_plans and \
            (terms := ground_topic(_zh_topic(unscoped, plan.towns, corpus.counties) if plan.language == "zh" else _en_topic(text), corpus, plan.indicator)):
        plan.intent = "has"
        plan.terms, plan.topic = terms, terms[0]
    elif plan.towns and plan.indicator and not asks_plans and (_QUANTITY.search(text) or _CHANGE.search(text) or not _OPEN.search(text)):
        # a town and a figure: how many, or the figure named alone (柳湾镇2024年法治经费？)
        if len(plan.towns) >= 2 and _CHANGE_RANKED.search(text) and not plan.indicator.endswith("_change"):
            plan.intent, plan.ranks_change, plan.order = "rank", True, "max"  # 两家比上一年各涨了多少: each town's change
        elif len(plan.towns) >= 2 and _CHANGE.search(text) and not _COMPARE.search(text) and not _RANK_MAX.search(text) \
                and not _RANK_MIN.search(text):
            plan.intent = "yoy"  # how did each of these towns change: each one's figure over its years
        elif len(plan.towns) >= 2:
            plan.intent = "compare"
            plan.with_total = bool(_TOTAL.search(text))
        elif len(plan.years) >= 2 or _CHANGE.search(text):
            plan.intent = "yoy"  # the change between the town's reports, beside the change a report states
            plan.indicator = BY_KEY[plan.indicator].narrows if plan.indicator.endswith("_change") else plan.indicator
        else:
            plan.intent = "lookup"
    elif len(plan.towns) >= 2 and _COMPARE.search(text):
        plan.intent = "compare"  # 比较A和B的…情况 (no figure asked): side by side, overall or on one topic
        plan.also = []
        _comparison_topic(plan, unscoped, corpus)
    # 写了几条不足 asks the part's items; its heading or its place (部分的标题是什么, 放在第几部分) is the outline's
    asks_a_part = plan.intent == "outline" and plan.outline_ask == "part" and not _ABOUT_THE_HEADING.search(text)
    if (plan.intent == "free" or asks_a_part) and plan.towns and not every and not topics_asked(unscoped) \
            and not plan.indicator and (listing := _listing_asked(text) or _content_part_asked(text)):  # 行政诉讼败诉的原因 asks of one figure's event
        plan.intent, plan.listing = "statements", listing  # 菖岭镇明年有什么打算: the items its report lists
        plan.outline_ask = plan.part = None
        plan.checks_plans = "plan" in listing and bool(_CARRIED_OUT.search(text))  # 去年的计划今年落实了吗
        plan.matches_plans = {"problem", "plan"} <= set(listing) and bool(_ANSWERS_THEM.search(text))  # 哪些安排对应这些不足
    if plan.intent in ("has", "lacks") and not plan.terms and not plan.topic_key and plan.indicator in ZERO_READ and every:
        plan.terms = [BY_KEY[plan.indicator].label]  # which towns lost a lawsuit: the table's counts, none apart from some
    if plan.intent in ("has", "lacks", "mentions") and not plan.terms:
        plan.source = "unsure"
    if plan.intent == "free" and plan.towns and plan.language == "zh" and _QUANTITY.search(text):
        # "how many X": X must be something the town's report speaks of
        topic = _zh_topic(unscoped, plan.towns, corpus.counties)
        if topic and corpus.occurs(topic):
            plan.terms = [topic]
        elif topic and (part := _longest_part(topic, corpus, 4)):
            plan.terms = [part]
    if plan.intent == "outline" and plan.outline_ask not in _FORM_ASK_KEYS and _MERGED.search(text) \
            and not _ABSENT.search(_without_part_names(text)) and not _LEFT_OUT.search(text):  # 不足 names a part, it asks for no absence
        plan.outline_ask = "merged"
    if plan.outline_ask == "complete":  # "五个部分齐全（没有合并）" asks for the complete ones
        plan.negative = bool(re.search(r"不全|不完整|不齐|缺|少了|漏|\b(?:lack|missing|incomplete|without)\b", text, re.IGNORECASE))
    if plan.intent in ("rank", "disclosure", "lookup", "compare") and plan.indicator and (per := _per(plan, text)) is not None:
        # 平均每场来的人最多 / per officer: a ratio, ranked (among the named towns, where the question names them)
        plan.indicator, plan.per, plan.intent = per[0], per[1], "rank"
        plan.also = [k for k in plan.also if k not in per]
        plan.order = plan.order or "max"
    if plan.indicator and not plan.towns and plan.per is None and plan.intent in ("free", "total", "disclosure") \
            and _AVERAGE.search(text) and not _per(replace(plan, intent="rank"), text):
        plan.intent, plan.average = "total", True  # 各乡镇法治经费平均多少 / the average funding: the sum over the count, by code
    plan.share = plan.intent in ("has", "lacks", "mentions") and bool(_SHARE_OF_REPORTS.search(text))
    if (plan.indicator or plan.topic_key) and not plan.towns and len(asked_in_turn) <= 1 and _OTHER_NAME.search(text):
        # which town tells of X without the term: a figure's reports, or a topic's, whose words lack it
        plan.intent = _other_words_intent(plan.indicator, plan.topic_key)
        plan.other_words, plan.negative, plan.named_word = True, False, _named_word(text)
    if plan.intent in ("total", "disclosure") and plan.value_test is None and (_BY_COUNTY.search(text) or len(_counties_named(text, corpus)) >= 2):
        plan.intent, plan.by_county, plan.county = "total", True, None
    elif plan.intent == "rank" and not plan.towns and _BY_COUNTY.search(text):
        plan.by_county, plan.county = True, None  # which town in each county spent most: each county ranked apart  # 两个县各自一共多少 / a total for A County and one for B County
    plan.asks_short = _asks_short(text, plan)
    plan.computed_only = bool(plan.indicator and BY_KEY[plan.indicator].ratio_of and _COMPUTE_ASKED.search(text)
                              and _RATE_UNSTATED.search(text))
    return plan


def _is_subject_of(term: str, titles: list[str]) -> bool:
    """Whether ``term`` abbreviates what every report is about (法治建设 in 《…法治政府建设情况报告》):
    its characters appear in that order in each title."""
    def within(title: str) -> bool:
        rest = iter(title)
        return all(ch in rest for ch in term)
    return bool(titles) and all(within(t) for t in titles)


def _comparison_topic(plan: Plan, text: str, corpus: Corpus) -> None:
    """What a comparison of named towns is about: a topic their reports speak of (``plan.topic``),
    or everything (``plan.overall``) when the question names nothing beyond the reports' own
    subject, or an indicator (its figures). A topic the reports never use leaves all unset (the
    passages route answers)."""
    rest = text
    for name in sorted(plan.towns + corpus.counties, key=len, reverse=True):
        rest = rest.replace(name, " ")
    titles = [r.meta.get("title") or "" for r in corpus.reports if r.meta.get("town") in plan.towns]
    if not _CJK.search(rest):  # an English question about towns with Chinese names
        tail = _COMPARE.sub(" ", rest).split(" and ")[-1] if " and " in rest else ""
        topic = re.sub(r"^\W*(?:\w+\s+)??(?:on|in terms of|in|about|regarding|for)\s+|[?.!\s]+$", "", tail.strip())
        segments = [topic] if re.search(r"[A-Za-z]{3,}", topic) else []
    else:
        segments = [s for s in _COMPARISON_SCAFFOLD.split(_COMPARE.sub(" ", rest)) if len(_CJK.findall(s)) >= 2]
    indicator, plan.indicator = plan.indicator, None
    for segment in segments:
        if indicator and _indicator(segment) == indicator:
            plan.indicator = indicator  # 比较A和B的矛盾纠纷调处情况: the two towns' figures
            return
        terms = ground_topic(segment, corpus, _indicator(segment))
        if not terms:
            return
        if not _is_subject_of(terms[0], titles):
            plan.terms, plan.topic = terms, terms[0]
            return
    plan.overall = True


# The reports asked over, named as a batch (这12份报告里, 这批里): scope, not a topic.
_BATCH = re.compile(r"这?(?:\d+|[一二两三四五六七八九十几]+)?(?:份|批)(?:报告|材料)?(?:里|中|当中)?")


def _leftover(text: str, plan: Plan, corpus: Corpus) -> str:
    """What a "mentions" question asks about beyond the part words (empty: it asks about the part)."""
    topic = _zh_topic(text, plan.towns, corpus.counties) if plan.language == "zh" else (_en_topic(text) or "")
    for pattern in _PART_WORDS.values():
        topic = pattern.sub("", topic)
    if plan.language == "zh":  # 又有哪份报告干脆没写…的: words that ask or point, about the part alone
        topic = _FILLER_WORDS.sub("", _SET_WORDS.sub("", _MENTION.sub("", _OF_REPORTS.sub("", _BATCH.sub("", topic)))))
    return topic if len(_CJK.findall(topic)) >= 2 or (plan.language == "en" and len(topic) >= 4) else ""


def _report_years(named: list[int], reported: list[int]) -> list[int]:
    """A plan question's years are the years its plans aim at (打算在2025年…, reach it in 2025): a
    year no report covers is the target of the plans written in the year before it."""
    return sorted({y - 1 if y not in reported and y - 1 in reported else y for y in named})


def _asks_both_in_turn(text: str, corpus: Corpus) -> bool:
    """Whether a question first asks which towns have something, with no word of lack, and only a
    later sentence asks for those without (哪几个已经配了执法记录仪？没配的也顺便列一下)."""
    first, *rest = _questions_in(text, corpus) or [text]
    either_way = _EITHER_WAY.sub("", first)
    return bool(rest) and bool(_WHICH.search(first)) \
        and not (_ABSENT.search(either_way) or _SHORT.search(either_way) or _DENIED_MENTION.search(first)) \
        and any(_ABSENT.search(later) for later in rest)


_WHICH = re.compile(r"哪|有没有|有无|是否|\b(?:which|whose)\b", re.IGNORECASE)


def _says_lack(text: str, mention: re.Match[str]) -> bool:
    """「哪些乡镇反映缺少经费」「反映司法所人手不够」 asks which reports SAY they lack something (or are
    short of a thing towns hold; 提到执法人员不足 names a problem to find): the denial belongs to
    what is said, not to the mention (没有提到 asks which reports are silent; with a lack asked
    besides, the lack's answer names the silent reports too)."""
    said = _EITHER_WAY.sub(" ", _DENIED_MENTION.sub(" ", text[mention.end():]))  # 从未提到…，哪些明确说没有: silence asked, and a lack too
    short_of_held = bool(_SHORT.search(said)) and any(t.held for t in topics_asked(said))  # 反映司法所人手不够
    return bool(_ABSENT.search(said)) or short_of_held


_DENIED_MENTION = re.compile(r"(?:没有?|未|不|只字未|并未|从未)\s*(?:提到|提及|谈到|写到|说到|涉及|反映|提|写)"
                             r"|\b(?:not|never|no)\s+(?:mention|refer|discuss)\w*", re.IGNORECASE)


# A question about how well a thing works (宣传形式单一, 作用发挥不充分) asks which reports state that
# problem, not whether towns have the thing: the registry's statuses do not answer it. A shortfall
# (力量薄弱, 不够, insufficient) is such a question for an activity, but a lack of a thing towns hold
# (司法所人手不足: ``Topic.held``).
_QUALITY_ASKED = re.compile(
    r"形式|单一|质量|水平|能力|效果|实效|针对性|规范性|作用|创新|方式方法|手段"
    r"|\b(?:quality|effective(?:ness)?|poor(?:ly)?)\b",
    re.IGNORECASE,
)
_SHORTFALL_ASKED = re.compile(r"力量|不充分|不强|不高|不够|薄弱|滞后|\b(?:weak|insufficient(?:ly)?|inadequate)\b", re.IGNORECASE)


def _registry_topic(plan: Plan, text: str, asks_plans: bool) -> bool:
    """Ground a which-towns question in the topic registry (``store.topics``), Chinese or English:
    its answer then comes from the fact sheets, with no model call. False when no topic matches."""
    rest = text
    for name in sorted(plan.towns, key=len, reverse=True):
        rest = rest.replace(name, " ")
    asked = topics_asked(rest)
    if not asked or _QUALITY_ASKED.search(rest) or (_SHORTFALL_ASKED.search(rest) and not asked[0].held):
        return False
    topic = asked[0]
    plan.topic_key, plan.terms, plan.topic = topic.key, [topic.label], topic.label
    plan.also_topics = [t.key for t in asked[1:] if re.search(r"和|与|及|以及|、|还有|\band\b", rest, re.IGNORECASE)]
    if asks_plans:  # a town that only plans it does not have it yet
        plan.intent, plan.wanted = "lacks", "plans"
    return True


def _coverage_topic(plan: Plan, text: str, corpus: Corpus) -> None:
    topic = _zh_topic(text, plan.towns, corpus.counties) if plan.language == "zh" else _en_topic(text)
    if plan.language == "en" and topic:
        key = _indicator(topic)
        plan.terms = [BY_KEY[key].label] if key else []
        plan.topic = plan.terms[0] if plan.terms else topic
        return
    plan.terms = ground_topic(topic, corpus, None)
    plan.topic = plan.terms[0] if plan.terms else topic


# Intents the model is never offered: a list of a town's statements needs the kinds listed, which only the rules read.
_RULES_ONLY = ("statements",)

_PLAN_SCHEMA = {
    "type": "json_schema",
    "json_schema": {
        "name": "plan",
        "strict": True,
        "schema": {
            "type": "object",
            "properties": {
                "intent": {"type": "string", "enum": [i for i in INTENTS if i not in _RULES_ONLY]},
                "topic": {"type": "string"},
                "indicator": {"type": "string", "enum": [*BY_KEY, "none"]},
                "part": {"type": "string", "enum": [*PARTS, "none"]},
            },
            "required": ["intent", "topic", "indicator", "part"],
            "additionalProperties": False,
        },
    },
}


PLAN_TOKENS = 160
"""The longest plan asked for: four short fields (the embedded model's recorded plans: 38 tokens)."""


def _model_fields(model: Any, usage: Usage, plan: Plan) -> dict[str, Any]:
    """The model fills the plan schema; anything it cannot parse is no answer at all, and the
    question is planned by the rules alone (a fallback the answer reports)."""
    prompt = prompts.load("plan.txt").format(question=plan.normalized)
    message = model.bind(response_format=_PLAN_SCHEMA, max_tokens=PLAN_TOKENS).invoke([("user", prompt)])
    usage.add_message(message)
    try:
        fields = json.loads(str(message.content))
    except json.JSONDecodeError:
        fields = None
    if not isinstance(fields, dict):
        usage.fallbacks.append("the model's plan of the question could not be read; it was planned by rules alone")
        return {}
    return fields


_SENTENCE_END = re.compile(r"(?<=[?;])")
# A clause that asks something by itself: 哪家最多、哪家最少 is two questions, 青墩镇和鹭港镇 is not.
_ASKS = re.compile(r"哪|多少|算出|算一下|计算|排(?:个|一下)?序|(?<![这那])几[个家份件名台次项成]|是否|有没有|有无|怎么|怎样|如何|什么|吗|说说|讲讲|列出|梳理|罗列|说明|介绍|概括|归纳|分开统计|统计一下|"
                   r"\b(?:what|which|whose|how|does|did|do|is|are|was|were|who|where|give|list|name|say|tell|show|compare)\b", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(r"[,、]\s*(?:and\s+|以及|并且?|还有|另外|又)?")
# Intents one route answers together: a which-towns answer lists who has, who lacks and who is silent;
# a town's figure over the years asked holds its figure in each of them.
# Intents whose answers hold each other's: a ranking of named towns lists each one's figure, as a comparison does.
_SAME_ANSWER = {"has": "coverage", "lacks": "coverage", "mentions": "coverage", "lookup": "figure", "yoy": "figure",
                "compare": "figure", "rank": "figure"}


_FULL_STOP = re.compile(r"(?<=。)|(?<=\.)\s+(?=[A-Z])")


def _statements_that_ask(text: str, corpus: Corpus) -> list[str]:
    """A text cut at a full stop where the sentence after it asks within a county the one before does
    not name (Funding in 2024: each town's figure and the total. Which Qiwu County town had the most?):
    its county is its own scope. Elsewhere a sentence that only tells (篁坳街道的报告说全县都配齐了。) stays
    with the question it is the context of."""
    pieces = [p for p in _FULL_STOP.split(text) if p.strip()]
    out: list[str] = []
    for piece in pieces:
        asks = bool(_ASKS.search(piece) or _asks_a_quantity(piece))
        county = _county_named(piece, corpus)
        before_asks = bool(out) and bool(_ASKS.search(out[-1]) or _asks_a_quantity(out[-1]))
        if out and asks and county and _county_named(out[-1], corpus) is None and before_asks:
            out.append(piece)
        elif out and asks and before_asks and out[-1].rstrip().endswith("。") and _LIST_ASKED.search(out[-1]) \
                and _listing_asked(out[-1]) and not _county_named(piece, corpus):
            out.append(piece)  # 把它的打算逐条列出来。它讲问题的原因时用的是什么说法？: a request for a list, then a question
        elif out:
            out[-1] = f"{out[-1]} {piece}" if re.match(r"\s*[A-Za-z]", piece) else out[-1] + piece
        else:
            out.append(piece)
    return out


def _questions_in(text: str, corpus: Corpus) -> list[str]:
    """The questions a text asks, in order: its sentences, and within one the clauses that each ask
    (a leading clause that only sets the scope, For X's 2024 reports, goes with the first that asks)."""
    found: list[str] = []
    for sentence in (s for s in _SENTENCE_END.split(text) for s in _statements_that_ask(s, corpus) if s.strip(" ?;")):
        clauses = _CLAUSE_BREAK.split(sentence)
        if len(clauses) > 2 and not _ASKS.search(clauses[0]) and all(_ASKS.search(c) for c in clauses[1:]):
            clauses = [f"{clauses[0]}, {clauses[1]}", *clauses[2:]]
        asks: list[str] = []  # each clause that asks, with the clauses after it that do not (town by town)
        for clause in clauses:
            if asks and not _ASKS.search(clause):
                asks[-1] = f"{asks[-1]}, {clause}"
            else:
                asks.append(clause)
        found += [a.strip() for a in asks] if len(asks) > 1 and all(_ASKS.search(a) for a in asks) else [sentence.strip()]
    return found


_CLAUSE = re.compile(r"[?？,，;；。:：]|以及|另外|\band\b|\bas well as\b", re.IGNORECASE)
_ADMIN_WORDS = re.compile(r"街道办事处|办事处|人民政府|政府|党工委|党委|委员会")


def _unplanned_clauses(plan: Plan, corpus: Corpus) -> list[str]:
    """Clauses of the question that ask about something of the reports (a run of three or more of
    the reports' own characters: 法律明白人) that no indicator, registry topic or planned term names:
    a part no route will answer, to be answered by the model or named, never dropped unsaid."""
    planned = [plan, *plan.parts]
    asked_words = " ".join(filter(None, [*(q.topic or "" for q in planned), *(t for q in planned for t in q.terms),
                                         *(q.question for q in plan.parts), *plan.unanswered]))
    found: list[str] = []
    if plan.intent == "outline":  # its words name parts and headings, which the outline route reads
        return found
    figures = _figure_family({key for q in planned for key in (q.indicator, *q.also) if key})
    topics = {key for q in planned for key in (q.topic_key, *q.also_topics) if key} | {BY_KEY[k].topic for k in figures}
    for clause in (c.strip() for c in _CLAUSE.split(plan.normalized)):
        if not clause or not _QUANTITY.search(clause) or clause in asked_words:  # how many / how much of something
            continue
        named = {t.key for t in topics_asked(clause)}
        indicator = _indicator(clause)
        if indicator is not None and (indicator in figures or BY_KEY[indicator].topic in topics):
            continue  # a figure a part answers (its topic named alongside: 普法活动几场 is the events' count)
        if indicator is not None or named - topics:
            found.append(clause)  # a figure or a topic no part answers: 公职律师几名, beside a total of funding
            continue
        if named:
            continue
        rest = _YEAR.sub(" ", _ADMIN_WORDS.sub(" ", clause))
        for name in [*towns_in(clause, corpus.towns), *corpus.counties]:
            rest = rest.replace(name, " ")
        rest = _STRUCTURE.sub(" ", _without_part_names(rest))  # a mandated part is the outline route's to answer
        for run in _CJK_RUN.findall(_FILLER_WORDS.sub(" ", _ASKS.sub(" ", _GAP.sub(" ", rest)))):
            term = run if corpus.occurs(run) else _longest_part(run, corpus, 3)
            if term and term not in asked_words:
                found.append(clause)
                break
    return found


def _figure_family(keys: set[str]) -> set[str]:
    """The indicators a figures answer of ``keys`` states or is divided from (a success rate's two
    counts, lost lawsuits' lawsuits, people reached beside events): a clause asking one of them is answered."""
    family = set(keys)
    for key in keys:
        indicator = BY_KEY[key]
        family |= {k for k in (indicator.narrows, indicator.variant_of, *(indicator.ratio_of or ())) if k}
        family |= {i.key for i in INDICATORS if key in (i.narrows, i.variant_of)}
    return family


_EVENTS_ASKED = re.compile(r"场次|多少场|几场|\b(?:events?|sessions?|activities)\b", re.IGNORECASE)


def _sibling_by_unit(key: str, sentence: str) -> str:
    """The count of the same work in the unit a sentence names (people reached 人次 vs events 场次),
    where the indicator carried into it counts it in the other."""
    indicator = BY_KEY[key]
    if indicator.variant_of and _EVENTS_ASKED.search(sentence) and not _UNIT_ASKED.search(sentence):
        return indicator.variant_of
    if indicator.unit != "%" and _RATE_ASKED.search(sentence):  # the lowest rate, after disputes mediated: its success rate
        rate = next((i.key for i in INDICATORS if i.unit == "%" and i.narrows == key), None)
        if rate is not None:
            return rate
    variant = next((i.key for i in INDICATORS if i.variant_of == key), None)
    return variant if variant and _UNIT_ASKED.search(sentence) and not _EVENTS_ASKED.search(sentence) else key


_RATE_ASKED = re.compile(r"率|比例|百分比|\b(?:rates?|ratios?|percentages?)\b", re.IGNORECASE)


def _subject(plan: Plan) -> str | None:
    """What the first sentence asks about, as words a further sentence may leave out."""
    if plan.topic_key:
        return TOPICS[plan.topic_key].label
    if plan.indicator:
        return BY_KEY[plan.indicator].label
    return plan.topic


# A sentence that refers back to the towns of the one before (其中, 它们, 这些乡镇, they).
_NAMES_A_SET = re.compile(rf"{_SUBJECT}|\b(?:towns?|townships?|reports?|street offices?|subdistricts?)\b", re.IGNORECASE)
_BACK = re.compile(r"^\s*(?:把|将|对|给)?(?:其中|它们|他们|这些(?:乡镇|镇街|街镇|报告|单位)?|这几[个家份]|上述(?:乡镇|报告)?|其(?!他)|它的?|该(?:乡镇|镇|乡|街道)"
                   r"|(?:and\s+)?(?:its|this (?:town|township|subdistrict)(?:'s)?)\b"
                   r"|(?:and\s+)?(?:do|does|did|have|has|are|were)?\s*(?:they|these|those|them|either of them|any of them)\b)",
                   re.IGNORECASE)


def _asks(plan: Plan) -> tuple[Any, ...]:
    """What a plan's answer is about, its years aside."""
    return (_SAME_ANSWER.get(plan.intent, plan.intent), plan.indicator, plan.topic_key, plan.part,
            plan.outline_ask, plan.wanted, tuple(plan.towns), plan.ranks_change, plan.change_by_rate, plan.value_test)


def _covers(plan: Plan, other: Plan) -> bool:
    """Whether ``plan``'s answer holds ``other``'s: the same ask, over every year ``other`` names
    (石坳镇调解成功率2023年是多少，2024年是多少 is one question over two years), of a figure it
    answers (its indicator or one asked with it)."""
    if plan.outline_ask == "complete" and other.outline_ask == "merged":
        return True  # the five parts' answer says which each report merges, and under which heading
    if other.intent in ("rank", "total") and other.county not in (None, plan.county):
        return False  # the highest of every report is not the highest of one county's
    return any(_asks(replace(plan, indicator=indicator)) == _asks(other) for indicator in [plan.indicator, *plan.also]) \
        and (not plan.years or set(other.years) <= set(plan.years))


# Words that ask or point rather than name what is asked about (2024年是多少, 变化如何, 现在一共有几台).
_FILLER_WORDS = re.compile(r"是|的|了|呢|吗|全覆盖|覆盖|配齐|又|还|再|现在|目前|今年|去年|一共|共|合计|总计|加起来|分别|各|变化|情况|如何|怎样|多少|几|哪|个|年|"
                           r"有|比|增加|减少|上升|下降|多|少|最|更|高|低|大|小|[台部套件起名人次场家户份]"
                           r"|些|没有|没|未|明确|确实|其实|到底|究竟|干脆|压根|根本|两者|二者|两地|两家|两镇|双方|相差|差距|差别"
                           r"|这(?:两|几)?项|[两几各]项|报告|份")


_SET_WORDS = re.compile(r"乡镇|镇街|街镇|街道|报告|单位|地方|哪里|哪儿")


def _names_another(text: str, subject: str, corpus: Corpus) -> bool:
    """Whether a sentence names a thing of its own beside the subject carried into it (培养法律明白人
    多少名 after a total of disputes): a run of four or more characters that is no question word, no
    place and no part of the subject. Such a sentence is planned on its own words, never as the subject."""
    for name in [*towns_in(text, corpus.towns), *corpus.counties]:
        text = text.replace(name, " ")
    rest = _FILLER_WORDS.sub(" ", _ASKS.sub(" ", _SET_WORDS.sub(" ", _YEAR.sub(" ", text))))
    return any(run not in subject and subject not in run for run in re.findall(r"[\u4e00-\u9fff]{4,}", rest))


def _only_words_of(text: str, earlier: str) -> bool:
    """Whether every word a sentence names besides its asking and filler words is in an earlier one."""
    runs = re.findall(r"[\u4e00-\u9fff]{2,}", _FILLER_WORDS.sub(" ", _ASKS.sub(" ", _YEAR.sub(" ", text))))
    return bool(runs) and all(run in earlier for run in runs)


def _own_words(text: str, corpus: Corpus) -> bool:
    """Whether a sentence names something of its own (立案查处的案件数变化如何), not only asks
    again about what the sentence before named (2024年是多少)."""
    for name in [*towns_in(text, corpus.towns), *corpus.counties]:
        text = text.replace(name, "")
    return len(_CJK.findall(_FILLER_WORDS.sub("", _ASKS.sub("", _YEAR.sub("", text))))) >= 3


# A figure asked per another (平均每场, 人均, per officer, divided by the number of…).
_PER_ASKED = re.compile(r"平均每|每(?:场|次|名|个|位)(?:平均)?[^，,。？?]{0,6}(?:人|次|件)|人均|\bper (?:[a-z-]+ ){0,2}(?:event|session|officer|person|head|staff(?:er)?|inspector)\b"
                        r"|\bdivid\w*\b[^,.?]{0,30}?\bby\b|\bfor each (?:event|officer)\b", re.IGNORECASE)
_PER_EVENT = re.compile(r"每场|每次|\bper (?:event|session)\b|\bfor each event\b|场次|\bevents?\b", re.IGNORECASE)
_PER_PERSON = re.compile(r"每名|每个人|每位|人均|\bper (?:officer|person|head|staff(?:er)?|inspector)\b|\bofficers?\b|执法人员|持证", re.IGNORECASE)


def _per(plan: Plan, text: str) -> tuple[str, str] | None:
    """(the figure, what it is divided by) where a question asks one figure per another: the
    divisor named after the per word (每场 → the events, per officer → the certified officers), the
    figure the other asked (or, for events, the people they reached)."""
    asked = _PER_ASKED.search(text)
    if asked is None or plan.indicator is None:
        return None
    after = text[asked.start():]
    keys = [k for k in (plan.indicator, *plan.also) if k]
    if _PER_EVENT.search(after[:24]):
        divisor = next((k for k in keys if BY_KEY[k].unit == "场次"), None) or BY_KEY[plan.indicator].variant_of
    elif _PER_PERSON.search(after):
        divisor = next((k for k in keys if k == "certified_officers"), None) or ("certified_officers" if _PER_PERSON.search(text) else None)
    else:
        divisor = _indicator(after[len(asked.group()):])
    if divisor is None:
        return None
    figure = next((k for k in keys if k != divisor), None)
    if figure is None:  # divide inspections by the officers: the other figure the question names, first named first
        named = sorted((m.start(), i.key) for i in INDICATORS if i.key != divisor and (m := i.asked.search(text)) and i.unit != "%")
        figure = named[0][1] if named else None
    if figure is None:
        figure = next((i.key for i in INDICATORS if i.variant_of == divisor), None)  # 每场来的人: the people the events reached
    return (figure, divisor) if figure and figure != divisor else None


# Asking what share of the reports a group is (占几成, 占比多少, what share / percentage of the reports).
_SHARE_OF_REPORTS = re.compile(r"占(?:了)?(?:几成|多少|百分之几|比例|比重)|占比|几成|百分之几|\b(?:what|which) (?:share|percentage|proportion|fraction)\b"
                               r"|\bhow (?:large|big) a (?:share|proportion)\b", re.IGNORECASE)
# Asking the average of a figure over the reports (平均多少, 平均每个乡镇, on average, the mean).
_AVERAGE = re.compile(r"平均|均值|\b(?:average|mean|on average)\b", re.IGNORECASE)
# A total asked for each county apart (按县分别汇总, 两个县各自, for each county).
_BY_COUNTY = re.compile(r"按县|分县|各县|每个县|(?:两|几|各)个县[^，,。？?]{0,16}?(?:各自|分别|各)|县(?:各自|分别)|\b(?:for each|by|per|each) county\b|\bcounty by county\b",
                        re.IGNORECASE)
_WHICH_COUNTY = re.compile(r"哪个县|哪一个县|\bwhich county\b", re.IGNORECASE)


def _counties_named(text: str, corpus: Corpus) -> list[str]:
    """The counties of the store a question names, in Chinese or by their pinyin."""
    return [county for county in corpus.counties if county in text or romanized_county(text, [county])]


# Asking whether a gap was closed afterwards (closed later, 后来补上了吗, 第二年解决了没有).
_CLOSED_LATER = re.compile(r"\b(?:closed|fixed|filled|resolved|remedied|addressed|made up)\b[^?]{0,20}\b(?:later|since|afterwards|the (?:next|following) year)\b"
                           r"|\b(?:later|next year's|following year's) reports?\b"
                           r"|(?:后来|之后|第二年|次年|下一年度?|后一年)[^，,。？?]{0,12}(?:补上|补齐|解决|填补|改善|弥补|配上|配齐|实现|落实)", re.IGNORECASE)
# Asking what a town uses in place of what it lacks (lean on instead, 靠谁, 用什么代替).
_INSTEAD = re.compile(r"\binstead\b|\bin (?:its|their) place\b|代替|替代|顶替|靠谁|依靠谁|找谁|靠什么", re.IGNORECASE)
_THEIR_PLANS = re.compile(r"打算|计划|准备|下一步|下步|怎么(?:补|解决|办|改)|如何(?:补|解决|改进|改)"
                          r"|\b(?:plans?|planning|intends?|going to|will (?:they|it|each)|(?:it|they) will do|do about it)\b",
                          re.IGNORECASE)


def _asks_their_plans(sentence: str, lead: Plan) -> bool:
    """A later sentence asking what the towns the lead lists plan about its topic (它们各自打算怎么
    解决; what does each plan to do about it), naming no other topic or figure."""
    others = {t.key for t in topics_asked(sentence)} - {lead.topic_key}
    return (lead.intent in ("lacks", "has") and lead.topic_key is not None and lead.every_report
            and bool(_THEIR_PLANS.search(sentence)) and not others and _indicator(sentence) is None)


_ONLY_A_REQUEST = re.compile(r"(?:请|麻烦)?(?:全部|都|一一|逐一|逐个|分别)?(?:列出|列举|列明|写出|说明|告诉我|标出)(?:来|一下|清楚)?(?:名单)?"
                             r"|(?:please\s+)?(?:list|name|show)\s+(?:them|these|those)(?:\s+all)?(?:\s+please)?"
                             # how short the answer may be (One line per town is fine; 一句话说清就行)
                             r"|[^?？]{0,40}\b(?:is|are|would be|will be) (?:fine|ok|okay|enough|plenty)"
                             r"|[^?？]{0,20}(?:一句话|一行|简单)[^?？]{0,10}(?:就行|即可|就好|就可以)", re.IGNORECASE)
_VALUE_OF_EACH = re.compile(r"分别|各(?:自|是|为|叫)|是什么|是哪|\bwhat (?:is|are|was|were) (?:each|they|it|the|their|its)\b|\bwhich (?:ones?|is it)\b",
                            re.IGNORECASE)
_CONDITION = re.compile(r"不算|不计|除外|不包括|不含|除了|\b(?:not count|doesn't count|does not count|excluding|except)\b", re.IGNORECASE)
_RUNNER_UP = re.compile(r"第二(?:名|位|多|高|大)?|次之|\b(?:runner[- ]up|second(?:[- ]placed?| highest| largest| most)?|next (?:one|town|highest))\b", re.IGNORECASE)
_GAP = re.compile(r"相差|差多少|差了多少|差距|差额|差几|高出|多出|(?:高|低|多|少)(?:了)?(?:几|多少)(?:个百分点|个点|件|人|个|倍)?|\b(?:difference|gap|by how much|how much (?:more|higher|less|lower))\b",
                  re.IGNORECASE)


def _asks_the_gap(sentence: str, lead: Plan) -> bool:
    """A later sentence asking how far apart the two figures the lead gives are (两者相差多少): the
    figures route states the difference of two towns' figures, and of the highest and the lowest."""
    two = lead.intent in ("compare", "rank") and len(lead.towns) == 2 or lead.intent == "rank" and lead.order == "both"
    return two and bool(_GAP.search(sentence)) and _indicator(sentence) in (None, lead.indicator) and not topics_asked(sentence)


# Some of a thing but not enough of it (数量不够, 没配齐, too few).
_SHORT_OF_IT = re.compile(r"不足|不够|短缺|偏少|缺口|不齐|配齐|只差|还差|差几|部分(?:村|社区)|没有全覆盖|未全覆盖|一部分|(?:接入|配备|配|建|有|用上|上)了?[^，,。？?]{0,6}但[^，,。？?]{0,12}(?:不通|没通|未通|不能|没有|没|未|纸质|手工|线下|人工)|\b(?:enough|insufficient|shortage|short of|too few|fall(?:s|ing)? short|fell short|not (?:all|every|fully)|partly|partially|partial|only in part|gaps?|uncovered|not (?:yet )?covered|(?:some|a few)\b[^?]{0,20}\bbut (?:not|fewer|less))\b"
                          r"|\b(?:fewer|less) than (?:the |their |its )?(?:officers|staff|people|personnel|members)\b|少于(?:执法)?人(?:员|数)|不到人手一",
                          re.IGNORECASE)
# The people a held thing is counted against (fewer than officers): no figure asked of its own.
_AGAINST_PEOPLE = re.compile(r"\b(?:fewer|less|more) than (?:the |their |its )?(?:officers|staff|people|personnel|members)\b|少于(?:执法)?人(?:员|数)|人手一",
                             re.IGNORECASE)


def _asks_short(text: str, plan: Plan) -> bool:
    """Whether a question about a thing towns hold asks for those with some of it, short of enough
    (说了数量不够的算不算, 配了但没配齐的又是哪些): the coverage answer lists them apart."""
    held = plan.intent in ("has", "lacks") and plan.topic_key is not None and TOPICS[plan.topic_key].held
    indicator = _indicator(text)  # 执法记录仪配备不足 names the count of cameras: the topic's own figure
    return held and bool(_SHORT_OF_IT.search(text)) \
        and (indicator is None or BY_KEY[indicator].topic == plan.topic_key or bool(_AGAINST_PEOPLE.search(text))) \
        and all(t.key == plan.topic_key for t in topics_asked(text))


# Asks for the reports that say nothing of it (压根没说, 只字未提, never mention it).
_SILENCE_ASKED = re.compile(r"(?:没|未|不|没有)(?:说|提|写|讲|谈)(?:到|及)?|只字未提|\b(?:never (?:mentions?|talks? about|discuss\w*|covers?)"
                            r"|do(?:es)?(?: not|n't) (?:mention|talk about|discuss|cover|address|say anything)|says? nothing|silent)\b",
                            re.IGNORECASE)


_HOW_GIVEN = re.compile(r"直接写|写明的|自己算|得算|算出|算不出|计算|推算|\b(?:stated directly|computed|worked out|work(?:ed)? it out|calculated|cannot be|can't be)\b",
                        re.IGNORECASE)


def _asks_within_topic(sentence: str, lead: Plan, corpus: Corpus) -> bool:
    """Whether a later sentence asks again about the lead's registry topic in words of its own that
    the reports only ever use of that topic (数据互通 after 执法办案信息平台: every report sentence
    saying 数据互通 is about a platform), and names no other topic or figure: the lead's lists answer it."""
    if lead.intent not in ("has", "lacks") or lead.topic_key is None or _indicator(sentence) is not None \
            or any(t.key != lead.topic_key for t in topics_asked(sentence)):
        return False
    topic = TOPICS[lead.topic_key]
    rest = _FILLER_WORDS.sub(" ", _HAVING.sub(" ", _ASKS.sub(" ", _YEAR.sub(" ", sentence))))
    words = [_report_words(run, corpus) for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest)]
    if not words or any(w is None for w in words):
        return False  # a word the reports never use (评价) asks something else
    return any(len(word) >= 3 and all(topic.mentions(found) for found in corpus.sentences_with(word))
               for run in words for word in run or [])


# Words that say a town has done or holds something (已经实现, 用上了): what the lead's groups tell.
_HAVING = re.compile(r"已经|已|实现了?|做到了?|用上了?|接入了?|配备了?|建成了?|开通了?")


def _report_words(run: str, corpus: Corpus) -> list[str] | None:
    """A run of characters cut into the longest words the reports use, left to right; None when a
    piece of it occurs in no report."""
    words, at = [], 0
    while at < len(run):
        end = next((end for end in range(len(run), at + 1, -1) if corpus.occurs(run[at:end])), None)
        if end is None:
            return None
        words.append(run[at:end])
        at = end
    return words


def _asks_how_given(sentence: str, lead: Plan) -> bool:
    """A later sentence asking which of a rate's figures the reports state and which code divides (or
    cannot): every line of a rate's answer says so, and the reports that give neither are listed."""
    return bool(lead.indicator and BY_KEY[lead.indicator].ratio_of and _HOW_GIVEN.search(sentence)
                and _indicator(sentence) in (None, lead.indicator))


def _asks_the_silent(sentence: str, parts: list[Plan], corpus: Corpus) -> bool:
    """A later sentence asking which reports never mention what a part before asks about (哪几家压根
    没说): every which-towns and figures answer names its silent reports, so it is answered."""
    about = any(p.intent in ("has", "lacks", "mentions", "total", "rank", "disclosure") and (p.topic_key or p.indicator or p.terms)
                for p in parts)
    return about and bool(_SILENCE_ASKED.search(sentence)) and not _own_words(_SILENCE_ASKED.sub("", sentence), corpus)


def _scope_words(plan: Plan, text: str, corpus: Corpus) -> str:
    """The scope a question sets once, for a later sentence that names none: its county (鹤川县那6份
    报告里…？哪几家明确没有？), or every town (哪些单位输了官司？总共多少件？)."""
    if towns_in(text, corpus.towns) or _county_named(text, corpus):
        return ""
    if plan.county:
        return plan.county
    if plan.every_report and not plan.towns and not _EVERY.search(text):
        return "各乡镇" if plan.language == "zh" else "all towns: "
    return ""


# Asks code to work a rate out, for the reports that state none (没写成功率的，帮我算一下).
_COMPUTE_ASKED = re.compile(r"算出|算一下|计算|折算|换算|推算|\b(?:work (?:it |them )?out|calculate|compute|derive)\b", re.IGNORECASE)
_RATE_UNSTATED = re.compile(r"(?:没有?|未|不)(?:给出?|写明?|写出|报告?|提供|列出?)?[^，。？?,]{0,6}率"
                            r"|\b(?:no|without(?: a| any)?|not (?:give|state)(?: a| the| any)?)\s+(?:\w+\s+){0,2}rates?\b", re.IGNORECASE)
# Asks about reports, not towns (哪些报告没有下一年度工作安排): with a mandated part named, the outline.
_OF_REPORTS = re.compile(r"哪(?:些|几)份?报告|哪份报告|有没有(?:哪份)?报告|有无报告|\b(?:which|any) reports?\b", re.IGNORECASE)
# A part left out, asked beside one merged (what was merged or left out): the completeness ask.
_LEFT_OUT = re.compile(r"漏写|漏掉|缺了|没写|未写|\b(?:left out|omit(?:s|ted)?|missing|dropp?(?:ed|s)?|lacks? a (?:section|part))\b", re.IGNORECASE)
# Asks each one's figure, not one figure for all (分别, 各自, each).
_EACH = re.compile(r"分别|各自|各[乡镇街个家份]|每个|每家|每份|\b(?:each|respectively|per town)\b", re.IGNORECASE)


def _years_selected(lead: Plan, corpus: Corpus) -> list[int]:
    """The years of the reports a sentence before selects, for a later one that names none: its
    scope, or, where it asks which reports are (not) of a year, the years it picks out (哪些报告不是
    2024年度的？其中…: every other year)."""
    if lead.outline_ask != "year" or not lead.years:
        return list(lead.years)
    other = bool(OTHER_YEARS.search(lead.normalized))
    return [year for year in corpus.years if (year in lead.years) != other]


def _code_answers(plan: Plan) -> bool:
    return plan.intent != "free" and plan.source != "unsure"


def question_parts(plan: Plan, corpus: Corpus, previous_towns: list[str] | None, model_answers: bool) -> list[Plan]:
    """A question of several sentences (合计多少台？哪些没有配备？) answered in each: every sentence
    (or clause that asks by itself) planned by the rules on its own, with what it leaves out (the
    towns, the figure or topic of the first) carried over. The whole question's plan leads where
    code can answer it and it asks what the first sentence asks, else the first sentence's own plan; a later part is kept when no plan
    before covers it. A part code cannot plan goes to the model with its carried words
    (``model_answers``), else is added to ``plan.unanswered`` for the answer to name: never dropped
    in silence. Returns the parts in order, the leading plan first."""
    questions = _questions_in(plan.normalized, corpus)
    if len(questions) < 2:
        return []
    parts: list[Plan] = [plan] if _code_answers(plan) else []
    first_years: list[int] = []
    lead_subject = _subject_clause(questions[0])
    if plan.towns and towns_in(questions[0], corpus.towns) or plan.county and not _county_named(questions[0], corpus):
        plan.county = _county_named(questions[0], corpus)  # a county a later sentence names is that sentence's scope
    for index, sentence in enumerate(questions):
        text = sentence
        if index and parts and parts[0].intent == "statements" and "plan" in parts[0].listing \
                and (_CARRIED_OUT.search(sentence) or _ANSWERS_THEM.search(sentence) and "problem" in parts[0].listing
                     or parts[0].checks_plans and _ONLY_THE_REST.fullmatch(sentence.strip(" ?？。.!"))):
            parts[0].checks_plans |= bool(_CARRIED_OUT.search(sentence))  # 到2025年报告里，哪些做到了、哪些没做到
            parts[0].matches_plans |= bool(_ANSWERS_THEM.search(sentence)) and "problem" in parts[0].listing
            continue
        if index and parts and parts[0].intent == "lacks" and _INSTEAD.search(sentence) and not _indicator(sentence):
            continue  # who do they lean on instead: each lacking town's quote says how it does without
        if index and parts and parts[0].intent in ("has", "lacks") and parts[0].topic_key and _CLOSED_LATER.search(sentence):
            parts[0].later = True  # and were those gaps closed later: each town short of it, in its next year's report
            continue
        if index and parts and _asks_their_plans(sentence, parts[0]):
            parts[0].with_plans = True  # 它们各自打算怎么解决: each listed town's own plan, under it
            continue
        if index and parts and parts[0].outline_ask in _FORM_ASK_KEYS and _VALUE_OF_EACH.search(sentence) \
                and not _listing_asked(sentence) and not _code_answers(plan_by_rules(sentence, corpus, previous_towns)):
            continue  # 文号分别是什么 / what is each number: each report's row shows its value
        if index and any(p.outline_ask in ("complete", "merged") for p in parts) and _WHICH_PARTS.search(sentence) \
                and not _own_words(_WHICH_PARTS.sub("", sentence), corpus):
            continue  # 并的是哪两部分: the merged reports' rows name the parts each merges
        if index and parts and parts[0].outline_ask in _FORM_ASK_KEYS:
            # 文号各是多少，分别是以党委还是政府名义发的: a further property of the same reports, each asked
            for ask in [a for a, pattern in _FORM_ASKS if pattern.search(sentence) and a in ("issuer", "addressee", "title")]:
                if not any(p.outline_ask == ask for p in parts):
                    parts.append(replace(parts[0], outline_ask=ask, part=None, negative=False, question=sentence, parts=[]))
        if index and parts and parts[0].outline_ask in _FORM_ASK_KEYS and _ITS_TOWN_YEAR_COUNTY.search(sentence) \
                and not _own_words(_ITS_TOWN_YEAR_COUNTY.sub("", sentence), corpus):
            # 分别是哪个乡镇、哪一年、哪个县的: each row names its town and year; the county, where each report names it
            if _COUNTY_ASKED.search(sentence) and not any(p.outline_ask == "county_where" for p in parts):
                parts.append(replace(parts[0], outline_ask="county_where", part=None, negative=False, question=sentence, parts=[]))
            continue
        if index and _ONLY_A_REQUEST.fullmatch(sentence.strip(" ?？。.!！;；")):
            continue  # 请全部列出 / list them all: how to answer, not another question
        if index and _CONDITION.search(sentence) and not _ASKS.search(sentence) and not _QUANTITY.search(sentence):
            continue  # （村里的不算）: a condition on the question before, which its plan already reads
        ranked = next((p for p in parts if p.intent == "rank" and not p.towns), None)
        if index and ranked and _GAP.search(sentence) and _indicator(sentence) in (None, ranked.indicator) \
                and not topics_asked(sentence):
            if _RUNNER_UP.search(sentence):
                ranked.gap_to_next = True  # 比第二名多多少: the top and the one after it, and how far apart
            else:
                ranked.order = "both"  # 哪个最多，比最少的多多少: the highest and the lowest, and how far apart
            continue
        if index and parts and parts[0].intent in ("rank", "compare", "lookup", "total") and _QUANTITY.search(sentence) \
                and not _CHANGE_RANKED.search(sentence) and not _CHANGE.search(sentence) \
                and not _own_words(sentence, corpus) and _indicator(sentence) is None and not topics_asked(sentence) \
                and _county_named(sentence, corpus) in (None, parts[0].county):
            continue  # 最低的是哪个？是多少？: the figures' answer states the figure
        if index and parts and parts[0].intent in ("has", "lacks") and parts[0].topic_key and TOPICS[parts[0].topic_key].complete \
                and _asks_total(sentence) and _indicator(sentence) is None and not (set(topics_asked(sentence)) - {TOPICS[parts[0].topic_key]}):
            parts[0].with_total = True  # and what is the combined coverage: the villages of every report, added up
            continue
        if index and any(p.ranks_change for p in parts) and _CHANGE_ASPECTS.search(sentence) and _indicator(sentence) is None \
                and not topics_asked(sentence) and not _RANK_MAX.search(sentence) and not _RANK_MIN.search(sentence):
            continue  # 算出增加额和增幅: each change's line gives its amount and its percent
        if index and any(p.by_county for p in parts) and _WHICH_COUNTY.search(sentence) and _indicator(sentence) is None:
            continue  # 哪个县多、多多少: the county totals' line says which and by how much
        if index and parts and parts[0].indicator and BY_KEY[parts[0].indicator].gap_of and _NO_GAP.search(sentence) \
                and _indicator(sentence) in (None, parts[0].indicator):
            parts.append(replace(parts[0], intent="disclosure", value_test=("=", 0.0), question=sentence, parts=[], every_report=True))
            continue  # 满员的是哪几家, after each office's shortfall: those whose shortfall is none
        if index and parts and parts[0].intent == "statements" and not parts[0].towns and set(parts[0].listing) <= set(_CONTENT_PARTS) \
                and not towns_in(sentence, corpus.towns) and not _part(sentence) and _SAID_WITHIN.search(sentence):
            continue  # …and which mention an outside visit, after "in the 'other matters' section": the part's items answer it
        if index and parts and parts[0].towns and parts[0].indicator and _COMPARED_WITH.search(sentence) \
                and (new := [t for t in towns_in(sentence, corpus.towns) if t not in parts[0].towns]) \
                and _indicator(sentence) is None and not topics_asked(sentence):
            parts[0].towns = [*parts[0].towns, *new]  # …, and how does that compare with Juanwan: the same figure, both towns
            parts[0].intent = "compare" if parts[0].intent == "lookup" else parts[0].intent
            continue
        if index and parts and _OTHER_NAME.search(sentence) and (parts[0].indicator or parts[0].topic_key) \
                and (_indicator(sentence) in (None, parts[0].indicator)):
            key = _indicator(sentence) or parts[0].indicator
            parts.append(replace(parts[0], intent=_other_words_intent(key, parts[0].topic_key), indicator=key,
                                 other_words=True, negative=False,
                                 named_word=_named_word(sentence), question=sentence, parts=[], also=[], towns=[], every_report=True))
            continue  # 有没有哪个乡镇其实培养了这类人，只是换了个叫法: the reports that state it in other words
        if index and parts and parts[0].checks_plans and _FOLLOW_UP_GROUP.search(sentence) and not towns_in(sentence, corpus.towns) \
                and _indicator(sentence) is None and not topics_asked(sentence):
            continue  # 哪些办成了，哪些办了一半，哪些往后推了: each plan's line says what the later report made of it
        if index and parts and parts[0].outline_ask == "signature" and (_SIGNED_FIRST.search(sentence) or _SIGNED_LAST.search(sentence)):
            said = plan_by_rules(sentence, corpus, previous_towns)
            parts.append(replace(parts[0], outline_ask="signed_order", order="min" if _SIGNED_FIRST.search(sentence) else "max",
                                 question=sentence, parts=[], years=said.years or first_years, negative=False))
            parts[0].order = None  # the dates' list is the first sentence's; the comparison is this one's
            continue  # 2024年度的报告里哪份落款日期最早, after the dates: the earliest of them, compared by code
        if index and parts and _asks_the_gap(sentence, parts[0]):
            continue  # 两者相差多少 after two figures: the figures' answer gives the difference
        if index and parts and _asks_how_given(sentence, parts[0]):
            continue  # 哪些是报告直接写的，哪些得自己算: each rate's line says whether code divided it
        if index and _asks_the_silent(sentence, parts, corpus):
            continue  # 哪几家压根没说: the answer names the reports silent on it
        if index and parts and _asks_within_topic(sentence, parts[0], corpus) and not _asks_short(sentence, parts[0]):
            continue  # 哪些已经实现数据互通, after a question on platforms: the lead's groups of who has it answer it
        if index and parts and _asks_short(sentence, parts[0]):
            parts[0].asks_short = True  # 配了但没配齐的呢: the coverage answer's group of towns short of it
            continue
        if index and parts and parts[0].intent == "compare" and parts[0].indicator and _TOTAL.search(sentence) \
                and _indicator(sentence) in (None, parts[0].indicator) and not topics_asked(sentence):
            parts[0].with_total = True  # 两地合计多少: the named towns' figures added up
            continue
        back = _BACK.match(text)  # 其中哪份… / 它们明年… / do they…: the towns the first sentence asks about
        named_before = towns_in(" ".join(questions[:index]), corpus.towns)  # a town only a later sentence names is its own
        if back and not named_before:
            text = ("哪些乡镇" if plan.language == "zh" else "which towns ") + text[back.end():]
        elif named_before and not towns_in(text, corpus.towns) and (back or not _county_named(text, corpus) and not _COUNTIES.search(text)) \
                and (back or not _EVERY.search(text) or not _NAMES_A_SET.search(text)):
            # 哪个最低 after naming three towns asks among them; 哪些乡镇… names a set of its own;
            # 棣湖县…合计多少 after a town's figure asks of the county, not of the town named before;
            # a town named only in a later sentence is that sentence's; 它的经费在X县排第几 is the town's own
            text = "、".join(named_before) + text[back.end() if back else 0:]
        scope = _scope_words(plan, text, corpus)
        scope = "" if not index and scope == plan.county else scope  # a county a later sentence names is not the first one's
        text = f"{scope} {text}" if scope and re.match(r"\s*[A-Za-z]", text) else scope + text
        if index and parts and parts[0].part and _form_ask(text) in ("first", "last") and not _part(text) \
                and re.search(r"\bit\b|它|这一?部分|该部分", text, re.IGNORECASE):
            text += f"（{PART_LABELS_ZH[parts[0].part]}）"  # which put it at the very end: the part the sentence before names
        if index and lead_subject and _indicator(text) is None and not topics_asked(text) \
                and (named := _indicator(lead_subject + text)) is not None and named != plan.indicator:
            # 这几个乡镇的司法所，编制多少、实际在岗多少: the subject named first asks each
            text = f"{lead_subject} {text}" if re.match(r"\s*[A-Za-z]", text) else lead_subject + text
        part = plan_by_rules(text, corpus, previous_towns)
        if index and part.indicator and part.indicator != (rate := _sibling_by_unit(part.indicator, sentence)) \
                and BY_KEY[rate].unit == "%":
            part.indicator = rate  # which had the lowest rate, after the subject's counts: the rate
            part.also = [key for key in part.also if key != rate]
        if not index:
            first_years = part.years
            if parts and parts[0] is plan and plan.intent == "mentions" and part.intent in ("has", "lacks") \
                    and part.topic_key and part.topic_key == plan.topic_key:
                plan.intent, plan.negative = part.intent, part.negative  # a later sentence's 提到 does not make the first ask mentions
        if not index and not plan.towns and part.towns and (said := _stated_context(text))[0] \
                and not towns_in(said[1], corpus.towns):
            part.towns = []  # the town whose claim the question opens on is what the asker read, as for the whole
        if part.outline_ask in ("first", "last") and part.part is None and parts and parts[0].part \
                and (_FOLLOW_UP.search(sentence) or _BACK.match(sentence) or re.search(r"\bit\b|它", sentence)):
            part.part = parts[0].part  # 其中哪几份把它放在第一部分: "it" is the part the sentence before names
        if not topics_asked(text) and _indicator(text) is None and (subject := _subject(parts[-1] if parts else plan)):
            carried = plan_by_rules(f"{text.rstrip(' ?？。.!！')}({subject})", corpus, previous_towns)  # 缺多少(司法所…): one clause
            if carried.indicator:  # which town held the most events, after people reached: the events
                carried.indicator = _sibling_by_unit(carried.indicator, text)
            # carried into a repeat of a part before, a sentence with words of its own asks about them
            repeat = index and any(_covers(p, carried) for p in parts) and _own_words(sentence, corpus)
            part = part if repeat and _code_answers(part) or _names_another(sentence, subject, corpus) else carried
        part.language = plan.language  # a part carrying the subject's Chinese words is still answered in the question's language
        if index and _THESE_FIGURES.search(sentence) and len(asked := _figures_asked(parts)) > 1 and part.indicator in (None, *asked):
            part.indicator, part.also = asked[0], asked[1:]  # 邗渚街道这两个数又是多少: every figure asked before
        lead = parts[0] if parts else plan
        if index and part.intent == "statements" and lead.intent != "statements" and not towns_in(sentence, corpus.towns) and not back:
            part.intent, part.listing = "free", []  # 在X方面做了什么，又打算做什么: the plans on the subject before, not every plan
        if index and not (lead.towns and not part.towns and not lead.county):
            # a later sentence naming no year asks of the years the one before selected; the first, of its own;
            # after a named town's report (磬山镇2025年度的报告…？), a question over every report asks of every year
            # (the whole question's years stand for its first sentence's only once the last sentence is read)
            part.years = part.years or _years_selected(replace(lead, years=first_years) if lead is plan else lead, corpus)
        if part.outline_ask in ("first", "last") and part.towns:  # what is the first and the last part: both ends asked
            for other in [a for a, pattern in _FORM_ASKS if a in ("first", "last") and a != part.outline_ask and pattern.search(sentence)]:
                if not any(p.outline_ask == other for p in parts):
                    parts.append(replace(part, outline_ask=other, question=sentence, parts=[]))
        if not _code_answers(part):
            if not index and _names_subject_of(plan, sentence):  # a first sentence code cannot plan is left to the whole question's plan
                continue
            if parts and part.indicator and part.indicator in (parts[0].indicator, *parts[0].also) \
                    and _QUANTITY.search(sentence) and not _OPEN.search(sentence):
                continue  # 编制加起来多少、实际在岗多少: the lead answers this figure as one of its own
            if model_answers:
                parts.append(replace(part, intent="free", question=text, source="rules"))
            else:
                plan.unanswered.append(sentence.strip(" ?;"))
        elif not index and parts and not _covers(plan, part):
            # the whole question's words made a plan its first sentence does not ask (几部分 from the
            # second sentence of 哪些报告把问题和打算写在一起？一共分了几部分？): the first sentence
            # leads, and the sentence that asks the rest is answered in its turn
            part.question = sentence
            parts[0] = part
        elif listed := next((p for p in parts if p.intent == part.intent == "statements" and p.towns == part.towns), None):
            listed.listing += [kind for kind in part.listing if kind not in listed.listing]  # 有哪些不足？原因呢？: one list
        elif part.intent == "rank" and _indicator(sentence) is None \
                and (per_part := next((p for p in parts if p.per and p.order not in ("both", part.order)), None)) is not None:
            per_part.order = "both"  # 平均每场来的人最多、哪个最少: the other end of the same ratio
        elif other_end := next((p for p in parts if p.intent == part.intent == "rank" and p.indicator == part.indicator
                                and p.years == part.years and p.order != part.order and p.ranks_change == part.ranks_change), None):
            other_end.order = "both"  # 哪个最多，比最少的多多少: the highest and the lowest, and how far apart
        elif (covering := next((p for p in parts if _covers(p, part)), None)) is None:
            part.question = sentence
            parts.append(part)
        elif part.with_total:
            covering.with_total = True  # and what is the combined coverage: the same list, added up by code
        elif part.all_years and not covering.all_years:
            covering.all_years = True  # 把写了上年数的报告列出来: every report of each town, not its latest
        elif index and covering.intent in ("has", "lacks", "mentions") \
                and _narrows_beyond(sentence, questions[0] if covering is plan else covering.question, corpus):
            plan.unanswered.append(sentence.strip(" ?;"))  # 哪些有复议决定被撤销的: an outcome no figure reads, named
    others = {year for p in parts if p is not plan for year in p.years}
    if plan in parts and set(first_years) < set(plan.years) and set(plan.years) - set(first_years) <= others:
        plan.years = first_years  # compare X and Y in 2025, and name the 2024 report…: each sentence its own year
    return parts


# Asking for the reports that tell of a thing under another name (换了个叫法, without using the term X).
_OTHER_NAME = re.compile(r"换了?(?:个|一种)?(?:叫法|说法|名字|名称|称呼)|(?:没|不|未)(?:有)?(?:用|叫|提)[^，,。？?]{0,16}(?:这个|这一|这种)?(?:说法|叫法|名称|词|字眼)"
                         r"|\bwithout (?:using )?(?:the |that )?(?:term|word|phrase|name|label)\b|\bunder (?:another|a different|some other) name\b"
                         r"|\bcalls? (?:it|them) something else\b|\bin other words\b", re.IGNORECASE)
_WORD_NAMED = re.compile(r"(?:\b(?:term|word|phrase|name|label)\s+|[“「\"'‘]|(?:用|叫|提)[“「\"']?)([\u4e00-\u9fff]{2,8})")


def _other_words_intent(indicator: str | None, topic_key: str | None) -> str:
    """Who tells of a thing without its word: a figure's reports from the table, a topic's from the sheets."""
    return "disclosure" if indicator and not topic_key else "mentions"


def _named_word(text: str) -> str | None:
    """The word a question says the reports may not use (without using the word 学法, 没用“重大行政决策”这个说法)."""
    match = _WORD_NAMED.search(text)
    return match.group(1) if match else None


# How a plan fared, asked as a group of them (办成了, 办了一半, 往后推了, 压根没交代; done, half done, put off).
_FOLLOW_UP_GROUP = re.compile(r"办成|办完|完成了|落实了|兑现了|办了一半|一半|推迟|往后推|延后|推到|没交代|没提|没落实|没兑现|没完成"
                              r"|\b(?:done|completed|kept|half|partly|partially|postponed|put off|delayed|deferred|unmentioned|not mentioned|dropped)\b",
                              re.IGNORECASE)
# Asking which report was signed first or last (落款日期最早, signed earliest, the latest date).
_SIGNED_FIRST = re.compile(r"(?:日期|落款|签发|签署|成文)[^，,。？?]{0,6}最早|最早[^，,。？?]{0,6}(?:落款|签发|签署|成文)"
                           r"|(?:earliest|signed (?:first|earliest)|first to (?:be )?sign)", re.IGNORECASE)
_SIGNED_LAST = re.compile(r"(?:日期|落款|签发|签署|成文)[^，,。？?]{0,6}最晚|最晚[^，,。？?]{0,6}(?:落款|签发|签署|成文)"
                          r"|(?:latest|signed (?:last|latest)|last to (?:be )?sign)", re.IGNORECASE)
# Asking for the ones with no shortfall at all (满员的, 配齐了的, fully staffed, no vacancies).
_NO_GAP = re.compile(r"满员|满编|配满|配齐|不缺人|没有缺口|无缺口|没缺|\b(?:fully staffed|full strength|no (?:shortfall|vacanc\w*|gaps?))\b",
                     re.IGNORECASE)
# Pointing back at the figures asked before (这两个数, 这几项, the same figures, both numbers).
_THESE_FIGURES = re.compile(r"(?:这|那|上述|以上|前面)(?:两|几|些|2|3)?(?:个|项)?(?:数|数字|数据|指标|项)"
                            r"|\b(?:these|those|the same|both|all) (?:two |three |\d )?(?:figures|numbers|counts|indicators)\b", re.IGNORECASE)


def _figures_asked(parts: list[Plan]) -> list[str]:
    """The indicators the parts so far ask, in order, each once."""
    return list(dict.fromkeys(key for p in parts for key in (p.indicator, *p.also) if key))


def _narrows_beyond(sentence: str, covered: str, corpus: Corpus) -> bool:
    """Whether a sentence a part before seems to answer asks about words of the reports that part
    never names (被撤销 after a question on reconsiderations): a narrower ask it does not answer."""
    if towns_in(sentence, corpus.towns) or _county_named(sentence, corpus):
        return False
    rest = _FILLER_WORDS.sub(" ", _HAVING.sub(" ", _ASKS.sub(" ", _SILENCE_ASKED.sub(" ", _YEAR.sub(" ", sentence)))))
    return any(len(word) >= 2 and word not in covered
               for run in re.findall(r"[\u4e00-\u9fff]{2,}", rest) for word in _report_words(run, corpus) or [run])


# Several counties as one scope (两个县的报告一共…, across both counties): every report, not the towns named before.
_COUNTIES = re.compile(r"(?:两|几|各|所有|全部)个?县|\b(?:both|all(?: the)?|every|each) count(?:y|ies)\b", re.IGNORECASE)


def _names_subject_of(plan: Plan, sentence: str) -> bool:
    """Whether a sentence names what the plan answers (its figure, topic or words), so the plan
    answers it; a first sentence about something else (哪几份报告里有数据清单？ before a funding
    question) is a part of its own, never dropped unsaid."""
    figures = _figure_family({key for key in (plan.indicator, *plan.also) if key})
    return not (plan.indicator or plan.topic_key or plan.terms) or _indicator(sentence) in figures \
        or bool({t.key for t in topics_asked(sentence)} & {plan.topic_key, *plan.also_topics}) \
        or any(term in sentence for term in plan.terms)


def _county_named(text: str, corpus: Corpus) -> str | None:
    """The county of the store a text names, in characters or in pinyin."""
    return next((c for c in corpus.counties if c in text), None) or romanized_county(text, corpus.counties)


def _topics_beside_figures(plan: Plan) -> list[Plan]:
    """Registry topics a question about named towns' figures lists beside them (桐坳镇的法律顾问覆盖、
    执法记录仪、经费各有什么变化): each town's status on each, from the fact sheets, in every year
    asked; a topic an asked figure already counts (执法记录仪 and its number of units) is not asked twice."""
    if plan.intent not in ("lookup", "yoy", "compare") or not plan.towns:
        return []
    planned = [plan, *plan.parts]
    covered = {key for q in planned for key in (q.topic_key, *q.also_topics) if key}
    covered |= {BY_KEY[key].topic for q in planned for key in (q.indicator, *q.also) if key and BY_KEY[key].topic}
    return [replace(plan, intent="has", question=topic.label, topic_key=topic.key, topic=topic.label, terms=[topic.label],
                    indicator=None, also=[], parts=[], unanswered=[], every_report=False)
            for topic in topics_asked(plan.normalized) if topic.key not in covered]


def _outline_asks_beside(plan: Plan) -> list[Plan]:
    """The other checks of the mandated outline one sentence asks beside its lead (one that drops a
    section, one that fuses two, one that shuffles their order): each answered, none dropped."""
    if plan.intent != "outline" or plan.towns or plan.part or plan.outline_ask not in ("order", "complete", "merged"):
        return []
    asked = {p.outline_ask for p in (plan, *plan.parts)}
    text = plan.normalized
    wanted = []
    if not asked & {"complete", "merged"} and (_LEFT_OUT.search(text) or _MERGED.search(text)):
        wanted.append(replace(plan, outline_ask="complete", negative=True, also_parts=[], parts=[], unanswered=[]))
    if "order" not in asked and _DISORDER.search(text):
        wanted.append(replace(plan, outline_ask="order", negative=True, also_parts=[], parts=[], unanswered=[]))
    return wanted


def plan_question(
    question: str,
    corpus: Corpus,
    model: Any | None,
    usage: Usage,
    previous_towns: list[str] | None = None,
) -> Plan:
    """Rules first; the model where they are unsure; every field validated against the store."""
    plan = plan_by_rules(question, corpus, previous_towns)
    parts = question_parts(plan, corpus, previous_towns, model is not None)
    if parts and parts[0] is not plan and _code_answers(parts[0]):
        # the whole question planned as nothing code answers, its first sentence as something it does
        first = parts[0]
        first.question, first.unanswered = plan.question, plan.unanswered
        plan = first
    elif not _code_answers(plan):  # the model answers the whole question, every part of it
        plan.unanswered, parts = [], []
    plan.parts = [p for p in parts if p is not plan]
    first, *clauses = re.split(r"[，,；;]", plan.normalized)
    if any(_asks_their_plans(clause, plan) for clause in clauses):
        plan.with_plans = True  # 没有X的乡镇，并说明各自有无打算: a later clause asks each one's plan,
        if plan.wanted == "plans" and not _PLANS_ASKED.search(first):
            plan.wanted = None  # and the towns asked for are those that lack it, not those that plan it
    if _code_answers(plan):
        plan.parts += _topics_beside_figures(plan) + _outline_asks_beside(plan)
        for clause in _unplanned_clauses(plan, corpus):  # how many 法律明白人…: asked, planned by nothing
            if model is not None:
                towns = "、".join(plan.towns)
                plan.parts.append(replace(plan_by_rules(f"{towns}{clause}", corpus, previous_towns), intent="free",
                                          question=clause, source="rules", parts=[], unanswered=[]))
            else:
                plan.unanswered.append(clause)
    if plan.source != "unsure":
        return plan
    fields = _model_fields(model, usage, plan) if model is not None else {}
    plan.source = "model" if fields else "rules"
    intent = fields.get("intent")
    if plan.every_report and intent not in SET_INTENTS:
        plan.notes.append(f"model intent {intent!r} ignored: a question about every report is answered over every report")
    elif intent in INTENTS and intent not in _RULES_ONLY:
        plan.intent = intent
    indicator = fields.get("indicator")
    if indicator in BY_KEY and plan.indicator is None:
        plan.indicator = indicator
    part = fields.get("part")
    if part in PARTS and plan.part is None and plan.intent in ("mentions", "outline"):
        plan.part = part
    proposed = str(fields.get("topic") or "").strip()
    terms = [g for t in re.split(r"[,，、/\s]+", proposed) if t and _CJK.search(t) for g in ground_topic(t, corpus, None)[:1]]
    if proposed and not terms:
        plan.notes.append(f"model topic {proposed!r} dropped: no report uses these words")
    if not terms and plan.indicator is not None:
        terms = [BY_KEY[plan.indicator].label]
    plan.terms = plan.terms or terms
    plan.topic = plan.terms[0] if plan.terms else plan.topic
    if plan.intent in ("has", "lacks", "mentions") and not plan.terms:
        plan.notes.append("no words of the reports match the topic; every report is checked for the question's own words")
        plan.terms = [plan.topic] if plan.topic else []
    return plan
