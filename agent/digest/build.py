"""The county digest memo (关于20XX年度全县乡镇（街道）法治政府建设情况的报告), built by code.

Every section is made of the same typed lines as an answer (``Claim``) and passes the same
verifier: each fact carries a verbatim quote of the town's own report; counts (「12个乡镇中9个」)
are computed here and say so; figures come only from the indicator table; what a report does not
say is never written as a lack. One year per memo: reports of other years are named and left
out. Shared problems and plans are grouped across reports by code (``agent.digest.group``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from agent.answer.plan import Corpus
from agent.answer.routes.figures import format_figure
from agent.answer.types import Citation, Claim, Plan, ReportRef, Result
from agent.answer.verify import Verified, listed, verify
from agent.digest.chart import Chart, bar_chart
from agent.digest.group import group_items, label
from agent.digest.items import Item, items_in_part
from agent.set_aside import SetAside, set_aside_in, where_set_aside
from agent.tables.build import TableRow, build_rows, collect
from agent.tables.cache import PickCache
from agent.usage import Usage
from store.catalog import ReportRow
from store.indicators import BY_KEY, KEYS
from store.outline import check_outline
from store.store import ReportStore
from store.structure import PART_LABELS_ZH, PARTS

TABLE_KEYS = ("disputes_mediated", "mediation_success_rate", "publicity_events", "certified_officers",
              "legality_reviews", "petitions", "fines_yuan", "body_cameras")
_ORDINALS = "一二三四五六七八九十"


def _ordinal(index: int) -> str:
    """0 → 一, 9 → 十, 10 → 十一, 19 → 二十."""
    n = index + 1
    if n <= 10:
        return _ORDINALS[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _ORDINALS[tens - 1]) + "十" + (_ORDINALS[ones - 1] if ones else "")


@dataclass
class Paragraph:
    text: str
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    table: list[list[str]] | None = None  # header row first
    chart: Chart | None = None  # drawn from the table's cells


@dataclass
class Digest:
    title: str
    county: str | None
    year: int | None
    date: str
    reports: list[ReportRef]
    sections: list[Section]
    usage: Usage = field(default_factory=Usage)
    problems: list[str] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)  # every citation, numbered as in the text
    cache_hits: int = 0  # model picks reused from an earlier run
    set_aside: list[SetAside] = field(default_factory=list)  # planted sentences of the reports in scope

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "county": self.county, "year": self.year, "date": self.date,
            "reports": [r.as_dict() for r in self.reports],
            "sections": [{"heading": s.heading, "table": s.table, "chart": s.chart.as_dict() if s.chart else None,
                          "paragraphs": [{"text": p.text, "citations": [c.as_dict() for c in p.citations]}
                                         for p in s.paragraphs]} for s in self.sections],
            "usage": {**self.usage.as_dict(), "cache_hits": self.cache_hits},
            "problems": self.problems,
            "set_aside": [s.as_dict() for s in self.set_aside],
        }


class _Writer:
    """Verifies each paragraph's lines and numbers citations across the whole memo."""

    def __init__(self, store: ReportStore, corpus: Corpus) -> None:
        self.store, self.corpus = store, corpus
        self.plan = Plan(question="", normalized="", intent="free", language="zh")
        self.problems: list[str] = []
        self.citations: list[Citation] = []  # memo-wide numbering, for endnotes

    def _check(self, claims: list[Claim]) -> Verified:
        return verify(Result(route="digest", claims=claims), self.store, self.plan, self.corpus.towns)

    def verified(self, claims: list[Claim]) -> list[Claim]:
        """The claims the verifier keeps, before any is numbered: a count written over them (「等N个」)
        is then the count of what the memo shows."""
        return self._check(claims).claims

    def paragraph(self, claims: list[Claim], joiner: str = "") -> Paragraph | None:
        checked = self._check(claims)
        self.problems += checked.problems
        if not checked.claims or all(c.kind in ("note", "heading") for c in checked.claims) and any(
            c.kind == "fact" for c in claims
        ):
            return None
        parts, citations = [], []
        for claim, markers in zip(checked.claims, checked.markers, strict=True):
            numbers = []
            for n in markers:
                citation = checked.citations[n - 1]
                citations.append(citation)
                self.citations.append(citation)
                numbers.append(len(self.citations))
            parts.append(claim.text + "".join(f"[{n}]" for n in numbers))
        return Paragraph(joiner.join(parts), citations)


def _name(ref: ReportRef) -> str:
    return ref.town or ref.file


def _years_in_scope(reports: list[ReportRow], year: int | None) -> int | None:
    """The year asked, else the year most reports are about (the latest on a tie): one late
    report must not turn a county memo into a memo of one town."""
    counts = Counter(r.meta.get("year") for r in reports if r.meta.get("year"))
    return year or (max(counts, key=lambda y: (counts[y], y)) if counts else None)


