"""「比较A镇和B镇的…」 asked of ``fazhi ask``: the same side-by-side comparison as ``fazhi compare``
(every indicator and mandated part, or one topic), written as answer lines.

Each cell becomes one line about one town: a figure, a stated lack, a present or merged part is a
fact cited by its quote; a figure not written, a part missing, a topic never mentioned is a note
by code (nothing can be quoted for an absence), and "not mentioned" is never written as "lacks".
"""

from __future__ import annotations

from typing import Any

from agent.answer.types import Citation, Claim, Plan, ReportRef, Result
from agent.digest.compare import CompareCell, Comparison, compare_towns
from store.store import ReportStore

_SAY = {
    "zh": {
        "stated": "{town}：{value}。", "lacks": "{town}：{item}，报告写明没有或未配备。",
        "has": "{town}：「{quote}」", "unclear": "{town}：「{quote}」",
        "present": "{town}：单独写了这一部分，标题为「{quote}」。", "merged": "{town}：与其他部分合并写在「{quote}」中。",
        "not_stated": "{town}：报告没有写明这个数字。", "missing": "{town}：报告没有写这一部分。",
        "not_mentioned": "{town}：报告没有提到{item}（未提及，不等于没有）。",
        "none": "没有{towns}的报告可以比较。", "unstated": "这几份报告都没有写到：{items}。",
    },
    "en": {
        "stated": "{town}: {value}.", "lacks": "{town}: the report says it has no {item}.",
        "has": "{town}: 「{quote}」", "unclear": "{town}: 「{quote}」",
        "present": "{town}: a part of its own, headed 「{quote}」.", "merged": "{town}: merged into 「{quote}」.",
        "not_stated": "{town}: the report gives no figure.", "missing": "{town}: the report has no such part.",
        "not_mentioned": "{town}: the report does not mention {item} (not mentioned is not the same as lacking).",
        "none": "There is no report of {towns} to compare.", "unstated": "None of these reports states: {items}.",
    },
}
_CITED = {"stated", "lacks", "has", "unclear", "present", "merged"}


def answer_comparison(store: ReportStore, plan: Plan, model: Any, scan_batch: int = 1) -> Result:
    """Side by side for the plan's towns: on ``plan.topic`` if it has one, else overall."""
    comparison = compare_towns(store, plan.towns, plan.topic, plan.year, model, scan_batch)
    say = _SAY[plan.language]
    if not comparison.reports:
        return Result("comparison", [Claim(say["none"].format(towns="、".join(plan.towns)), kind="note")], refusal=True)
    return Result("comparison", comparison_claims(comparison, plan.language), comparison.reports, comparison.usage)


def comparison_claims(comparison: Comparison, language: str) -> list[Claim]:
    """A heading per item, then one line per report (columns and reports are in the same order);
    items that no report states are named together at the end."""
    say = _SAY[language]
    refs = dict(zip(comparison.towns, comparison.reports, strict=True))
    claims: list[Claim] = []
    unstated: list[str] = []
    for row in comparison.rows:
        if not any(cell.status in _CITED for cell in row.cells.values()):
            unstated.append(row.item)
            continue
        claims.append(Claim(row.item, kind="heading"))
        claims += [line for column, cell in row.cells.items() if (line := _line(cell, refs[column], column, row.item, say))]
    if unstated:
        claims.append(Claim(say["unstated"].format(items="、".join(unstated) if language == "zh" else ", ".join(unstated)),
                            kind="note"))
    return claims


def _line(cell: CompareCell, ref: ReportRef, column: str, item: str, say: dict[str, str]) -> Claim | None:
    """The cell as a line; a cell that should be quoted but has no quote is left out, never
    turned into a claim without its evidence."""
    status = cell.status if cell.status in say else "not_mentioned"
    text = say[status].format(town=column, item=item, value=cell.value or "", quote=cell.quote or "")
    towns = [ref.town] if ref.town else []
    if status not in _CITED:
        return Claim(text, kind="note", towns=towns)
    if not cell.quote or cell.start is None or cell.end is None:
        return None
    return Claim(text, citations=[Citation.at(ref, cell.quote, cell.start, cell.end, cell.line or 0)], towns=towns)
