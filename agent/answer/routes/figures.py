"""Figures of the standard indicators, from the indicator table, with the arithmetic done here.

lookup / compare / yoy (named towns), total, rank and disclosure (every report in scope). The
table already resolves the traps a small model falls into (new vs total, village vs town, this
year vs last, targets in the plans); each figure cites its verbatim quote, a figure a report does
not state is said to be unstated, and totals, differences and rankings are computed by code and
say so.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, silence_claim
from agent.tables.build import SUMMED, Cell, TableRow, build_rows, collect_reports
from agent.usage import Usage
from store.indicators import BY_KEY, figure_in_year_column
from store.numbers import FIGURE, format_figure, read_figure, tidy
from store.store import ReportStore

_NUMERIC_ADDITIVE = {"件", "人", "名", "场次", "人次", "家次", "元", "台", "条", "项", "次"}  # counts that add up over towns
_UNIT_EN = {"件": "cases", "人": "people", "名": "people", "台": "units", "元": "yuan", "场次": "events", "人次": "attendances", "条": "items",
            "家次": "inspections", "项": "items", "次": "times", "%": "%"}

_SAY = {
    "zh": {
        "stated": "{name}：{label}{about}{value}{unit}（「{quote}」）。",
        "summed": "{name}：报告没有写{label}合计；「{quote}」各项相加为{value}{unit}（由代码计算）。",
        "shortfall_one": "{name}：报告没有直接写{label}；由「{quote}」中的编制数减去实有数，{label}为{value}{unit}（由代码计算）。",
        "shortfall": "{name}：报告没有直接写{label}；由「{posts}」减去「{held}」，{label}为{value}{unit}（由代码计算）。",
        "ratio": "{name}：报告没有直接写{label}；由「{part}」与「{whole}」相除，{label}{about}{value}%（由代码计算）。",
        "lacks": "{name}：报告称{lack}{label}（「{quote}」）。",
        "unstated": "{name}：报告中没有写明{label}。",
        "change": "{town}{last}年比{first}年{verb}{amount}（由上面两个数字相减）{relative}。",
        "relative": "，{verb}{percent}%",
        "gap": "{high}比{low}{word}{amount}（由上面两个数字相减）。",
        "named_total": "{names}的{label}合计{about}{value}{unit}（由上面的数字相加）。",
        "gap_words": {False: "多", True: "高"},
        "verbs": ("增加", "减少", "持平"),
        "reported_change": "{name}：报告写明同比{value}%（「{quote}」）。",
        "change_top": "{names}的{label}与上年相比{verb}{amount}，{order}（在能算出变化的{n}份报告中比较，由代码相减、排序）。",
        "place": "{name}在写明该数字的{n}份报告中从高到低排第{place}位（由代码排序）。",
        "change_most": "增加最多",
        "change_least": "减少最多（或增加最少）",
        "change_most_rate": "增幅最大",
        "change_least_rate": "降幅最大（或增幅最小）",
        "change_rate": "，变化幅度{rate}%",
        "change_row": "{name}：上年{last}{unit}，本年{now}{unit}，{verb}{amount}{rate}（由代码相减）。",
        "change_unknown": "看不出与上年相比变化的报告（{n}）：{towns}（没有上年的报告，也没有在本年数字旁写上年的数字）。",
        "last_year": "{name}：报告同时写了上年的数字（「{quote}」），比上年{verb}{amount}（由两个数字相减）。",
        "most": "{towns}的{label}最{word}（{value}{unit}）{note}。",
        "words": {"max": "多", "min": "少"},
        "words_level": {"max": "高", "min": "低"},
        "rank_note": "（在{where}写明该数字的{n}份报告中比较，由代码排序）",
        "given_head": "报告自己写明{label}、未参与上面比较的（{n}）：",
        "rank_note_computed": "（在{where}写明或可由两个数字算出该数字的{n}份报告中比较，由代码排序）",
        "tie": "，并列",
        "year_head": "{year}年：",
        "years_covered": "未指定年度：每个乡镇取其最新一份报告（涉及{years}年度）。",
        "all_years": "所有年度：每份报告都计入（涉及{years}年度）。",
        "total": "{scope}写明该数字的{n}份报告合计{label}：{about}{value}{unit}（由各报告数字相加，未写明的不计入）。",
        "average": "{scope}写明该数字的{n}份报告平均{label}：约{value}{unit}（{total}÷{n}，由代码计算，未写明的不计入）。",
        "county_gap": "{high}比{low}多{amount}（由上面两个合计相减）。",
        "per_label": "每{b}的{a}", "per_most": "{towns}的{label}最{word}（约{value}）（在同时写明两个数字的{n}份报告中，由代码相除、排序）。",
        "per_row": "{name}：「{a}」除以「{b}」，{label}约{value}（由代码计算）。",
        "per_missing": "没有同时写明两个数字、算不出{label}的报告：{towns}。",
        "no_county": "没有写明所属县的报告，未计入任何一个县：{towns}。",
        "not_additive": "{scope}各报告的{label}如下（该指标不能相加）：",
        "pooled": "{scope}同时写明{part}和{whole}件数的{n}份报告：{part}合计{part_sum}件、{whole}合计{whole_sum}件，合并计算{label}约{value}%（由代码相加、相除）。",
        "part": "- {name}：{about}{value}{unit}",
        "silent": "未写明{label}数字的报告（{n}）：{towns}。",
        "stated_head": "写明{label}的报告（{n}）：",
        "renamed_head": "没有用「{word}」这个说法、但写了同一件事的报告（{n}）：",
        "passing_head": "{label}{test}的报告（{n}）：",
        "none_head": "报告写明没有{label}的（{n}）：",
        "some_head": "报告写明有{label}的（{n}）：",
        "none": "没有符合条件的报告。",
        "about": "约",
        "all": "各乡镇",
        "spacer": "",
        "joiner": "、",
    },
    "en": {
        "stated": "{name}: {label} {about}{value} {unit} (「{quote}」).",
        "summed": "{name}: the report gives no total of {label}; the items of 「{quote}」 add up to {value} {unit} (computed by code).",
        "shortfall_one": "{name}: the report gives no {label}; in 「{quote}」 the posts less the people in them leave {value} {unit} (computed by code).",
        "shortfall": "{name}: the report gives no {label}; 「{posts}」 less 「{held}」 leaves {value} {unit} (computed by code).",
        "ratio": "{name}: the report gives no {label}; dividing 「{part}」 by 「{whole}」 gives {about}{value}% (computed by code).",
        "lacks": "{name}: the report says it has no {label} (「{quote}」).",
        "unstated": "{name}: the report does not state {label}.",
        "change": "{town} {last} vs {first}: {verb} {amount} (the difference of the two figures above){relative}.",
        "relative": ", {verb} {percent}%",
        "gap": "{high}: {amount} {word} than {low} (the difference of the two figures above).",
        "named_total": "{names}: {label} add up to {about}{value} {unit} (the sum of the figures above).",
        "gap_words": {False: "more", True: "higher"},
        "verbs": ("up", "down", "unchanged"),
        "reported_change": "{name}: the report states a year-on-year change of {value}% (「{quote}」).",
        "change_top": "{names}: {label} {verb} {amount} on last year, the {order} (among the {n} reports whose change can be worked out; subtracted and ranked by code).",
        "place": "{name} is number {place} of the {n} reports that state it, highest first (ranked by code).",
        "change_most": "largest rise",
        "change_least": "largest fall (or smallest rise)",
        "change_most_rate": "fastest rise",
        "change_least_rate": "fastest fall (or slowest rise)",
        "change_rate": ", a change of {rate}%",
        "change_row": "{name}: {last} {unit} last year, {now} {unit} this year, {verb} {amount}{rate} (subtracted by code).",
        "change_unknown": "Reports whose change on last year cannot be worked out ({n}): {towns} (no report of the year before and no earlier figure beside this year's).",
        "last_year": "{name}: the report also gives last year's figure (「{quote}」): {verb} {amount} on last year (the difference of the two).",
        "most": "{towns}: the {word} {label} ({value} {unit}){note}.",
        "words": {"max": "most", "min": "least"},
        "words_level": {"max": "highest", "min": "lowest"},
        "rank_note": " (among the {n} reports{where} that state it; ranked by code)",
        "given_head": "Reports that state their own {label}, left out of the comparison above ({n}):",
        "rank_note_computed": " (among the {n} reports{where} that state it or the two counts it is divided from; ranked by code)",
        "tie": " (tied)",
        "year_head": "{year}:",
        "years_covered": "No year named: each town's latest report is used (covering {years}).",
        "all_years": "All years: every report is counted (covering {years}).",
        "total": "{scope}: {label} adds up to {about}{value} {unit} over the {n} reports that state it (computed by adding them; reports that do not state it are not counted).",
        "average": "{scope}: the average {label} is about {value} {unit} over the {n} reports that state it ({total} ÷ {n}, computed by code; reports that do not state it are not counted).",
        "county_gap": "{high}: {amount} more than {low} (the difference of the two totals above).",
        "per_label": "{a} per {b}", "per_most": "{towns}: the {word} {label} (about {value}) (among the {n} reports that state both figures; divided and ranked by code).",
        "per_row": "{name}: 「{a}」 divided by 「{b}」 gives {label} of about {value} (computed by code).",
        "per_missing": "Reports that do not state both figures, so no {label} can be worked out: {towns}.",
        "no_county": "Reports that name no county, counted in neither: {towns}.",
        "not_additive": "{label} per report in {scope} (not additive):",
        "pooled": "{scope}: over the {n} reports that state both counts, {part} add up to {part_sum} and {whole} to {whole_sum}, a combined {label} of about {value}% (added and divided by code).",
        "part": "- {name}: {about}{value} {unit}",
        "silent": "Reports giving no figure for {label} ({n}): {towns}.",
        "stated_head": "Reports stating {label} ({n}):",
        "renamed_head": "Reports that state it without the word 「{word}」 ({n}):",
        "passing_head": "Reports with {label} {test} ({n}):",
        "none_head": "Reports stating they had no {label} ({n}):",
        "some_head": "Reports stating they had {label} ({n}):",
        "none": "No reports in scope.",
        "about": "about ",
        "all": "all towns",
        "spacer": " ",
        "joiner": ", ",
    },
}


def _label(key: str, language: str) -> str:
    return BY_KEY[key].en if language == "en" else BY_KEY[key].label


def _points(language: str) -> str:
    """How a difference of two rates is counted: in percentage points, never a relative %."""
    return "个百分点" if language == "zh" else "percentage points"


_ONE_EN = {"cases": "case", "people": "person", "units": "unit", "events": "event", "attendances": "attendance", "items": "item",
           "inspections": "inspection"}


def _unit(key: str, language: str, value: float | None = None) -> str:
    """The unit a figure is written with; in English, singular for a figure of one (1 person)."""
    unit = BY_KEY[key].unit
    if language != "en":
        return unit
    english = _UNIT_EN.get(unit, unit)
    return _ONE_EN.get(english, english) if value == 1 else english


def _cite(row: TableRow, cell: Cell) -> Citation:
    return Citation.at(ReportRef.of_row(row), cell.quote, cell.start, cell.end, cell.line)


def _numeric(cell: Cell | None) -> bool:
    return cell is not None and isinstance(cell.value, int | float)


@dataclass(frozen=True)
class Figure:
    """One report's figure for an indicator: stated in one cited sentence, or a rate code divided
    from the two counts the report states (``Indicator.ratio_of``), cited to both."""

    value: float
    approx: bool
    citations: list[Citation]
    quotes: list[str]
    computed: bool = False


def _figure(row: TableRow, key: str) -> Figure | None:
    cell = row.cells.get(key)
    if _numeric(cell):
        return Figure(float(cell.value), cell.approx, [_cite(row, cell)], [cell.quote], computed=cell.source == SUMMED)
    if cell is None and (gap := BY_KEY[key].gap_of) is not None:
        posts, held = (row.cells.get(k) for k in gap)
        if not (_numeric(posts) and _numeric(held)) or float(held.value) > float(posts.value):
            return None
        return Figure(float(posts.value) - float(held.value), posts.approx or held.approx, [_cite(row, posts), _cite(row, held)],
                      [posts.quote, held.quote], computed=True)
    ratio = BY_KEY[key].ratio_of
    if cell is not None or ratio is None:
        return None
    part, whole = (row.cells.get(k) for k in ratio)
    if not (_numeric(part) and _numeric(whole)) or not 0 < float(part.value) <= float(whole.value):
        return None
    rate = round(float(part.value) / float(whole.value) * 100, 1)
    return Figure(rate, True, [_cite(row, part), _cite(row, whole)], [part.quote, whole.quote], computed=True)


def table_rows(store: ReportStore, plan: Plan, keys: set[str], model: Any, usage: Usage, towns: list[str] | None = None) -> list[TableRow]:
    """Rows for the reports in scope, with only the ``keys`` cells resolved (a model call is
    worth making only for the asked cells)."""
    reports = [r for r in store.reports() if r.in_scope(plan.county, plan.years, towns or [])]
    pendings = collect_reports(store, reports)
    for pending in pendings:
        pending.extractions = {k: ex for k, ex in pending.extractions.items() if k in keys}
    return build_rows(pendings, model, usage)


def _stated_claim(store: ReportStore, row: TableRow, key: str, plan: Plan) -> Claim:
    say = _SAY[plan.language]
    cell = row.cells.get(key)
    name = ReportRef.of_row(row).name(plan.language)
    label = _label(key, plan.language)
    towns = [row.town] if row.town else []
    if cell is not None and cell.value == "lacks":
        return Claim(say["lacks"].format(name=name, label=label, lack=BY_KEY[key].lacks_zh, quote=cell.quote),
                     citations=[_cite(row, cell)], towns=towns)
    figure = _figure(row, key)
    if figure is None:
        return silence_claim(store, say["unstated"].format(name=name, label=label), [row])  # cited where it would say it
    about = say["about"] if figure.approx else ""
    if figure.computed and len(figure.quotes) == 1:  # the kinds a report lists, added up by code
        text = say["summed"].format(name=name, label=label, value=format_figure(figure.value),
                                    unit=_unit(key, plan.language, figure.value), quote=figure.quotes[0])
        return Claim(text, kind="computed", citations=figure.citations, towns=towns, derived=[figure.value])
    if figure.computed and BY_KEY[key].gap_of:
        posts, held = figure.quotes
        value, unit = format_figure(figure.value), _unit(key, plan.language, figure.value)
        if posts in held or held in posts:  # both figures in one quote (编制4名，实有2名): quoted once
            text = say["shortfall_one"].format(name=name, label=label, value=value, unit=unit, quote=max(posts, held, key=len))
            citations = [max(figure.citations, key=lambda c: len(c.quote))]
        else:
            text = say["shortfall"].format(name=name, label=label, value=value, unit=unit, posts=posts, held=held)
            citations = figure.citations
        return Claim(text, kind="computed", citations=citations, towns=towns, derived=[figure.value])
    if figure.computed:
        text = say["ratio"].format(name=name, label=label, about=about, value=format_figure(figure.value),
                                   part=figure.quotes[0], whole=figure.quotes[1])
        return Claim(text, kind="computed", citations=figure.citations, towns=towns, derived=[figure.value])
    text = say["stated"].format(name=name, label=label, about=about, value=format_figure(figure.value),
                                unit=_unit(key, plan.language, figure.value), quote=figure.quotes[0])
    return Claim(text, citations=figure.citations, towns=towns)


def answer_named(store: ReportStore, plan: Plan, model: Any) -> Result:
    """lookup / compare / yoy for the named towns, for each indicator the question asks."""
    results = [_named_one(store, plan, key, model) for key in [plan.indicator or "", *plan.also]]
    first = results[0]
    for other in results[1:]:
        first.claims += other.claims
        first.usage.add(other.usage)
    return first


def _keys_of(key: str) -> set[str]:
    """The cells an indicator's figure may be read from: its own, and the two counts of a rate."""
    return {key, *(BY_KEY[key].ratio_of or ()), *(BY_KEY[key].gap_of or ())}


