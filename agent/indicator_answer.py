"""Standard-indicator questions about named towns ("滃溪镇和雁汊镇哪个镇受理的信访事项更多？",
"鹭栖镇2024年矛盾纠纷调处数量比2023年多了多少件？") answered from the indicator table by code.

The table already resolves the traps a small model falls into (new vs total, village vs town,
this year vs last); code then compares and subtracts. Each figure cites its verbatim quote, and a
figure the report does not state is said to be unstated rather than guessed.
"""

from __future__ import annotations

import re
from typing import Any

from agent.citations import Citation, report_ref
from agent.tables.build import TableRow, build_rows, collect
from agent.usage import Usage
from store.indicators import INDICATORS, UNIT_OF, Extraction
from store.store import ReportStore

# The table holds totals; a question about what was newly added is left to the passages.
_NEWLY = re.compile(r"新增|新取得|新招|新聘|新配|新购")
_PREVIOUS_YEAR = re.compile(r"比上年|比去年|较上年|较去年|同比|上一年")
_QUANTITY = re.compile(r"多少|几[件人名台次场个家]|数量|几成|比例|比率|成功率|是多少|更多|更少|最多|最少|多了|少了|增加|减少|变化")


_QUANTITY_EN = re.compile(r"how many|how much|number of|total|rate|percentage|more|fewer|less|change", re.IGNORECASE)


def indicator_asked(text: str, english_question: str | None = None) -> str | None:
    """The standard indicator a question asks a quantity of, if any. ``text`` is Chinese; for an
    English question it is the Chinese search query made from it, and the English decides whether
    a quantity is asked."""
    asks = _QUANTITY_EN.search(english_question) if english_question else _QUANTITY.search(text)
    if not asks or _NEWLY.search(text) or (english_question and re.search(r"\bnew(ly)?\b", english_question)):
        return None
    # The head of a Chinese noun phrase comes last: in 行政诉讼败诉 the question is about 败诉.
    hits = [(m.end(), -i, ind.key) for i, ind in enumerate(INDICATORS) for m in ind.terms.finditer(text)]
    return max(hits)[2] if hits else None


_UNIT_EN = {"件": "cases", "人": "people", "名": "people", "台": "units", "元": "yuan", "场次": "events", "家次": "inspections", "%": "%"}
_PHRASES = {
    "zh": {
        "name": "{town}（{year}年）",
        "stated": "{name}：{label}{about}{value}{unit}（「{quote}」[{n}]）。",
        "lacks": "{name}：报告称未配备。",
        "unstated": "{name}：报告中没有写明{label}。",
        "change": "{last}年比{first}年{verb}{amount}（由上面两个数字相减）。",
        "verbs": ("增加", "减少", "持平"),
        "most": "{town}的{label}最多（{value}{unit}）。",
        "same": "{towns}的{label}相同。",
        "reported_change": "{name}：报告写明同比{value}%（「{quote}」[{n}]）。",
        "about": "约",
        "spacer": "",
        "joiner": "、",
    },
    "en": {
        "name": "{town} ({year})",
        "stated": "{name}: {label} {about}{value} {unit} (“{quote}” [{n}]).",
        "lacks": "{name}: the report says it has none.",
        "unstated": "{name}: the report does not state {label}.",
        "change": "{last} vs {first}: {verb} {amount} (the difference of the two figures above).",
        "verbs": ("up", "down", "unchanged"),
        "most": "{town} has the most {label} ({value} {unit}).",
        "same": "{towns} have the same {label}.",
        "reported_change": "{name}: the report states a year-on-year change of {value}% (“{quote}” [{n}]).",
        "about": "about ",
        "spacer": " ",
        "joiner": ", ",
    },
}


def indicator_label(key: str, language: str = "zh") -> str:
    if language == "en":
        return key.replace("_", " ")
    return re.sub(r"\(.*?\)", "", next(i.zh for i in INDICATORS if i.key == key))


def _unit(key: str, language: str) -> str:
    unit = UNIT_OF[key]
    return _UNIT_EN.get(unit, unit) if language == "en" else unit


