"""Questions about a report's outline ("蒿坪镇的报告是否写了第一责任人职责情况？") answered by code.

The heading tree and the five-part check (``store.outline``) already know which parts a report
has, which are merged and which headings show them; a model adds nothing but risk, so the answer
is written from the check and cites the heading itself.
"""

from __future__ import annotations

import re
from typing import Any

from agent.citations import Citation, report_ref
from store.outline import Finding, check_outline
from store.store import ReportStore
from store.structure import PART_LABELS_ZH

_STRUCTURE = re.compile(r"部分|标题|题目|章节|是否写|有没有|有无|分开|合并|单独|落款|署名|签署|日期|发文")
_PART_WORDS: dict[str, re.Pattern[str]] = {
    "first_responsible": re.compile(r"第一责任人|主要负责人|一把手"),
    "other": re.compile(r"其[他它]需要报告|其[他它]情况|其[他它]事项"),
    "shortcomings": re.compile(r"不足|存在问题|问题和原因|短板"),
    "plans": re.compile(r"下一年度|下步|下一步|工作计划|工作安排|打算"),
    "measures": re.compile(r"举措|成效|主要做法"),
}
_SIGNATURE = re.compile(r"落款|署名|签署|发文|日期")
_COUNTY = re.compile(r"隶属|属于哪个|哪个县|哪个区|所属县|所在县|所属区|所在区")


def outline_topic(text: str, towns: list[str]) -> str | None:
    """The part (or ``"signature"``, ``"county"``) a question about one town's report asks after."""
    if len(towns) != 1:
        return None
    if _COUNTY.search(text):
        return "county"
    if not _STRUCTURE.search(text):
        return None
    for part, pattern in _PART_WORDS.items():
        if pattern.search(text):
            return part
    return "signature" if _SIGNATURE.search(text) else None


def answer_outline(store: ReportStore, town: str, topic: str) -> tuple[str, list[Citation], list[dict[str, Any]]]:
    """Answer from the outline check of every report of ``town`` (one line per report)."""
    reports = [r for r in store.reports() if r.meta.get("town") == town]
    lines: list[str] = []
    citations: list[Citation] = []
    for report in reports:
        doc = store.document(report.id)
        check = check_outline(doc, report.meta)
        name = f"{town}（{report.meta.get('year') or '年份不详'}）的报告"
        if topic == "county":
            county = report.meta.get("county")
            span = doc.find(county) if county else None
            if span is None:
                lines.append(f"{name}中没有写明{town}所属的县（区）。")
                continue
            start, end = doc.original_span(*span)
            citations.append(Citation(report.id, report.file, town, report.meta.get("year"), doc.original[start:end], start, end, doc.line_of(start)))
            lines.append(f"{name}写明{town}属于{county}[{len(citations)}]。")
            continue
        if topic == "signature":
            issuer = next(f for f in check.findings if f.item == "issuer")
            date = next(f for f in check.findings if f.item == "signature_date")
            if issuer.status == "missing" and date.status == "missing":
                lines.append(f"{name}没有落款单位和日期。")
            else:
                lines.append(f"{name}落款单位：{issuer.value or '未写明'}；日期：{date.value or '未写明'}。")
            continue
        finding = next(f for f in check.findings if f.item == topic)
        label = PART_LABELS_ZH[topic]
        if finding.status == "missing":
            lines.append(f"{name}没有写「{label}」部分（五个规定部分之一）。")
            continue
        citation = _heading_citation(report, doc.original, finding)
        citations.append(citation)
        where = f"「{citation.quote}」[{len(citations)}]"
        if finding.status == "merged":
            lines.append(f"{name}没有单独写「{label}」，而是与其他部分合并写在{where}中。")
        else:
            lines.append(f"{name}单独写了「{label}」部分，标题为{where}。")
    if not reports:
        lines.append(f"没有{town}的报告。")
    considered = [report_ref(r.id, r.file, town, r.meta.get("year")) for r in reports]
    return "\n".join(lines), citations, considered


def _heading_citation(report, original: str, finding: Finding) -> Citation:
    start, end = finding.start or 0, finding.end or 0
    line_end = original.find("\n", start)
    end = max(end, line_end if line_end != -1 else len(original))
    quote = original[start:end].strip()
    return Citation(report.id, report.file, report.meta.get("town"), report.meta.get("year"), quote, start, start + len(quote), finding.line or 0)
