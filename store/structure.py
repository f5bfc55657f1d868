"""The heading tree of a report and which mandated part each top-level section is.

Every report is supposed to follow a five-part outline, but headings never match it literally
(工作开展情况, 存在问题, 2025年工作计划…) and numbering styles vary (一、 （一） (一) 1、 1. 一是).
Levels are assigned by the order styles first appear, the way a reader infers them, so a report
that nests 1、 under （一） and one that nests （一） under 1、 both parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store.scripts import has_han

PARTS = ("measures", "shortcomings", "first_responsible", "plans", "other")
PART_LABELS_ZH = {
    "measures": "举措和成效",
    "shortcomings": "不足和原因",
    "first_responsible": "第一责任人职责",
    "plans": "下一年度安排",
    "other": "其他需要报告的情况",
}
PART_LABELS_EN = {
    "measures": "measures and results",
    "shortcomings": "shortcomings and causes",
    "first_responsible": "duties of the principal leaders as first responsible persons",
    "plans": "plans for the next year",
    "other": "other matters to report",
}

_STYLES: list[tuple[str, re.Pattern[str]]] = [
    ("cn", re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]\s*")),
    ("paren_cn", re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]\s*")),
    ("num", re.compile(r"^\d{1,2}(?:、|[.．](?!\d)|[.．](?=20\d\d年))\s*")),  # 1、2024年… and 3.2025年… are numbered; 2.5% is not
    ("paren_num", re.compile(r"^[（(]\d{1,2}[）)]\s*")),
    ("circled", re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳]\s*")),
    ("shi", re.compile(r"^[一二三四五六七八九十]{1,3}是(?=[^，,。])")),
    ("yao", re.compile(r"^[一二三四五六七八九十]{1,3}要(?=[^，,。求])")),  # 一要…二要… (not 一要求)
    ("di", re.compile(r"^第[一二三四五六七八九十]{1,3}[，,]\s*")),  # 第一，…；第二，…
    # 第二部分：存在的不足和原因, but not a body sentence that refers to a part (第二部分所列问题……。)
    ("part_cn", re.compile(r"^第[一二三四五六七八九十]{1,3}部分(?=[^。]*$)[：:、]?\s*")),
    ("item_cn", re.compile(r"^第[一二三四五六七八九十]{1,3}项(?=[^。]*$)[：:、]?\s*")),  # 第一项　主要举措和成效
    ("bracket_cn", re.compile(r"^【[一二三四五六七八九十]{1,3}】\s*")),  # 【一】主要举措和成效
    ("capital", re.compile(r"^[壹贰叁肆伍陆柒捌玖拾]{1,3}(?=[^。]*$)[、.．]?\s*")),  # 壹　主要举措和成效 (a line, not a sentence)
]
_TITLE_END = re.compile(r"[。；;：:！!？?]")

# Part keywords. A heading may name several parts ("存在问题及下一步打算"): that is a merged
# section, reported as such by the outline check. Measures words also appear inside plans and
# first-responsible headings ("目标举措", "加强法治政府建设的有关情况"), so measures only counts
# when nothing more specific matched.
_PART_PATTERNS: dict[str, re.Pattern[str]] = {
    "other": re.compile(r"其[他它](?:需要|需|应当)?(?:报告|说明)?的?(?:情况|事项)"),
    "first_responsible": re.compile(r"第一责任人|主要负责人|一把手|主要领导\S{0,6}履行|履行\S{0,8}法治建设职责"),
    "plans": re.compile(r"计划|安排|打算|思路|下一步|下步|展望|努力方向|工作重点|目标任务"),
    "shortcomings": re.compile(r"不足|问题|短板|差距|困难|薄弱|挑战|弱项"),
    "measures": re.compile(r"举措|成效|成绩|做法|开展情况|工作情况|主要工作|进展|亮点|落实情况|建设情况|取得|工作开展"),
}
# The measures part named by its mandated name, not a measures word inside another part's heading.
_MEASURES_BY_NAME = re.compile(r"(?:主要)?举措(?:和|及|与|、)成效")
_YEAR = re.compile(r"(20\d\d)\s*年")
_TITLE_WORDS = re.compile(r"报告|总结|关于")
_BODY_LINE = re.compile(r"^.{30,}。")


@dataclass(frozen=True)
class Heading:
    """A heading line in the clean text: where it starts, its depth and its own title."""

    start: int
    level: int
    style: str
    title: str


@dataclass(frozen=True)
class Block:
    """A run of clean text under one heading path (a leaf section, or the preamble)."""

    start: int
    end: int
    path: tuple[str, ...]
    part: str | None
    parts: tuple[str, ...]


_BRACKETED = re.compile(r"[（(](?:含|包括|包含|兼|暨|附)([^（()）]*)[）)]")


def classify_heading(title: str, report_year: int | None = None) -> tuple[str, ...]:
    """The mandated parts a top-level heading covers, in the order the heading names them. A part
    named in brackets beside another (举措和成效（含主要负责人履职情况）) is folded into it: both."""
    outer = _classify(_BRACKETED.sub("", title), report_year)  # （下一步打算见第四部分） points elsewhere: no fold
    inner = [part for words in _BRACKETED.findall(title) for part in _classify(words, report_year)]
    if outer and inner:
        return tuple(dict.fromkeys([*outer, *inner]))
    return _classify(title, report_year)


def _classify(title: str, report_year: int | None) -> tuple[str, ...]:
    hits: list[tuple[int, str]] = []
    for part, pattern in _PART_PATTERNS.items():
        match = pattern.search(title)
        if match:
            hits.append((match.start(), part))
    years = [int(y) for y in _YEAR.findall(title)]
    if report_year and any(y > report_year for y in years) and all(p != "plans" for _, p in hits):
        hits.append((title.find(str(max(years))), "plans"))
    if len(hits) > 1 and not _MEASURES_BY_NAME.search(title):  # 主要举措和成效及党政主要负责人履职情况: both, by name
        hits = [hit for hit in hits if hit[1] != "measures"]
    return tuple(part for _, part in sorted(hits))


def numbering(line: str) -> tuple[str, int] | None:
    """The numbering style a line opens with (一、 （一） 1. 一是 第二部分…) and where its words start."""
    for name, pattern in _STYLES:
        match = pattern.match(line)
        if match:
            return name, match.end()
    return None


def _title_end(line: str) -> re.Match[str] | None:
    """Where a run-in title stops: its first full stop or colon after its numbering, since the colon
    of 第二部分：存在的不足和原因 belongs to the numbering."""
    numbered = numbering(line)
    return _TITLE_END.search(line, numbered[1] if numbered else 0)


def _heading_title(line: str, style: str) -> str:
    """A heading's own words: a run-in heading stops at its first full stop, a long one is cut."""
    match = _title_end(line)
    title = line[: match.start()] if match else line
    if style != "shi" and not match and len(title) > 60:
        return ""
    return title if len(title) <= 40 else title[:40] + "…"


