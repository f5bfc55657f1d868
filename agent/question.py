"""Read a question before any model sees it: language, towns, years, and whether it is a
coverage question ("which towns lack X") that must be answered by scanning every report."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEAR = re.compile(r"(20\d\d)\s*年?")
_ZH_SUBJECT = r"(?:乡镇|镇街|街道|镇|乡|单位|地方|报告)?"
_ZH_VERB = r"(?:配备|配置|配齐|建立|设立|开展|聘请|落实|实现|安装|提到|提及|说明|配)"
# "哪些乡镇的执法队伍没配执法记录仪": a short possessive phrase may stand between subject and verb.
_ZH_WHICH = rf"哪些{_ZH_SUBJECT}(?:的[^，。？?没未缺有已]{{0,8}}?)?(?:还|仍|目前)?"
_ZH_NEGATIVE = re.compile(
    rf"{_ZH_WHICH}(?:没有|未|尚未|没|缺乏|缺少|不具备|未能){_ZH_VERB}?(?:了)?(?P<topic>[^？?，。,]+)"
)
_ZH_POSITIVE = re.compile(rf"{_ZH_WHICH}(?:已经|已)?(?:{_ZH_VERB}|有)(?:了)?(?P<topic>[^？?，。,]+)")
_EN_COVERAGE = re.compile(
    r"\bwhich\s+(?:towns?|townships?|street offices?|reports?)\b.*?\b(?P<polarity>lack|lacks|do not have|don't have|"
    r"have not|haven't|without|have|has|mention|mentions)\b\s*(?P<topic>[^?]+)",
    re.IGNORECASE,
)
_NEGATIVE_EN = {"lack", "lacks", "do not have", "don't have", "have not", "haven't", "without"}
_FOLLOW_UP = re.compile(r"它们|它|这些|该镇|该街道|上述|those|they|them|these|their", re.IGNORECASE)


@dataclass
class Question:
    text: str
    language: str
    towns: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    coverage_topic: str | None = None
    coverage_negative: bool = False
    follow_up: bool = False

    @property
    def is_coverage(self) -> bool:
        return self.coverage_topic is not None


def detect_language(text: str) -> str:
    """'zh' when the question is written in Chinese, else 'en' (answers follow the question)."""
    cjk = len(_CJK.findall(text))
    letters = len(re.findall(r"[A-Za-z]", text))
    return "zh" if cjk * 3 >= letters else "en"


_BEFORE = r"(?:^|(?<=[\s，,、。？?和与及跟同对比较在把]))"
_AFTER = r"(?=$|[\s，,、。？?和与及跟同的在有是这那]|镇|乡|街道)"


def towns_named(text: str, known_towns: list[str]) -> list[str]:
    """Known towns the question names, fully (田镇街道) or by a bare name set off by particles
    (陶家和田镇的…): a bare name inside a phrase (法治政府建设) is not a town."""
    found = []
    for town in sorted(known_towns, key=len, reverse=True):
        bare = re.sub(r"(街道|镇|乡)$", "", town)
        named = town in text or (len(bare) >= 2 and re.search(_BEFORE + re.escape(bare) + _AFTER, text))
        if named and not any(town in other for other in found):
            found.append(town)
    return sorted(found, key=lambda t: text.find(re.sub(r"(街道|镇|乡)$", "", t)))


def parse_question(text: str, known_towns: list[str]) -> Question:
    question = Question(text=text.strip(), language=detect_language(text))
    question.towns = towns_named(text, known_towns)
    question.years = [int(y) for y in _YEAR.findall(text)]
    question.follow_up = bool(_FOLLOW_UP.search(text)) and not question.towns
    if match := _ZH_NEGATIVE.search(text):
        question.coverage_topic, question.coverage_negative = match["topic"].strip(), True
    elif match := _ZH_POSITIVE.search(text):
        question.coverage_topic = match["topic"].strip()
    elif match := _EN_COVERAGE.search(text):
        question.coverage_topic = match["topic"].strip().rstrip("?. ")
        question.coverage_negative = match["polarity"].lower() in _NEGATIVE_EN
    return question
