"""Outline questions, from the five-part check (``store.outline``), in Chinese or English.

For named towns: whether the report has a part (alone, merged, or not at all), its signature, its
county. Over every report: which lack a part, which contain all five, which have no signature
date. Questions about the report's form (who signs, title, numbering, order, number of parts,
split parts, an early signature date) are answered by ``routes.form``. A part that is present is cited by its heading. A report named for what it lacks is cited
to where it would be: a missing part to the headings the report has, a missing signature to the
report's closing line. Every report an answer names is cited.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from agent.answer.routes.form import FORM_ASKS, Report, answer_form
from agent.answer.types import Citation, Claim, Plan, ReportRef, Result, cite_silence, closing_line, quoted
from store.catalog import ReportRow
from store.metadata import signature_date_span
from store.outline import Finding, OutlineCheck, check_outline
from store.store import ReportStore
from store.structure import PART_LABELS_EN, PART_LABELS_ZH, PARTS

_SAY = {
    "zh": {
        "missing": "{name}没有写「{label}」部分（五个规定部分之一）。",
        "merged": "{name}没有单独写「{label}」，而是与其他部分合并写在「{heading}」中。",
        "present": "{name}单独写了「{label}」部分，标题为「{heading}」。",
        "no_signature": "{name}没有落款单位和日期。",
        "signature": "{name}落款单位：{issuer}；日期：{date}。",
        "unstated": "未写明",
        "county": "{name}写明所属县（区）为「{county}」。",
        "no_county": "{name}的报告没有写明所属的县（区）。",
        "no_report": "没有{town}的报告。",
        "lacking_head": "没有单独写「{label}」部分的报告（{n}）：",
        "present_head": "单独写了「{label}」部分的报告（{n}）：",
        "lacking_none": "所有{n}份报告都写了「{label}」部分（单独或合并）。",
        "merged_head": "「{label}」与其他部分合并写的报告（{n}）：",
        "complete_head": "五个规定部分都单独写了的报告（{n}）：",
        "incomplete": "缺少{missing}",
        "merged_parts": "合并写了{merged}",
        "incomplete_head": "五个部分不全或有合并的报告（{n}）：",
        "no_date_head": "没有写明落款日期的报告（{n}）：",
        "no_date_none": "所有{n}份报告都写明了落款日期。",
        "dated_head": "写明了落款日期的报告（{n}）：",
        "earliest": "{n}份写明日期的报告中落款日期最早的是{names}：{date}（由代码比较日期）。",
        "latest": "{n}份写明日期的报告中落款日期最晚的是{names}：{date}（由代码比较日期）。",
        "row_missing": "- {name}",
        "row_heading": "- {name}：「{heading}」",
        "joiner": "、",
        "none": "无",
        "all_five": "五个规定部分都单独写了",
    },
    "en": {
        "missing": "{name} has no “{label}” part (one of the five mandated parts).",
        "merged": "{name} has no separate “{label}” part; it is merged into 「{heading}」.",
        "present": "{name} has a separate “{label}” part, headed 「{heading}」.",
        "no_signature": "{name} has no signing body or date.",
        "signature": "{name}: signed by {issuer}; dated {date}.",
        "unstated": "not stated",
        "county": "{name} states its county as “{county}”.",
        "no_county": "The report of {name} does not state its county.",
        "no_report": "There is no report of {town}.",
        "lacking_head": "Reports without a separate “{label}” part ({n}):",
        "present_head": "Reports with a separate “{label}” part ({n}):",
        "lacking_none": "All {n} reports contain the “{label}” part (separately or merged).",
        "merged_head": "Reports where “{label}” is merged with another part ({n}):",
        "complete_head": "Reports with all five mandated parts as separate sections ({n}):",
        "incomplete": "missing {missing}",
        "merged_parts": "merged {merged}",
        "incomplete_head": "Reports with parts missing or merged ({n}):",
        "no_date_head": "Reports with no signature date ({n}):",
        "no_date_none": "All {n} reports give a signature date.",
        "dated_head": "Reports with a signature date ({n}):",
        "earliest": "Signed earliest of the {n} dated reports: {names}, on {date} (dates compared by code).",
        "latest": "Signed latest of the {n} dated reports: {names}, on {date} (dates compared by code).",
        "row_missing": "- {name}",
        "row_heading": "- {name}: 「{heading}」",
        "joiner": ", ",
        "none": "none",
        "all_five": "all five mandated parts are there as separate sections",
    },
}


def _label(part: str, language: str) -> str:
    return (PART_LABELS_EN if language == "en" else PART_LABELS_ZH)[part]


def _heading_citation(report: ReportRow, original: str, finding: Finding) -> Citation:
    start = finding.start or 0
    line_end = original.find("\n", start)
    end = max(finding.end or 0, line_end if line_end != -1 else len(original))
    quote = original[start:end].strip()
    return Citation.at(ReportRef.of(report), quote, start, start + len(quote), finding.line or 0)


def _reports(store: ReportStore, plan: Plan) -> list[ReportRow]:
    return [r for r in store.reports() if r.in_scope(plan.county, plan.years, plan.towns)]


def _finding(check: OutlineCheck, item: str) -> Finding:
    return next(f for f in check.findings if f.item == item)


def answer_outline(store: ReportStore, plan: Plan, model: Any = None) -> Result:
    reports = _reports(store, replace(plan, years=[]) if plan.outline_ask == "year" else plan)  # the year is what is asked
    checks = [(r, store.document(r.id), check_outline(store.document(r.id), r.meta)) for r in reports]
    selected: list[ReportRow] | None = None
    if plan.outline_ask in FORM_ASKS:
        one_by_one = bool(plan.towns) and not plan.every_report
        claims, selected = answer_form([Report(r, doc, check) for r, doc, check in checks], plan, one_by_one)
        selected = None if one_by_one else selected
    elif plan.towns and not plan.every_report:
        claims = [c for r, doc, check in checks for c in _one_report(store, r, doc, check, plan)]
        claims += [Claim(_SAY[plan.language]["no_report"].format(town=t), kind="note")
                    for t in plan.towns if not any(r.meta.get("town") == t for r in reports)]
    elif plan.outline_ask in ("signature", "signed_order"):
        claims, selected = _signatures(store, checks, plan)
    elif plan.part and plan.outline_ask in ("part", "merged"):
        claims, selected = _lacking_part(store, checks, plan)
    else:
        claims, selected = _completeness(store, checks, plan)
    return Result(route="outline", claims=claims, considered=[ReportRef.of(r) for r in reports],
                  selected=None if selected is None else list(dict.fromkeys(r.meta.get("town") or r.file for r in selected)))


def _named_for_silence(store: ReportStore, report: ReportRow, text: str, citations: list[Citation] | None = None) -> Claim:
    """A line naming a report for what it lacks, cited to where that would be (``citations``, else
    the headings it has); a note only when the report has nothing to cite."""
    cited = citations if citations is not None else cite_silence(store, report.id)
    return Claim(text, kind="fact" if cited else "note", citations=cited,
                 towns=[report.meta["town"]] if report.meta.get("town") else [])


def _parts_cited(store: ReportStore, report: ReportRow, doc: Any, check: OutlineCheck) -> list[Citation]:
    """A report's merged parts cited by their headings, else the headings it has."""
    merged = [_heading_citation(report, doc.original, _finding(check, p)) for p in check.parts_with("merged")]
    return list({c.start: c for c in merged}.values()) or cite_silence(store, report.id)