def _named_one(store: ReportStore, plan: Plan, key: str, model: Any) -> Result:
    usage = Usage()
    asks_change = plan.intent == "yoy"
    plan_years = list(plan.years)
    scope = plan
    if len(plan_years) == 1 and asks_change:
        scope = replace(plan, years=[plan_years[0] - 1, plan_years[0]])
    rows = _latest_per_town(table_rows(store, scope, _keys_of(key) | {f"{key}_change"}, model, usage, towns=plan.towns), plan)
    rows.sort(key=lambda row: (plan.towns.index(row.town) if row.town in plan.towns else 99, row.year or 0))
    say = _SAY[plan.language]
    claims: list[Claim] = []
    stated: list[tuple[TableRow, Figure]] = []
    for row in rows:
        claims.append(_stated_claim(store, row, key, plan))
        if (figure := _figure(row, key)) is not None:
            stated.append((row, figure))
        reported = row.cells.get(f"{key}_change") if asks_change else None
        if _numeric(reported):
            claims.append(Claim(say["reported_change"].format(name=ReportRef.of_row(row).name(plan.language), value=format_figure(reported.value), quote=reported.quote),
                                citations=[_cite(row, reported)], towns=[row.town] if row.town else []))
    towns = list(dict.fromkeys(row.town for row, _ in stated))
    for town in towns if asks_change else [None]:  # how did each town change: each one's figures over its own years
        own = [s for s in stated if town is None or s[0].town == town]
        claims += _difference(own, key, plan)
        if asks_change and len(own) == 1:
            claims += _stated_last_year(store, *own[0], key, plan)
    if plan.with_total:
        claims += _sum_of_named(stated, key, plan)
    if len(towns) >= 2 and not asks_change:
        claims += _ranked(stated, key, plan, plan.order or "max", len(stated))
    claims += _gap(stated, key, plan)
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage, refusal=not rows)


