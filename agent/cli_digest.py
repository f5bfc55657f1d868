"""``fazhi digest``: the county digest memo, as Markdown or Word, every statement cited."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from agent.cli_errors import fail
from agent.stores import open_store

err = Console(stderr=True, soft_wrap=True)


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
    county: Annotated[str | None, typer.Option("--county", help="Only reports of this county.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="The year reported on (default: the latest in scope).")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="memo.md or memo.docx")] = None,
    roster: Annotated[str | None, typer.Option("--roster", help="Every town of the county, comma-separated, to name those that filed no report.")] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Patterns only for the indicator figures.")] = False,
    home: Annotated[Path | None, typer.Option("--home", help="Store and model directory (overrides FAZHI_HOME).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the memo as JSON (with -o, also write the file).")] = False,
) -> None:
    """Draft the county memo: basics, measures, indicator table, shared problems, outline, next steps."""
    from agent.digest.build import build_digest
    from agent.digest.write import chart_path, to_markdown, write_docx
    from agent.set_aside import notice
    from agent.settings import Settings

    if output is not None and output.suffix.lower() not in (".md", ".docx"):
        fail(f"{output}: -o takes a .md or .docx file")
    if output is not None and not output.parent.is_dir():
        fail(f"{output}: no such folder {output.parent}")
    settings = (ctx.obj if isinstance(ctx.obj, Settings) else Settings()).with_home(home)
    store = open_store(settings)
    towns = [t.strip() for t in roster.split(",")] if roster else None
    with err.status("正在起草…") as status:
        if no_llm:
            memo = build_digest(store, county, year, None, towns, progress=status.update)
        else:
            from agent.llm.client import chat_model, open_endpoint

            with open_endpoint(settings) as endpoint:
                memo = build_digest(store, county, year, chat_model(settings, endpoint), towns, progress=status.update)
    for line in notice(memo.set_aside):
        err.print(line, markup=False, highlight=False)
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
    towns: Annotated[list[str], typer.Argument(help="Two or more towns, e.g. 陶家镇 田镇街道.")],
    topic: Annotated[str | None, typer.Option("--topic", help="Compare on one topic (e.g. 执法记录仪) instead of every indicator and part.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Only reports on this year.")] = None,
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Write the Markdown table here.")] = None,
    no_llm: Annotated[bool, typer.Option("--no-llm", help="Patterns only; no model judge or picker.")] = False,
    home: Annotated[Path | None, typer.Option("--home", help="Store and model directory (overrides FAZHI_HOME).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Towns side by side: every indicator and mandated part (or one --topic), each cell quoted."""
    from agent.digest.compare import compare_towns, to_markdown
    from agent.settings import Settings

    settings = (ctx.obj if isinstance(ctx.obj, Settings) else Settings()).with_home(home)
    store = open_store(settings)
    known = {r.meta.get("town") for r in store.reports()}
    unknown = [t for t in towns if t not in known]
    if unknown or len(towns) < 2:
        fail('no report of ' + '、'.join(unknown) if unknown else 'name at least two towns')
    if no_llm:
        result = compare_towns(store, towns, topic, year)
    else:
        from agent.llm.client import chat_model, open_endpoint

        with open_endpoint(settings) as endpoint:
            result = compare_towns(store, towns, topic, year, chat_model(settings, endpoint),
                                   settings.scan_batch_size(endpoint.local))
    _emit(output, to_markdown(result), result.as_dict(), as_json)
