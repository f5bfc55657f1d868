"""The citation invariant, checked on every route before anything is shown.

Every line that states a fact about a report must carry a citation whose quote is verbatim in
that report (and is not a sentence planted for a machine reader), whose town is the town the line
is about, and whose words support the line: every figure the line states is a figure of the
quotes (in any written form: 1,236 / 2.95万 / 三十), and for model-written lines most of the
line's words are in the quotes. A line that fails is removed and the removal is listed in
``problems``; an answer left with no supported fact becomes a clean refusal. Nothing here trusts
the route that produced the lines: code-written lines pass because they are built from quotes,
not because they are code-written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from agent.answer.types import Citation, Claim, Plan, Result
from store.indicators import states_zero
from store.normalize import NormalizedText
from store.numbers import claimed_values, values_in
from store.statements import speaks_for_its_town
from store.store import ReportStore
from store.topics import states_absence, states_holding
from store.towns import towns_in

# A model's line whose subject is every town (各乡镇通过…为群众提供法律服务): what one report says of itself
# is no evidence of the others.
_EVERY_TOWN_AS_SUBJECT = re.compile(r"(?:各|所有|全部|每个|各个)(?:的)?(?:乡镇|镇街|街道|镇|乡)(?:（街道）)?(?![中里内之镇街道（])"
                                    r"|(?:all|every|each)\s+(?:the\s+)?(?:towns?|townships?)\b", re.IGNORECASE)
_UNIVERSAL = re.compile(
    r"(?:所有|全部|每个|各个?|全县|全区)(?:的)?(?:乡镇|镇街|街道|镇|乡|单位)[^。]{0,12}(?:均|都|全部|一律|全都)"
    r"|\b(?:all|every)\s+(?:the\s+)?(?:towns?|townships?|reports?|street offices?)\b",
    re.IGNORECASE,
)
# How a line introduces what a report says ("…情况是：…中提到的「…」"): no claim in these words.
_REPORTING = re.compile(r"(?:报告)?(?:中|里)?(?:提到|提及|指出|显示|表明|写道|写明|称|介绍)(?:了|的)?|情况(?:是|为|如下)|如下")
_CJK_PAIR = re.compile(r"(?=([\u4e00-\u9fff]{2}))")
# Words that carry no claim: connectives, question echoes, the report's own vocabulary of reporting.
_FILLER_PAIRS = {"报告", "根据", "依据", "片段", "其中", "以及", "同时", "进一步", "开展", "工作", "情况", "方面", "相关", "主要"}
MIN_SHARED_PAIRS = 3
MIN_SHARED_RATIO = 0.4
MAX_PROBLEMS = 20
"""Problems an answer lists. A reply that floods the checker (an endpoint that sent 2 MB) would
otherwise flood the output too: 50,000 problems, a 5 MB JSON."""


@dataclass
class Verified:
    claims: list[Claim]
    citations: list[Citation] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    markers: list[list[int]] = field(default_factory=list)  # citation numbers of each kept claim

    @property
    def facts(self) -> int:
        return sum(c.kind in ("fact", "computed") for c in self.claims)


# The statement labels (store.statements) that can be evidence of what a line asserts.
FITS = {
    "has": {"measure", "figure"},
    "lacks": {"problem", "cause", "measure", "figure"},
    "plans": {"plan"},
    "problem": {"problem"},
    "cause": {"cause"},
    "measure": {"measure", "figure"},
}


class Documents:
    """Reports' clean texts and fact sheets, loaded once per answer."""

    def __init__(self, store: ReportStore) -> None:
        self.store = store
        self._docs: dict[str, NormalizedText] = {}
        self._labels: dict[str, list[tuple[int, int, str]]] = {}
        self._planted: dict[str, list[tuple[int, int]]] = {}

    def label_at(self, citation: Citation) -> str | None:
        """The fact-sheet label of the sentence a citation's quote starts in (None: not a sentence
        of the sheet, such as a heading)."""
        self._load(citation.report_id)
        return next((kind for start, end, kind in self._labels[citation.report_id] if start <= citation.start < end), None)

    def planted(self, citation: Citation) -> bool:
        """Whether a quote lies inside a sentence set aside as a planted instruction (what a note to
        a machine orders recorded, 罍山乡已配备执法记录仪20台, quoted from the middle of it)."""
        self._load(citation.report_id)
        return any(start <= citation.start < end or citation.start <= start < citation.end
                   for start, end in self._planted[citation.report_id])

    def _load(self, report_id: str) -> None:
        if report_id not in self._labels:
            sheet = self.store.fact_sheet_of(report_id)
            self._labels[report_id] = [(s.start, s.end, s.kind) for s in sheet.statements] if sheet else []
            self._planted[report_id] = [(p.start, p.end) for p in sheet.planted] if sheet else []

    def get(self, report_id: str) -> NormalizedText:
        if report_id not in self._docs:
            self._docs[report_id] = self.store.document(report_id)
        return self._docs[report_id]


