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
from agent.answer.types import Citation, Claim, Plan, ReportRef, Result
from agent.answer.verify import Verified, listed, verify
from agent.digest.advice import LEADING, Concern, gaps, recommendations
from agent.digest.chart import Chart, bar_chart
from agent.digest.group import group_items, label
from agent.digest.items import Item, items_in_part, with_explanation
from agent.digest.judge import ModelJudge
from agent.digest.practices import Practice, first_duties, practices_by_theme
from agent.digest.themes import Theme
from agent.set_aside import SetAside, set_aside_in, where_set_aside
from agent.tables.build import TableRow, build_rows, collect_reports
from agent.tables.cache import PickCache
from agent.tables.render import cell_text
from agent.usage import Usage
from store.catalog import ReportRow
from store.embeddings import E5Embedder, UsemEmbedder
from store.factsheet import FactSheet
from store.indicators import BY_KEY
from store.normalize import NormalizedText
from store.numbers import format_figure
from store.outline import OutlineCheck, check_outline
from store.store import ReportStore
from store.structure import PART_LABELS_ZH, PARTS

METHOD = ("本报告依据各乡镇（街道）报告原文汇总：报告份数、数字合计和共性问题涉及的乡镇（街道）数为逐份统计所得；做法按工作领域归类，"
          "问题按表述相近归类，表述差别较大的同类问题可能分列；每条引文均与该乡镇（街道）报告原文核对一致，出处附后。"
          "工作建议依据共性问题所属领域提出，供审定时参考。")