def _change_words(a: float, b: float, key: str, plan: Plan) -> tuple[str, float, str]:
    """From ``a`` to ``b``: the verb (增加/减少/持平), the size of the change and how it is written with
    its unit (a rate's in percentage points; 98.5 − 94.6 is 3.9, not 3.9000000000000057)."""
    say = _SAY[plan.language]
    up, down, flat = say["verbs"]
    change = tidy(round(abs(b - a), 4))
    unit = _points(plan.language) if BY_KEY[key].unit == "%" else _unit(key, plan.language)
    amount = "" if b == a else f"{format_figure(change)}{say['spacer']}{unit}"
    return (up if b > a else down if b < a else flat), change, amount


def _difference(stated: list[tuple[TableRow, Figure]], key: str, plan: Plan) -> list[Claim]:
    """The change over years of one town, computed here."""
    towns = list(dict.fromkeys(row.town for row, _ in stated))
    if len(towns) != 1 or len(stated) < 2:
        return []
    say = _SAY[plan.language]
    (first, figure_a), (last, figure_b) = stated[0], stated[-1]
    a, b = figure_a.value, figure_b.value
    verb, change, amount = _change_words(a, b, key, plan)
    # 涨了几成 / by what percentage: the change relative to the earlier figure (not for a rate, whose
    # difference is already in percentage points)
    percent = abs(relative_change) if b != a and (relative_change := _relative_change(a, b, key)) is not None else None
    relative = say["relative"].format(verb=verb, percent=format_figure(percent)) if percent is not None else ""
    text = say["change"].format(town=towns[0] or "", last=last.year, first=first.year, verb=verb, amount=amount,
                                relative=relative)
    return [Claim(text, kind="computed", citations=figure_a.citations + figure_b.citations,
                  towns=[towns[0]] if towns[0] else [], derived=[change] + ([percent] if percent is not None else []))]