def content_pairs(text: str) -> set[str]:
    """The Chinese character pairs of ``text`` that can carry a claim."""
    return {p for p in _CJK_PAIR.findall(text) if p not in _FILLER_PAIRS}


def supported_by_words(claim: str, quotes: list[str], towns: list[str], question: str = "") -> bool:
    """Most of a model-written line's words are in its quotes (town names and the words it
    repeats from the question aside: an echo of the question claims nothing)."""
    text = _REPORTING.sub("", _strip_quoted(claim))
    for town in towns:
        text = text.replace(town, "")
    pairs = content_pairs(text) - content_pairs(question)
    if not pairs:  # English, or only a figure or a quote answering the question: those were checked
        return bool(re.search(r"[A-Za-z]", text) or claimed_values(text) or re.search(r"「[^」]+」|“[^”]+”", claim))
    shared = sum(any(p in q for q in quotes) for p in pairs)
    # pairs that straddle punctuation in the report (办公室，配备) never match: allow one miss on short lines
    return shared >= min(MIN_SHARED_PAIRS, max(1, len(pairs) - 1)) and shared >= MIN_SHARED_RATIO * len(pairs)


def _strip_quoted(text: str) -> str:
    return re.sub(r"「[^」]*」|“[^”]*”", "", text)


def _verbatim(docs: Documents, citation: Citation) -> bool:
    return docs.get(citation.report_id).find(citation.quote) is not None