def _one_report(store: ReportStore, report: ReportRow, doc: Any, check: OutlineCheck, plan: Plan) -> list[Claim]:
    say = _SAY[plan.language]
    ref = ReportRef.of(report)
    name = ref.name(plan.language)
    towns = [ref.town] if ref.town else []
    if plan.outline_ask == "county":
        county = report.meta.get("county")
        span = doc.find(county) if county else None
        if span is None:
            return [Claim(say["no_county"].format(name=name), kind="note")]
        start, end = doc.original_span(*span)
        citation = Citation.at(ref, doc.original[start:end], start, end, doc.line_of(start))
        return [Claim(say["county"].format(name=name, county=county), citations=[citation], towns=towns)]
    if plan.outline_ask == "complete":
        missing = [_label(p, plan.language) for p in check.parts_with("missing")]
        merged = [_label(p, plan.language) for p in check.parts_with("merged")]
        joiner = say["joiner"]
        parts = ([say["incomplete"].format(missing=joiner.join(missing))] if missing else []) + (
            [say["merged_parts"].format(merged=joiner.join(merged))] if merged else [])
        text = f"{name}{'：' if plan.language == 'zh' else ': '}" + (("；" if plan.language == "zh" else "; ").join(parts) or say["all_five"])
        return [_named_for_silence(store, report, text, _parts_cited(store, report, doc, check))]
    if plan.outline_ask == "signature" or not plan.part:
        issuer, date = _finding(check, "issuer"), _finding(check, "signature_date")
        if issuer.status == "missing" and date.status == "missing":
            return [_named_for_silence(store, report, say["no_signature"].format(name=name), closing_line(doc, ref))]
        quotes = [c for i in (issuer.value or "").split("、") if i for c in quoted(doc, ref, doc.find(i))]
        quotes += quoted(doc, ref, signature_date_span(doc.text)) if date.value else []
        text = say["signature"].format(name=name, issuer=issuer.value or say["unstated"], date=date.value or say["unstated"])
        return [Claim(text, citations=quotes, towns=towns, derived=_date_parts(date.value))]
    finding = _finding(check, plan.part)
    label = _label(plan.part, plan.language)
    if finding.status == "missing":
        return [_named_for_silence(store, report, say["missing"].format(name=name, label=label))]
    citation = _heading_citation(report, doc.original, finding)
    key = "merged" if finding.status == "merged" else "present"
    return [Claim(say[key].format(name=name, label=label, heading=citation.quote), citations=[citation], towns=towns)]


