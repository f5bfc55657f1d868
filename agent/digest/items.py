"""The items a report states in one part (its problems, its plans), each with its citation.

Reports list items in two ways: enumerated (一是…, （一）…, 1.…), where each enumerated sentence is an
item; or one paragraph per item, where the paragraph's first sentence is. Around the items sit
sentences that are not items and must not be counted: the part's lead-in (「仍存在一些不足：」), the
causes (原因分析：一是…, 究其原因，…), and, in a part merged with another (存在的问题及下步打算), the other
part's items under their own label (（二）下步打算). These are told apart by what a sentence or a
sub-heading *is* (a label ends with the word naming its part; a cause sentence names causes in its
first clause or points back at the problems just stated), not by topic words, so a problem that
mentions 计划 or 原因 later in its text is still a problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from agent.answer.types import Citation, ReportRef
from store.catalog import ReportRow
from store.normalize import NormalizedText
from store.sentences import SENTENCE, is_instruction
from store.statements import goes_on_without_deficiency
from store.structure import Block, classify_heading, numbering, parse_blocks

_SENTENCE_END = "。；;！!？?"
# Causes named as such: 究其原因 / 原因是 / 原因分析 / 产生问题的原因; not 对矛盾产生原因的分析研判不够 (a problem).
_CAUSE_WORD = re.compile(r"究其原因|原因(?:是|在于|主要|有|分析|如下|[：:，,]|$)|成因|根源")
_NEXT_STEP = re.compile(r"^下一?步")
# A cause sentence that opens a list of causes (原因：一是…, 主要有以下几点): numbered sentences after it are causes.
_LISTS_CAUSES = re.compile(r"[一二三四五六七八九十]是|[（(][一二三四五六七八九十\d][)）]|(?<!\d)\d[.、．]|以下|如下|几点|几个方面|方面[：:]|[：:]$|：")
_BACK_REFERENCE = re.compile(r"^(?:出现|产生|造成|形成)?(?:上述|以上|这些|这类|此类)(?:问题|不足|情况)")
# The word a part's label ends with: （二）下步打算, （二）原因分析, （一）存在的问题.
_LABEL_END = {
    "causes": re.compile(r"(?:原因|成因|根源)(?:分析)?$"),
    "plans": re.compile(r"(?:打算|计划|安排|思路|措施|方向)$"),
    "shortcomings": re.compile(r"(?:问题|不足|短板|差距|困难|弱项)(?:之处)?$"),
}
_PART_WORD = {
    "shortcomings": re.compile(r"问题|不足|短板|差距|困难|弱项"),
    "plans": re.compile(r"打算|计划|安排|思路|措施|方向"),
}
_DEFICIENCY = re.compile(r"不|未|缺|少|弱|难|差|低|滞后|欠|乏")
# All a problems label says before its last word (（一）存在的问题, 主要不足): 执法力量不足 is a problem.
_FRAMING = re.compile(r"(?:存在|主要|当前|目前|面临|工作中|一些|方面|的|还|仍)*")
_COORDINATION = re.compile(r"[及和与、]")
# A sentence about the part's items as a whole, not one of them: 主要表现在…, 下步打算：…
_ABOUT_THE_ITEMS = re.compile(r"下一?步打算|^下一?步|主要(?:表现|体现)(?:在|为)")
# The part's opening sentence, when it speaks of its problems in general (还存在一定差距，…; 在取得成绩的
# 同时，…还存在短板和弱项。).
_GENERAL = re.compile(
    r"(?:一些|一定的?|以下|如下|不少|若干|几个|某些|诸多|许多)(?:方面的?)?(?:问题|不足|差距|短板|薄弱环节)"
    r"|(?:同时|虽然?|尽管|但是?|然而).*(?:问题|不足|差距|短板|弱项)|以下|如下"
)


@dataclass(frozen=True)
class Item:
    """One stated item (a problem, a plan) of one report, with its citation."""

    report: ReportRef
    text: str  # without its numbering
    citation: Citation


def items_in_part(report: ReportRow, doc: NormalizedText, part: str) -> list[Item]:
    """The items stated inside the sections of ``part`` (not the part heading itself).

    A lead-in ending in a colon that announces causes or another part's items (分析其原因，主要有以下
    两点：) silences the numbered sentences after it: to the end of its line when it sits inside a
    line (…。原因：一是…；二是…), else up to the next section heading, since its list reuses the
    problems' numbering (一是… again)."""
    ref = ReportRef.of(report)
    out: list[Item] = []
    silenced_to = 0  # text offset up to which a lead-in has silenced numbered sentences
    listed_to = 0  # text offset up to which each sentence after a lead-in (仍有一些薄弱环节。A。B。) is an item
    opening = True  # the part's first sentence is still to come
    planted = [(m.start(), m.end()) for m in SENTENCE.finditer(doc.text) if is_instruction(m.group())]
    for block in _blocks_of_part(doc.text, report.meta.get("year"), part):
        if _is_section_heading(doc.text, block):
            silenced_to = min(silenced_to, block.start)
        sentences = _candidates(doc.text, block, part)
        item_style = next((_style(s) for _, _, s in sentences if _style(s) and s[-1] in _SENTENCE_END), None)
        for number, (a, b, sentence) in enumerate(sentences):
            if block.path and sentence.startswith(block.path[0].rstrip("…")):  # the part's own heading
                continue
            first, opening = opening, False
            style, words = _style(sentence), _words(sentence)
            if style is None and sentence[-1] in "：:":
                own_line = _line_at(doc.text, a) == sentence
                announced = _announces(sentence, part)
                silenced_to = a if announced else len(doc.text) if own_line else _line_end(doc.text, a)
                listed_to = _line_end(doc.text, a) if announced and not own_line else listed_to
                continue
            cause = _is_cause(sentence)
            if cause and style is None and not (a < listed_to and sentence[-1] == "。"):
                if _LISTS_CAUSES.search(sentence):  # 究其原因，一是…；二是… / 主要有以下几点。: the line is causes
                    silenced_to = max(silenced_to, _line_end(doc.text, a))
                continue  # 一是A。原因是…。二是B。: one problem's cause, the next problem goes on the line
            # (each matter of the 'other' part is one sentence: 无干预司法情况。1名协管员被投诉…。 are two)
            opens_paragraph = part == "other" or number == 0 or "\n" in doc.text[sentences[number - 1][1] - 1 : a + 1] or a < listed_to
            if a < silenced_to or (style != item_style if item_style else not opens_paragraph):
                continue
            about = _ABOUT_THE_ITEMS.search(words) and not (part == "plans" and _NEXT_STEP.match(words))
            if sentence[-1] not in _SENTENCE_END or cause or about or part == "shortcomings" and goes_on_without_deficiency(sentence):
                continue  # 继续办好…: a plan numbered among the problems
            if first and item_style is None and _GENERAL.search(sentence):
                listed_to = _line_end(doc.text, a)  # a paragraph that opens on its problems in general goes on to state them
                continue
            if is_instruction(sentence) or any(x <= a < y for x, y in planted):
                continue  # an order to a machine reader, or what it orders recorded (…按以下口径记录：罍山乡已配备…)
            offset = a + (b - a - len(doc.text[a:b].lstrip()))
            start, end = doc.original_span(offset, offset + len(sentence))
            text = _CONNECTIVE.sub("", words).rstrip(_SENTENCE_END)  # 此外，年终评比…: the problem, not the link
            if len(text) >= 4 and all(text != i.text or i.report != ref for i in out):
                out.append(Item(ref, text, Citation.at(ref, sentence, start, end, doc.line_of(start))))
    return out


