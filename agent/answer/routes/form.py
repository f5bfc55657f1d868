"""Questions about a report's form beyond which parts it has: who signs it, its document number, whether its title names
the town, whether its part headings are numbered, the order and number of its parts, a part split
over several sections, a signature dated before the reported year ended.

Each ask reads one property of ``store.outline.OutlineCheck`` (code, never a model), writes one row
per report cited to the text that shows it (the headings, the title, the signing lines), and over
every report groups the rows by the property, the group the question asks for first. A report is
named only in a row that cites it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from agent.answer.types import OTHER_YEARS, Citation, Claim, Plan, ReportRef, closing_line, quoted
from store.catalog import ReportRow
from store.metadata import document_number_span, signature_date_span
from store.outline import OutlineCheck, Section
from store.structure import PART_LABELS_EN, PART_LABELS_ZH, PARTS

FORM_ASKS = ("doc_number", "issuer", "addressee", "title", "numbering", "first", "last", "order", "count", "split", "early_date",
             "year", "county_where")
# The places of a report a county's name may stand in, as a reader names them.
_PLACES = {"zh": {"title": "标题", "addressee": "主送机关", "body": "正文", "signature": "落款"},
           "en": {"title": "the title", "addressee": "the addressee line", "body": "the body", "signature": "the signature"}}
_PLACE_ASKED = {"title": re.compile(r"标题|题目|\btitles?\b", re.IGNORECASE),
                "addressee": re.compile(r"抬头|主送|\baddress(?:ee)?\b", re.IGNORECASE),
                "body": re.compile(r"正文|\b(?:body|text)\b", re.IGNORECASE),
                "signature": re.compile(r"落款|署名|\bsignature\b", re.IGNORECASE)}

# How part headings are numbered (store.structure's styles), as a reader names them.
_STYLE_SHOWN = {"cn": "一、二、", "part_cn": "第一部分、第二部分", "num": "1. 2.（阿拉伯数字）", "paren_cn": "（一）（二）",
                "paren_num": "(1)(2)", "circled": "①②", "shi": "一是、二是", "di": "第一，第二，", "yao": "一要、二要",
                "item_cn": "第一项、第二项", "bracket_cn": "【一】【二】", "capital": "壹、贰、",
                "mixed": "几种编号混用"}

_GROUPS = {
    "zh": {
        "party": "只以党委（党工委）名义落款的报告", "government": "只以政府（办事处）名义落款的报告",
        "joint": "党委、政府联合落款的报告", "no_issuer": "没有写明落款单位的报告",
        "untitled_town": "标题没有写乡镇（街道）名称的报告", "titled_town": "标题写了乡镇（街道）名称的报告",
        "unnumbered": "部分标题没有编号的报告", "numbered": "部分标题编号为「{style}」的报告",
        "year": "所报年度为{year}年的报告",
        "addressed": "主送机关为「{to}」的报告", "no_addressee": "没有写主送机关的报告",
        "doc_numbered": "标有文号的报告", "no_doc_number": "没有标文号的报告",
        "first_part": "第一部分是「{label}」的报告", "first_other": "第一部分不是规定部分的报告",
        "last_part": "最后一部分是「{label}」的报告", "last_other": "最后一部分不是规定部分的报告",
        "in_order": "各部分按规定顺序（{order}）写的报告", "all_five": "五个规定部分齐全、各自单独成章并按规定顺序（{order}）写的报告",
        "not_all_five": "没有做到五部分齐全、各自单独成章并按规定顺序的报告（括号内是缺少、合并或顺序不同之处）",
        "lacking": "缺少{parts}", "merging": "合并写了{parts}", "misordered": "顺序与规定不同", "out_of_order": "部分顺序与规定顺序（《法治政府建设与责任落实督察工作规定》第二十五条：{order}）不同的报告",
        "before": "「{a}」写在「{b}」之前的报告", "after": "「{a}」写在「{b}」之后的报告",
        "not_both": "没有分别写这两部分的报告",
        "parts_n": "分为{n}个部分的报告", "split": "把一个规定部分拆成几个部分写的报告",
        "not_split": "没有拆开写规定部分的报告", "early": "落款日期早于所报年度结束的报告",
        "late": "落款日期在所报年度结束之后的报告", "undated": "没有写落款日期或年度的报告", "none": "无",
        "county_in": "县名只出现在{place}的报告", "county_several": "县名出现在不止一处的报告", "county_none": "没有写出县名的报告",
    },
    "en": {
        "party": "Reports issued in the party committee's name only", "government": "Reports issued in the government's (or street office's) name only",
        "joint": "Reports issued jointly by the party committee and the government", "no_issuer": "Reports that name no issuing body",
        "untitled_town": "Reports whose title does not name the town", "titled_town": "Reports whose title names the town",
        "unnumbered": "Reports with unnumbered part headings", "numbered": "Reports whose part headings are numbered 「{style}」",
        "year": "Reports on the year {year}",
        "addressed": "Reports addressed to 「{to}」", "no_addressee": "Reports naming no addressee",
        "doc_numbered": "Reports carrying a document number (文号)", "no_doc_number": "Reports carrying no document number",
        "first_part": "Reports whose first part is “{label}”", "first_other": "Reports whose first part is none of the mandated parts",
        "last_part": "Reports whose last part is “{label}”", "last_other": "Reports whose last part is none of the mandated parts",
        "in_order": "Reports whose parts follow the mandated order ({order})", "out_of_order": "Reports whose parts are out of the mandated order (Article 25 of the 2019 supervision rules: {order})",
        "all_five": "Reports with all five mandated parts, each a section of its own, in the mandated order ({order})",
        "not_all_five": "Reports that fall short of all five parts, each alone, in the mandated order (what is missing, merged or out of order in brackets)",
        "lacking": "missing {parts}", "merging": "merges {parts}", "misordered": "out of the mandated order",
        "before": "Reports with “{a}” before “{b}”", "after": "Reports with “{a}” after “{b}”",
        "not_both": "Reports without both parts as sections",
        "parts_n": "Reports in {n} parts", "split": "Reports that split a mandated part over several sections",
        "not_split": "Reports that split no mandated part", "early": "Reports signed before the reported year ended",
        "late": "Reports signed after the reported year ended", "undated": "Reports with no signature date or year", "none": " none",
        "county_in": "Reports naming their county only in {place}", "county_several": "Reports naming their county in more than one place",
        "county_none": "Reports that do not write their county's name",
    },
}


@dataclass
class Row:
    """One report's answer to a form ask: the group it falls in, the line naming it, what cites it."""

    group: str
    text: str
    citations: list[Citation]
    derived: list[float] = field(default_factory=list)