def format_figure(value: float | int) -> str:
    """A figure as reports write it: 29500, 12.5, 98.2 (never 2.95e+04)."""
    return str(int(value)) if float(value).is_integer() else f"{value:.2f}".rstrip("0").rstrip(".")


def answer_indicator(
    store: ReportStore,
    question: str,
    towns: list[str],
    key: str,
    years: list[int],
    model: Any,
    usage: Usage,
    language: str = "zh",
) -> tuple[str, list[Citation], list[dict[str, Any]]] | None:
    """Per-town (and per-year) figures with citations, plus the comparison or change code computes.
    None when no named town has a report in the store."""
    asks_change = bool(_PREVIOUS_YEAR.search(question))
    if len(years) == 1 and asks_change:
        years = [years[0] - 1, years[0]]
    reports = [
        r for r in store.reports()
        if r.meta.get("town") in towns and (not years or r.meta.get("year") in years)
    ]
    if not reports:
        return None
    wanted = {key, f"{key}_change"}
    pendings = [collect(store.document(r.id), r.meta, r.id, r.file) for r in reports]
    for pending in pendings:  # only the asked cells are worth a model call
        pending.extractions = {
            k: ex if k in wanted else Extraction(k, []) for k, ex in pending.extractions.items()
        }
    rows = build_rows(pendings, model, usage)
    rows.sort(key=lambda row: (towns.index(row.town), row.year or 0))
    say = _PHRASES[language]
    unit, label = _unit(key, language), indicator_label(key, language)
    citations: list[Citation] = []
    lines: list[str] = []
    stated: list[tuple[TableRow, float]] = []

    def cite(row: TableRow, cell: Any) -> int:
        citations.append(Citation(row.report_id, row.file, row.town, row.year, cell.quote, cell.start, cell.end, cell.line))
        return len(citations)

    for row in rows:
        cell = row.cells.get(key)
        name = say["name"].format(town=row.town, year=row.year)
        if cell is None or not isinstance(cell.value, int | float):
            lines.append(say["lacks" if cell is not None and cell.value == "lacks" else "unstated"].format(name=name, label=label))
            continue
        about = say["about"] if cell.approx else ""
        lines.append(say["stated"].format(name=name, label=label, about=about, value=format_figure(cell.value), unit=unit, quote=cell.quote, n=cite(row, cell)))
        stated.append((row, float(cell.value)))
        reported = row.cells.get(f"{key}_change") if asks_change else None
        if reported is not None and isinstance(reported.value, int | float):
            lines.append(say["reported_change"].format(name=name, value=format_figure(reported.value), quote=reported.quote, n=cite(row, reported)))
    lines += _comparison(stated, label, unit, say)
    considered = [report_ref(r.report_id, r.file, r.town, r.year) for r in rows]
    return "\n".join(lines), citations, considered


def _comparison(stated: list[tuple[TableRow, float]], label: str, unit: str, say: dict[str, Any]) -> list[str]:
    """The change over years for one town, or which town is higher: arithmetic done here."""
    towns = list(dict.fromkeys(row.town for row, _ in stated))
    if len(towns) == 1 and len(stated) >= 2:
        (first, a), (last, b) = stated[0], stated[-1]
        up, down, flat = say["verbs"]
        verb = up if b > a else down if b < a else flat
        amount = "" if b == a else f"{format_figure(abs(b - a))}{say['spacer']}{unit}"
        return [say["change"].format(last=last.year, first=first.year, verb=verb, amount=amount)]
    if len(towns) >= 2:
        latest = {row.town: (row, value) for row, value in stated}
        ranked = sorted(latest.values(), key=lambda item: -item[1])
        if len(ranked) >= 2 and ranked[0][1] != ranked[1][1]:
            return [say["most"].format(town=ranked[0][0].town, label=label, value=format_figure(ranked[0][1]), unit=unit)]
        if len(ranked) >= 2:
            return [say["same"].format(towns=say["joiner"].join(r.town or "" for r, _ in ranked), label=label)]
    return []