def _lacking_part(store: ReportStore, checks: list[tuple[ReportRow, Any, OutlineCheck]], plan: Plan) -> tuple[list[Claim], list[ReportRow]]:
    say = _SAY[plan.language]
    part = plan.part or ""
    label = _label(part, plan.language)
    missing = [(r, doc, c) for r, doc, c in checks if c.parts.get(part) == "missing"]
    merged = [(r, doc, c) for r, doc, c in checks if c.parts.get(part) == "merged"]
    present = [(r, doc, c) for r, doc, c in checks if c.parts.get(part) == "present"]
    claims: list[Claim] = []
    asks_present = plan.outline_ask == "part" and not plan.negative
    if asks_present:  # 哪几份单独写了…: the reports that have it, each cited to its heading, first
        claims += _headed(say["present_head"].format(label=label, n=len(present)), present, part, plan)
    if missing:
        claims.append(Claim(say["lacking_head"].format(label=label, n=len(missing)), kind="note"))
        for report, _, _ in missing:  # named for a part it lacks: cited to the headings it has
            claims.append(_named_for_silence(store, report, say["row_missing"].format(name=ReportRef.of(report).name(plan.language))))
    else:
        claims.append(Claim(say["lacking_none"].format(label=label, n=len(checks)), kind="note"))
    if merged:
        claims += _headed(say["merged_head"].format(label=label, n=len(merged)), merged, part, plan)
    return claims, [r for r, _, _ in (merged if plan.outline_ask == "merged" else present if asks_present else missing)]


def _headed(head: str, group: list[tuple[ReportRow, Any, OutlineCheck]], part: str, plan: Plan) -> list[Claim]:
    """A group of reports, each cited to the heading it writes the part under."""
    claims = [Claim(head, kind="note")]
    for report, doc, check in group:
        citation = _heading_citation(report, doc.original, _finding(check, part))
        ref = ReportRef.of(report)
        claims.append(Claim(_SAY[plan.language]["row_heading"].format(name=ref.name(plan.language), heading=citation.quote),
                            citations=[citation], towns=[ref.town] if ref.town else []))
    return claims


def _completeness(store: ReportStore, checks: list[tuple[ReportRow, Any, OutlineCheck]], plan: Plan) -> tuple[list[Claim], list[ReportRow]]:
    say = _SAY[plan.language]
    complete = [r for r, _, c in checks if all(c.parts.get(p) == "present" for p in PARTS)]
    claims = [Claim(say["complete_head"].format(n=len(complete)) + ("" if complete else say["none"]), kind="note")]
    claims += [_named_for_silence(store, r, say["row_missing"].format(name=ReportRef.of(r).name(plan.language)))
               for r in complete]
    rest = [(r, doc, c) for r, doc, c in checks if r not in complete]
    if rest:
        claims.append(Claim(say["incomplete_head"].format(n=len(rest)), kind="note"))
    for report, doc, check in rest:
        missing = say["joiner"].join(_label(p, plan.language) for p in check.parts_with("missing"))
        merged = [_label(p, plan.language) for p in check.parts_with("merged")]
        parts = ([say["incomplete"].format(missing=missing)] if missing else []) + (
            [say["merged_parts"].format(merged=say["joiner"].join(merged))] if merged else [])
        text = f"- {ReportRef.of(report).name(plan.language)}：" if plan.language == "zh" else f"- {ReportRef.of(report).name(plan.language)}: "
        text += ("；" if plan.language == "zh" else "; ").join(parts)
        claims.append(_named_for_silence(store, report, text, _parts_cited(store, report, doc, check)))
    if plan.outline_ask == "merged":  # which reports merge parts (any of them)
        return claims, [r for r, _, c in rest if "merged" in c.parts.values()]
    return claims, ([r for r, _, _ in rest] if plan.negative else complete)