@dataclass(frozen=True)
class Report:
    """What every ask reads of one report."""

    row: ReportRow
    doc: Any
    check: OutlineCheck

    @property
    def ref(self) -> ReportRef:
        return ReportRef.of(self.row)


def _label(part: str, language: str) -> str:
    return (PART_LABELS_EN if language == "en" else PART_LABELS_ZH)[part]


def _cite_section(report: Report, section: Section) -> Citation:
    return Citation.at(report.ref, report.doc.original[section.start:section.end], section.start, section.end, section.line)


def _cite_text(report: Report, text: str | None) -> list[Citation]:
    return quoted(report.doc, report.ref, report.doc.find(text) if text else None)


def _headings(report: Report) -> list[Citation]:
    return [_cite_section(report, s) for s in report.check.sections]


def _name(report: Report, language: str) -> str:
    return report.ref.name(language)


def _sep(language: str) -> str:
    return "：" if language == "zh" else ": "


def _issuer(report: Report, plan: Plan) -> Row:
    issuers = report.row.meta.get("issuers") or []
    kind = report.check.issuer_kind or "no_issuer"
    cited = [c for issuer in issuers for c in _cite_text(report, issuer)]
    shown = ("、" if plan.language == "zh" else ", ").join(issuers) if issuers else "—"
    return Row(kind, f"- {_name(report, plan.language)}{_sep(plan.language)}{shown}", cited or closing_line(report.doc, report.ref))


def _title(report: Report, plan: Plan) -> Row:
    title = report.row.meta.get("title")
    group = "titled_town" if report.check.title_names_town else "untitled_town"
    return Row(group, f"- {_name(report, plan.language)}{_sep(plan.language)}《{title or '—'}》", _cite_text(report, title))


def _numbering(report: Report, plan: Plan) -> Row:
    unnumbered = report.check.unnumbered
    shown = unnumbered or report.check.sections[:1]
    text = f"- {_name(report, plan.language)}{_sep(plan.language)}" + "、".join(f"「{s.heading}」" for s in shown)
    style = report.check.numbering or "bare"
    if style == "bare":
        return Row("unnumbered", text, [_cite_section(report, s) for s in shown])
    return Row(f"numbered:{style}", text, [_cite_section(report, s) for s in shown])


def _addressee(report: Report, plan: Plan) -> Row:
    """Whom a report is addressed to (主送), cited to that line; a report naming none, to its title."""
    to = report.row.meta.get("addressee")
    if not to:
        return Row("no_addressee", f"- {_name(report, plan.language)}", _cite_text(report, report.row.meta.get("title")))
    return Row(f"addressed:{to}", f"- {_name(report, plan.language)}{_sep(plan.language)}{to}", _cite_text(report, to))


