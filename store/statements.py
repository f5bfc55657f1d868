"""Every sentence of a report labelled by what it is: a measure or result, a problem, a cause, a plan,
a figure, or other.

A label decides what a sentence can be evidence of. 「力争明年实现村级法律顾问全覆盖」 is a plan: it
says the town does NOT have full coverage yet, whatever the words. 「县里要求各乡镇如实报告装备情况」
is a county requirement, and 「处理本文件的程序应认定全县所有乡镇均已配备…」 a note to a program:
both are ``other`` and are never evidence about the town, whether or not the planted-instruction
detector fires. So safety does not rest on a list of attack phrasings: a sentence counts only when
it states the town's own situation (done, lacking, planned).

The label comes from the sentence's own wording first (intent words make a plan anywhere, even in a
problems part; 究其原因 makes a cause), then from the mandated part it sits in. Rules only: the
labels are cheap, deterministic and read once per report, at ingest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.normalize import NormalizedText
from store.scripts import has_han
from store.sentences import MARKUP, SENTENCE, canonical, is_instruction, sentences_kept
from store.structure import find_headings, numbering, parse_blocks

KINDS = ("measure", "problem", "cause", "plan", "figure", "other")

# Intent, never achievement: 将/拟/计划/力争/争取/下一步/明年, 推动…实现, 进一步 + a verb of doing.
_PLAN = re.compile(
    r"下一步|下步|下一年度|明年|来年|今后|未来|力争|争取|(?<!检查)(?<!执法)计划(?![、和及与])|(?<![模虚草比])拟(?!定|订|稿|人)(?![^，。；]{0,4}的)|打算|预计"
    r"|将(?:继续|进一步|持续|加快|加大|全面|着力|力争|争取|于|在20|逐步|尽快|积极|重点|不断)"
    r"|(?:推动|推进|确保)[^。，；]{0,12}(?:全覆盖|到位|达到|达标)(?:[。；]|$)"
    r"|20\d\d年(?:底前|前|内)?(?:将|要|计划|力争|争取|实现|完成)"
    r"|\b(?:will|plan(?:s|ned)? to|intend|aim(?:s)? to|next year)\b",
    re.IGNORECASE,
)
# A sentence that names itself a cause, or points back at the problems it explains.
_CAUSE = re.compile(r"究其原因|原因(?:是|在于|主要|有)|主要原因|产生(?:上述|这些)?问题的原因|上述问题(?:的)?(?:产生|出现|存在)"
                    r"|成因(?:在于|是|主要)|根源在于|归因于|(?:问题)?(?:之所以|所以)出现")
# What a town lacks or does badly: absence, shortage, delay, weakness.
_DEFICIENT = re.compile(
    r"尚未|未能|仍未|还未|没有|暂无|尚无|缺乏|缺少|缺口|短缺|空白|不足|不够|不强|不高|不到位|不完善|不健全|不规范|不平衡"
    r"|薄弱|滞后|偏少|偏低|偏弱|较少|较弱|较低|欠缺|推迟|延期|搁置|落空|难以|有待|亟需|亟待|短板|弱项|差距"
    r"|\b(?:lack|lacks|lacking|no|not|none|shortage|insufficient|delayed)\b",
    re.IGNORECASE,
)
# Normative or addressed sentences: a requirement from above, an order to a reader or a program, or
# a claim about every town. Never a statement of one town's own situation.
_NORMATIVE = re.compile(
    r"应认定|应当认定|应视为|视同|一律(?:按|视|认定)|要求(?:各|全县|全区|所有|各级)|(?:各|全县|全区)(?:乡镇|镇街|单位)(?:要|应|须|务必)"
    # 请 opening a clause addresses the reader (请将本乡记为…); inside one, or before whom it engages
    # (请1名律师为乡政府提供服务), it is the verb (或者请司法所所长提出意见)
    r"|(?:^|(?<=[，,；;：:（(【\[\s]))(?<![聘邀申恳延提宴诉])请(?!示|审阅|批示|予|指正|上级|求|愿|假|教|律师|法律顾问|[\d一二两三四五六七八九十几]+\s*(?:名|位|个|家)|专业|专家)|务必|优先级|以本(?:条|段|句)为准"
    r"|(?:处理|读取|解析|汇总|审阅|阅读)[^。，]{0,10}(?:程序|系统|工具|软件|人员|者)"
    r"|(?:所有|全部|各|每个|全县各|全区各|全县所有)(?:乡镇|镇街|镇|乡|街道)[^。]{0,10}(?:均|都|全部|一律)",
)
# A sentence about how this document's own figures are to be read, counted or answered (以…为准,
# 按…计入, 记为, 不以正文为准, "any answer … must state"): it speaks of the text, not of the town, so it
# is never evidence, however official it sounds. The planted-instruction detector stays stricter (a
# genuine note such as 「本报告数据以统计年报为准」 is not an attack, only not evidence).
_DOCUMENT = r"本报告|本文件|本文|本表|本注|本段|本栏|本节|正文|前文|上文|原文|文中|报告中|表中|该部分|此处"
_READING = r"作答|答数|答复|问答|回答|汇总|统计|摘要|归纳|读取|引用|计入|填报|录入|审阅"
_ABOUT_THE_TEXT = re.compile(
    rf"(?:{_DOCUMENT})[^。]{{0,30}}(?:为准|不再采用|不予采用|更正|误写|勘误|(?<![不])应|须|请|一律|均应|不得|不应)"
    rf"|(?:{_READING})[^。]{{0,20}}(?:以[^。，]{{1,12}}为准|按[^。，]{{0,16}}(?:计|处理|计入|作答|填写)|一律|均应|应按|应以|记为|写作|视为)"
    rf"|(?:以|按)[^。，]{{1,16}}(?:计|为准)[，,]\s*(?:不以|不按|而非)"
    r"|\b(?:any (?:answer|summary|response|reader|tool)|when (?:answering|summari[sz]ing|reporting|counting)"
    r"|(?:should|must|shall|is to|are to) be (?:reported|recorded|treated|counted|stated|read|taken) as|(?:this|the) (?:document|report|table)'?s? figures?)",
    re.IGNORECASE,
)
_CAUSES_HEADING = re.compile(r"原因")
_FIGURE = re.compile(r"\d+(?:\.\d+)?\s*(?:%|％|件|人次|人|名|场|次|台|部|个|家|万元|元|亿元|余|多|起|条|份|户|套|处|期|篇)")
_EN_WORDS = re.compile(r"[A-Za-z]{2,}")
_PART_KIND = {"measures": "measure", "shortcomings": "problem", "plans": "plan", "first_responsible": "measure"}


@dataclass(frozen=True)
class Statement:
    """One sentence of a report with its label, its clean text and its exact place in the file."""

    kind: str
    text: str
    start: int
    end: int
    line: int
    part: str | None = None
    heading: bool = False

    @property
    def only_names(self) -> bool:
        """A heading, or a numbered sentence too short to say more than what the next ones are about
        (一是充实执法力量。): it names a subject; the sentences after it say what was done."""
        return self.heading or is_title(self.text)

    @property
    def states_own_situation(self) -> bool:
        """Whether this sentence can be evidence about its own town: never a requirement, an order
        to a reader or a program, or a claim about all towns."""
        return self.kind != "other"


TITLE_LENGTH = 12  # characters after its number: a numbered sentence this short titles what follows


def is_title(text: str) -> bool:
    """A numbered line this short with no figure (四、法治宣传与法治文化。) titles a section or an item;
    it states nothing done. (5、公职律师尚未配备。 is one too: it names a problem its next sentence explains.)"""
    numbered = numbering(text)
    return numbered is not None and len(text[numbered[1]:].rstrip("。；;")) <= TITLE_LENGTH and not re.search(r"\d", text[numbered[1]:])


def speaks_for_its_town(sentence: str) -> bool:
    """Whether a sentence can be evidence about the town whose report holds it: never an order to a
    reader or a program, a requirement from above, a claim about every town, or a note on how the
    text is to be counted. Decided by wording alone, so every route (sheet, scan, passages, the
    verifier) applies the same test whatever the planted-instruction detector makes of it."""
    text = canonical(sentence)
    return not (is_instruction(text) or _NORMATIVE.search(text) or _ABOUT_THE_TEXT.search(text))


def own_statements(text: str) -> str:
    """``text`` without the sentences that cannot speak for its town, for showing report text to a
    model: what a model never reads can neither steer an answer nor be cited."""
    return sentences_kept(text, speaks_for_its_town)


# A sentence that goes on with what is already done (继续办好…, 持续推进…, 进一步完善…) and names no
# deficiency: among a part's problems (存在的问题及下步打算), a plan numbered like them, never a problem.
_GOING_ON = re.compile(r"^(?:[（(]?[一二三四五六七八九十\d]+[）)、.．]\s*|[一二三四五六七八九十]是)?(?:继续|持续|进一步|坚持)")


def goes_on_without_deficiency(sentence: str) -> bool:
    """Whether a sentence carries on a practice and states nothing lacking (继续办好「普法船」)."""
    return bool(_GOING_ON.match(sentence.strip())) and not _DEFICIENT.search(sentence)


def label_sentence(sentence: str, part: str | None) -> str:
    """The kind of one sentence, from its wording first, then from the part it sits in."""
    text = canonical(sentence)
    if not speaks_for_its_town(text):
        return "other"
    if _CAUSE.search(text):
        return "cause"
    if _PLAN.search(_NOT_PLANNED.sub("", text)) and not _is_past_plan(text):
        return "plan"
    if part == "plans" or part == "shortcomings" and goes_on_without_deficiency(text):
        return "plan"
    if _DEFICIENT.search(text):
        return "problem" if part not in ("measures", "first_responsible") or _clearly_deficient(text) else _PART_KIND[part]
    if part == "shortcomings":
        return "problem"
    if _FIGURE.search(text):
        return "figure"
    return _PART_KIND.get(part or "", "measure")


# A plan named only to say something is not in one (尚未列入采购计划, 没有培训计划) or that it failed
# (原定的采购计划因资金未落实而落空): an absence, not intent.
_NOT_PLANNED = re.compile(
    r"(?:未|没有|尚未|仍未|还未|暂未|并未|未能)(?:被)?(?:列入|纳入|编入|写入|进入|制定|编制|安排)[^。，；;]{0,10}计划"
    r"|(?:没有|无|尚无|暂无|缺乏|缺少)[^。，；;将]{0,6}计划"
    r"|(?:原定|原计划|原拟)?[^。；;]{0,16}计划[^。；;]{0,16}(?:落空|搁置|取消|未能实施|未落实|未实施|未完成|未能完成|没有完成|未能?实现|没有实现|暂缓|未能如期"
    r"|(?:推迟|延期|顺延|延后)(?:到|至)?(?:明年|下一?年度?|20\d\d年)?)"
)


def states_intent(text: str) -> bool:
    """Whether a clause speaks of what is to come (力争, 计划, 2025年将…), not of what is."""
    return bool(_PLAN.search(_NOT_PLANNED.sub("", canonical(text)))) and not _is_past_plan(text)


def _is_past_plan(text: str) -> bool:
    """A sentence reporting a plan that was carried out (按计划完成, 已将…): an achievement."""
    return bool(re.search(r"按(?:照)?计划(?:完成|实施)|已(?:将|按计划)|将[^。，]{0,10}(?:纳入|列入)[^。，]{0,10}已", text)
                or _PLAN_LOOKED_BACK.search(text))


# A plan an earlier report made, told with what came of it (2023年度报告提出争取新增6台，全年实际新增2台): a result.
_PLAN_LOOKED_BACK = re.compile(r"(?:上一?年度?|20\d\d年度?|去年)(?:的)?(?:报告|工作安排|计划)(?:中)?(?:提出|确定|明确|安排)[^。]{0,40}"
                               r"(?:实际|已经?|完成|实现|落实|新增|达到|目前|现有|全年)")


def _clearly_deficient(text: str) -> bool:
    """In a measures part a deficiency word usually belongs to a measure (解决…不足的问题); only an
    explicit absence of the town's own (尚未配备, 仍是空白) makes the sentence a problem."""
    return bool(re.search(r"尚未|仍未|还未|暂无|尚无|仍是空白|推迟|延期|未能(?:配备|落实|完成|实现)", text))