def listed(problems: list[str]) -> list[str]:
    """``problems`` as an answer lists them: at most ``MAX_PROBLEMS`` lines, the last saying how
    many more there were."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[: MAX_PROBLEMS - 1], f"… and {len(problems) - MAX_PROBLEMS + 1} more problems"]


def verify(result: Result, store: ReportStore, plan: Plan, known_towns: list[str]) -> Verified:
    """Keep the lines of ``result`` that pass the invariant; number the citations they keep."""
    docs = Documents(store)
    out = Verified(claims=[], problems=list(result.problems))
    index_of: dict[tuple[str, int, int], int] = {}
    asked = values_in(plan.normalized)
    for claim in result.claims:
        if claim.kind in ("note", "heading", "group"):
            out.claims.append(claim)
            out.markers.append([])
            continue
        reason, kept = _check(claim, docs, asked, known_towns, result.model_text or claim.by_model, plan.normalized)
        if reason:
            out.problems.append(f"{reason}; removed: {claim.text.strip()[:40]}")
            continue
        numbers = []
        for citation in kept:
            key = (citation.report_id, citation.start, citation.end)
            if key not in index_of:
                out.citations.append(citation)
                index_of[key] = len(out.citations)
            numbers.append(index_of[key])
        out.claims.append(claim)
        out.markers.append(sorted(set(numbers)))
    return out


# A town named as the partner of a joint action (会同B镇…, 与B镇联合…, jointly with B): the line is
# about its own town; 「A镇和B镇都…」 names two subjects and stays about both.
_PARTNER_BEFORE = re.compile(r"(?:会同|联合|协同|配合|联同|携手|jointly with|together with)\s*$", re.IGNORECASE)
_PARTNER_AFTER = re.compile(r"^\S{0,3}?(?:联合|共同|一起|一道|协同|联动|联防|jointly)", re.IGNORECASE)


def _subjects(text: str, known_towns: list[str]) -> list[str]:
    """The towns a line is about: those it names, less any named only as a partner of a joint
    action (a sentence of A's report on a joint operation with B supports a line about A)."""
    named = towns_in(text, known_towns)

    def partner(match: re.Match[str]) -> bool:
        before, after = text[max(0, match.start() - 12) : match.start()], text[match.end() : match.end() + 6]
        return bool(_PARTNER_BEFORE.search(before) or (re.search(r"(?:与|和|同|跟|with)\s*$", before) and _PARTNER_AFTER.search(after)))

    about = [t for t in named if not all(partner(m) for m in re.finditer(re.escape(t), text))]
    return about


def _check(
    claim: Claim, docs: Documents, asked: set[float], known_towns: list[str], model_text: bool, question: str
) -> tuple[str | None, list[Citation]]:
    """Why ``claim`` cannot be shown (None: it can), and the citations that hold."""
    if claim.kind == "fact" and (_UNIVERSAL.search(_strip_quoted(claim.text))
                                 or model_text and _EVERY_TOWN_AS_SUBJECT.match(_strip_quoted(claim.text).lstrip("-* "))):
        return "a claim about every town cannot rest on one report's quote", []
    towns = _subjects(_strip_quoted(claim.text), known_towns) or claim.towns
    if model_text and len(set(towns)) >= 2:
        # 「A镇、B镇等乡镇通过…取得了显著成效」: which quote supports which town's part is not shown,
        # so one town's measures may be told of another; code writes lines about several towns itself
        return "a model-written line about several towns cannot show each town's support", []
    kept = []
    unspoken = False  # a verbatim quote that cannot speak for its town (an order, a requirement)
    for citation in claim.citations:
        if not _verbatim(docs, citation):
            continue
        if not speaks_for_its_town(citation.quote) or docs.planted(citation):
            unspoken = True
            continue
        if towns and citation.town not in towns:
            continue
        kept.append(citation)
    if kept and claim.asserts in FITS:
        # a plan sentence that also says the thing is absent now is evidence of the lack (暂未配置…，计划明年购置);
        # a problem sentence that counts what is held is evidence of having some (现有5台，尚有人员未能配备)
        fitting = [c for c in kept if docs.label_at(c) in FITS[claim.asserts] | {None}
                   or claim.asserts == "lacks" and docs.label_at(c) == "plan" and states_absence(c.quote)
                   or claim.asserts == "has" and docs.label_at(c) == "problem" and states_holding(c.quote)]
        if not fitting:
            return f"its quote is a {docs.label_at(kept[0])}, not evidence of {claim.asserts}", []
        kept = fitting
    if not kept and unspoken:
        return "its quote is an order, a requirement or a note on the text, not the town's own statement", []
    if not kept:
        wrong_town = any(_verbatim(docs, c) for c in claim.citations)
        return ("cites another town's report" if wrong_town else "no verbatim citation"), []
    quotes = [c.quote for c in kept]
    stated: set[float] = set().union(*(values_in(q) for q in quotes)) | asked | set(claim.derived)
    stated |= {float(c.year) for c in kept if c.year}  # 柞溪镇 2025 vs 2024: the cited reports' own years
    if any(states_zero(q) for q in quotes):  # "全年未发生行政诉讼案件" states a zero
        stated.add(0.0)
    missing = [v for v in claimed_values(_strip_quoted(claim.text)) if v not in stated]
    if missing:
        return f"number {missing[0]:g} is not in its quotes", []
    if model_text and not supported_by_words(claim.text, quotes, towns, question):
        return "its words are not in the quoted sentences", []
    return None, kept
