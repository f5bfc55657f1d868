"""The nouns of answering a question, shared by the planner, the routes, the verifier and the
renderer: a :class:`Plan` goes in, a :class:`Result` of :class:`Claim` lines comes out, each fact
carrying the :class:`Citation` it rests on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from agent.usage import Usage
from store.catalog import ReportRow
from store.factsheet import FactSheet

INTENTS = (
    "lookup",  # a figure of named towns
    "compare",  # named towns side by side (a figure, or free text per town)
    "yoy",  # a town's figure over years
    "total",  # a figure added up over every report in scope
    "rank",  # most / least over every report in scope
    "disclosure",  # which reports do / do not state a figure
    "has",  # which reports say they have X
    "lacks",  # which reports say they lack X
    "mentions",  # which reports mention X (optionally in one part)
    "outline",  # the five-part check
    "statements",  # what named towns' reports list: their problems (with causes), their plans
    "free",  # anything else: retrieved passages and the model
)
SET_INTENTS = ("total", "rank", "disclosure", "has", "lacks", "mentions")
"""Intents answered over EVERY report in scope, never over top-k passages."""


# A year question asked by exclusion (哪些报告不是2024年度的, 除了2024年度的, other than 2024): every
# other year. One definition for the planner's carried years and the form answer's groups.
OTHER_YEARS = re.compile(r"不是|并非|不属于|除了|\b(?:not|other than|besides|except)\b", re.IGNORECASE)

@dataclass
class Plan:
    """What a question asks, every field validated against the store (``fazhi ask --explain``)."""

    question: str
    normalized: str
    intent: str
    language: str
    towns: list[str] = field(default_factory=list)
    county: str | None = None
    years: list[int] = field(default_factory=list)
    part: str | None = None  # a report part the question is limited to (or asks about, for outline)
    indicator: str | None = None  # a key of store.indicators.INDICATORS
    also: list[str] = field(default_factory=list)  # further indicators asked (lookups of several figures)
    topic: str | None = None  # the words the reports use for what is asked
    terms: list[str] = field(default_factory=list)
    topic_key: str | None = None  # a key of store.topics.TOPICS: answered from the fact sheets
    also_topics: list[str] = field(default_factory=list)  # further registry topics asked (有没有X和Y): each answered
    wanted: str | None = None  # the status a which-towns question asks for, when not its intent's ("plans")
    order: str | None = None  # rank: "max", "min", or "both" (最多和最少: each, and how far apart)
    outline_ask: str | None = None  # outline: "missing", "complete", "part", "signature", "signed_order" (the earliest or latest date only), "county", or a form ask (routes/form.py)
    also_parts: list[str] = field(default_factory=list)  # outline order: the part ``part`` is placed against
    with_total: bool = False  # named towns' figures, and what they add up to (合计, combined)
    value_test: tuple[str, float] | None = None  # disclosure: only the towns whose figure passes (只剩1个人: ("=", 1))
    ranks_change: bool = False  # ranked by the change on last year (与上年相比哪家增加得最多), not by the figure
    change_by_rate: bool = False  # that change in percent of last year's (增幅最大, grew fastest)
    gap_to_next: bool = False  # the top and the one after it, and how far apart (比第二名多多少)
    position_of: str | None = None  # the town whose place in the ranking is asked (居第几位)
    computed_only: bool = False  # 没写成功率的，算一下: only the rates code divides from two counts
    listing: list[str] = field(default_factory=list)  # statements: the kinds listed (problem, cause, plan)
    checks_plans: bool = False  # statements: each plan followed into the town's report of the next year
    matches_plans: bool = False  # statements: under each problem, the town's own plan that answers it
    with_plans: bool = False  # which towns lack X, and what each plans about it: each town's own plan shown under it
    asks_short: bool = False  # 配了但没配齐的 / not enough: the towns with some of a thing held, short of enough
    overall: bool = False  # compare: every indicator and mandated part, not one topic
    every_report: bool = False  # the question is about every report ("which towns…", "any", "all")
    all_years: bool = False  # 所有年度 / across all years: every report of each town, not its latest
    negative: bool = False  # asks for those that do NOT (lack, do not state, do not mention)
    follow_up: bool = False
    later: bool = False  # has/lacks: each town short of it or lacking it, followed into its report of the year after
    by_county: bool = False  # total: one total for each county, and how far apart they are
    average: bool = False  # total: the mean over the reports that state it, divided by code
    share: bool = False  # has/lacks: what share of the reports checked the asked group is (占几成, what share)
    all_five: bool = False  # outline order: in order means all five parts, each alone, in the mandated order
    other_words: bool = False  # which reports tell of it without its usual name (换了个叫法, without the term): code reads the quotes
    named_word: str | None = None  # other_words: the word the question names (without using the word 学法), else the usual one
    per: str | None = None  # rank: the indicator divided by this one (people per event, inspections per officer), by code
    unknown_towns: list[str] = field(default_factory=list)  # names like 白露镇 that no report in the store has
    source: str = "rules"  # "rules", or "model" where the rules were unsure
    notes: list[str] = field(default_factory=list)  # what validation dropped, and why
    parts: list[Plan] = field(default_factory=list)  # a question's further sentences, each answered after this plan
    unanswered: list[str] = field(default_factory=list)  # further sentences no route of code answers: named as such

    @property
    def year(self) -> int | None:
        return self.years[0] if len(self.years) == 1 else None

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ReportRef:
    """How an answer names a report it considered (``reports_considered`` in the CLI contract)."""

    report_id: str
    file: str
    town: str | None
    year: int | None

    @classmethod
    def of(cls, report: ReportRow) -> ReportRef:
        return cls(report.id, report.file, report.meta.get("town"), report.meta.get("year"))

    @classmethod
    def of_row(cls, row: Any) -> ReportRef:
        """The report a scan row, table row or search hit belongs to (each carries report_id, file, town, year)."""
        return cls(row.report_id, row.file, row.town, row.year)

    def name(self, language: str) -> str:
        town = self.town or self.file
        if language == "en":
            return f"{town} ({self.year or 'year n/a'})"
        return f"{town}（{self.year or '年份不详'}）"

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Citation:
    """A verbatim quote of one report with its span and line in the original file."""

    report_id: str
    file: str
    town: str | None
    year: int | None
    quote: str
    start: int
    end: int
    line: int

    @classmethod
    def at(cls, ref: ReportRef, quote: str, start: int, end: int, line: int) -> Citation:
        return cls(ref.report_id, ref.file, ref.town, ref.year, quote, start, end, line)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Claim:
    """One line of an answer.

    ``fact``: says something about a report; shown only if every citation is verbatim in that
    town's report and supports the line (its numbers and key words are in the quotes).
    ``computed``: arithmetic by code over cited facts (a total, a difference); the numbers code
    computed are listed in ``derived`` and the rest must be in the quotes.
    ``heading``: a code-written line that heads the lines after it (a part of the question, a
    town); one with nothing verified under it is named as not answered.
    ``group``: a code-written line over a list of reports (报告明确表示已有X的（N）：), its rows the
    ``- `` lines right after it; its count is of the rows kept, and one left empty is not shown (a
    count of reports no row supports is a claim of its own).
    ``note``: written by code about coverage (which reports were checked, which never mention a
    topic); states no figure of any report and is never model text."""

    text: str
    kind: str = "fact"
    citations: list[Citation] = field(default_factory=list)
    towns: list[str] = field(default_factory=list)  # the towns the line is about
    derived: list[float] = field(default_factory=list)
    # What the line says its quotes are (has, lacks, plans, problem, cause, measure): a quote whose
    # fact-sheet label does not fit is not evidence for it (a plan never proves having or lacking).
    asserts: str | None = None
    # Written by the model (a free part's lines, appended under code's): checked as strictly as an
    # answer the model wrote whole (its words in its quotes, one town to a line).
    by_model: bool = False


@dataclass
class Result:
    """What a route returns: lines to verify and render, plus what it looked at."""

    route: str
    claims: list[Claim] = field(default_factory=list)
    considered: list[ReportRef] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    scan: list[dict[str, Any]] | None = None
    problems: list[str] = field(default_factory=list)
    refusal: bool = False  # the route found nothing that answers the question
    selected: list[str] | None = None  # for "which towns" questions: the towns that answer it
    model_text: bool = False  # claims were written by the model (the verifier is stricter)


def quoted(doc: Any, ref: ReportRef, span: tuple[int, int] | None) -> list[Citation]:
    """The citation of a span of a report's clean text (none for no span)."""
    if span is None:
        return []
    start, end = doc.original_span(*span)
    return [Citation.at(ref, doc.text[span[0] : span[1]], start, end, doc.line_of(start))]