# Last year's figure written beside this year's (22件（上年为17件）, 较上年的16件): its own quote.
# The change on last year written right after this year's figure (16万元，比上年增加5万元).
_RISE = ("增加", "增长", "提高", "上升")
_CHANGE_BESIDE = re.compile(rf"^[（(，,、]?\s*(?:比|较)(?:上年|去年|上一年度?)(?:同期)?(?P<verb>增加|增长|提高|上升|减少|下降|降低)了?\s*"
                            rf"(?P<figure>{FIGURE.pattern})")
# 22件（上年为17件）, 较2023年的11万元, or the next line of a data block (上年法治建设经费：150000元), its label the figure's
_LAST_YEARS = re.compile(rf"^[（(，,、]?\s*(?:比|较|与)?(?:上年|去年|上一年度?|(?P<year>(?:19|20)\d\d)年度?)(?:同期)?"
                         rf"(?:(?P<label>[^\d：:，。；（(\n]{{2,14}})[：:]|的|为|是|共|有|计|：|:)?\s*(?P<figure>{FIGURE.pattern})")


@dataclass(frozen=True)
class Earlier:
    """Last year's figure of a town: from its own report of last year, or written beside this year's."""

    value: float
    citations: list[Citation]
    quote: str
    beside: bool  # written beside this year's figure in this year's report


def _written_beside(store: ReportStore, row: TableRow, figure: Figure, key: str) -> Earlier | None:
    """Last year's figure a report writes right beside this year's (22件（上年为17件）, 较2023年的11万元)."""
    cell = row.cells.get(key)
    if cell is None or figure.computed or not _numeric(cell):
        return None
    doc = store.document(row.report_id)
    # right after this year's figure, inside the cell's quote (法治建设经费：38.5万元（上年31万元）) or after it
    own = next((m for m in FIGURE.finditer(doc.original, cell.start, cell.end)
                if (figure_read := read_figure(m)) is not None and float(tidy(figure_read.value)) == figure.value), None)
    at = own.end() if own is not None else cell.end
    after = doc.original[at : at + 24]
    match = _LAST_YEARS.match(after) or _CHANGE_BESIDE.match(after)
    if match is None and row.year and (column := figure_in_year_column(doc.original, cell.start, row.year - 1)):
        return _in_last_years_column(row, doc, key, *column)  # 合同审查（份） | 127 | 108: the table's column for last year
    last = read_figure(match) if match else None
    if match is None or last is None or match["unit"] not in BY_KEY[key].units \
            or match.groupdict().get("label") and not BY_KEY[key].terms.search(match["label"]) \
            or match.groupdict().get("year") and int(match["year"]) != (row.year or 0) - 1:  # 较2023年的11万元 in a 2024 report
        return None
    value = float(tidy(last.value))
    if match.groupdict().get("verb"):  # 比上年增加5万元: last year's is this year's less the change
        value = figure.value - value if match["verb"] in _RISE else figure.value + value
    end = at + match.end("figure")
    quote = doc.original[at + (1 if after[:1] in "（(，,、" else 0) : end]
    quote_start = end - len(quote)
    citation = Citation.at(ReportRef.of_row(row), quote, quote_start, end, doc.line_of(quote_start))
    return Earlier(value, [citation], quote, beside=True)


def _in_last_years_column(row: TableRow, doc: Any, key: str, shown: str, start: int, end: int) -> Earlier | None:
    """Last year's figure from its column of the report's table, cited to that cell."""
    match = FIGURE.fullmatch(shown.strip())
    last = read_figure(match) if match else None
    if last is None or match is None or match["unit"] not in BY_KEY[key].units:
        return None
    quote = doc.original[start:end]
    citation = Citation.at(ReportRef.of_row(row), quote, start, end, doc.line_of(start))
    return Earlier(float(tidy(last.value)), [citation], quote, beside=True)


def _stated_last_year(store: ReportStore, row: TableRow, figure: Figure, key: str, plan: Plan) -> list[Claim]:
    """A town with one report asked how a figure changed: last year's figure the report writes
    right beside this year's, and the change computed from the two, cited to both."""
    earlier = _written_beside(store, row, figure, key)
    if earlier is None:
        return []
    verb, change, amount = _change_words(earlier.value, figure.value, key, plan)
    text = _SAY[plan.language]["last_year"].format(name=ReportRef.of_row(row).name(plan.language), quote=earlier.quote, verb=verb,
                                                   amount=amount)
    return [Claim(text, kind="computed", citations=[*figure.citations, *earlier.citations], towns=[row.town] if row.town else [],
                  derived=[change, earlier.value])]


def answer_per_rank(store: ReportStore, plan: Plan, model: Any) -> Result:
    """One figure per another (people per event, inspections per certified officer), divided by code
    for each report that states both, each line cited to both figures, and ranked; the reports
    that lack either are named."""
    key, per = plan.indicator or "", plan.per or ""
    usage = Usage()
    rows = _latest_per_town(table_rows(store, plan, _keys_of(key) | _keys_of(per), model, usage, towns=plan.towns or None), plan)
    say = _SAY[plan.language]
    claims: list[Claim] = _years_note(rows, plan)
    ratios: list[tuple[TableRow, float, Figure, Figure]] = []
    for row in rows:
        top, bottom = _figure(row, key), _figure(row, per)
        if top is not None and bottom is not None and bottom.value > 0:
            ratios.append((row, round(top.value / bottom.value, 2), top, bottom))
    label = say["per_label"].format(a=_label(key, plan.language), b=_label(per, plan.language))
    orders = ["max", "min"] if plan.order == "both" else [plan.order or "max"]
    for order in orders if ratios else []:
        best = (max if order == "max" else min)(value for _, value, _, _ in ratios)
        winners = [(row, top, bottom) for row, value, top, bottom in ratios if value == best]
        names = say["joiner"].join(ReportRef.of_row(row).name(plan.language) for row, _, _ in winners)
        word = say["words_level"][order]
        claims.append(Claim(say["per_most"].format(towns=names, label=label, word=word, value=format_figure(best), n=len(ratios)),
                            kind="computed", citations=[c for _, top, bottom in winners for c in (*top.citations, *bottom.citations)],
                            towns=[row.town for row, _, _ in winners if row.town], derived=[best, float(len(ratios))]))
    for row, value, top, bottom in sorted(ratios, key=lambda item: -item[1]):
        claims.append(Claim(say["per_row"].format(name=ReportRef.of_row(row).name(plan.language), a=top.quotes[0], b=bottom.quotes[0],
                                                   label=label, value=format_figure(value)),
                            kind="computed", citations=[*top.citations, *bottom.citations], towns=[row.town] if row.town else [],
                            derived=[value]))
    if missing := [r for r in rows if all(r is not item[0] for item in ratios)]:
        names = say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r in missing)
        claims.append(silence_claim(store, say["per_missing"].format(label=label, towns=names), missing))
    if not rows:
        claims.append(Claim(say["none"], kind="note"))
    ends = {max(values), min(values)} if (values := [value for _, value, _, _ in ratios]) else set()
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage,
                  selected=[r.town or r.file for r, value, _, _ in ratios if value in ends])


