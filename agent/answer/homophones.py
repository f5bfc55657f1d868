"""Typos of pinyin input: 信方 for 信访, 合法姓审查 for 合法性审查, 执法记录议 for 执法记录仪.

Questions are typed with a pinyin keyboard, so a wrong character sounds like the right one. The
words the planner knows are the registries' own (``store.indicators`` and ``store.topics``: every
run of Chinese characters in the patterns by which a question names an indicator or a topic); a
stretch of a question that is not such a word but is pronounced like one is read as that word, when
the question then names an indicator or a topic it did not name before (受理量 is not 受力量: that
names nothing new). Only the domain's words are repaired, never a town or any other word.
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin

from store.indicators import INDICATORS
from store.topics import TOPICS

_CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
# A particle two words share says nothing of whether one is a typo of the other (署了 is no 输了).
_PARTICLES = "了过掉的着地得"
_CLASS = re.compile(r"\[[^\]]*\]")  # 审[查核] is 审查 or 审核, never a word 查核


@cache
def _vocabulary() -> dict[tuple[str, ...], str]:
    """Each known word by its pronunciation (toneless syllables)."""
    patterns = [i.asked.pattern for i in INDICATORS] + [t.asked.pattern for t in TOPICS]
    words = {w for pattern in patterns for w in _CJK_RUN.findall(_CLASS.sub("|", pattern))}
    return {tuple(lazy_pinyin(w)): w for w in sorted(words, key=len)}


@cache
def _lengths() -> tuple[int, ...]:
    return tuple(sorted({len(k) for k in _vocabulary()}, reverse=True))


def _names(text: str) -> set[str]:
    """The indicators and topics ``text`` names."""
    return {i.key for i in INDICATORS if i.asked.search(text)} | {t.key for t in TOPICS if t.asked.search(text)}


def repair_homophones(text: str, keep: list[str]) -> str:
    """``text`` with each stretch that sounds like a known word but is spelled otherwise replaced
    by the word, longest words first. A typo gets a character or two wrong, not all of them, so a
    stretch sharing no character with the word (新房 / 信访) is another word; names in ``keep``
    (the store's towns and counties) are never touched."""
    vocabulary, known = _vocabulary(), set(_vocabulary().values())
    kept = [(m.start(), m.end()) for name in keep if name for m in re.finditer(re.escape(name), text)]
    out, i = [], 0
    while i < len(text):
        for length in _lengths():
            window = text[i : i + length]
            if len(window) < length or not _CJK_RUN.fullmatch(window) or window in known \
                    or any(a < i + length and i < b for a, b in kept):
                continue
            word = vocabulary.get(tuple(lazy_pinyin(window)))
            shared = sum(x == y and x not in _PARTICLES for x, y in zip(word or window, window, strict=True))
            if word is not None and shared and shared * 2 >= length \
                    and _names(text[:i] + word + text[i + length :]) - _names(text):
                out.append(word)
                i += length
                break
        else:
            out.append(text[i])
            i += 1
    return "".join(out)
