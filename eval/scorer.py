"""Score one answer against its case's gold: answer, citations, refusal, language.

An answer is the ``Answer.as_dict()`` shape of ``fazhi ask --json`` (the baseline produces the
same shape). A case is right only when BOTH its answer and its citations pass.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from eval.cases import Case

_CJK = re.compile(r"[\u4e00-\u9fff]")
_LATIN = re.compile(r"[A-Za-z]")
_QUOTED = re.compile(r"「[^」]*」|“[^”]*”|\"[^\"]*\"|『[^』]*』")
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万|亿)?")
_MARKER = re.compile(r"\[(?:S)?\d+\]")
_COVERED = re.compile(r"(依据的报告[:：]|Reports checked:).*", re.S)
_YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")
REFUSAL = re.compile(
    r"报告中没有找到|没有找到能回答|报告(?:中|里)?(?:没有|未)(?:提及|提到|说明|载明|写明|相关)|无法(?:从报告中)?回答|NOT_FOUND|"
    r"do(?:es)? not contain|not (?:contain|mention|state)|no (?:information|answer)|cannot be answered",
    re.IGNORECASE,
)


def squash(text: str) -> str:
    return "".join(text.split())


def body_of(answer: str) -> str:
    """The answer without the closing list of reports it covers (which names years)."""
    return _COVERED.sub("", answer)


def numbers_in(text: str) -> list[float]:
    """Every number in ``text``, plus its value in units when written with 万/亿 (1.68万 -> 16800)."""
    found: list[float] = []
    for match in _NUMBER.finditer(_MARKER.sub(" ", text)):
        value = float(match.group(1).replace(",", ""))
        found.append(value)
        if match.group(2) == "万":
            found.append(round(value * 10_000, 2))
        elif match.group(2) == "亿":
            found.append(round(value * 100_000_000, 2))
    return found


def invented_numbers(answer: str) -> list[float]:
    """Numbers an answer states besides years and citation markers (on refusals: invented)."""
    return numbers_in(_YEAR.sub(" ", body_of(answer)))


def is_refusal(answer: str) -> bool:
    return bool(REFUSAL.search(body_of(answer))) or not body_of(answer).strip()


def answer_language(answer: str, towns: list[str]) -> str:
    """'zh' or 'en' for the answer's own words: quotes and town names do not count."""
    text = _QUOTED.sub(" ", body_of(answer))
    for town in towns:
        text = text.replace(town, " ")
    cjk, latin = len(_CJK.findall(text)), len(_LATIN.findall(text))
    return "zh" if cjk * 3 >= latin else "en"


def towns_in(text: str, towns: list[str]) -> set[str]:
    """Known towns named in ``text`` (longest names first, so 田镇街道 is not also 田镇)."""
    found: set[str] = set()
    rest = text
    for town in sorted(towns, key=len, reverse=True):
        if town in rest:
            found.add(town)
            rest = rest.replace(town, " ")
    return found


@dataclass
class CitationCheck:
    file: str
    quote: str
    valid: bool
    why: str = ""


@dataclass
class CaseScore:
    id: str
    category: str
    question: str
    answer: str
    gold: str
    answer_ok: bool
    citations_ok: bool
    language_ok: bool
    refused: bool
    should_refuse: bool
    invented_numbers: list[float] = field(default_factory=list)
    precision: float | None = None
    recall: float | None = None
    coverage: float | None = None
    answer_set: list[str] | None = None
    citations: list[CitationCheck] = field(default_factory=list)
    missing_reports: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    route: str | None = None
    retrieval_recall_at_5: float | None = None
    usage: dict[str, Any] = field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None

    @property
    def correct(self) -> bool:
        return self.answer_ok and self.citations_ok

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["correct"] = self.correct
        return data