def _doc_number(report: Report, plan: Plan) -> Row:
    """A report's document number (文号), cited where it stands; a report with none, to its title."""
    cited = quoted(report.doc, report.ref, document_number_span(report.doc.text))
    if not cited:
        return Row("no_doc_number", f"- {_name(report, plan.language)}", _cite_text(report, report.row.meta.get("title")))
    return Row("doc_numbered", f"- {_name(report, plan.language)}{_sep(plan.language)}{cited[0].quote}", cited)


def _year(report: Report, plan: Plan) -> Row:
    """The year a report is on, cited to its title (where the year is written) or its first line."""
    year = report.row.meta.get("year")
    title = report.row.meta.get("title")
    cited = _cite_text(report, title) or _cite_text(report, str(year) if year else None)
    return Row(f"year:{year}", f"- {_name(report, plan.language)}{_sep(plan.language)}《{title or '—'}》", cited,
               derived=[float(year)] if year else [])


def _first(report: Report, plan: Plan) -> Row:
    first = report.check.sections[0] if report.check.sections else None
    part = first.parts[0] if first and first.parts else None
    text = f"- {_name(report, plan.language)}{_sep(plan.language)}「{first.heading if first else '—'}」"
    group = f"first:{part}" if part else "first_other"
    return Row(group, text, [_cite_section(report, first)] if first else [])


def _last(report: Report, plan: Plan) -> Row:
    """The report's last mandated part (its closing sections, 其他 aside, as a reader counts the end)."""
    sections = [s for s in report.check.sections if s.parts]
    last = sections[-1] if sections else None
    part = last.parts[-1] if last else None
    text = f"- {_name(report, plan.language)}{_sep(plan.language)}「{last.heading if last else '—'}」"
    return Row(f"last:{part}" if part else "last_other", text, [_cite_section(report, last)] if last else [])


def _sequence_text(report: Report, language: str) -> str:
    return " → ".join(_label(p, language) for p in report.check.sequence)


def _order(report: Report, plan: Plan) -> Row:
    text = f"- {_name(report, plan.language)}{_sep(plan.language)}{_sequence_text(report, plan.language)}"
    cited = _headings(report)
    if len(plan.also_parts) == 1 and plan.part:
        sequence = report.check.sequence
        a, b = plan.part, plan.also_parts[0]
        group = "not_both" if a not in sequence or b not in sequence else "before" if sequence.index(a) < sequence.index(b) else "after"
        return Row(group, text, cited)
    if plan.all_five:  # all five, each alone, in order: say what else keeps a report out (缺少…, 合并写了…)
        missing = [_label(p, plan.language) for p in report.check.parts_with("missing")]
        merged = [_label(p, plan.language) for p in report.check.parts_with("merged")]
        say = _GROUPS[plan.language]
        faults = ([say["lacking"].format(parts=_list(missing, plan.language))] if missing else []) \
            + ([say["merging"].format(parts=_list(merged, plan.language))] if merged else []) \
            + ([] if report.check.in_mandated_order else [say["misordered"]])
        shown = f"{text}（{'；'.join(faults)}）" if faults and plan.language == "zh" else f"{text} ({'; '.join(faults)})" if faults else text
        return Row("not_all_five" if faults else "all_five", shown, cited)
    return Row("in_order" if report.check.in_mandated_order else "out_of_order", text, cited)


def _list(labels: list[str], language: str) -> str:
    return ("、" if language == "zh" else ", ").join(labels)


def _count(report: Report, plan: Plan) -> Row:
    sections = report.check.sections
    headings = "、".join(f"「{s.heading}」" for s in sections)
    return Row(f"parts:{len(sections)}", f"- {_name(report, plan.language)}{_sep(plan.language)}{headings}",
               _headings(report))


def _split(report: Report, plan: Plan) -> Row:
    split = report.check.split_parts
    if not split:
        return Row("not_split", f"- {_name(report, plan.language)}", _headings(report))
    sections = [s for s in report.check.sections if len(s.parts) == 1 and s.parts[0] in split]
    text = f"- {_name(report, plan.language)}{_sep(plan.language)}" + "、".join(f"「{s.heading}」" for s in sections)
    return Row("split", text, [_cite_section(report, s) for s in sections])