def build_digest(
    store: ReportStore, county: str | None = None, year: int | None = None, model: Any = None,
    roster: list[str] | None = None, today: date | None = None, cache: PickCache | None = None,
    progress: Callable[[str], None] | None = None,
) -> Digest:
    """The memo for one county and year; ``progress`` is told each stage as it starts."""
    say = progress or (lambda _stage: None)
    corpus = Corpus(store)
    in_county = [r for r in corpus.reports if r.in_scope(county)]
    year = _years_in_scope(in_county, year)
    reports = [r for r in in_county if r.meta.get("year") == year]
    other_years = [r for r in in_county if r.meta.get("year") != year]
    usage = Usage()
    writer = _Writer(store, corpus)
    scope = county or "全县"
    title = f"关于{year}年度{scope}乡镇（街道）法治政府建设情况的报告"
    say(f"正在读取{len(reports)}份报告的指标…")
    docs = {r.id: store.document(r.id) for r in reports}
    cache = cache if cache is not None else PickCache(store.root / "cache" / "picks.json")
    rows = build_rows([collect(docs[r.id], r.meta, r.id, r.file) for r in reports], model, usage, cache)
    say("正在归纳共性问题和下一步安排…")
    set_aside = set_aside_in(docs.__getitem__, [ReportRef.of(r) for r in reports])  # texts read above
    sections = [
        Section("一、基本情况", _basics(writer, reports, other_years, roster, corpus, county, year, set_aside)),
        Section("二、主要做法和成效", _measures(writer, rows)),
        Section("三、主要指标对比", [Paragraph("下表数字均取自各报告原文（出处见第二部分），空白表示报告未写明，不表示为零。")],
                table=_table(rows), chart=bar_chart(rows, TABLE_KEYS)),
        Section("四、存在的共性问题", _shared(writer, reports, docs, "shortcomings", "报告了这一问题",
                                         rest="其他问题，各由一个乡镇（街道）提出")),
        Section("五、报告规范性", _outline(writer, reports, docs)),
        Section("六、下一步工作建议", _shared(writer, reports, docs, "plans", "在下一年度安排中提出")),
    ]
    when = (today or date.today())
    return Digest(title, county, year, f"{when.year}年{when.month}月{when.day}日", [ReportRef.of(r) for r in reports],
                  sections, usage, listed(writer.problems + usage.fallbacks), writer.citations, cache.hits, set_aside)


def _basics(writer: _Writer, reports: list[ReportRow], other_years: list[ReportRow], roster: list[str] | None,
            corpus: Corpus, county: str | None, year: int | None, set_aside: list[SetAside]) -> list[Paragraph]:
    names = "、".join(_name(ReportRef.of(r)) for r in reports)
    lines = [Claim(f"本次共收到{len(reports)}个乡镇（街道）报送的{year}年度法治政府建设情况报告：{names}（由代码计数）。", kind="note")]
    if other_years:
        others = "、".join(ReportRef.of(r).name("zh") for r in other_years)
        lines.append(Claim(f"另有其他年度的报告{len(other_years)}份（{others}），未纳入本次汇总。", kind="note"))
    if roster:
        missing = [t for t in roster if t not in {r.meta.get("town") for r in reports}]
        if missing:
            lines.append(Claim(f"{'、'.join(missing)}未报送{year}年度报告。", kind="note"))
    if county:
        unknown = corpus.without_county([year] if year else [])
        if unknown:
            lines.append(Claim(f"{'、'.join(r.name('zh') for r in unknown)}的报告未标明所属县（区），未纳入。", kind="note"))
    if set_aside:
        lines.append(Claim(where_set_aside(set_aside), kind="note"))
    paragraph = writer.paragraph(lines)
    return [paragraph] if paragraph else []


def _measures(writer: _Writer, rows: list[TableRow]) -> list[Paragraph]:
    """What the towns did, theme by theme, with each town's figure cited."""
    paragraphs = []
    number = 0
    for key in KEYS:
        if key.endswith("_change"):
            continue
        stated = [r for r in rows if r.cells.get(key) is not None and isinstance(r.cells[key].value, int | float)]
        if not stated:
            continue
        indicator = BY_KEY[key]
        claims = [Claim(f"（{_ordinal(number)}）{indicator.label}。{len(rows)}个乡镇（街道）中有{len(stated)}个写明了数字：", kind="note")]
        for row in sorted(stated, key=lambda r: -float(r.cells[key].value)):
            cell = row.cells[key]
            ref = ReportRef.of_row(row)
            claims.append(Claim(f"{_name(ref)}{'约' if cell.approx else ''}{format_figure(cell.value)}{indicator.unit}",
                                citations=[Citation.at(ref, cell.quote, cell.start, cell.end, cell.line)],
                                towns=[row.town] if row.town else []))
        paragraph = writer.paragraph(claims, joiner="；")
        if paragraph:
            paragraph.text = paragraph.text.replace("：；", "：") + "。"
            paragraphs.append(paragraph)
            number += 1
    return paragraphs


