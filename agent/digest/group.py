"""Items that several reports share (a problem, a plan), grouped by code.

Reports state their problems and plans as enumerated items (一是…, （一）…, 1.…) or one paragraph
per item, each usually opened by a short statement ("一是执法力量薄弱。"). Items are embedded with
the offline multilingual encoder, on their full text and on their statement alone, and grouped
(``group_items``); an item never joins a group that already holds its report, so a group's size
is the number of reports that state it.

Measured with ``bench/digest_groups.py`` on four fictional counties written by helpers who never
read the code: the item finder finds 144 of the 148 planted statements and takes no cause, plan or
achievement trap; grouping is precision-first (``MERGE`` 0.6: 18 of 25 groups are one planted
problem, against 14 of 36 at 0.4), and finds 3 of 24 planted shared problems with exactly their
towns. The misses are paraphrases the sentence encoder does not see as one problem
(执法文书不规范 / 行政处罚案卷制作不够严谨); the memo lists every item no group took, so nothing
stated is dropped. The 1.5B model as a kind picker, a pair judge or a topic labeller, e5
embeddings and bigram TF-IDF were measured and dropped (README, "County digest memo").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from agent.answer.types import Citation, ReportRef
from store.catalog import ReportRow
from store.normalize import NormalizedText
from store.sentences import SENTENCE, is_instruction
from store.structure import Block, classify_heading, parse_blocks

ENUMERATOR = re.compile(r"^(?:[一二三四五六七八九十]+是|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．]|[一二三四五六七八九十]+、)\s*")
# Sentences around the items, not items: causes, plans, and the lead-in that announces the list.
_NOT_AN_ITEM = re.compile(
    r"原因|下步打算|下一步打算|^下步|主要(?:表现|体现)(?:在|为)"
    r"|(?:一些|一定的?|以下|如下|不少|若干|几个|某些|诸多|许多)(?:方面的?)?(?:问题|不足|差距|短板|薄弱环节)"
)
# "仍存在一些不足：一是…；二是…": the lead-in and the first item share one sentence up to the colon.
_LEAD_IN_COLON = re.compile(r"[：:]\s*(?=" + ENUMERATOR.pattern.lstrip("^").removesuffix(r"\s*") + ")")
_SENTENCE_END = "。；;！!？?"
_CAUSE_HEADING = re.compile(r"原因|根源|成因")
SIMILAR = 0.65
MERGE = 0.6


@dataclass(frozen=True)
class Item:
    """One stated item (a problem, a plan) of one report, with its citation."""

    report: ReportRef
    text: str  # without its enumerator
    citation: Citation


def items_in_part(report: ReportRow, doc: NormalizedText, part: str) -> list[Item]:
    """The items stated inside the sections of ``part`` (not the part heading itself).

    Reports list them in two ways: enumerated (一是…, （一）…, 1.…), where the enumerated sentence is
    the item; or one paragraph per item with no enumerator, where the paragraph's first sentence is.
    A line without a sentence end is a heading, not an item."""
    ref = ReportRef.of(report)
    out: list[Item] = []
    for block in _blocks_of_part(doc.text, report.meta.get("year"), part):
        sentences = _sentences(doc.text, block.start, block.end)
        enumerated = any(ENUMERATOR.match(doc.text[a:b].strip()) and doc.text[a:b].strip()[-1] in _SENTENCE_END
                         for a, b in sentences)
        for number, (a, b) in enumerate(sentences):
            sentence = doc.text[a:b].strip()
            if block.path and sentence.startswith(block.path[0].rstrip("…")):  # the part's own heading
                continue
            opens_paragraph = number == 0 or "\n" in doc.text[sentences[number - 1][1] - 1 : a + 1]
            if enumerated and not ENUMERATOR.match(sentence) or not enumerated and not opens_paragraph:
                continue
            if sentence[-1] not in _SENTENCE_END or _NOT_AN_ITEM.search(sentence) or is_instruction(sentence):
                continue
            if _CAUSE_HEADING.search(ENUMERATOR.sub("", _line_at(doc.text, a))[:10]):
                continue  # a line of causes (原因分析：一是…；二是…), however it is enumerated
            offset = a + (b - a - len(doc.text[a:b].lstrip()))
            start, end = doc.original_span(offset, offset + len(sentence))
            citation = Citation.at(ref, sentence, start, end, doc.line_of(start))
            text = ENUMERATOR.sub("", sentence).rstrip(_SENTENCE_END)
            if len(text) >= 4 and all(text != i.text or i.report != ref for i in out):
                out.append(Item(ref, text, citation))
    return out


def _blocks_of_part(text: str, year: int | None, part: str) -> list[Block]:
    """The blocks whose text belongs to ``part``. A merged part (存在的问题及下步打算) or a
    shortcomings part with its causes (存在的不足和原因) is often split by stand-alone sub-headings
    (（一）存在的问题 / （二）下步打算 / （二）原因分析): a sub-heading that names another part, or causes,
    takes everything under it out of ``part``, so plans and causes are not counted as problems. In a
    merged part, a run-in heading that names a part (（三）其他工作安排。一是…) counts the same way."""
    kept: list[Block] = []
    off_at: dict[int, bool] = {}  # depth of a stand-alone sub-heading → whether its subtree is off
    for block in parse_blocks(text, year):
        if part not in block.parts or (part == "shortcomings" and "measures" in block.parts):
            continue
        depth = len(block.path)
        off_at = {d: off for d, off in off_at.items() if d < depth}
        standalone = len(_line_at(text, block.start)) <= 24 and _line_at(text, block.start)[-1:] not in _SENTENCE_END
        if depth >= 2 and (standalone or len(block.parts) > 1):
            named = classify_heading(block.path[-1])
            cause = standalone and bool(_CAUSE_HEADING.search(block.path[-1]))
            off_at[depth] = cause or bool(named) and part not in named
        if not any(off_at.values()):
            kept.append(block)
    return kept


def _sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the sentences in ``text[start:end]``, split after a lead-in colon that opens an
    enumeration (仍存在一些不足：一是…), since the lead-in is not an item and the first item is."""
    spans = []
    for match in SENTENCE.finditer(text, start, end):
        if not match.group().strip():
            continue
        colon = _LEAD_IN_COLON.search(match.group())
        cut = match.start() + colon.end() if colon else match.end()
        spans += [(match.start(), cut)] + ([(cut, match.end())] if colon else [])
    return spans


