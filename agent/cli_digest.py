"""``fazhi digest``: the county digest memo, as Markdown or Word, every statement cited."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from agent.cli_errors import fail
from agent.progress import alert, err, spinner, warn_fallbacks
from agent.stores import command_settings, open_store
from agent.ui_text import t


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
        fail(f"{output}: -o takes a .md or .docx file")
    if output is not None and not output.parent.is_dir():
        fail(f"{output}: no such folder {output.parent}")
    settings = command_settings(ctx.obj, home)
    store = open_store(settings)
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
        warn_fallbacks(result.usage.fallbacks)
    _emit(output, to_markdown(result), result.as_dict(), as_json)
