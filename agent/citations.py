"""Check an answer against the passages it was written from, before anyone sees it as final.

- ``[S3]`` labels must name passages that were shown; unknown labels are dropped.
- Quoted text (「…」, “…”, "…") must occur verbatim, whitespace aside, in a cited report, else it
  is removed and the answer marked.
- Every number must occur in a passage that was shown; the citation is the sentence holding it
  that shares most wording with the claim (the model's own labels win ties), so a citation rests
  on the fact, not merely on the passage the model named. A number found nowhere removes its
  sentence and marks the answer.
Each citation carries the exact sentence it rests on, with its span and line in the original file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from agent.evidence import Ledger, Passage
from store.evidence import SENTENCE, is_instruction
from store.normalize import NormalizedText
from store.store import ReportStore

_LABEL = re.compile(r"\[\s*(S\d+)\s*\]")
# Label-like tokens the model made up ([SF2], [P1]): removed like unknown labels, so their digits
# are never mistaken for figures.
_MADE_UP_LABEL = re.compile(r"\[\s*(?!S\d)([A-Za-z]{1,3}\s*\d+)\s*\]")
# What is left of "根据片段[S1]和[S2]，" once labels are gone: no claim, only connective words.
_FILLER = re.compile(r"^[\s依据根据来源参见见出自报告片段原文第和、及与以上如下,，.。:：;；]*$")
_QUOTE = re.compile(r"「([^」]{4,})」|“([^”]{4,})”|\"([^\"]{4,})\"")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_ANSWER_SENTENCE = re.compile(r"[^。！？!?\n]+(?:[。！？!?]+|\n|$)")
REMOVED_QUOTE = {"zh": "〔无法核实的引文已删除〕", "en": "[unverifiable quote removed]"}


@dataclass
class Citation:
    report_id: str
    file: str
    town: str | None
    year: int | None
    quote: str
    start: int
    end: int
    line: int

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def verified(self) -> bool:
        return not self.problems


def report_ref(report_id: str, file: str, town: str | None, year: int | None) -> dict[str, Any]:
    """How an answer names a report it considered (``reports_considered`` in the CLI contract)."""
    return {"report_id": report_id, "file": file, "town": town, "year": year}


def _squash(text: str) -> str:
    return "".join(text.split())


def _numbers(text: str) -> list[str]:
    return _NUMBER.findall(text)


def _has_number(text: str, number: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", _squash(text)) is not None


class _Documents:
    """Reports' clean texts, loaded once per answer."""

    def __init__(self, store: ReportStore) -> None:
        self.store = store
        self._docs: dict[str, NormalizedText] = {}

    def get(self, report_id: str) -> NormalizedText:
        if report_id not in self._docs:
            self._docs[report_id] = self.store.document(report_id)
        return self._docs[report_id]


def _cite(docs: _Documents, passage: Passage, quote: str) -> Citation | None:
    doc = docs.get(passage.hit.report_id)
    span = doc.find(quote)
    if span is None:
        return None
    start, end = doc.original_span(*span)
    hit = passage.hit
    return Citation(hit.report_id, hit.file, hit.town, hit.year, doc.text[span[0] : span[1]], start, end, doc.line_of(start))


def _sentences(passage: Passage) -> list[str]:
    return [x.strip() for x in SENTENCE.findall(passage.hit.text) if x.strip() and not is_instruction(x)]


def _overlap(claim: str, sentence: str) -> int:
    grams = {claim[i : i + 2] for i in range(len(claim) - 1) if not claim[i : i + 2].isdigit()}
    return sum(g in sentence for g in grams)


def _support(claim: str, number: str | None, passages: list[Passage], preferred: list[Passage]) -> tuple[Passage, str] | None:
    """The sentence a claim rests on: among sentences holding ``number`` (if any), the one sharing
    most wording with the claim; passages the model itself cited win ties."""
    best: tuple[tuple[int, int], Passage, str] | None = None
    for passage in passages:
        for sentence in _sentences(passage):
            if number is not None and not _has_number(sentence, number):
                continue
            score = (_overlap(claim, sentence), passage in preferred)
            if number is not None and score[0] < 2:
                continue  # a bare digit shared with an unrelated sentence supports nothing
            if best is None or score > best[0]:
                best = (score, passage, sentence)
    return (best[1], best[2]) if best else None


def check_answer(
    text: str,
    ledger: Ledger,
    store: ReportStore,
    question: str,
    language: str,
    citations: list[Citation] | None = None,
) -> CheckedAnswer:
    """Check ``text``; new citations are appended to ``citations`` so several checked parts of
    one answer share one numbering."""
    docs = _Documents(store)
    problems: list[str] = []
    citations = [] if citations is None else citations
    index_of = {(c.report_id, c.start): i for i, c in enumerate(citations, 1)}

    def keep(citation: Citation) -> int:
        key = (citation.report_id, citation.start)
        if key not in index_of:
            citations.append(citation)
            index_of[key] = len(citations)
        return index_of[key]

    for label in sorted(set(_LABEL.findall(text)) - set(ledger.passages)) + _MADE_UP_LABEL.findall(text):
        problems.append(f"cited unknown source {label}")
    text = _MADE_UP_LABEL.sub("", text)

    everything = list(ledger.passages.values())
    allowed_numbers = set(_numbers(question))
    out: list[str] = []
    for sentence in (s for s in _ANSWER_SENTENCE.findall(text) if s.strip()):
        labels = [ledger.passages[label] for label in _LABEL.findall(sentence) if label in ledger.passages]
        claim = _LABEL.sub("", sentence)
        if _FILLER.match(claim):
            continue
        claim = re.sub(r"^(?:根据|依据)(?:报告)?片段\s*(?:[和、及与]\s*)*[,，]?", "", claim)
        support: list[tuple[Passage, str]] = []
        unsupported = None
        for number in _numbers(claim):
            if number in allowed_numbers:
                continue
            found = _support(claim, number, everything, labels)
            if found is None:
                unsupported = number
                break
            support.append(found)
        if unsupported is not None:
            problems.append(f"number {unsupported} is not in any passage shown; sentence removed")
            continue
        if not support:
            support = [found for p in labels if (found := _support(claim, None, [p], labels))]
        for match in _QUOTE.finditer(claim):
            quote = next(group for group in match.groups() if group)
            if any(_squash(quote) in _squash(sent) for _, sent in support):
                continue
            citation = next((c for p in labels + everything if (c := _cite(docs, p, quote))), None)
            if citation is None:
                claim = claim.replace(match.group(0), REMOVED_QUOTE[language])
                problems.append(f"quote not found verbatim in any report: {quote[:30]}")
            else:
                keep(citation)
        numbers = sorted({keep(c) for p, sent in support if (c := _cite(docs, p, sent))})
        marks = "".join(f"[{n}]" for n in numbers)
        stripped = claim.rstrip()
        out.append(stripped + marks + claim[len(stripped) :])
    return CheckedAnswer(text="".join(out).strip(), citations=citations, problems=problems)