# With the model as pair judge: every two problems counted together were confirmed as one problem.
METHOD_JUDGED = METHOD.replace("问题按表述相近归类，", "问题按表述相近选出候选、经模型逐对确认为同一问题后归类（同组内任意两条均经确认），")
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
        if not checked.claims or all(c.kind in ("note", "heading", "group") for c in checked.claims) and any(
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
    sheets = {r.id: store.fact_sheet(r) for r in reports}
    checks = {r.id: check_outline(docs[r.id], r.meta) for r in reports}
    cache = cache if cache is not None else PickCache(store.root / "cache" / "picks.json")
    rows = build_rows(collect_reports(store, reports), model, usage, cache)
    say("正在归纳共性问题和下一步安排…")
    set_aside = set_aside_in(store, [ReportRef.of(r) for r in reports])
    problems = [with_explanation(i, docs[r.id]) for r in reports for i in items_in_part(r, docs[r.id], "shortcomings")]
    judge = ModelJudge(model, cache, usage) if model is not None else None
    if judge is not None:
        say(f"正在逐对确认{len(problems)}条问题表述…")
    groups = _shared_first(group_items(problems, E5Embedder() if judge is not None else UsemEmbedder(), judge))
    cache.save()
    plans = [with_explanation(i, docs[r.id]) for r in reports for i in items_in_part(r, docs[r.id], "plans")]
    read = [(ReportRef.of(r), sheets[r.id], docs[r.id]) for r in reports]
    basics = _basics(writer, reports, other_years, roster, corpus, county, year, set_aside, rows, checks) \
        + _first_duties(writer, read)
    by_theme = practices_by_theme(read)
    practices = _practices(writer, by_theme)  # numbered in reading order: 一, 二, then 四
    problems, shared = _problems(writer, groups)
    basics.append(_overall(by_theme, shared))  # citation-free: written last, the numbering is unchanged
    sections = [
        Section("一、基本情况", basics),
        Section("二、主要做法和成效", practices),
        Section("三、主要指标对比", [Paragraph("下表数字均取自各报告原文（出处见文末），空白表示报告未写明，不表示为零。")],
                table=_table(rows), chart=bar_chart(rows, TABLE_KEYS)),
        Section("四、存在的共性问题", problems),
        Section("五、报告规范性", _outline(writer, reports, docs, checks)),
        Section("六、下一步工作建议", _advice(writer, groups, [sheets[r.id] for r in reports], plans)),
        Section("附：方法说明", [Paragraph(METHOD_JUDGED if judge is not None else METHOD)]),
    ]
    when = (today or date.today())
    return Digest(title, county, year, f"{when.year}年{when.month}月{when.day}日", [ReportRef.of(r) for r in reports],
                  sections, usage, listed(writer.problems + usage.fallbacks), writer.citations, cache.hits, set_aside)


def _basics(writer: _Writer, reports: list[ReportRow], other_years: list[ReportRow], roster: list[str] | None,
            corpus: Corpus, county: str | None, year: int | None, set_aside: list[SetAside], rows: list[TableRow],
            checks: dict[str, OutlineCheck]) -> list[Paragraph]:
    names = "、".join(_name(ReportRef.of(r)) for r in reports)
    lines = [Claim(f"本次共收到{len(reports)}个乡镇（街道）报送的{year}年度法治政府建设情况报告：{names}。", kind="note")]
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
    complete = sum(_follows_outline(c) for c in checks.values())
    lines.append(Claim(f"其中{complete}份按规定的五个部分成文、落款有日期（详见第五部分）。", kind="note"))
    if set_aside:
        lines.append(Claim(where_set_aside(set_aside), kind="note"))
    paragraphs = [p for p in (writer.paragraph(lines),) if p]
    totals = writer.paragraph(_totals(rows), joiner="；")
    if totals:
        totals.text = "从报告写明的数字看，" + totals.text + "。"
        paragraphs.append(totals)
    return paragraphs


HEADLINE_TOTALS = ("certified_officers", "disputes_mediated", "legality_reviews")


def _totals(rows: list[TableRow]) -> list[Claim]:
    """Two to four county figures computed by code, each cited to every town's own figure: totals
    of counts most reports state, and the range of the mediation success rate."""
    claims = []
    for key in HEADLINE_TOTALS:
        stated = [r for r in rows if _figure(r, key) is not None]
        if len(stated) >= 2:
            total = sum(_figure(r, key) or 0 for r in stated)
            indicator = BY_KEY[key]
            claims.append(Claim(f"{len(stated)}个乡镇（街道）写明了{indicator.label}数，合计{format_figure(total)}{indicator.unit}"
                                f"（{_names(stated)}）",
                                kind="computed", citations=[_cite(r, key) for r in stated],
                                towns=[r.town for r in stated if r.town], derived=[len(stated), total]))
    rates = [r for r in rows if _figure(r, "mediation_success_rate") is not None]
    if len(rates) >= 2:
        values = sorted(_figure(r, "mediation_success_rate") or 0 for r in rates)
        claims.append(Claim(f"{len(rates)}个写明了调解成功率，在{format_figure(values[0])}%至{format_figure(values[-1])}%之间"
                            f"（{_names(rates)}）",
                            kind="computed", citations=[_cite(r, "mediation_success_rate") for r in rates],
                            towns=[r.town for r in rates if r.town], derived=[len(rates)]))
    return claims


def _names(rows: list[TableRow]) -> str:
    """The towns a county figure is computed from, each cited after the sentence."""
    return "、".join(_name(ReportRef.of_row(r)) for r in rows)


def _figure(row: TableRow, key: str) -> float | None:
    cell = row.cells.get(key)
    return float(cell.value) if cell is not None and isinstance(cell.value, int | float) and not cell.approx else None


def _cite(row: TableRow, key: str) -> Citation:
    cell = row.cells[key]
    assert cell is not None
    return Citation.at(ReportRef.of_row(row), cell.quote, cell.start, cell.end, cell.line)


def _first_duties(writer: _Writer, sheets: list[tuple[ReportRef, FactSheet, NormalizedText]]) -> list[Paragraph]:
    """How the towns' leaders carried their duty as first persons responsible: each report's most
    concrete statement of it, quoted and cited; the reports that state none are counted, not named
    (their outline is in 五)."""
    quotes = writer.verified([Claim(f"{_name(d.report)}「{d.citation.quote}」", citations=[d.citation],
                                    towns=[_name(d.report)], asserts="measure") for d in first_duties(sheets) if d])
    if not quotes:
        return [Paragraph("各报告没有写明党政主要负责人履行推进法治建设第一责任人职责的具体做法。")]
    unstated = len(sheets) - len(quotes)
    lead = (f"党政主要负责人履行推进法治建设第一责任人职责方面，{len(quotes)}份报告写明了具体做法"
            + (f"（其余{unstated}份没有写明）" if unstated else "") + "：")
    return _listing(writer, lead, quotes)


def _overall(by_theme: list[tuple[Theme, list[Practice]]], shared: int) -> Paragraph:
    """总体看: where the towns' work concentrates (the themes most towns report a practice of, as 二
    counts them) and how many problems several towns share (as 四 lists them); counted by code from
    the cited sections, so it quotes nothing itself."""
    counts = sorted(((theme.name, len({p.report for p in practices})) for theme, practices in by_theme), key=lambda c: -c[1])
    work = ("各乡镇（街道）报告的做法较多集中在" + "、".join(f"{name}（{n}个）" for name, n in counts[:3]) + "等方面（见第二部分）"
            if counts else "各报告的主要举措部分没有可归类的具体做法")
    problems = f"{shared}个问题由两个以上乡镇（街道）共同提出（见第四部分）" if shared else "没有两个以上乡镇（街道）共同提出的问题"
    return Paragraph(f"总体看，{work}；{problems}。")


def _practices(writer: _Writer, by_theme: list[tuple[Theme, list[Practice]]]) -> list[Paragraph]:
    """Theme by theme: how many towns report a practice of it, then each town's practices quoted."""
    paragraphs = []
    for theme, practices in by_theme:
        towns = list(dict.fromkeys(_name(p.report) for p in practices))
        lead = f"（{_ordinal(len(paragraphs))}）{theme.name}。{len(towns)}个乡镇（街道）报告了这方面的做法："
        quotes = [Claim(f"{_name(p.report)}「{p.citation.quote}」", citations=[p.citation], towns=[_name(p.report)],
                        asserts="measure") for p in practices]
        paragraphs += _listing(writer, lead, quotes)
    return paragraphs or [Paragraph("各报告的主要举措部分没有可归类的具体做法。")]


def _table(rows: list[TableRow]) -> list[list[str]]:
    """The memo's table: each cell as ``fazhi table`` writes it, without its unsettled mark (the
    memo is read on paper; the figure's quote is in 出处)."""
    header = ["镇（街道）", *(BY_KEY[k].zh for k in TABLE_KEYS)]
    body = [[row.town or row.file, *(cell_text(row.cells.get(key), key, unsettled_mark=False) for key in TABLE_KEYS)]
            for row in sorted(rows, key=lambda r: r.town or "")]
    return [header, *body]


def _shared_first(groups: list[list[Item]]) -> list[list[Item]]:
    """Groups stated by two or more reports, most reports first, then the single-report items."""
    shared = [g for g in groups if len({i.report for i in g}) >= 2]
    return sorted(shared, key=lambda g: -len({i.report for i in g})) + [g for g in groups if g not in shared]


def _is_shared(group: list[Item]) -> bool:
    return len({i.report for i in group}) >= 2


def _problems(writer: _Writer, groups: list[list[Item]]) -> tuple[list[Paragraph], int]:
    """Problems several reports share, most-shared first (「××镇等N个乡镇（街道）」), each quoted in
    full; then those one report states, so no stated problem is dropped from the memo. Returns the
    paragraphs and how many shared problems they list."""
    paragraphs = []
    for group in filter(_is_shared, groups):
        quotes = writer.verified(_quoted(group))
        towns = list(dict.fromkeys(town for quote in quotes for town in quote.towns))
        if len(towns) >= 2:
            lead = f"（{_ordinal(len(paragraphs))}）{label(group)}。{towns[0]}等{len(towns)}个乡镇（街道）报告了这一问题："
            paragraphs += _listing(writer, lead, quotes)
    shared = len(paragraphs)
    if not paragraphs:
        paragraphs.append(Paragraph("各报告没有两个以上乡镇（街道）共同提出的问题。"))
    alone = writer.verified(_quoted(sorted((i for g in groups if not _is_shared(g) for i in g), key=lambda i: _name(i.report))))
    if alone:
        lead = f"（{_ordinal(shared)}）其他问题，各由一个乡镇（街道）提出（{len(alone)}条）："
        paragraphs += _listing(writer, lead, alone)
    return paragraphs, shared


def _advice(writer: _Writer, groups: list[list[Item]], sheets: list[FactSheet], plans: list[Item]) -> list[Paragraph]:
    """The county's recommendations: one per leading shared problem and per gap the sheets show."""
    concerns = [Concern(label(g), g) for g in filter(_is_shared, groups)][:LEADING] + gaps(sheets)
    paragraphs = []
    for lead, backing in recommendations(concerns, plans):
        paragraphs += _listing(writer, f"（{_ordinal(len(paragraphs))}）{lead}相关情况：", backing)
    return paragraphs or [Paragraph("各报告没有两个以上乡镇（街道）共同提出的问题，本次不提出共性建议。")]


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


def _follows_outline(check: OutlineCheck) -> bool:
    """All five mandated parts, each a section of its own, and a dated signature."""
    findings = {f.item: f for f in check.findings}
    return all(check.parts.get(p) == "present" for p in PARTS) and findings["signature_date"].status != "missing"


def _outline(writer: _Writer, reports: list[ReportRow], docs: dict, checks: dict[str, OutlineCheck]) -> list[Paragraph]:
    """Which reports fall short of the five-part outline: a merged part is cited by the heading it
    is merged under; a missing part or date is said by code (nothing can be quoted for an absence)."""
    lines: list[Claim] = []
    short = 0
    for report in reports:
        ref = ReportRef.of(report)
        check = checks[report.id]
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