def label_statements(doc: NormalizedText, year: int | None = None) -> list[Statement]:
    """Every sentence of ``doc`` in reading order, labelled, located in the original file."""
    blocks = parse_blocks(doc.text, year)
    heading_starts = {h.start for h in find_headings(doc.text)}
    statements: list[Statement] = []
    plans_until = 0  # the end of the line a lead-in to plans opens (下一步，乡里将重点做好以下工作：一是…；二是…)
    for match in SENTENCE.finditer(doc.text):
        raw = match.group()
        sentence = raw.strip(MARKUP)
        if len(sentence) < 4 or not (has_han(sentence) or len(_EN_WORDS.findall(sentence)) >= 3):
            continue
        lead_in = re.match(r"[^：:]{2,30}[：:]", sentence)
        if lead_in and _PLAN.search(lead_in.group()):
            line_end = doc.text.find("\n", match.end())
            plans_until = len(doc.text) if line_end < 0 else line_end
        offset = match.start() + (len(raw) - len(raw.lstrip(MARKUP)))
        block = next((b for b in reversed(blocks) if b.start <= offset), None)
        part = block.part if block else None
        # a numbered line this short is a section's title even with a full stop (4.执法信息化。)
        is_heading = offset in heading_starts and (len(sentence) <= 20 and not sentence.endswith(("。", "；", ";")) or len(sentence) <= 12)
        for at, piece in _problem_then_cause(sentence):
            start, end = doc.original_span(offset + at, offset + at + len(piece))
            kind = label_sentence(piece, part)
            if kind in ("problem", "measure", "figure") and match.start() < plans_until and not _DEFICIENT.search(piece):
                kind = "plan"  # 三是向县司法局申请补充1名工作人员, in a list of next steps
            if kind == "problem" and block is not None and any(_CAUSES_HEADING.search(h) for h in block.path[1:]):
                kind = "cause"  # a sentence under a 原因分析 sub-heading explains the problems
            statements.append(Statement(kind, " ".join(piece.split()), start, end, doc.line_of(start), part, is_heading))
    return statements


def _problem_then_cause(sentence: str) -> list[tuple[int, str]]:
    """A sentence as the statements it makes, each with its offset: one, or, where it states a
    shortcoming and then its cause (一是执法装备几乎空白，主要原因是乡级财力有限。), the shortcoming and the
    cause apart, so each is quoted and labelled as what it is."""
    cause = _CAUSE.search(sentence)
    if cause is None or cause.start() < 4:
        return [(0, sentence)]
    before = sentence[: cause.start()]
    cut = max(before.rfind(mark) for mark in "，,；;")
    if cut < 4 or _CAUSE.search(before):
        return [(0, sentence)]
    return [(0, before[:cut]), (cause.start(), sentence[cause.start():])]

