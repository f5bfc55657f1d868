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


def cell_text(cell: Cell | None, change: float | int | None = None, key: str = "") -> str:
    if cell is None:
        return ""
    text = "未配备" if cell.value == "lacks" else ("≈" if cell.approx else "") + _number(cell.value)
    if cell.ambiguous:
        text += "?"
    if change is not None:
        sign = "+" if change > 0 else ""
        text += f" ({sign}{_number(change)})"
    return text


def rows_as_lists(rows: list[TableRow]) -> list[list[str]]:
    return [
        [row.town or "?", row.county or "", str(row.year or "?"), row.file]
        + [cell_text(row.cells.get(key), row.change.get(key), key) for key in KEYS]
        for row in rows
    ]


def to_markdown(rows: list[TableRow]) -> str:
    lines = ["| " + " | ".join(HEADERS) + " |", "|" + "---|" * len(HEADERS)]
    lines += ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows_as_lists(rows)]
    notes = "\n\n空白 = 报告未写明；≈ = 约数（余/近/约/多/以上）；? = 仅凭规则无法确定；括号内为较上一年度报告的变化。\n"
    return "\n".join(lines) + notes


def to_csv(rows: list[TableRow]) -> str:
    """CSV with a BOM so Excel opens the Chinese headers as UTF-8."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADERS)
    writer.writerows(rows_as_lists(rows))
    return "\ufeff" + buffer.getvalue()


def to_json(rows: list[TableRow]) -> str:
    return json.dumps([row.as_dict() for row in rows], ensure_ascii=False, indent=2) + "\n"


def write_xlsx(rows: list[TableRow], path: Path) -> None:
    """An xlsx sheet of values (numbers as numbers) plus a sheet of quotes with their lines."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "指标"
    sheet.append(HEADERS + ["较上年度"])
    for row in rows:
        values: list[object] = [row.town or "?", row.county or "", row.year, row.file]
        for key in KEYS:
            cell = row.cells.get(key)
            if cell is None:
                values.append(None)
            elif cell.value == "lacks":
                values.append("未配备")
            elif cell.ambiguous:
                values.append(cell_text(cell))
            else:
                values.append(cell.value)
        changes = "；".join(
            f"{BY_KEY[k].zh} {'+' if v > 0 else ''}{_number(v)}" for k, v in row.change.items()
        )
        values.append(f"较{row.previous_year}年：{changes}" if row.previous_year else None)
        sheet.append(values)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "B2"
    quotes = book.create_sheet("出处")
    quotes.append(["镇（街道）", "年度", "文件", "指标", "数值", "约数", "原文", "行", "起", "止"])
    for row in rows:
        for key in KEYS:
            cell = row.cells.get(key)
            if cell is not None:
                quotes.append(
                    [row.town, row.year, row.file, BY_KEY[key].zh, cell_text(cell), "是" if cell.approx else "",
                     cell.quote, cell.line, cell.start, cell.end]
                )  # fmt: skip
    for cell in quotes[1]:
        cell.font = Font(bold=True)
    book.save(path)
