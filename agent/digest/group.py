"""Items that several reports share (a problem, a plan), grouped by code.

Reports list their problems and plans as enumerated items (一是…, （一）…, 1.…), each usually
opened by a short statement of the item ("一是执法力量薄弱。"). Those statements are embedded with
the offline multilingual encoder and grouped by average-linkage clustering: two groups merge only
when their members are similar on average (no chaining of near-misses), and never when they
already hold the same report, so a group's size is the number of reports that state it. Measured
on the digest test county (eval/digest, ``bench/digest_groups.py``): at 0.65, 3 of the 5 planted
shared problems come out with exactly their towns (best-group overlap 0.83); the misses are
paraphrases the encoder does not see as one problem (执法力量薄弱 vs 执法人员数量不足), which is
where a model that names each item's problem would help.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from agent.answer.types import Citation, ReportRef
from store.catalog import ReportRow
from store.normalize import NormalizedText
from store.sentences import SENTENCE, is_instruction
from store.structure import parse_blocks

ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[一二三四五六七八九十]+、)\s*")
_NOT_AN_ITEM = re.compile(r"原因|下步打算|下一步打算")
SIMILAR = 0.65


@dataclass(frozen=True)
class Item:
    """One enumerated statement of one report, with its citation."""

    report: ReportRef
    text: str  # without its enumerator
    citation: Citation


def items_in_part(report: ReportRow, doc: NormalizedText, part: str) -> list[Item]:
    """The enumerated statements inside the sections of ``part`` (not the part heading itself)."""
    ref = ReportRef.of(report)
    out: list[Item] = []
    for block in parse_blocks(doc.text, report.meta.get("year")):
        if part not in block.parts or (part == "shortcomings" and "measures" in block.parts):
            continue
        for match in SENTENCE.finditer(doc.text, block.start, block.end):
            sentence = match.group().strip()
            if not ENUMERATOR.match(sentence) or _NOT_AN_ITEM.search(sentence) or is_instruction(sentence):
                continue
            offset = match.start() + (len(match.group()) - len(match.group().lstrip()))
            start, end = doc.original_span(offset, offset + len(sentence))
            citation = Citation.at(ref, sentence, start, end, doc.line_of(start))
            text = ENUMERATOR.sub("", sentence).rstrip("。；;")
            if len(text) >= 4 and all(text != i.text or i.report != ref for i in out):
                out.append(Item(ref, text, citation))
    return out


def group_items(items: list[Item], embed) -> list[list[Item]]:  # noqa: ANN001 (an embedding function)
    """Groups of similar items from different reports, largest first."""
    if not items:
        return []
    vectors = np.array(embed([i.text for i in items]), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    sim = vectors @ vectors.T
    groups = [[i] for i in range(len(items))]
    while True:
        best: tuple[float, int, int] | None = None
        for x in range(len(groups)):
            for y in range(x + 1, len(groups)):
                if {items[i].report for i in groups[x]} & {items[j].report for j in groups[y]}:
                    continue
                link = float(np.mean(sim[np.ix_(groups[x], groups[y])]))
                if link >= SIMILAR and (best is None or link > best[0]):
                    best = (link, x, y)
        if best is None:
            break
        _, x, y = best
        groups[x] += groups.pop(y)
    grouped = [[items[i] for i in sorted(g)] for g in groups]
    return sorted(grouped, key=lambda g: (-len(g), g[0].report.town or ""))


def label(group: list[Item]) -> str:
    """The group's name: its shortest statement (the plainest wording of the shared item)."""
    return min((i.text for i in group), key=len)
