"""Standard-indicator questions about named towns ("滃溪镇和雁汊镇哪个镇受理的信访事项更多？",
"鹭栖镇2024年矛盾纠纷调处数量比2023年多了多少件？") answered from the indicator table by code.

The table already resolves the traps a small model falls into (new vs total, village vs town,
this year vs last); code then compares and subtracts. Each figure cites its verbatim quote, and a
figure the report does not state is said to be unstated rather than guessed.
"""

from __future__ import annotations

import re
from typing import Any

from agent.citations import Citation
from agent.tables.build import TableRow, build_rows, collect
from agent.usage import Usage
from store.indicators import INDICATORS, UNIT_OF
from store.store import ReportStore

# The table holds totals; a question about what was newly added is left to the passages.
_NEWLY = re.compile(r"新增|新取得|新招|新聘|新配|新购")
_PREVIOUS_YEAR = re.compile(r"比上年|比去年|较上年|较去年|同比|上一年")
_QUANTITY = re.compile(r"多少|几[件人名台次场个家]|数量|几成|比例|比率|成功率|是多少|更多|更少|最多|最少|多了|少了|增加|减少|变化")


def indicator_asked(text: str) -> str | None:
    """The standard indicator a Chinese question asks a quantity of, if any."""
    if not _QUANTITY.search(text) or _NEWLY.search(text):
        return None
    return next((i.key for i in INDICATORS if i.terms.search(text)), None)


def _label(key: str) -> str:
    return re.sub(r"\(.*?\)", "", next(i.zh for i in INDICATORS if i.key == key))


def _fmt(value: float | int) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def answer_indicator(
    store: ReportStore, question: str, towns: list[str], key: str, years: list[int], model: Any, usage: Usage
) -> tuple[str, list[Citation], list[dict[str, Any]]] | None:
    """Per-town (and per-year) figures with citations, plus the comparison or change code computes.
    None when no named town has a report in the store."""
    if len(years) == 1 and _PREVIOUS_YEAR.search(question):
        years = [years[0] - 1, years[0]]
    reports = [
        r for r in store.reports()
        if r.meta.get("town") in towns and (not years or r.meta.get("year") in years)
    ]
    if not reports:
        return None
    rows = build_rows([collect(store.document(r.id), r.meta, r.id, r.file) for r in reports], model, usage)
    rows.sort(key=lambda row: (towns.index(row.town), row.year or 0))
    unit = UNIT_OF[key]
    label = _label(key)
    citations: list[Citation] = []
    lines: list[str] = []
    stated: list[tuple[TableRow, float]] = []
    for row in rows:
        cell = row.cells.get(key)
        name = f"{row.town}（{row.year}年）"
        if cell is None or not isinstance(cell.value, int | float):
            if cell is not None and cell.value == "lacks":
                lines.append(f"{name}：报告称未配备。")
            else:
                lines.append(f"{name}：报告中没有写明{label}。")
            continue
        citations.append(Citation(row.report_id, row.file, row.town, row.year, cell.quote, cell.start, cell.end, cell.line))
        about = "约" if cell.approx else ""
        lines.append(f"{name}：{label}{about}{_fmt(cell.value)}{unit}（「{cell.quote}」[{len(citations)}]）。")
        stated.append((row, float(cell.value)))
    lines += _comparison(stated, label, unit)
    considered = [{"report_id": r.report_id, "file": r.file, "town": r.town, "year": r.year} for r in rows]
    return "\n".join(lines), citations, considered


def _comparison(stated: list[tuple[TableRow, float]], label: str, unit: str) -> list[str]:
    """The change over years for one town, or which town is higher: arithmetic done here."""
    towns = list(dict.fromkeys(row.town for row, _ in stated))
    if len(towns) == 1 and len(stated) >= 2:
        (first, a), (last, b) = stated[0], stated[-1]
        verb = "增加" if b > a else "减少" if b < a else "持平"
        amount = "" if b == a else f"{_fmt(abs(b - a))}{unit}"
        return [f"{last.year}年比{first.year}年{verb}{amount}（由上面两个数字相减）。"]
    if len(towns) >= 2:
        latest = {row.town: (row, value) for row, value in stated}
        ranked = sorted(latest.values(), key=lambda item: -item[1])
        if len(ranked) >= 2 and ranked[0][1] != ranked[1][1]:
            return [f"{ranked[0][0].town}的{label}最多（{_fmt(ranked[0][1])}{unit}）。"]
        if len(ranked) >= 2:
            return [f"{'、'.join(r.town or '' for r, _ in ranked)}的{label}相同。"]
    return []
