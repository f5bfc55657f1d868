"""``fazhi table`` and ``fazhi check``: the county memo's figures, and the outline check.

Registered on the main app by ``register(app)``. The model endpoint is opened only when some cell
needs it (candidates that disagree), so a clear-cut store never starts llama-server.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.errors import fail
from agent.cli.progress import alert, err, spinner, warn_fallbacks
from agent.cli.render import Shortened, keep_whole, out_console, print_legend
from agent.stores import command_settings, open_for_reading
from agent.ui_text import current_language, said, t
from store.structure import PART_LABELS_EN, PART_LABELS_ZH, PARTS

if TYPE_CHECKING:  # the indicator patterns and pydantic's settings: loaded by the commands, not by --help
    from agent.settings import Settings
    from agent.tables.build import Pending, TableRow

FORMATS = ("md", "csv", "xlsx", "json")
HomeOption = Annotated[Path | None, typer.Option("--home", help=t("opt.home"))]
JsonOption = Annotated[bool, typer.Option("--json", help=t("opt.json"))]
_PART_MARK = {"present": "✓", "merged": "并", "missing": "✗"}
_STATED_MARK = {"stated": "✓", "missing": "✗"}
_STATED_ITEMS = ("year", "issuer", "signature_date")


def _settings(ctx: typer.Context, home: Path | None) -> Settings:
    return command_settings(ctx.obj, home)


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked, or the one -o's extension names; a mismatch is refused with one line, never
    written (a file named .xlsx holding Markdown is what Excel refuses to open)."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    named = {"markdown": "md", "txt": "md"}.get(suffix, suffix)
    if fmt is not None and fmt not in FORMATS:
        fail(said("err.format", formats=", ".join(FORMATS)))
    if output is not None and named not in FORMATS:
        fail(said("err.output_ext", path=output, suffixes=", ".join("." + f for f in FORMATS)))
    if fmt is not None and output is not None and fmt != named:
        fail(said("err.ext_mismatch", path=output, named=named, fmt=fmt))
    chosen = fmt or named or "md"
    if chosen == "xlsx" and output is None:
        fail(said("err.xlsx_needs_o"))
    return chosen


def table(
    ctx: typer.Context,
    county: Annotated[str | None, typer.Option("--county", help=t("opt.county"))] = None,
    year: Annotated[int | None, typer.Option("--year", help=t("opt.year"))] = None,
    fmt: Annotated[str | None, typer.Option("--format", help=t("table.format", formats=", ".join(FORMATS)))] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("opt.output"))] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help=t("table.no_llm"))] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    from agent.tables.build import build_rows, collect_reports
    from agent.tables.render import to_csv, to_json, to_markdown, write_xlsx
    from agent.usage import Usage

    chosen = fmt is not None or output is not None or as_json
    fmt = output_format("json" if as_json else fmt, output)
    settings = _settings(ctx, home)
    store = open_for_reading(settings, ctx.with_resource)
    pendings: list[Pending] = collect_reports(store, [r for r in store.reports() if r.in_scope(county, [year] if year else [])])
    usage = Usage()
    if no_llm or not any(p.ambiguous for p in pendings):
        rows = build_rows(pendings, None)
    else:
        from agent.llm.client import chat_model, open_endpoint
        from agent.llm.errors import FazhiLLMError

        try:
            with spinner(t("progress.starting_model")) as status, open_endpoint(settings) as endpoint:
                status.update(t("progress.table_judging", n=sum(len(p.ambiguous) for p in pendings)))
                rows = build_rows(pendings, chat_model(settings, endpoint), usage)
        except FazhiLLMError as exc:
            fail(said("err.or_no_llm", error=exc), 1, "endpoint")
        warn_fallbacks(usage.fallbacks)
    console = out_console()
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(rows, output)
    elif not chosen and console.is_terminal:
        print_cells(console, rows)
    else:
        text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](rows)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    from agent.answer.types import ReportRef
    from agent.set_aside import notice, set_aside_in

    for line in notice(set_aside_in(store, [ReportRef.of_row(row) for row in rows])):
        alert(escape(line))
    filled = sum(1 for row in rows for cell in row.cells.values() if cell)
    err.print(
        t("sum.table", n=len(rows), filled=filled, calls=usage.llm_calls)
        + (t("sum.written", path=output) if output else ""), markup=False, highlight=False,
    )


def print_cells(console: Console, rows: list[TableRow]) -> None:
    """The table for a terminal: the Markdown of 18 columns is some 340 cells wide, so each filled
    cell gets a line (indicator, value, the quote shortened to fit), a section per report."""
    from agent.tables.render import cell_text
    from store.indicators import BY_KEY, KEYS

    grid = Table(t("col.town"), t("col.year"), t("col.indicator"), t("col.value"), t("col.quote"))
    for column in (grid.columns[0], grid.columns[1], grid.columns[3]):
        column.no_wrap = True
    grid.columns[2].overflow = "fold"
    for row in rows:
        filled = [key for key in KEYS if row.cells.get(key)]
        for place, key in enumerate(filled):
            cell = row.cells[key]
            assert cell is not None
            indicator = BY_KEY[key]
            name = indicator.zh if current_language() == "zh" else f"{indicator.en} ({indicator.unit})"
            lead = (row.town or "?", str(row.year or "?")) if place == 0 else ("", "")
            grid.add_row(*lead, name, cell_text(cell, key, row.change.get(key)), Shortened(cell.quote),
                         end_section=place == len(filled) - 1)
    console.print(grid)
    print_legend(console, "legend.table")


def check(
    ctx: typer.Context,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    from store.outline import check_outline

    store = open_for_reading(_settings(ctx, home), ctx.with_resource)
    results = []
    for row in store.reports():
        outline = check_outline(store.document(row.id), row.meta)
        results.append(
            {
                "report_id": row.id,
                "file": row.file,
                "town": row.meta.get("town"),
                "year": row.meta.get("year"),
                "parts": outline.parts,
                "findings": outline.findings_dicts(),
            }
        )
    if as_json:
        import json

        sys.stdout.write(json.dumps(results, ensure_ascii=False, indent=2) + "\n")
        return
    parts_head, stated_head = t("check.part_heads"), t("check.stated_heads")
    grid = Table(t("col.town"), t("col.year"), f"{t('col.five_parts')}\n{parts_head}", f"{t('col.stated')}\n{stated_head}",
                 t("col.file"), header_style="bold")
    for column in grid.columns[:4]:
        column.no_wrap = True
    for result in results:
        stated = {f["item"]: _STATED_MARK[f["status"]] for f in result["findings"] if f["item"] in _STATED_ITEMS}
        grid.add_row(
            result["town"] or "?",
            str(result["year"] or "?"),
            slots(_PART_MARK[result["parts"][p]] for p in PARTS),
            slots(stated[item] for item in _STATED_ITEMS),
            result["file"],
        )  # fmt: skip
    console = out_console()
    keep_whole(console, grid, grid.columns[-1], [result["file"] for result in results])
    console.print(grid)
    labels = PART_LABELS_ZH if current_language() == "zh" else PART_LABELS_EN
    heads = parts_head.split() if " " in parts_head else list(parts_head)
    print_legend(console, "legend.check", parts=" · ".join(
        f"{head} {labels[part]}" for head, part in zip(heads, PARTS, strict=True)))
    incomplete = sum(1 for r in results if any(s != "present" for s in r["parts"].values()))
    err.print(t("sum.check", n=len(results), incomplete=incomplete), markup=False, highlight=False)


def slots(marks: Iterable[str]) -> str:
    """Marks side by side, each in a slot two cells wide (✓ takes one cell, 并 two), so that they
    stand under a head like 一二三四五."""
    return "".join(mark + " " * (2 - cell_len(mark)) for mark in marks).rstrip()


def register(app: typer.Typer) -> None:
    """Add ``table`` and ``check`` to the main ``fazhi`` app."""
    app.command("table", help=t("table"), epilog=t("table.example"))(table)
    app.command("check", help=t("check"), epilog=t("check.example"))(check)