def _candidates(text: str, block: Block, part: str) -> list[tuple[int, int, str]]:
    """The block's sentences (start, end, stripped text) that may be items of ``part``."""
    sentences = [(a, b, text[a:b].strip()) for a, b in _sentences(text, block.start, block.end)]
    if len(block.path) >= 2 and _label(block.path[-1]):  # （三）其他工作安排。一是…: the label is no item
        sentences = [t for t in sentences if not t[2].startswith(block.path[-1].rstrip("…"))]
    if part == "plans" and len(block.parts) > 1:
        # In 存在的问题及下步打算 a problem is often titled by its own statement and followed by its
        # plan (「（一）执法力量不足的问题。…。下步，将…」): the plans are the 下步 sentences, and a
        # statement of a problem is never one.
        next_steps = [t for t in sentences if _NEXT_STEP.match(_words(t[2]))]
        for lead_in in [t for t in next_steps if t[2][-1] in "：:"]:  # 下一步，乡里将重点做好以下工作：一是…；二是…
            line_end = _line_end(text, lead_in[0])
            next_steps += [t for t in sentences if lead_in[0] < t[0] < line_end and t not in next_steps]
        next_steps.sort()
        if not next_steps and len(block.path) >= 2 and _LABEL_END["shortcomings"].search(block.path[-1].rstrip("…")):
            return []
        sentences = next_steps or sentences
    return sentences


def _line_end(text: str, at: int) -> int:
    end = text.find("\n", at)
    return len(text) if end < 0 else end


def _line_at(text: str, at: int) -> str:
    """The whole line of ``text`` around ``at``, stripped."""
    return text[text.rfind("\n", 0, at) + 1 : _line_end(text, at)].strip()


def _is_section_heading(text: str, block: Block) -> bool:
    """Whether the block opens with a heading line of its own (（二）存在的问题), not a numbered item."""
    line = _line_at(text, block.start)
    return bool(block.path) and bool(line) and line[-1] not in _SENTENCE_END + "：:"


def _style(sentence: str) -> str | None:
    numbered = numbering(sentence)
    return numbered[0] if numbered else None


_CONNECTIVE = re.compile(r"^(?:此外|另外|同时|再者|还有|另一方面|与此同时)[，,]\s*")


def _words(line: str) -> str:
    """A line without its numbering (（二）下步打算 → 下步打算)."""
    numbered = numbering(line)
    return line[numbered[1] :] if numbered else line