def closing_line(doc: Any, ref: ReportRef) -> list[Citation]:
    """The report's last line: where its signature would stand, cited for a report that has none."""
    lines = [m for m in re.finditer(r"[^\n]+", doc.text) if m.group().strip()]
    if not lines:
        return []
    last = lines[-1]
    start = last.start() + len(last.group()) - len(last.group().lstrip())
    return quoted(doc, ref, (start, last.start() + len(last.group().rstrip())))


def cite_silence(store: Any, report_id: str) -> list[Citation]:
    """A report named for what it does not say (not mentioned, no figure, a missing part), cited
    to the heading under which it would have said it: every report an answer names is cited."""
    sheet = store.fact_sheet_of(report_id)
    citation = where_it_would_be(sheet, store.document(report_id).original) if sheet else None
    return [citation] if citation else []


def silence_claim(store: Any, text: str, reports: Sequence[Any], derived: Sequence[float] = ()) -> Claim:
    """A line naming ``reports`` (rows with ``report_id`` and ``town``) for what they do not say, each
    cited where it would say it (``cite_silence``); with no such place anywhere it stays a note."""
    cited = [c for r in reports for c in cite_silence(store, r.report_id)]
    return Claim(text, kind="fact" if cited else "note", citations=cited, towns=[r.town for r in reports if r.town],
                 derived=list(derived))


def where_it_would_be(sheet: FactSheet, original: str, part: str = "measures") -> Citation | None:
    """The heading under which a report would state what it does not state (its measures part,
    else the first mandated part it has): a report an answer names for its silence is still cited
    to its own text, so a reader can check where it was looked for."""
    ref = ReportRef.of_row(sheet.report)
    heads = sorted((p for p in sheet.parts if p.start is not None and p.end is not None),
                   key=lambda p: (p.part != part, p.start or 0))
    if not heads:
        return None
    head = heads[0]
    assert head.start is not None and head.end is not None
    text = original[head.start : head.end]
    cut = next((m.start() for m in re.finditer(r"[，,；;。]", text) if m.start() >= 4), len(text))  # a heading, not a paragraph
    return Citation.at(ref, text[:cut], head.start, head.start + cut, head.line or 0)
