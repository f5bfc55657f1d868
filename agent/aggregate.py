"""County totals ("岚峪县各乡镇共调处矛盾纠纷多少件") computed by code, never by the model.

A small model asked for a county total answers with whichever town it happened to read. Here the
indicator table supplies one verified cell per report (value plus verbatim quote); code adds them
up, lists every town with its own citation, and names the towns whose reports state no figure, so
the total is honest about what it covers.
"""

from __future__ import annotations

import re
from typing import Any

from agent.citations import Citation, report_ref
from agent.indicator_answer import format_figure, indicator_label
from agent.tables.build import build_rows, collect
from agent.usage import Usage
from store.indicators import INDICATORS, UNIT_OF
from store.store import ReportStore

_TOTAL_WORDS = re.compile(r"共|合计|总共|一共|总计|总数|累计|加起来|in total|total|altogether|sum|combined", re.IGNORECASE)
_ALL_TOWNS = re.compile(r"各乡镇|各镇|全县|全区|所有乡镇|各街道|all towns|every town|across", re.IGNORECASE)
_SUMMABLE_UNITS = {"件", "人", "名", "场次", "家次", "元", "台"}


def aggregate_indicator(text: str, known_counties: list[str], topic_zh: str | None = None) -> tuple[str | None, str | None]:
    """``(indicator key, county)`` when ``text`` asks for a total over towns, else ``(None, None)``."""
    county = next((c for c in known_counties if c in text), None)
    if not _TOTAL_WORDS.search(text) or not (county or _ALL_TOWNS.search(text)):
        return None, county
    subject = topic_zh or text
    for indicator in INDICATORS:
        if indicator.terms.search(subject):
            return indicator.key, county
    return None, county


def answer_total(
    store: ReportStore, key: str, county: str | None, year: int | None, language: str, model: Any, usage: Usage
) -> tuple[str, list[Citation], list[dict[str, Any]]]:
    """The total of one indicator over every report in scope, each part cited."""
    reports = [
        r for r in store.reports()
        if (not county or r.meta.get("county") == county) and (not year or r.meta.get("year") == year)
    ]
    pendings = [collect(store.document(r.id), r.meta, r.id, r.file) for r in reports]
    rows = build_rows(pendings, model, usage)
    zh = language == "zh"
    citations: list[Citation] = []
    stated: list[str] = []
    silent: list[str] = []
    total = 0.0
    approx = False
    for row in rows:
        cell = row.cells.get(key)
        name = f"{row.town or row.file}（{row.year}）" if zh else f"{row.town or row.file} ({row.year})"
        if cell is None or not isinstance(cell.value, int | float):
            silent.append(name)
            continue
        citations.append(Citation(row.report_id, row.file, row.town, row.year, cell.quote, cell.start, cell.end, cell.line))
        total += cell.value
        approx = approx or cell.approx
        stated.append(f"- {name}：{format_figure(cell.value)}{cell.unit}[{len(citations)}]" if zh else f"- {name}: {format_figure(cell.value)} {cell.unit} [{len(citations)}]")
    label = indicator_label(key)
    scope = county or ("各乡镇" if zh else "all towns")
    lines: list[str] = []
    unit = UNIT_OF[key]
    if stated and unit in _SUMMABLE_UNITS:
        about = ("约" if zh else "about ") if approx else ""
        lines.append(
            f"{scope}写明该数字的{len(stated)}份报告合计{label}：{about}{format_figure(total)}{unit}（由各报告数字相加，未写明的不计入）。"
            if zh
            else f"{scope}: {label} adds up to {about}{format_figure(total)} {unit} over the {len(stated)} reports that state it (reports that do not state it are not counted)."
        )
    elif stated:
        lines.append(f"{scope}各报告的{label}如下（该指标不能相加）：" if zh else f"{label} per report in {scope} (not additive):")
    lines += stated
    if silent:
        lines.append(("未写明该数字的报告：" + "、".join(silent) + "。") if zh else ("Reports not stating it: " + ", ".join(silent) + "."))
    if not rows:
        lines.append("没有符合条件的报告。" if zh else "No reports in scope.")
    considered = [report_ref(r.report_id, r.file, r.town, r.year) for r in rows]
    return "\n".join(lines), citations, considered