def _early_date(report: Report, plan: Plan) -> Row:
    date, year = report.row.meta.get("signature_date"), report.row.meta.get("year")
    cited = quoted(report.doc, report.ref, signature_date_span(report.doc.text))
    if not date or not year or not cited:
        return Row("undated", f"- {_name(report, plan.language)}", closing_line(report.doc, report.ref))
    group = "early" if date <= f"{year}-12-31" else "late"
    parts = [float(x) for x in date.split("-")]
    return Row(group, f"- {_name(report, plan.language)}{_sep(plan.language)}{date}", cited, derived=parts)


def _county_where(report: Report, plan: Plan) -> Row:
    """Where a report writes its county's name (title, addressee line, body, signature), each place
    cited to the line that names it; the last four lines are the signature block."""
    county, meta = report.row.meta.get("county"), report.row.meta
    text = report.doc.text
    if not county or county not in text:
        return Row("county_none", f"- {_name(report, plan.language)}", _cite_text(report, meta.get("title")))
    spans = {place: report.doc.find(meta.get(key)) if meta.get(key) else None for place, key in (("title", "title"), ("addressee", "addressee"))}
    lines = [m for m in re.finditer(r"[^\n]+", text) if m.group().strip()]
    closing = lines[-4].start() if len(lines) >= 8 else len(text)
    places: dict[str, list[Citation]] = {}
    for match in re.finditer(re.escape(county), text):
        place = next((p for p, span in spans.items() if span and span[0] <= match.start() < span[1]), None) \
            or ("signature" if match.start() >= closing else "body")
        if place not in places:
            line = next(m for m in lines if m.start() <= match.start() < m.end())
            places[place] = quoted(report.doc, report.ref, (line.start(), line.end()))
    shown = ("、" if plan.language == "zh" else ", ").join(_PLACES[plan.language][p] for p in places)
    group = f"county_in:{next(iter(places))}" if len(places) == 1 else "county_several"
    return Row(group, f"- {_name(report, plan.language)}{_sep(plan.language)}{county}（{shown}）" if plan.language == "zh"
               else f"- {_name(report, plan.language)}: {county} ({shown})", [c for cited in places.values() for c in cited])


_ROWS: dict[str, Callable[[Report, Plan], Row]] = {
    "issuer": _issuer, "title": _title, "numbering": _numbering, "first": _first, "last": _last,
    "order": _order, "count": _count, "split": _split, "early_date": _early_date, "year": _year,
    "addressee": _addressee, "doc_number": _doc_number, "county_where": _county_where,
}


_ONLY_PARTY = re.compile(r"(?:只|仅|单独|单以|只以|仅以)[^，,。？?]{0,6}(?:党委|党组织|党工委|党组)|(?:党委|党组织|党工委|党组)[^，,。？?]{0,4}(?:单独|独自)"
                         r"|\b(?:only|solely)\b[^,.?]{0,30}\bparty\b|\bparty\b[^,.?]{0,20}\b(?:only|alone|solely)\b", re.IGNORECASE)
_ONLY_GOVERNMENT = re.compile(r"(?:只|仅|单独|单以|只以|仅以)[^，,。？?]{0,6}(?:政府|办事处)|(?:政府|办事处)[^，,。？?]{0,4}(?:单独|独自)|没有党委|未署党委|不署党委"
                              r"|\b(?:only|solely)\b[^,.?]{0,30}\bgovernment\b|\bgovernment\b[^,.?]{0,20}\b(?:only|alone|solely)\b", re.IGNORECASE)
_JOINT = re.compile(r"联合|共同|党政|双落款|两家|\b(?:jointly|joint|both)\b", re.IGNORECASE)


_ARABIC = re.compile(r"阿拉伯数字|1[.．、]|\barabic\b|\b1\.\s*2\.", re.IGNORECASE)
_CHINESE_NUMERALS = re.compile(r"汉字数字|大写数字|一、|“一”|\bchinese numerals\b", re.IGNORECASE)
_PART_NUMERALS = re.compile(r"第一部分|第[一二三]部分|第×部分|\bpart one\b", re.IGNORECASE)


_FEWEST = re.compile(r"最少|\b(?:fewest|least)\b", re.IGNORECASE)
_MOST = re.compile(r"最多|\bmost\b", re.IGNORECASE)