def _bare_heading(line: str) -> bool:
    """An unnumbered heading such as "存在问题": short, unpunctuated, naming a part, not a title."""
    return (
        len(line) <= 32  # the mandated part titles run to 24 characters
        and not _TITLE_END.search(line)
        and "，" not in line
        and (not _TITLE_WORDS.search(line) or classify_heading(line) == ("other",))  # 其他需要报告的情况 names 报告
        and bool(classify_heading(line))
    )


# Markdown bold or underline around a whole line (**一、…**), as reports pasted from an editor carry it.
_EMPHASIS = re.compile(r"^\s*(?:\*\*|__)|(?:\*\*|__)\s*$")


def find_headings(text: str, skip_first_line: bool = True) -> list[Heading]:
    """Heading lines with levels inferred from the order their numbering styles appear. A heading
    is Chinese: a numbered line in Latin letters ("1. Cujyau cosih", a Zhuang heading beside the
    Chinese one) or emoji ("1. ✅") is no section of the report."""
    style_stack: list[str] = []
    headings: list[Heading] = []
    pos = 0
    seen_body = False
    for index, line in enumerate(text.split("\n")):
        start, pos = pos, pos + len(line) + 1
        if index == 0 and skip_first_line:
            continue
        line = _EMPHASIS.sub("", line)  # **3. 党政主要负责人…情况**: a heading set in bold by markdown
        style = numbered[0] if (numbered := numbering(line)) and has_han(line) else None
        if style is None and seen_body and _bare_heading(line):
            style = "bare"
        seen_body = seen_body or bool(_BODY_LINE.match(line))
        if style is None:
            continue
        title = _heading_title(line, style)
        if not title:
            continue
        if style == "bare":
            style_stack = ["bare"]  # an unnumbered part heading always opens a top-level section
        elif style in style_stack:
            del style_stack[style_stack.index(style) + 1 :]
        else:
            style_stack.append(style)
        headings.append(Heading(start=start, level=len(style_stack), style=style, title=title.strip()))
    return headings


def _top_level_parts(headings: list[Heading], report_year: int | None) -> dict[int, tuple[str, ...]]:
    """Parts of each top-level heading. When no heading names the measures part, the untitled
    sections before the first shortcomings/plans section are the measures ("一、今年以来，我镇…")."""
    tops = [h for h in headings if h.level == 1]
    parts = {h.start: classify_heading(h.title, report_year) for h in tops}
    if not any("measures" in p for p in parts.values()):
        for heading in tops:
            if parts[heading.start]:
                if set(parts[heading.start]) & {"shortcomings", "plans", "other"}:
                    break
                continue
            parts[heading.start] = ("measures",)
    return parts


def top_sections(text: str, report_year: int | None = None) -> list[tuple[Heading, tuple[str, ...]]]:
    """The report's top-level headings in reading order, each with the mandated parts it covers
    (none for a section that is no mandated part): what the outline check reads order, count,
    numbering and split parts from."""
    headings = find_headings(text)
    parts = _top_level_parts(headings, report_year)
    return [(h, parts[h.start]) for h in headings if h.level == 1]


def parse_blocks(text: str, report_year: int | None = None) -> list[Block]:
    """Split clean text into blocks, each knowing its heading path and mandated part."""
    headings = find_headings(text)
    blocks: list[Block] = []
    first = headings[0].start if headings else len(text)
    if first > 0:
        blocks.append(Block(0, first, (), None, ()))
    path: list[str] = []
    top_parts = _top_level_parts(headings, report_year)
    parts: tuple[str, ...] = ()
    for i, heading in enumerate(headings):
        del path[heading.level - 1 :]
        path.append(heading.title)
        if heading.level == 1:
            parts = top_parts[heading.start]
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        blocks.append(Block(heading.start, end, tuple(path), parts[0] if parts else None, parts))
    return blocks