def _signatures(store: ReportStore, checks: list[tuple[ReportRow, Any, OutlineCheck]], plan: Plan) -> tuple[list[Claim], list[ReportRow]]:
    say = _SAY[plan.language]
    store_docs = {r.id: doc for r, doc, _ in checks}
    undated = [r for r, _, c in checks if _finding(c, "signature_date").status == "missing"]
    dated = [(r, c) for r, _, c in checks if r not in undated]
    if plan.outline_ask == "signed_order":  # the dates are listed by the part before; this one compares them
        first_or_last = [_first_or_last(store_docs, dated, plan)] if dated else [Claim(say["no_date_head"].format(n=len(undated)), kind="note")]
        return first_or_last, [r for r, _ in dated]
    if undated:
        claims = [Claim(say["no_date_head"].format(n=len(undated)), kind="note")]
        claims += [_named_for_silence(store, r, say["row_missing"].format(name=ReportRef.of(r).name(plan.language)),
                                      closing_line(store_docs[r.id], ReportRef.of(r))) for r in undated]
    else:
        claims = [Claim(say["no_date_none"].format(n=len(checks)), kind="note")]
    if dated:
        claims.append(Claim(say["dated_head"].format(n=len(dated)), kind="note"))
        claims += [_dated(store_docs[r.id], r, c, plan) for r, c in dated]
    if plan.order in ("min", "max") and dated:
        claims.append(_first_or_last(store_docs, dated, plan))
    return claims, (undated if plan.negative or not dated else [r for r, _ in dated])


def _first_or_last(docs: dict[str, Any], dated: list[tuple[ReportRow, OutlineCheck]], plan: Plan) -> Claim:
    """The report signed earliest (``plan.order`` "min") or latest among the dated ones, compared by
    code on the dates the lines above cite; ties are named together."""
    dates = {r.id: _date_parts(_finding(c, "signature_date").value) for r, c in dated}
    ranked = [(r, c) for r, c in dated if dates[r.id]]
    pick = (min if plan.order == "min" else max)(dates[r.id] for r, _ in ranked)
    chosen = [(r, c) for r, c in ranked if dates[r.id] == pick]
    shown = [_dated(docs[r.id], r, c, plan) for r, c in chosen]
    key = "earliest" if plan.order == "min" else "latest"
    names = _SAY[plan.language]["joiner"].join(ReportRef.of(r).name(plan.language) for r, _ in chosen)
    return Claim(_SAY[plan.language][key].format(names=names, date=_finding(chosen[0][1], "signature_date").value, n=len(ranked)),
                 citations=[c for claim in shown for c in claim.citations], towns=[t for claim in shown for t in claim.towns],
                 derived=[*pick, float(len(ranked))])


def _date_parts(date: str | None) -> list[float]:
    """2025-01-10 → [2025, 1, 10]: the figures a date line states, whatever numerals it is written in."""
    return [float(x) for x in date.split("-")] if date and date.count("-") == 2 else []


def _dated(doc: Any, report: ReportRow, check: OutlineCheck, plan: Plan) -> Claim:
    """A report's signature date after the bodies it is signed by where the report names them
    (谁落的款), each cited on its own line; uncited (and so removed by the verifier) if the date's
    line cannot be found."""
    ref = ReportRef.of(report)
    date = _finding(check, "signature_date").value or ""
    issuers = [i for i in (_finding(check, "issuer").value or "").split("、") if i]
    cited = [c for i in issuers for c in quoted(doc, ref, doc.find(i))]
    signed = "".join(f"「{issuer}」" for issuer in issuers) if cited else ""  # verbatim, in either language
    text = f"- {ref.name(plan.language)}{'：' if plan.language == 'zh' else ': '}{signed + ('，' if plan.language == 'zh' else ', ') if signed else ''}{date}"
    return Claim(text, citations=[*cited, *quoted(doc, ref, signature_date_span(doc.text))],
                 towns=[ref.town] if ref.town else [], derived=_date_parts(date))