def _line_at(text: str, start: int) -> str:
    """The whole line of ``text`` around ``start``, stripped."""
    return text[text.rfind("\n", 0, start) + 1 : text.find("\n", start) if "\n" in text[start:] else len(text)].strip()


def _head(text: str) -> str:
    """An item's statement without its explanation (执法文书不规范，个别案卷… → 执法文书不规范)."""
    return re.split(r"[，,；;：:]", text, maxsplit=1)[0]


def _similarity(items: list[Item], embed) -> np.ndarray:  # noqa: ANN001 (an embedding function)
    """Pairwise similarity of items: the better of their full texts' and their statements' cosine,
    since one report states a problem in six characters and another in sixty."""
    def unit(texts: list[str]) -> np.ndarray:
        vectors = np.array(embed(texts), dtype=float)
        return vectors / (np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12)

    full, head = unit([i.text for i in items]), unit([_head(i.text) for i in items])
    return np.maximum(full @ full.T, head @ head.T)


def group_items(items: list[Item], embed) -> list[list[Item]]:  # noqa: ANN001 (an embedding function)
    """Groups of similar items from different reports, largest first.

    First pass: each item joins the group whose members it is most similar to on average, if that
    average reaches ``SIMILAR`` and the group holds no item of the same report, else it opens a
    group; items are taken most-connected first, so groups form around typical wordings. Second
    pass: groups of different reports whose members are similar on average (``MERGE``) are joined,
    most similar first, so paraphrases that no single member links still meet. Vectorised (300
    reports in seconds)."""
    if not items:
        return []
    sim = _similarity(items, embed)
    order = np.argsort(-(sim >= SIMILAR).sum(axis=1), kind="stable")
    members: list[list[int]] = []
    reports: list[set[ReportRef]] = []
    sums = np.zeros((0, len(items)))  # per group: summed similarity of each item to its members
    for i in order:
        if members:
            mean = sums[:, i] / np.array([len(m) for m in members])
            allowed = np.array([items[i].report not in r for r in reports])
            candidates = np.where(allowed & (mean >= SIMILAR))[0]
            if len(candidates):
                g = int(candidates[np.argmax(mean[candidates])])
                members[g].append(int(i))
                reports[g].add(items[i].report)
                sums[g] += sim[i]
                continue
        members.append([int(i)])
        reports.append({items[i].report})
        sums = np.vstack([sums, sim[i]])
    members = _merge(members, reports, sim)
    grouped = [[items[i] for i in sorted(m)] for m in members]
    return sorted(grouped, key=lambda g: (-len(g), g[0].report.town or ""))


def _merge(members: list[list[int]], reports: list[set[ReportRef]], sim: np.ndarray) -> list[list[int]]:
    """Join the two most similar groups of disjoint reports while their mean similarity reaches
    ``MERGE``; group-to-group sums and report sets are matrices updated in place, so each join
    costs one row and column (300 reports in seconds)."""
    count = len(members)
    indicator = np.zeros((count, sim.shape[0]))
    for g, m in enumerate(members):
        indicator[g, m] = 1
    pair_sums = indicator @ sim @ indicator.T
    sizes = indicator.sum(axis=1)
    names = sorted({r for group in reports for r in group}, key=lambda r: r.report_id)
    owns = np.array([[r in group for r in names] for group in reports], dtype=float)
    alive = np.ones(count, dtype=bool)
    while True:
        mean = pair_sums / np.outer(sizes, sizes)
        mean[(owns @ owns.T) > 0] = -1  # shares a report (and the diagonal)
        mean[~alive] = -1
        mean[:, ~alive] = -1
        a, b = np.unravel_index(int(np.argmax(mean)), mean.shape)
        if mean[a, b] < MERGE:
            return [m for g, m in enumerate(members) if alive[g]]
        members[a] += members[b]
        pair_sums[a] += pair_sums[b]
        pair_sums[:, a] += pair_sums[:, b]
        sizes[a] += sizes[b]
        owns[a] = np.maximum(owns[a], owns[b])
        alive[b] = False


def label(group: list[Item]) -> str:
    """The group's name: its shortest statement (the plainest wording of the shared item)."""
    return min((i.text for i in group), key=len)