def answer_change_rank(store: ReportStore, plan: Plan, model: Any) -> Result:
    """Which town's figure rose (or fell) most on last year (与上年相比哪家增加得最多): each town's change
    from its own report of the year before, else from last year's figure written beside this year's,
    ranked by code and cited to both figures; a town with neither is named as such."""
    key = plan.indicator or ""
    usage = Usage()
    years = plan.years or []
    scope = replace(plan, years=sorted({*years, *(y - 1 for y in years)}))
    every = table_rows(store, scope, _keys_of(key), model, usage, towns=plan.towns if len(plan.towns) >= 2 else None)
    now = _latest_per_town([r for r in every if not years or r.year in years], plan)
    say = _SAY[plan.language]
    changes: list[tuple[TableRow, Figure, Earlier]] = []
    for row in now:
        if (figure := _figure(row, key)) is None:
            continue
        before = next((last for r in every if r.town == row.town and r.year == (row.year or 0) - 1
                       and (last := _figure(r, key)) is not None), None)
        earlier = Earlier(before.value, before.citations, "", beside=False) if before is not None \
            else _written_beside(store, row, figure, key)
        if earlier is not None:
            changes.append((row, figure, earlier))
    claims: list[Claim] = []
    top: list[tuple[TableRow, Figure, Earlier]] = []

    def measure(change: tuple[TableRow, Figure, Earlier]) -> float:
        """The change ranked: in percent of last year's where the question asks a rate (增幅), else its size."""
        _, figure, earlier = change
        return _relative_change(earlier.value, figure.value, key) or 0.0 if plan.change_by_rate else figure.value - earlier.value

    if plan.change_by_rate:
        changes = [c for c in changes if _relative_change(c[2].value, c[1].value, key) is not None]
    if changes:
        best = (max if plan.order != "min" else min)(measure(c) for c in changes)
        top = [c for c in changes if measure(c) == best]
        verb, _, amount = _change_words(top[0][2].value, top[0][1].value, key, plan)
        if plan.change_by_rate:
            amount = f"{format_figure(abs(best))}%"
        order = "change_most" if plan.order != "min" else "change_least"
        claims.append(Claim(say["change_top"].format(names=say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r, _, _ in top),
                                                     label=_label(key, plan.language), order=say[f"{order}_rate" if plan.change_by_rate else order],
                                                     verb=verb, amount=amount, n=len(changes)),
                            kind="computed", citations=[c for _, figure, earlier in top for c in (*figure.citations, *earlier.citations)],
                            towns=[r.town for r, _, _ in top if r.town], derived=[abs(best), float(len(changes))]))
        for row, figure, earlier in sorted(changes, key=measure, reverse=plan.order != "min"):
            verb, change, amount = _change_words(earlier.value, figure.value, key, plan)
            rate = _relative_change(earlier.value, figure.value, key)
            shown_rate = say["change_rate"].format(rate=format_figure(abs(rate))) if rate is not None else ""
            claims.append(Claim(say["change_row"].format(name=ReportRef.of_row(row).name(plan.language), last=format_figure(earlier.value),
                                                         now=format_figure(figure.value), unit=_unit(key, plan.language), verb=verb, amount=amount,
                                                         rate=shown_rate),
                                kind="computed", citations=[*figure.citations, *earlier.citations], towns=[row.town] if row.town else [],
                                derived=[change, earlier.value, figure.value, *([abs(rate)] if rate is not None else [])]))
    unknown = [r for r in now if r not in [c[0] for c in changes]]
    if unknown:
        towns = say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r in unknown)
        claims.append(silence_claim(store, say["change_unknown"].format(label=_label(key, plan.language), n=len(unknown), towns=towns),
                                    unknown, [float(len(unknown))]))
    if not now:
        claims.append(Claim(say["none"], kind="note"))
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in now], usage=usage,
                  selected=[r.town or r.file for r, _, _ in top] if changes else [])


def _relative_change(before: float, after: float, key: str) -> float | None:
    """The change from ``before`` to ``after`` in percent of ``before``, to one decimal (涨了几成, 增幅);
    None for a rate or a stated change, whose difference is already in percentage points, and where
    ``before`` is not above zero (a rise from nothing has no rate)."""
    if before <= 0 or key.endswith(("_rate", "_change")):
        return None
    return round((after - before) / before * 100, 1)


def _sum_of_named(stated: list[tuple[TableRow, Figure]], key: str, plan: Plan) -> list[Claim]:
    """What the named towns' figures add up to (两镇罚款合计), computed here, each year apart."""
    if BY_KEY[key].unit not in _NUMERIC_ADDITIVE:
        return []
    claims = []
    for year in sorted({row.year for row, _ in stated}, key=lambda y: y or 0):
        members = [(row, figure) for row, figure in stated if row.year == year]
        if len({row.town for row, _ in members}) < 2:
            continue
        total = sum(figure.value for _, figure in members)
        say = _SAY[plan.language]
        names = say["joiner"].join(ReportRef.of_row(row).name(plan.language) for row, _ in members)
        about = say["about"] if any(figure.approx for _, figure in members) else ""
        text = say["named_total"].format(names=names, label=_label(key, plan.language), about=about,
                                         value=format_figure(total), unit=_unit(key, plan.language))
        claims.append(Claim(text, kind="computed", citations=[c for _, figure in members for c in figure.citations],
                            towns=[row.town for row, _ in members if row.town], derived=[total]))
    return claims


def _latest_per_town(rows: list[TableRow], plan: Plan) -> list[TableRow]:
    """Towns ranked, added up or compared with no year named: each town's latest report, one overall
    answer (not one answer per year); a year named, a question about change, or one town asked
    about (its figure in every report) keeps every report asked."""
    if len(plan.towns) == 1 or plan.years or plan.all_years or plan.intent == "yoy":
        return rows
    latest: dict[str, int] = {}
    for row in rows:
        latest[row.town or row.file] = max(latest.get(row.town or row.file, 0), row.year or 0)
    return [row for row in rows if (row.year or 0) == latest[row.town or row.file]]


