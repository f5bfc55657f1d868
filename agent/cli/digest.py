"""``fazhi digest``: the county digest memo, as Markdown or Word, every statement cited."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from string import ascii_uppercase
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console, Group, RenderableType
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from agent.cli.errors import fail
from agent.cli.progress import alert, err, spinner, warn_fallbacks
from agent.cli.render import Shortened, out_console, print_legend, wrapped
from agent.stores import command_settings, open_for_reading
from agent.ui_text import current_language, said, t

if TYPE_CHECKING:  # the comparison's types load with the command, not with --help
    from agent.digest.compare import Comparison


def _emit(output: Path | None, markdown: str, data: dict, as_json: bool) -> None:
    """``-o`` writes the Markdown; ``--json`` prints the data; with neither, the Markdown is printed."""
    if output is not None:
        output.write_text(markdown, encoding="utf-8")
        err.print(f"wrote {output}")
    if as_json:
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    elif output is None and markdown:
        sys.stdout.write(markdown)


def digest(
    ctx: typer.Context,
    county: Annotated[str | None, typer.Option("--county", help=t("opt.county"))] = None,
    year: Annotated[int | None, typer.Option("--year", help=t("digest.year"))] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("digest.output"))] = None,
    roster: Annotated[str | None, typer.Option("--roster", help=t("digest.roster"))] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help=t("digest.no_llm"))] = False,
    home: Annotated[Path | None, typer.Option("--home", help=t("opt.home"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("digest.json"))] = False,
) -> None:
    from agent.digest.build import build_digest
    from agent.digest.write import chart_path, to_markdown, write_docx
    from agent.set_aside import notice

    if output is not None and output.suffix.lower() not in (".md", ".docx"):
        fail(said("err.output_md_docx", path=output))
    if output is not None and not output.parent.is_dir():
        fail(said("err.no_folder", path=output, folder=output.parent))
    settings = command_settings(ctx.obj, home)
    store = open_for_reading(settings, ctx.with_resource)
    towns = [t.strip() for t in roster.split(",")] if roster else None
    with spinner(t("progress.drafting")) as status:
        if no_llm:
            memo = build_digest(store, county, year, None, towns, progress=status.update)
        else:
            from agent.llm.client import chat_model, open_endpoint

            with open_endpoint(settings) as endpoint:
                memo = build_digest(store, county, year, chat_model(settings, endpoint), towns, progress=status.update)
    for line in notice(memo.set_aside):
        alert(escape(line))
    if output is not None and output.suffix.lower() == ".docx":
        write_docx(memo, output)
        err.print(f"wrote {output}")
        _emit(None, "", memo.as_dict(), as_json)
    else:
        chart = next((s.chart for s in memo.sections if s.chart), None)
        if output is not None and chart is not None:
            chart_path(output).write_bytes(chart.png)
            err.print(f"wrote {chart_path(output)}")
        _emit(output, to_markdown(memo, chart_path(output) if output and chart else None), memo.as_dict(), as_json)


def compare(
    ctx: typer.Context,
    towns: Annotated[list[str], typer.Argument(help=t("compare.towns"), metavar="TOWN...")],
    topic: Annotated[str | None, typer.Option("--topic", help=t("compare.topic"))] = None,
    year: Annotated[int | None, typer.Option("--year", help=t("opt.year"))] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help=t("compare.output"))] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help=t("compare.no_llm"))] = False,
    home: Annotated[Path | None, typer.Option("--home", help=t("opt.home"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("compare.json"))] = False,
) -> None:
    from agent.digest.compare import compare_towns, to_markdown

    settings = command_settings(ctx.obj, home)
    store = open_for_reading(settings, ctx.with_resource)
    known = {r.meta.get("town") for r in store.reports()}
    unknown = [t for t in towns if t not in known]
    if unknown or len(towns) < 2:
        fail(said("err.unknown_towns", towns=t("word.list_sep").join(unknown)) if unknown else said("err.two_towns"))
    if no_llm:
        result = compare_towns(store, towns, topic, year)
    else:
        from agent.llm.client import chat_model, open_endpoint

        with open_endpoint(settings) as endpoint:
            result = compare_towns(store, towns, topic, year, chat_model(settings, endpoint),
                                   settings.scan_batch_size(endpoint.local))
        warn_fallbacks(result.usage.fallbacks)
    console = out_console()
    if output is None and not as_json and console.is_terminal:
        print_comparison(console, result)
    else:
        _emit(output, to_markdown(result), result.as_dict(), as_json)


def ref_label(index: int) -> str:
    """The short name of the ``index``-th report of a comparison: A, B, … Z, then A2, B2, …"""
    return ascii_uppercase[index % 26] + (str(index // 26 + 1) if index >= 26 else "")


def print_comparison(console: Console, comparison: Comparison) -> None:
    """The comparison for a terminal. Its Markdown gives every cell the whole file name and is some
    hundreds of cells wide; here each report is a letter, a cell reads 「figure or status  A:line」
    over its quote shortened to the column, the figures no report states are one line under the
    table, and the legend names each letter's file once, whole."""
    from agent.digest.compare import status_label
    from store.indicators import BY_KEY
    from store.structure import PART_LABELS_EN

    language = current_language()
    grid = Table(t("compare.item"), header_style="bold", show_lines=True)
    grid.columns[0].max_width, grid.columns[0].overflow = max(12, console.width // 5), "fold"
    for index, report in enumerate(comparison.reports):
        grid.add_column(f"{ref_label(index)} {report.name(language)}")
    unstated: list[str] = []
    for row in comparison.rows:
        item = row.item
        if language == "en" and row.key in BY_KEY:
            item = f"{BY_KEY[row.key].en} ({BY_KEY[row.key].unit})"
        elif language == "en" and row.key in PART_LABELS_EN:
            item = PART_LABELS_EN[row.key]
        if row.cells and all(cell.status == "not_stated" for cell in row.cells.values()):
            unstated.append(item)
            continue
        cells: list[RenderableType] = []
        for index, town in enumerate(comparison.towns):
            cell = row.cells.get(town)
            if cell is None:
                cells.append("")
                continue
            head = cell.value or status_label(cell.status, language)
            ref = f"{ref_label(index)}:{cell.line}" if cell.quote and cell.line else ""
            lines: list[RenderableType] = [Text(f"{head}  {ref}".strip())]
            if cell.quote:
                lines.append(Shortened(f"「{cell.quote}」", style="dim", min_width=8))
            cells.append(Group(*lines))
        grid.add_row(item, *cells)
    console.print(grid)
    if unstated:
        for line in wrapped(console, t("compare.unstated", items=t("word.list_sep").join(unstated))):
            console.print(line, markup=False, highlight=False, soft_wrap=True)
    print_legend(console, "legend.compare")
    print_legend(console, "legend.compare_refs")
    for index, report in enumerate(comparison.reports):
        for line in wrapped(console, f"  {ref_label(index)}  {report.name(language)}  {report.file}"):
            console.print(line, style="dim", markup=False, highlight=False, soft_wrap=True)