def _table(rows: list[TableRow]) -> list[list[str]]:
    header = ["镇（街道）", *(BY_KEY[k].zh for k in TABLE_KEYS)]
    body = []
    for row in sorted(rows, key=lambda r: r.town or ""):
        cells = []
        for key in TABLE_KEYS:
            cell = row.cells.get(key)
            if cell is None:
                cells.append("")
            elif cell.value == "lacks":
                cells.append("未配备")
            else:
                cells.append(("≈" if cell.approx else "") + format_figure(cell.value))
        body.append([row.town or row.file, *cells])
    return [header, *body]


def _shared(writer: _Writer, reports: list[ReportRow], docs: dict, part: str, verb: str,
            rest: str | None = None) -> list[Paragraph]:
    """Items several reports share, most-shared first, in the form 「××镇等N个乡镇（街道）」; with
    ``rest``, the items only one report states follow under that heading, so no stated item is
    dropped from the memo and an item the grouping missed is still there to read."""
    from store.embeddings import UsemEmbedder

    items: list[Item] = [i for r in reports for i in items_in_part(r, docs[r.id], part)]
    groups = group_items(items, UsemEmbedder())
    paragraphs = []
    for group in (g for g in groups if len({i.report for i in g}) >= 2):
        quotes = writer.verified(_quoted(group))
        towns = list(dict.fromkeys(town for quote in quotes for town in quote.towns))
        if len(towns) >= 2:
            lead = (f"（{_ordinal(len(paragraphs))}）{label(group)}。{towns[0]}等{len(towns)}个乡镇（街道）{verb}"
                    "（由代码按表述相近归类计数，表述差别较大的同类事项可能未计入）：")
            paragraphs += _listing(writer, lead, quotes)
    shared = len(paragraphs)
    if not paragraphs:
        paragraphs.append(Paragraph("各报告在这一部分没有两个以上乡镇（街道）共同提出的事项。"))
    alone = writer.verified(_quoted(sorted((i for g in groups if len({i.report for i in g}) == 1 for i in g),
                                           key=lambda i: _name(i.report)))) if rest else []
    if alone:
        paragraphs += _listing(writer, f"（{_ordinal(shared)}）{rest}（{len(alone)}条，由代码列出）：", alone)
    return paragraphs


def _listing(writer: _Writer, lead: str, quotes: list[Claim]) -> list[Paragraph]:
    """One paragraph: a lead written by code, then the quotes joined by 「；」."""
    paragraph = writer.paragraph([Claim(lead, kind="note"), *quotes], joiner="；")
    if paragraph is None:
        return []
    paragraph.text = paragraph.text.replace("：；", "：", 1) + "。"
    return [paragraph]


def _quoted(items: list[Item]) -> list[Claim]:
    """Each item as its town's own sentence, cited."""
    return [Claim(f"{_name(i.report)}「{i.citation.quote}」", citations=[i.citation], towns=[_name(i.report)]) for i in items]


def _outline(writer: _Writer, reports: list[ReportRow], docs: dict) -> list[Paragraph]:
    """Which reports fall short of the five-part outline: a merged part is cited by the heading it
    is merged under; a missing part or date is said by code (nothing can be quoted for an absence)."""
    lines: list[Claim] = []
    short = 0
    for report in reports:
        ref = ReportRef.of(report)
        check = check_outline(docs[report.id], report.meta)
        findings = {f.item: f for f in check.findings}
        missing = [PART_LABELS_ZH[p] for p in PARTS if check.parts.get(p) == "missing"]
        undated = findings["signature_date"].status == "missing"
        merged = [findings[p] for p in PARTS if check.parts.get(p) == "merged" and findings[p].start is not None]
        if not (missing or merged or undated):
            continue
        short += 1
        absent = ([f"缺少「{'」「'.join(missing)}」"] if missing else []) + (["落款没有日期"] if undated else [])
        if absent:
            lines.append(Claim(f"{ref.name('zh')}：{'，'.join(absent)}。", kind="note", towns=[_name(ref)]))
        for finding in merged:
            heading = docs[report.id].original[finding.start:finding.end]
            lines.append(Claim(f"{ref.name('zh')}：「{PART_LABELS_ZH[finding.item]}」与其他部分合并写在「{heading}」中。",
                               citations=[Citation.at(ref, heading, finding.start, finding.end, finding.line)],
                               towns=[_name(ref)]))
    head = Claim(f"{len(reports)}份报告中，{len(reports) - short}份五个规定部分齐全、各自成章且落款有日期（由代码检查）；"
                 f"其余{short}份情况如下：", kind="note")
    paragraph = writer.paragraph([head, *lines], joiner="\n")
    return [paragraph] if paragraph else []
