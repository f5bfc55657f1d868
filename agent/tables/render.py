"""Write indicator rows for people (md, csv, xlsx with Chinese headers) and for tools (json).

One row per report. A cell shows its value (``约``/``余`` figures keep a ``≈`` mark, cells the
patterns could not settle without the model end in ``?``) and, for a town with an earlier report,
the change since it in brackets. Blank means "the report does not state it", never zero.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from agent.tables.build import Cell, TableRow
from store.indicators import BY_KEY, KEYS

LEAD_HEADERS = ["镇（街道）", "县（区）", "年度", "文件"]
HEADERS = LEAD_HEADERS + [BY_KEY[key].zh for key in KEYS]


def _number(value: float | int | str) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def cell_text(cell: Cell | None, key: str, change: float | int | None = None, unsettled_mark: bool = True) -> str:
    """A cell as people read it: the figure (≈ when approximate, ? when unsettled), or the lack the
    report states in the indicator's own words (未配备, 未聘请); blank when nothing is stated."""
    if cell is None:
        return ""
    text = BY_KEY[key].lacks_zh if cell.value == "lacks" else ("≈" if cell.approx else "") + _number(cell.value)
    if cell.ambiguous and unsettled_mark:
        text += "?"
    if change is not None:
        sign = "+" if change > 0 else ""
        text += f" ({sign}{_number(change)})"
    return text


def rows_as_lists(rows: list[TableRow]) -> list[list[str]]:
    return [
        [row.town or "?", row.county or "", str(row.year or "?"), row.file]
        + [cell_text(row.cells.get(key), key, row.change.get(key)) for key in KEYS]
        for row in rows
    ]


def to_markdown(rows: list[TableRow]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows_as_lists(rows)]
    notes = "\n\n空白 = 报告未写明；≈ = 约数（余/近/约/多/以上）；? = 仅凭规则无法确定；括号内为较上一年度报告的变化。\n"
    return "\n".join(lines) + notes


def _marks(cell: Cell | None, key: str) -> str:
    """What a bare number cannot say: ≈ (approximate), ? (unsettled), 未配备 (the report says none)."""
    if cell is None:
        return ""
    if cell.value == "lacks":
        return BY_KEY[key].lacks_zh
    return ("≈" if cell.approx else "") + ("?" if cell.ambiguous else "")


def _numeric(cell: Cell | None) -> float | int | None:
    if cell is None or cell.value == "lacks" or isinstance(cell.value, str):
        return None
    return int(cell.value) if isinstance(cell.value, float) and cell.value.is_integer() else cell.value


def _changes(row: TableRow) -> str | None:
    changes = "；".join(f"{BY_KEY[k].zh} {'+' if v > 0 else ''}{_number(v)}" for k, v in row.change.items())
    return f"较{row.previous_year}年：{changes}" if row.previous_year else None


def to_csv(rows: list[TableRow]) -> str:
    """CSV that a spreadsheet can sum: every indicator column holds bare numbers, and its marks
    (≈ ? 未配备) sit in the column after it. A BOM so Excel opens the Chinese headers as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(LEAD_HEADERS + [h for key in KEYS for h in (BY_KEY[key].zh, f"{BY_KEY[key].zh}标记")] + ["较上年度"])
    for row in rows:
        values = [row.town or "?", row.county or "", row.year or "", row.file]
        values += [v for key in KEYS for v in (_numeric(row.cells.get(key)), _marks(row.cells.get(key), key))]
        writer.writerow([*("" if v is None else v for v in values), _changes(row) or ""])
    return "\ufeff" + buffer.getvalue()


def to_json(rows: list[TableRow]) -> str:
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n"


APPROX_FILL, UNSETTLED_FILL, LACKS_FILL = "FFF2CC", "F8CBAD", "DDEBF7"
LEGEND = [
    ("空白", "报告未写明这个数字（不表示为零）", None),
    ("黄色底", "约数：报告写的是约、余、近、多、以上", APPROX_FILL),
    ("橙色底", "仅凭规则无法确定、需人工核对的数字", UNSETTLED_FILL),
    ("蓝色底「未配备」", "报告写明没有或未配备", LACKS_FILL),
    ("出处", "每个数字的原文、所在行和字符位置见「出处」表", None),
]


def write_xlsx(rows: list[TableRow], path: Path) -> None:
    """An xlsx workbook people can filter and sum: numbers as numbers (an approximate or unsettled
    figure too, marked by its fill, explained on the 说明 sheet), column widths, a frozen header
    and an autofilter; a sheet of quotes with their lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    def fill(color: str) -> PatternFill:
        return PatternFill("solid", start_color=color, end_color=color)

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    sheet.append(HEADERS + ["较上年度"])
    for number, row in enumerate(rows, start=2):
        sheet.append([row.town or "?", row.county or "", row.year, row.file]
                     + [_numeric(row.cells.get(key)) if row.cells.get(key) is None or row.cells[key].value != "lacks"
                        else BY_KEY[key].lacks_zh for key in KEYS] + [_changes(row)])
        for column, key in enumerate(KEYS, start=len(LEAD_HEADERS) + 1):
            cell = row.cells.get(key)
            if cell is not None:
                color = LACKS_FILL if cell.value == "lacks" else UNSETTLED_FILL if cell.ambiguous else \
                    APPROX_FILL if cell.approx else None
                if color:
                    sheet.cell(number, column).fill = fill(color)
    _header(sheet, Font)
    sheet.freeze_panes = "B2"
    sheet.auto_filter.ref = sheet.dimensions
    quotes = book.create_sheet("出处")
    quotes.append(["镇（街道）", "年度", "文件", "指标", "数值", "约数", "原文", "行", "起", "止"])
    for row in rows:
        for key in KEYS:
            cell = row.cells.get(key)
            if cell is not None:
                quotes.append(
                    [row.town, row.year, row.file, BY_KEY[key].zh, cell_text(cell, key), "是" if cell.approx else "",
                     cell.quote, cell.line, cell.start, cell.end]
                )  # fmt: skip
    _header(quotes, Font)
    quotes.freeze_panes = "A2"
    quotes.auto_filter.ref = quotes.dimensions
    legend = book.create_sheet("说明")
    legend.append(["标记", "含义"])
    for mark, meaning, color in LEGEND:
        legend.append([mark, meaning])
        if color:
            legend.cell(legend.max_row, 1).fill = fill(color)
    _header(legend, Font)
    for ws in (sheet, quotes, legend):
        for column in ws.columns:
            longest = max(sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(c.value or "")) for c in column)
            ws.column_dimensions[get_column_letter(column[0].column)].width = min(60, max(8, longest + 2))
    book.save(path)


def _header(sheet, font) -> None:  # noqa: ANN001
    for cell in sheet[1]:
        cell.font = font(bold=True)