def _year_groups(rows: list[TableRow], plan: Plan) -> list[tuple[int | None, list[TableRow]]]:
    """What a rank or a total is given over: each year the question names apart (2023年和2024年各…),
    else one group of the reports in scope, with a note of the years it covers when they differ."""
    if len(plan.years) > 1:
        return [(year, [r for r in rows if r.year == year]) for year in sorted(set(plan.years), reverse=True)]
    return [(None, rows)]


def _years_note(rows: list[TableRow], plan: Plan) -> list[Claim]:
    years = sorted({r.year for r in rows if r.year})
    if len(years) < 2:
        return []
    say = _SAY[plan.language]
    note = say["all_years" if plan.all_years else "years_covered"]
    return [Claim(note.format(years=say["joiner"].join(str(y) for y in years)), kind="note")]


def _gap(stated: list[tuple[TableRow, Figure]], key: str, plan: Plan) -> list[Claim]:
    """Two towns compared: by how much the higher figure exceeds the lower, computed here (a
    question asking which is higher usually asks by how much too)."""
    if len(stated) != 2 or len({row.town for row, _ in stated}) != 2 or stated[0][1].value == stated[1][1].value:
        return []
    (high, figure_a), (low, figure_b) = sorted(stated, key=lambda pair: -pair[1].value)
    a, b = figure_a.value, figure_b.value
    say = _SAY[plan.language]
    level = BY_KEY[key].unit == "%"
    word = say["gap_words"][level]
    unit = _points(plan.language) if level else _unit(key, plan.language)
    gap = tidy(round(a - b, 4))
    about = say["about"] if figure_a.approx or figure_b.approx else ""
    amount = f"{about}{format_figure(gap)}{say['spacer']}{unit}"
    text = say["gap"].format(high=ReportRef.of_row(high).name(plan.language), low=ReportRef.of_row(low).name(plan.language),
                             word=word, amount=amount)
    return [Claim(text, kind="computed", citations=figure_a.citations + figure_b.citations,
                  towns=[t for t in (high.town, low.town) if t], derived=[gap])]


def _ranked(stated: list[tuple[TableRow, Figure]], key: str, plan: Plan, order: str, among: int) -> list[Claim]:
    """The top (or bottom) report(s), ties kept together."""
    if not stated:
        return []
    say = _SAY[plan.language]
    best = (max if order == "max" else min)(figure.value for _, figure in stated)
    winners = [(row, figure) for row, figure in stated if figure.value == best]
    names = say["joiner"].join(ReportRef.of_row(row).name(plan.language) for row, _ in winners)
    computed = any(figure.computed for _, figure in stated)
    where = "" if not plan.county else plan.county if plan.language == "zh" else f" of {plan.county}"  # the county ranked within
    note = (say["tie"] if len(winners) > 1 else "") + say["rank_note_computed" if computed else "rank_note"].format(n=among, where=where)
    word = say["words"][order] if BY_KEY[key].unit not in ("%", "元") else say["words_level"][order]
    text = say["most"].format(towns=names, label=_label(key, plan.language), word=word,
                              value=format_figure(best), unit=_unit(key, plan.language), note=note)
    return [Claim(text, kind="computed", citations=[c for _, figure in winners for c in figure.citations],
                  towns=[row.town for row, _ in winners if row.town],
                  derived=[float(among), *(figure.value for _, figure in winners if figure.computed)])]


def _silent_note(store: ReportStore, rows: list[TableRow], key: str, plan: Plan, computed: bool = True) -> list[Claim]:
    """The reports that state no figure (``computed``: nor the two counts a rate is divided from)."""
    silent = [r for r in rows if r.cells.get(key) is None and (not computed or _figure(r, key) is None)
              or r.cells.get(key) is not None and not (_numeric(r.cells[key]) or r.cells[key].value == "lacks")]
    if not silent:
        return []
    say = _SAY[plan.language]
    towns = say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r in silent)
    return [silence_claim(store, say["silent"].format(label=_label(key, plan.language), n=len(silent), towns=towns), silent, [len(silent)])]


def answer_rank(store: ReportStore, plan: Plan, model: Any) -> Result:
    """Most / least over the reports in scope (or the named towns): each town's latest report when
    no year is named, each named year ranked apart."""
    if plan.by_county:  # the highest and lowest in each county: each county's reports ranked apart
        results = [answer_rank(store, replace(plan, county=county, by_county=False), model)
                   for county in sorted({r.meta.get("county") for r in store.reports() if r.in_scope(None, plan.years, [])} - {None})]
        usage = Usage()
        for result in results:
            usage.add(result.usage)
        return Result(route="table", claims=[c for r in results for c in r.claims],
                      considered=list(dict.fromkeys(ref for r in results for ref in r.considered)), usage=usage,
                      selected=[town for r in results for town in (r.selected or [])])
    if plan.ranks_change:
        return answer_change_rank(store, plan, model)
    if plan.per:
        return answer_per_rank(store, plan, model)
    key = plan.indicator or ""
    usage = Usage()
    rows = _latest_per_town(table_rows(store, plan, _keys_of(key), model, usage, towns=plan.towns if len(plan.towns) >= 2 else None), plan)
    say = _SAY[plan.language]
    claims: list[Claim] = _years_note(rows, plan)
    groups = _year_groups(rows, plan)
    counts = Counter(r.year for r in rows)
    main_year = max((year for year, _ in groups), key=lambda y: (counts[y], y or 0))  # "the" answer: the year most reports are about
    selected: list[str] = []
    for year, in_year in groups:
        if plan.with_total and len(plan.towns) != 2:  # 合计数，并按金额从高到低排序: the sum first
            claims += [c for c in _total_of(store, in_year, key, plan) if c.kind == "computed"]
        stated = [(r, figure) for r in in_year if (figure := _figure(r, key)) is not None]
        given = [(r, figure) for r, figure in stated if not figure.computed] if plan.computed_only else []
        stated = [(r, figure) for r, figure in stated if figure.computed or not plan.computed_only]
        orders = ["max", "min"] if plan.order == "both" else [plan.order or "max"]
        if stated and year == main_year:
            ends = [(max if order == "max" else min)(figure.value for _, figure in stated) for order in orders]
            selected = [r.town or r.file for r, figure in stated if figure.value in ends]
        if len(groups) > 1:
            claims.append(Claim(say["year_head"].format(year=year), kind="note"))
        for order in orders:
            claims += _ranked(stated, key, plan, order, len(stated))
        if plan.order == "both" and len(plan.towns) != 2 and stated:  # the highest and the lowest: and how far apart
            claims += _gap([max(stated, key=lambda pair: pair[1].value), min(stated, key=lambda pair: pair[1].value)], key, plan)
        if plan.position_of and (place := _place_of(stated, plan)) is not None:
            claims.append(place)
        if plan.gap_to_next and len(stated) >= 2:  # the top and the one after it: how far apart
            claims += _gap(sorted(stated, key=lambda pair: pair[1].value, reverse=plan.order != "min")[:2], key, plan)
        for row, _ in sorted(stated, key=lambda item: -item[1].value if plan.order != "min" else item[1].value):
            claims.append(_stated_claim(store, row, key, plan))
        if len(plan.towns) == 2:  # which of the two is higher: and by how much
            claims += _gap(stated, key, plan)
        if given:  # asked for the rates code works out: those the reports state are shown apart
            claims.append(Claim(say["given_head"].format(label=_label(key, plan.language), n=len(given)), kind="group"))
            claims += [replace(claim, text=f"- {claim.text}") for claim in (_stated_claim(store, row, key, plan) for row, _ in given)]
        claims += _silent_note(store, in_year, key, plan)
    if not rows:
        claims.append(Claim(say["none"], kind="note"))
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage, selected=selected)


