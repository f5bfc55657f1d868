"""Items that several reports share (a problem, a plan), grouped by code.

Reports list their problems and plans as enumerated items (一是…, （一）…, 1.…), each usually
opened by a short statement of the item ("一是执法力量薄弱。"). Those statements are embedded with
the offline multilingual encoder and grouped: an item joins a group only when it is similar to its
members on average (no chaining of near-misses), and never a group that already holds its report,
so a group's size is the number of reports that state it. Measured
on the digest test county (eval/digest, ``bench/digest_groups.py``): at 0.65, 3 of the 5 planted
shared problems come out with exactly their towns (best-group overlap 0.83); the misses are
paraphrases the encoder does not see as one problem (执法力量薄弱 vs 执法人员数量不足). A model step
that offered each item left alone to the 1.5B model as a numbered choice among the shared groups
was tried and dropped: 56 calls for 13 reports, and 2 of 5 exact (it put 梅岭镇's 审查机制 under
审查能力不足).
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
            if block.path and sentence.startswith(block.path[0].rstrip("…")):  # the part's own heading
                continue
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
    """Groups of similar items from different reports, largest first.

    Each item joins the group whose members it is most similar to on average, if that average
    reaches ``SIMILAR`` and the group holds no item of the same report; else it opens a group.
    Items are taken most-connected first, so groups form around typical wordings. Vectorised:
    one pass over the items, each compared with every group at once (300 reports in seconds)."""
    if not items:
        return []
    vectors = np.array(embed([i.text for i in items]), dtype=float)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-12
    sim = vectors @ vectors.T
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
    grouped = [[items[i] for i in sorted(m)] for m in members]
    return sorted(grouped, key=lambda g: (-len(g), g[0].report.town or ""))


def label(group: list[Item]) -> str:
    """The group's name: its shortest statement (the plainest wording of the shared item)."""
    return min((i.text for i in group), key=len)