def _is_cause(sentence: str) -> bool:
    """A sentence giving causes: its first clause names them (究其原因，… / 原因分析：… / 主要原因是…)
    or it opens by pointing back at the problems just stated (上述问题的产生…)."""
    words = _words(sentence)
    return bool(_CAUSE_WORD.search(re.split(r"[，,：:；;。]", words, maxsplit=1)[0]) or _BACK_REFERENCE.match(words))


def _announces(lead_in: str, part: str) -> bool:
    """Whether a lead-in ending in a colon (存在问题： / 原因分析： / 下步打算：) announces items of
    ``part``; one that names no part (主要表现在以下几个方面：) does."""
    if _is_cause(lead_in):
        return False
    named = set(classify_heading(lead_in)) & {"shortcomings", "plans"}
    return not named or part in named


def _label(title: str) -> str | None:
    """What a sub-heading labels when it is a label: its last word names a part or causes and the
    rest states no deficiency (（二）下步打算 → plans; （二）调解工作缺乏计划 is a problem, no label;
    （一）普法工作开展方面 is a topic, no label); a problems label is framing words only
    (（一）存在的问题 → shortcomings; （一）合法性审查能力不足 is a problem)."""
    words = _words(title).rstrip("…。：: ")
    if len(words) > 12 or re.search(r"[，,；;]", words):  # a label is a short phrase, not a statement
        return None
    for kind, end in _LABEL_END.items():
        match = end.search(words)
        before = words[: match.start()] if match else ""
        if match and not _DEFICIENCY.search(before) and (kind != "shortcomings" or _FRAMING.fullmatch(before)):
            return kind
    return None


def _blocks_of_part(text: str, year: int | None, part: str) -> list[Block]:
    """The blocks whose text belongs to ``part``. A merged part (存在的问题及下步打算) or a
    shortcomings part with its causes (存在的不足和原因) is often split by sub-headings that label
    their text (（一）存在的问题 / （二）下步打算 / （二）原因分析 / （三）其他工作安排。…): a label of another
    part or of causes takes everything under it out of ``part``, unless it names ``part`` too
    (（一）存在的问题及原因); a label of ``part`` inside another part (（三）不足之处 closing the
    achievements) brings what is under it in."""
    kept: list[Block] = []
    verdict_at: dict[int, bool] = {}  # depth of a label → whether its subtree is in the part
    for block in parse_blocks(text, year):
        depth = len(block.path)
        verdict_at = {d: v for d, v in verdict_at.items() if d < depth}
        if depth >= 1:  # a part of its own can be causes too (四、产生问题的原因)
            label, words = _label(block.path[-1]), _words(block.path[-1])
            merged = part in _PART_WORD and _PART_WORD[part].search(words) and _COORDINATION.search(words)
            if label == part and part not in block.parts and not _COORDINATION.search(words):
                verdict_at[depth] = True
            elif label is not None and label != part and not merged:
                verdict_at[depth] = False
        in_part = part in block.parts and not (part == "shortcomings" and "measures" in block.parts)
        if verdict_at[max(verdict_at)] if verdict_at else in_part:  # the nearest label decides
            kept.append(block)
    return kept


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``; a sentence that is not itself numbered is
    split after a colon that opens a numbered list (仍存在一些不足：一是…) or follows a lead-in to
    items (还存在以下不足：A；B。), since the lead-in before the colon is not an item and the first
    item after it is."""
    spans = []
    for match in SENTENCE.finditer(text, start, end):
        sentence = match.group()
        if not sentence.strip():
            continue
        cut = None
        if numbering(sentence.strip()) is None:
            cut = next((c.end() for c in re.finditer(r"[：:]\s*", sentence)
                        if numbering(sentence[c.end() :]) or _GENERAL.search(sentence[: c.start()]) and sentence[c.end() :].strip()), None)
        spans += [(match.start(), match.end())] if cut is None else [(match.start(), match.start() + cut),
                                                                    (match.start() + cut, match.end())]
    return spans


HEADLINE = 25  # characters: a problem stated this briefly is a headline its next sentence explains


def with_explanation(item: Item, doc: NormalizedText) -> Item:
    """A short problem headline (一是执法力量薄弱。) together with the sentence after it on the same
    line, when that sentence explains it (not a new item, a cause or a next step): the memo quotes
    a problem in full, not its sub-heading."""
    original, end = doc.original, item.citation.end
    if len(item.text) > HEADLINE:
        return item
    match = SENTENCE.search(original, end, _line_end(original, end))
    explanation = match.group().strip() if match else ""
    if len(explanation) < 6 or numbering(explanation) or _is_cause(explanation) or _NEXT_STEP.match(explanation) \
            or is_instruction(explanation) or explanation[-1] not in _SENTENCE_END:
        return item
    quote = original[item.citation.start : match.end()].rstrip()  # type: ignore[union-attr]
    cited = Citation.at(item.report, quote, item.citation.start, item.citation.start + len(quote), item.citation.line)
    return Item(item.report, item.text, cited)