class Documents:
    """Original texts of the reports in a store, by report id and by file name."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self.by_file = {r.file: r.id for r in store.reports()}
        self._texts: dict[str, str] = {}

    def original(self, report_id: str) -> str | None:
        if report_id not in self._texts:
            try:
                self._texts[report_id] = self.store.document(report_id).original
            except KeyError:
                return None
        return self._texts[report_id]


def check_citation(citation: dict[str, Any], docs: Documents, spans: bool = True) -> CitationCheck:
    """A quote is valid when it occurs verbatim (whitespace aside) in the cited report's original
    text at its ``start``/``end`` (``spans=False``: anywhere in that report, for the baseline,
    which has no spans)."""
    quote = squash(citation.get("quote") or "")
    file = citation.get("file") or ""
    check = CitationCheck(file=file, quote=citation.get("quote") or "", valid=False)
    report_id = citation.get("report_id") or docs.by_file.get(file)
    original = docs.original(report_id) if report_id else None
    if not quote:
        check.why = "empty quote"
    elif original is None:
        check.why = "cited report not in the store"
    elif spans and citation.get("start") is not None and citation.get("end") is not None:
        start, end = int(citation["start"]), int(citation["end"])
        if quote in squash(original[start:end]):
            check.valid = True
        else:
            check.why = "quote not at its start/end" + (" (found elsewhere in the report)" if quote in squash(original) else "")
    elif quote in squash(original):
        check.valid = True
    else:
        check.why = "quote not in the cited report"
    return check


def _in_range(values: list[float], gold: dict[str, Any], value: float) -> bool:
    lo, hi = gold.get("range") or (value, value)
    return any(lo - 1e-6 <= v <= hi + 1e-6 for v in values)


def score_case(
    case: Case, answer: dict[str, Any], docs: Documents, towns: list[str], spans: bool = True
) -> CaseScore:
    text = answer.get("answer") or ""
    body = body_of(text)
    gold = case.gold
    scan_rows = answer.get("scan") or []
    silent_scan = bool(scan_rows) and all(row.get("status") == "not_mentioned" for row in scan_rows)
    refused = is_refusal(text) and (answer.get("route") != "scan" or silent_scan)
    score = CaseScore(
        id=case.id, category=case.category, question=case.question, answer=text, gold=case.gold_text(),
        answer_ok=False, citations_ok=False, language_ok=False, refused=refused,
        should_refuse=case.should_refuse, route=answer.get("route"), usage=dict(answer.get("usage") or {}),
    )
    expected_language = case.language or ("zh" if _CJK.search(case.question) and
                                          len(_CJK.findall(case.question)) * 3 >= len(_LATIN.findall(case.question)) else "en")
    score.language_ok = answer_language(text, towns) == expected_language
    if not score.language_ok:
        score.problems.append(f"answer is not in {expected_language}")

    ok = False
    values = numbers_in(body)
    if case.kind == "refuse":
        score.invented_numbers = invented_numbers(text)
        ok = refused and not score.invented_numbers
        if not refused:
            score.problems.append("answered a question the reports cannot answer")
        if score.invented_numbers:
            score.problems.append(f"stated numbers {score.invented_numbers} on an unanswerable question")
    elif case.kind == "set":
        if answer.get("scan") is not None and "status" in gold:
            got = {row["town"] for row in answer["scan"] if row.get("status") in case.statuses and row.get("town")}
        elif answer.get("selected") is not None:
            got = set(answer["selected"])
        elif answer.get("scan") is not None:
            got = {row["town"] for row in answer["scan"] if row.get("status") in case.statuses and row.get("town")}
        else:
            got = towns_in(body, towns)
        want = set(gold["towns"])
        score.answer_set = sorted(got)
        score.precision = len(got & want) / len(got) if got else (1.0 if not want else 0.0)
        score.recall = len(got & want) / len(want) if want else 1.0
        never = got & set(gold.get("never", []))
        ok = score.precision == 1.0 and score.recall == 1.0 and not never
        if never:
            score.problems.append(f"named {sorted(never)} though they never say so")
    elif case.kind == "number":
        ok = _in_range(values, gold, float(gold["value"]))
        if not ok and gold.get("or_all"):
            ok = all(_in_range(values, {}, float(v)) for v in gold["or_all"])
    elif case.kind == "numbers":
        ok = all(_in_range(values, {}, float(v)) for v in gold["values"])
    elif case.kind == "points":
        points = gold["points"]
        hits = sum(1 for alternatives in points if any(squash(a) in squash(body) for a in alternatives))
        score.coverage = hits / len(points)
        ok = score.coverage >= float(gold.get("min_coverage", 1.0))
    if case.kind != "refuse" and refused:
        score.problems.append("refused an answerable question")
        ok = False
    bad = [s for s in gold.get("must_not", []) if squash(s) in squash(body)]
    if bad:
        score.problems.append(f"contains {bad}")
        ok = False
    score.answer_ok = ok and score.language_ok

    score.citations = [check_citation(c, docs, spans=spans) for c in answer.get("citations") or []]
    cited = {c.get("file") for c in answer.get("citations") or []}
    # A report named for what it does NOT say (never mentions X, does not state Y) has nothing to
    # quote; it counts as cited when the answer checked it and names it in its answer set.
    chosen = set(answer.get("selected") or [])
    cited |= {r.get("file") for r in answer.get("reports_considered") or []
              if r.get("town") in chosen or (r.get("town") and r["town"] in body and r.get("file") not in cited
                                            and not any(c.get("town") == r["town"] for c in answer.get("citations") or []))}
    score.missing_reports = [f for f in case.cite if f not in cited]
    invalid = [c for c in score.citations if not c.valid]
    for c in invalid:
        score.problems.append(f"invalid citation ({c.why}): {c.file}: {c.quote[:40]}")
    if score.missing_reports:
        score.problems.append(f"did not cite {score.missing_reports}")
    score.citations_ok = not invalid and not score.missing_reports
    return score