def _place_of(stated: list[tuple[TableRow, Figure]], plan: Plan) -> Claim | None:
    """Where the town asked about stands among the reports that state the figure, highest first (ties
    share a place), counted by code and cited to its own figure."""
    mine = next(((row, figure) for row, figure in stated if row.town == plan.position_of), None)
    if mine is None:
        return None
    place = 1 + sum(figure.value > mine[1].value for _, figure in stated)
    text = _SAY[plan.language]["place"].format(name=ReportRef.of_row(mine[0]).name(plan.language), n=len(stated), place=place)
    return Claim(text, kind="computed", citations=mine[1].citations, towns=[plan.position_of], derived=[float(place), float(len(stated))])


def answer_total(store: ReportStore, plan: Plan, model: Any) -> Result:
    """One indicator added up over the reports in scope, each part cited: each town's latest report
    when no year is named (the years covered said), each named year its own total."""
    key = plan.indicator or ""
    usage = Usage()
    rows = _latest_per_town(table_rows(store, plan, _keys_of(key), model, usage), plan)
    say = _SAY[plan.language]
    claims: list[Claim] = _years_note(rows, plan)
    groups = _year_groups(rows, plan)
    for year, in_year in groups:
        if len(groups) > 1:
            claims.append(Claim(say["year_head"].format(year=year), kind="note"))
        if plan.by_county:
            claims += _county_totals(store, in_year, key, plan)
        else:
            claims += _total_of(store, in_year, key, plan)
    if not rows:
        claims.append(Claim(say["none"], kind="note"))
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage)


def _county_totals(store: ReportStore, rows: list[TableRow], key: str, plan: Plan) -> list[Claim]:
    """Each county's own total (按县分别汇总, a total for each county), then, for two, how far apart
    they are, subtracted by code and cited to both totals' figures; a report that names no county
    is left out and said to be."""
    say = _SAY[plan.language]
    counties = sorted({r.county for r in rows if r.county})
    claims: list[Claim] = []
    totals: list[tuple[str, float, list[Citation]]] = []
    for county in counties:
        in_county = [r for r in rows if r.county == county]
        lines = _total_of(store, in_county, key, replace(plan, county=county))
        claims += lines
        stated = [figure for r in in_county if (figure := _figure(r, key)) is not None]
        if stated and BY_KEY[key].unit in _NUMERIC_ADDITIVE:
            totals.append((county, sum(f.value for f in stated), [c for f in stated for c in f.citations]))
    if len(totals) == 2 and totals[0][1] != totals[1][1]:
        (high, high_value, high_cites), (low, low_value, low_cites) = sorted(totals, key=lambda t: -t[1])
        unit = _unit(key, plan.language, high_value - low_value)
        amount = f"{format_figure(high_value - low_value)}{unit}" if plan.language == "zh" else f"{format_figure(high_value - low_value)} {unit}"
        claims.append(Claim(say["county_gap"].format(high=high, low=low, amount=amount), kind="computed",
                            citations=high_cites + low_cites, derived=[high_value - low_value]))
    if unplaced := [r for r in rows if not r.county]:
        names = say["joiner"].join(ReportRef.of_row(r).name(plan.language) for r in unplaced)
        claims.append(silence_claim(store, say["no_county"].format(towns=names), unplaced))
    return claims


def _total_of(store: ReportStore, rows: list[TableRow], key: str, plan: Plan) -> list[Claim]:
    say = _SAY[plan.language]
    stated = [(r, figure) for r in rows if (figure := _figure(r, key)) is not None]
    scope = plan.county or say["all"]
    claims: list[Claim] = []
    if stated and BY_KEY[key].unit in _NUMERIC_ADDITIVE:
        total = sum(figure.value for _, figure in stated)
        about = say["about"] if any(figure.approx for _, figure in stated) else ""
        text = say["total"].format(scope=scope, n=len(stated), label=_label(key, plan.language), about=about,
                                   value=format_figure(total), unit=_unit(key, plan.language, total))
        claims.append(Claim(text, kind="computed", citations=[c for _, figure in stated for c in figure.citations],
                            towns=[r.town for r, _ in stated if r.town], derived=[total, float(len(stated))]))
    elif stated:
        claims += _pooled_rate(rows, key, plan)
        claims.append(Claim(say["not_additive"].format(scope=scope, label=_label(key, plan.language)), kind="note"))
    if stated and plan.average:
        claims.append(_average(stated, key, plan))
    for row, figure in stated:
        if figure.computed:
            claim = _stated_claim(store, row, key, plan)
            claims.append(replace(claim, text=f"- {claim.text}"))
            continue
        text = say["part"].format(name=ReportRef.of_row(row).name(plan.language), about=say["about"] if figure.approx else "",
                                  value=format_figure(figure.value), unit=_unit(key, plan.language, figure.value))
        claims.append(Claim(text, citations=figure.citations, towns=[row.town] if row.town else []))
    return claims + _silent_note(store, rows, key, plan)


def _average(stated: list[tuple[TableRow, Any]], key: str, plan: Plan) -> Claim:
    """The mean of the figures the reports in scope state, divided by code and cited to each; a rate's
    mean is the plain mean of the towns' rates, said to be so (the pooled rate above weighs them)."""
    values = [float(figure.value) for _, figure in stated]
    mean, total = round(sum(values) / len(values), 1), round(sum(values), 1)
    say = _SAY[plan.language]
    text = say["average"].format(scope=plan.county or say["all"], n=len(values), label=_label(key, plan.language),
                                 value=format_figure(mean), unit=_unit(key, plan.language, mean),
                                 total=format_figure(total))
    return Claim(text, kind="computed", citations=[c for _, figure in stated for c in figure.citations],
                 towns=[r.town for r, _ in stated if r.town], derived=[mean, total, float(len(values))])


