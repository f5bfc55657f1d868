"""Find every sentence of a report that mentions a topic, with its exact place in the file.

Questions such as "which towns lack body cameras" need every report checked, and a report that
never mentions the topic must come out as "not mentioned", never as "lacks". So evidence is
lexical and exhaustive: a sentence is evidence when it contains the topic's terms (or most of a
term's character bigrams, to allow 执法记录设备 for 执法记录仪-style variants), not when an
embedding finds it vaguely similar.

Report text is data. Sentences that address a machine reader with instructions
(``store.sentences.is_instruction``) are set aside as suspected injections: they are not
statements about the town.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from store.normalize import NormalizedText
from store.sentences import SENTENCE, is_instruction
from store.statements import speaks_for_its_town
from store.structure import parse_blocks

_TERM_SPLIT = re.compile(r"[\s,，、/|；;和及与或]+")


@dataclass(frozen=True)
class Mention:
    """One sentence that mentions the topic: clean text plus its span and line in the original."""

    text: str
    start: int
    end: int
    line: int
    suspicious: bool = False  # a planted instruction: shown as set aside
    speaks_for_town: bool = True  # False: a requirement, an order or a note on the text, never evidence


def topic_terms(topic: str) -> list[str]:
    return [term for term in _TERM_SPLIT.split(topic.strip()) if term]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _mentions_term(sentence: str, term: str) -> bool:
    if term in sentence:
        return True
    grams = _bigrams(term)
    if len(grams) < 3:
        return False
    needed = math.ceil(0.75 * len(grams))
    return sum(gram in sentence for gram in grams) >= needed and _longest_shared_run(sentence, term) >= 3


def _longest_shared_run(sentence: str, term: str) -> int:
    best = 0
    for i in range(len(term)):
        for j in range(i + best + 1, len(term) + 1):
            if term[i:j] in sentence:
                best = j - i
            else:
                break
    return best


def find_mentions(doc: NormalizedText, topic: str, part: str | None = None, year: int | None = None) -> list[Mention]:
    """Sentences mentioning any of the topic's terms, in reading order; with ``part``, only those
    inside sections labelled with that mandated part (在存在的不足中提到X)."""
    terms = topic_terms(topic)
    spans = [(b.start, b.end) for b in parse_blocks(doc.text, year) if part in b.parts] if part else None
    mentions: list[Mention] = []
    for match in SENTENCE.finditer(doc.text):
        if spans is not None and not any(a <= match.start() < b for a, b in spans):
            continue
        sentence = match.group().strip()
        if not sentence or not any(_mentions_term(sentence, term) for term in terms):
            continue
        offset = match.start() + (len(match.group()) - len(match.group().lstrip()))
        start, end = doc.original_span(offset, offset + len(sentence))
        mentions.append(
            Mention(
                text=sentence,
                start=start,
                end=end,
                line=doc.line_of(start),
                suspicious=is_instruction(sentence),
                speaks_for_town=speaks_for_its_town(sentence),
            )
        )
    return mentions