def _asked_groups(plan: Plan, present: list[str]) -> list[str]:
    """The groups the question asks for (of those ``present``, where it asks by exclusion), listed
    first (even when empty) and selected."""
    text = plan.normalized
    if plan.outline_ask == "issuer":
        asked = [group for group, pattern in (("party", _ONLY_PARTY), ("government", _ONLY_GOVERNMENT), ("joint", _JOINT))
                 if pattern.search(text)]
        return asked or (["no_issuer"] if plan.negative else [])
    if plan.outline_ask in ("first", "last") and plan.part:
        return [f"{plan.outline_ask}:{plan.part}"]
    if plan.outline_ask == "order":
        if len(plan.also_parts) == 1 and plan.part:
            return ["before"]
        if plan.all_five:
            return ["not_all_five" if plan.negative else "all_five"]
        return ["out_of_order" if plan.negative else "in_order"]
    if plan.outline_ask == "numbering":
        return [_ARABIC.search(text) and "numbered:num" or _CHINESE_NUMERALS.search(text) and "numbered:cn"
                or _PART_NUMERALS.search(text) and "numbered:part_cn" or "unnumbered"]
    fewest = _FEWEST.search(text)
    if plan.outline_ask == "count" and (fewest or _MOST.search(text)):
        counts = sorted(int(g.partition(":")[2]) for g in present if g.startswith("parts:"))  # 哪份部分最少: that group
        return [f"parts:{counts[0] if fewest else counts[-1]}"] if counts else []
    if plan.outline_ask == "county_where":  # 县名只在抬头里出现的: the places the question names, in its order
        named = sorted((m.start(), place) for place, pattern in _PLACE_ASKED.items() if (m := pattern.search(text)))
        return [f"county_in:{place}" for _, place in named]
    if plan.outline_ask == "year":  # 哪份不是2024年度的: every year but the one named
        other = bool(OTHER_YEARS.search(text))
        return [g for g in present if g.startswith("year:") and (g[5:] not in map(str, plan.years)) == other] if plan.years else []
    asked = {"title": "untitled_town" if plan.negative else None, "split": "split", "early_date": "early",
             "addressee": "no_addressee" if plan.negative else None,
             "doc_number": "no_doc_number" if plan.negative else "doc_numbered"}.get(plan.outline_ask or "")
    return [asked] if asked else []


def _heading(group: str, plan: Plan, count: int) -> str:
    """A group's heading, filled from its key (first:plans, parts:4, numbered:num, year:2024), so an
    asked group no report falls in is named as plainly as one with members."""
    say = _GROUPS[plan.language]
    key, _, value = group.partition(":")
    labels: dict[str, Any] = {"order": "、".join(_label(p, plan.language) for p in PARTS) if plan.language == "zh"
                              else ", ".join(_label(p, plan.language) for p in PARTS)}
    if value:
        labels |= {"first": {"label": _label(value, plan.language) if value in PARTS else value},
                   "last": {"label": _label(value, plan.language) if value in PARTS else value},
                   "parts": {"n": value}, "numbered": {"style": _STYLE_SHOWN.get(value, value)},
                   "year": {"year": value}, "addressed": {"to": value},
                   "county_in": {"place": _PLACES[plan.language].get(value, value)}}.get(key, {})
    key = {"first": "first_part", "last": "last_part", "parts": "parts_n"}.get(key, key)
    if plan.part and plan.also_parts:
        labels |= {"a": _label(plan.part, plan.language), "b": _label(plan.also_parts[0], plan.language)}
    text = say[key].format(**labels)
    return f"{text}（{count}）：" if plan.language == "zh" else f"{text} ({count}):"


def answer_form(reports: list[Report], plan: Plan, one_by_one: bool) -> tuple[list[Claim], list[ReportRow]]:
    """Rows for ``plan.outline_ask`` (one of ``FORM_ASKS``): one per named report, or grouped over
    every report, the asked group first. Returns the claims and the reports the question selects."""
    rows = [(report, _ROWS[plan.outline_ask or ""](report, plan)) for report in reports]
    claims: list[Claim] = []
    if one_by_one:  # each named report under the line that says what its row shows (编号为「一、二、」的报告（1）：)
        for report, row in rows:
            claims += [Claim(_heading(row.group, plan, 1), kind="note"), _claim(report, row)]
        return claims, [report.row for report, _ in rows]
    asked = _asked_groups(plan, list(dict.fromkeys(row.group for _, row in rows)))
    groups: dict[str, list[tuple[Report, Row]]] = {group: [] for group in asked}
    for report, row in rows:
        groups.setdefault(row.group, []).append((report, row))
    for group, members in groups.items():
        claims.append(Claim(_heading(group, plan, len(members))
                            + ("" if members else _GROUPS[plan.language]["none"]), kind="note"))
        claims += [_claim(report, row) for report, row in members]
    selected = [report.row for group in asked for report, _ in groups[group]]
    return claims, selected


def _claim(report: Report, row: Row) -> Claim:
    """A row is a fact only with a citation: a report named without one would break the promise."""
    towns = [report.ref.town] if report.ref.town else []
    return Claim(row.text, kind="fact" if row.citations else "note", citations=row.citations, towns=towns,
                 derived=row.derived)