def _pooled_rate(rows: list[TableRow], key: str, plan: Plan) -> list[Claim]:
    """A rate over several towns (the county's combined mediation success rate): the two counts it is
    divided from (``Indicator.ratio_of``), each added up over the reports that state both, then
    divided, never an average of the towns' rates."""
    ratio = BY_KEY[key].ratio_of
    if ratio is None:
        return []
    both = [(row.cells[ratio[0]], row.cells[ratio[1]], row) for row in rows
            if _numeric(row.cells.get(ratio[0])) and _numeric(row.cells.get(ratio[1]))]
    if len(both) < 2:
        return []
    part_sum = sum(float(part.value) for part, _, _ in both)
    whole_sum = sum(float(whole.value) for _, whole, _ in both)
    if not 0 < part_sum <= whole_sum:
        return []
    rate = round(part_sum / whole_sum * 100, 1)
    say = _SAY[plan.language]
    text = say["pooled"].format(scope=plan.county or say["all"], n=len(both), part=_label(ratio[0], plan.language),
                                whole=_label(ratio[1], plan.language), part_sum=format_figure(part_sum),
                                whole_sum=format_figure(whole_sum), label=_label(key, plan.language), value=format_figure(rate))
    citations = [_cite(row, cell) for part, whole, row in both for cell in (part, whole)]
    return [Claim(text, kind="computed", citations=citations, towns=[row.town for _, _, row in both if row.town],
                  derived=[part_sum, whole_sum, rate, float(len(both))])]


def answer_none_or_some(store: ReportStore, plan: Plan, model: Any) -> Result:
    """Which towns had none of a counted event (no lawsuits, no reconsideration cases) and which had
    some: read from the table, where an explicit none (全年未发生行政诉讼案件) is a cell of 0 apart
    from a count and from silence, never from the words' mere presence."""
    key = plan.indicator or ""
    usage = Usage()
    rows = table_rows(store, plan, {key}, model, usage)
    say = _SAY[plan.language]
    none = [r for r in rows if (figure := _figure(r, key)) is not None and figure.value == 0]
    some = [r for r in rows if (figure := _figure(r, key)) is not None and figure.value > 0]
    claims: list[Claim] = []
    groups = [("none_head", none), ("some_head", some)]
    for head, members in groups if plan.intent == "lacks" else groups[::-1]:
        if members:
            claims.append(Claim(say[head].format(label=_label(key, plan.language), n=len(members)), kind="group"))
            for claim in (_stated_claim(store, row, key, plan) for row in members):
                claims.append(replace(claim, text=f"- {claim.text}"))
    claims += _silent_note(store, rows, key, plan)
    if not rows:
        claims.append(Claim(say["none"], kind="note"))
    chosen = none if plan.intent == "lacks" else some
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage,
                  selected=list(dict.fromkeys(r.town or r.file for r in chosen)))


_COMPARE_WITH = {"=": lambda a, b: abs(a - b) < 1e-9, "<": lambda a, b: a < b, ">": lambda a, b: a > b,
                 ">=": lambda a, b: a >= b}
_TEST_SHOWN = {"zh": {"=": "为{n}", "<": "少于{n}", ">": "多于{n}", ">=": "不少于{n}"},
               "en": {"=": "of exactly {n}", "<": "below {n}", ">": "above {n}", ">=": "of at least {n}"}}


def _passes(value: float, test: tuple[str, float]) -> bool:
    return _COMPARE_WITH[test[0]](value, test[1])


def _shown_test(plan: Plan, key: str) -> str:
    assert plan.value_test is not None
    op, number = plan.value_test
    space = " " if plan.language == "en" else ""
    return _TEST_SHOWN[plan.language][op].format(n=f"{format_figure(number)}{space}{_unit(key, plan.language)}")


def answer_disclosure(store: ReportStore, plan: Plan, model: Any) -> Result:
    """Which reports state a figure and which do not: every report in scope, from the table."""
    key = plan.indicator or ""
    usage = Usage()
    rows = table_rows(store, plan, _keys_of(key), model, usage)
    say = _SAY[plan.language]
    stated = [r for r in rows if r.cells.get(key) is not None]  # stated by the report itself, not computed here
    # a figure the report gives only as its parts (a rate's two counts, posts and people held): computed, apart
    derived = [r for r in rows if r not in stated and _figure(r, key) is not None]
    silent = _silent_note(store, rows, key, plan, computed=bool(derived))
    chosen = [r for r in rows if r not in stated] if plan.negative else stated
    claims: list[Claim] = list(silent)
    if plan.value_test is not None:  # 哪几个只剩1个人: the towns whose figure passes, compared by code
        passing = [r for r in [*stated, *derived] if (figure := _figure(r, key)) is not None and _passes(figure.value, plan.value_test)]
        claims.append(Claim(say["passing_head"].format(label=_label(key, plan.language), test=_shown_test(plan, key), n=len(passing)),
                            kind="heading" if passing else "note"))
        claims += [_stated_claim(store, row, key, plan) for row in passing]
        return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage,
                      selected=list(dict.fromkeys(r.town or r.file for r in passing)))
    if plan.other_words:  # 有没有哪个乡镇换了个叫法: the reports whose cited words lack the usual name, read by code
        word = plan.named_word or BY_KEY[key].usual_name
        renamed = [r for r in stated if (figure := _figure(r, key)) is not None and figure.citations
                   and not any(word in c.quote for c in figure.citations)]
        claims = [Claim(say["renamed_head"].format(word=word, n=len(renamed)), kind="heading" if renamed else "note")]
        claims += [_stated_claim(store, row, key, plan) for row in renamed]
        return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage,
                      selected=list(dict.fromkeys(r.town or r.file for r in renamed)))
    if stated:
        claims.append(Claim(say["stated_head"].format(label=_label(key, plan.language), n=len(stated)), kind="note"))
        claims += [_stated_claim(store, row, key, plan) for row in stated]
    claims += [_stated_claim(store, row, key, plan) for row in derived]
    if not rows:
        claims.append(Claim(say["none"], kind="note"))
    return Result(route="table", claims=claims, considered=[ReportRef.of_row(r) for r in rows], usage=usage,
                  selected=list(dict.fromkeys(r.town or r.file for r in chosen)))
