"""Check an answer against the passages it was written from, before anyone sees it as final.

- ``[S3]`` labels must name passages that were shown; unknown labels are dropped.
- Quoted text (「…」, “…”, "…") must occur verbatim, whitespace aside, in a cited report, else it
  is removed and the answer marked.
- Every number must occur in a cited passage. A number found only in another shown passage
  cites that passage; a number found nowhere removes its sentence and marks the answer.
Each citation carries the exact sentence it rests on, with its span and line in the original file.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

from agent.evidence import Ledger, Passage
from store.normalize import NormalizedText
from store.store import ReportStore

_LABEL = re.compile(r"\[(S\d+)\]")
_QUOTE = re.compile(r"「([^」]{4,})」|“([^”]{4,})”|\"([^\"]{4,})\"")
_NUMBER = re.compile(r"(?<![\d.])\d+(?:\.\d+)?(?![\d.])")
_SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
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


def _best_sentence(passage: Passage, claim: str) -> str:
    """The passage sentence a claim rests on: the one sharing its numbers, else most bigrams."""
    sentences = [s.strip() for s in _SENTENCE.findall(passage.hit.text) if s.strip()]
    numbers = _numbers(claim)

    def score(sentence: str) -> tuple[int, int]:
        shared_numbers = sum(_has_number(sentence, n) for n in numbers)
        grams = {claim[i : i + 2] for i in range(len(claim) - 1)}
        return shared_numbers, sum(g in sentence for g in grams)

    return max(sentences, key=score) if sentences else passage.hit.text


def check_answer(text: str, ledger: Ledger, store: ReportStore, question: str, language: str) -> CheckedAnswer:
    docs = _Documents(store)
    problems: list[str] = []

    for label in set(_LABEL.findall(text)) - set(ledger.passages):
        text = text.replace(f"[{label}]", "")
        problems.append(f"cited unknown source {label}")

    sentences = [s for s in _ANSWER_SENTENCE.findall(text) if s.strip()]
    kept: list[str] = []
    cited: list[tuple[Passage, str]] = []
    allowed_numbers = set(_numbers(question))
    for sentence in sentences:
        labels = [ledger.passages[label] for label in _LABEL.findall(sentence) if label in ledger.passages]
        claim = _LABEL.sub("", sentence)
        dropped = False
        for number in _numbers(claim):
            if number in allowed_numbers or any(_has_number(p.hit.text, number) for p in labels):
                continue
            elsewhere = [p for p in ledger.passages.values() if _has_number(p.hit.text, number)]
            if elsewhere:
                labels.append(elsewhere[0])
            else:
                problems.append(f"number {number} is not in any cited passage; sentence removed")
                dropped = True
                break
        if dropped:
            continue
        kept.append(sentence)
        cited.extend((passage, claim) for passage in labels)
    text = "".join(kept).strip()

    exact: list[Citation] = []
    for match in _QUOTE.finditer(text):
        quote = next(group for group in match.groups() if group)
        passages = [p for p, _ in cited] + list(ledger.passages.values())
        citation = next((c for p in passages if (c := _cite(docs, p, quote))), None)
        if citation is None:
            text = text.replace(match.group(0), REMOVED_QUOTE[language])
            problems.append(f"quote not found verbatim in any report: {quote[:30]}")
        else:
            exact.append(citation)

    citations: list[Citation] = []
    index_of: dict[tuple[str, int], int] = {}
    numbering: dict[str, int] = {}

    def keep(citation: Citation) -> int:
        key = (citation.report_id, citation.start)
        if key not in index_of:
            citations.append(citation)
            index_of[key] = len(citations)
        return index_of[key]

    for citation in exact:
        keep(citation)
    for passage, claim in cited:
        citation = _cite(docs, passage, _best_sentence(passage, claim))
        if citation is not None:
            numbering.setdefault(passage.label, keep(citation))
    text = _LABEL.sub(lambda m: f"[{numbering[m.group(1)]}]" if m.group(1) in numbering else "", text)
    return CheckedAnswer(text=text, citations=citations, problems=problems)
