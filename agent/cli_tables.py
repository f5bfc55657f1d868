"""``fazhi table`` and ``fazhi check``: the county memo's figures, and the outline check.

Registered on the main app by ``register(app)``. The model endpoint is opened only when some cell
needs it (candidates that disagree), so a clear-cut store never starts llama-server.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from agent.cli_errors import fail
from agent.stores import open_store
from store.structure import PARTS

if TYPE_CHECKING:  # the indicator patterns and pydantic's settings: loaded by the commands, not by --help
    from agent.settings import Settings
    from agent.tables.build import Pending

err = Console(stderr=True, soft_wrap=True)
FORMATS = ("md", "csv", "xlsx", "json")
HomeOption = Annotated[
    Path | None, typer.Option("--home", help="Store and model directory (overrides FAZHI_HOME).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
_PART_MARK = {"present": "✓", "merged": "并", "missing": "✗"}
_PART_SHORT = ("举措", "不足", "一把手", "安排", "其他")  # the five parts, in PARTS order


def _settings(ctx: typer.Context, home: Path | None) -> Settings:
    from agent.settings import Settings

    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    return settings.with_home(home)


def output_format(fmt: str | None, output: Path | None) -> str:
    """The format asked, or the one -o's extension names; a mismatch is refused with one line, never
    written (a file named .xlsx holding Markdown is what Excel refuses to open)."""
    suffix = output.suffix.lower().lstrip(".") if output is not None else ""
    named = {"markdown": "md", "txt": "md"}.get(suffix, suffix)
    if fmt is not None and fmt not in FORMATS:
        fail(f"--format must be one of {', '.join(FORMATS)}")
    if output is not None and named not in FORMATS:
        fail(f"{output}: -o takes a file ending in {', '.join('.' + f for f in FORMATS)}")
    if fmt is not None and output is not None and fmt != named:
        fail(f"{output}: the extension says {named}, --format says {fmt}; make them agree")
    chosen = fmt or named or "md"
    if chosen == "xlsx" and output is None:
        fail("--format xlsx needs -o FILE.xlsx")
    return chosen


def table(
    ctx: typer.Context,
    county: Annotated[str | None, typer.Option("--county", help="Only reports of this county.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only reports on this year.")] = None,
    fmt: Annotated[str | None, typer.Option("--format", help=f"One of: {', '.join(FORMATS)} (default: from -o's extension, else md).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write to this file.")] = None,
    no_llm: Annotated[
        bool, typer.Option("--no-llm", help="Patterns only; unsettled cells end in '?'.")
    ] = False,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """One row per report with the standard indicators, each cell quoting the report verbatim."""
    from agent.tables.build import build_rows, collect
    from agent.tables.render import to_csv, to_json, to_markdown, write_xlsx
    from agent.usage import Usage

    fmt = output_format("json" if as_json else fmt, output)
    settings = _settings(ctx, home)
    store = open_store(settings)
    pendings: list[Pending] = [
        collect(store.document(r.id), r.meta, r.id, r.file)
        for r in store.reports()
        if r.in_scope(county, [year] if year else [])
    ]
    usage = Usage()
    if no_llm or not any(p.ambiguous for p in pendings):
        rows = build_rows(pendings, None)
    else:
        from agent.llm.client import chat_model, open_endpoint
        from agent.llm.errors import FazhiLLMError

        try:
            with err.status("正在启动模型…") as status, open_endpoint(settings) as endpoint:
                status.update(f"正在核对{sum(p.ambiguous for p in pendings)}份报告中规则无法确定的数字…")
                rows = build_rows(pendings, chat_model(settings, endpoint), usage)
        except FazhiLLMError as exc:
            fail(f"{exc} (or use --no-llm)", 1, "endpoint")
    if fmt == "xlsx":
        assert output is not None
        write_xlsx(rows, output)
    else:
        text = {"md": to_markdown, "csv": to_csv, "json": to_json}[fmt](rows)
        if output is not None:
            output.write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
    from agent.answer.types import ReportRef
    from agent.set_aside import notice, set_aside_in

    for line in notice(set_aside_in(store, [ReportRef.of_row(row) for row in rows])):
        err.print(line, markup=False, highlight=False)
    filled = sum(1 for row in rows for cell in row.cells.values() if cell)
    err.print(
        f"{len(rows)} reports, {filled} cells filled, {usage.llm_calls} model calls"
        + (f"; written to {output}" if output else "")
    )


def check(
    ctx: typer.Context,
    home: HomeOption = None,
    as_json: JsonOption = False,
) -> None:
    """Each report against the five mandated parts, plus whether year, issuer and date are stated."""
    from store.outline import check_outline

    store = open_store(_settings(ctx, home))
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
    grid = Table("town", "year", *_PART_SHORT, "年度", "发文", "日期", "file", header_style="bold")
    grid.columns[0].no_wrap = True
    for result in results:
        stated = {f["item"]: "✓" if f["status"] == "stated" else "✗" for f in result["findings"]}
        grid.add_row(
            result["town"] or "?",
            str(result["year"] or "?"),
            *(_PART_MARK[result["parts"][p]] for p in PARTS),
            stated["year"], stated["issuer"], stated["signature_date"],
            result["file"],
        )  # fmt: skip
    Console().print(grid)
    incomplete = sum(1 for r in results if any(s != "present" for s in r["parts"].values()))
    err.print(f"{len(results)} reports, {incomplete} not following the five-part outline")


def register(app: typer.Typer) -> None:
    """Add ``table`` and ``check`` to the main ``fazhi`` app."""
    app.command("table")(table)
    app.command("check")(check)
