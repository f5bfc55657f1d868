"""``fazhi facts TOWN``: a report's fact sheet, so a user can see why an answer says what it says.

Every command reads the same sheet (``store.factsheet``); this shows it: each registry topic's
status with the sentence that decides it, the indicators with their quotes, the outline parts and
(with ``--json``, or ``--statements``) every sentence with its label.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from agent.cli.errors import fail
from agent.cli.progress import err
from agent.cli.render import out_console
from agent.stores import command_settings, open_for_reading
from agent.ui_text import current_language, t

_STATUS_ZH = {"has": "已有", "lacks": "缺乏/未配备", "plans": "仅有计划", "mentioned": "提及", "not_mentioned": "未提及"}


def facts(
    ctx: typer.Context,
    town: Annotated[str, typer.Argument(help=t("facts.town"), metavar="TOWN")],
    year: Annotated[int | None, typer.Option("--year", help=t("opt.year"))] = None,
    statements: Annotated[bool, typer.Option("--statements", help=t("facts.statements"))] = False,
    home: Annotated[Path | None, typer.Option("--home", help=t("opt.home"))] = None,
    as_json: Annotated[bool, typer.Option("--json", help=t("opt.json"))] = False,
) -> None:
    settings = command_settings(ctx.obj, home)
    store = open_for_reading(settings, ctx.with_resource)
    rows = [r for r in store.reports() if town in (r.meta.get("town"), r.id, r.file) or r.id.startswith(town)]
    rows = [r for r in rows if year is None or r.meta.get("year") == year]
    if not rows:
        fail(t("facts.none", town=town, year=year or ""), 1, "usage")
    sheets = [store.fact_sheet(r) for r in rows]
    if as_json:
        data = [sheet.as_dict() for sheet in sheets]
        sys.stdout.write(json.dumps(data[0] if len(data) == 1 else data, ensure_ascii=False, indent=1) + "\n")
        return
    console = out_console()
    zh = current_language() == "zh"
    for sheet in sheets:
        ref = sheet.report
        console.print(f"[bold]{ref.town or '?'} {ref.county or ''} {ref.year or '?'}[/bold]  {ref.file}")
        grid = Table(t("col.topic"), t("col.status"), t("col.line"), t("col.quote"))
        grid.columns[3].overflow = "fold"
        for entry in sheet.topics:
            status = _STATUS_ZH[entry.status] if zh else entry.status
            grid.add_row(entry.label if zh else entry.topic, status, str(entry.line or ""), entry.quote or "")
        console.print(grid)
        figures = Table(t("col.indicator"), t("col.value"), t("col.line"), t("col.quote"))
        figures.columns[3].overflow = "fold"
        for figure in sheet.indicators:
            value = f"{'≈' if figure.approx else ''}{figure.value}{figure.unit}{'' if figure.settled else '?'}"
            figures.add_row(figure.label if zh else figure.key, value, str(figure.line), figure.quote)
        console.print(figures)
        console.print("  ".join(f"{p.part}:{p.status}" for p in sheet.parts))
        if statements:
            for statement in sheet.statements:
                console.print(f"{statement.line:>4} {statement.kind:<8} {statement.text}", markup=False, highlight=False)
    err.print(t("sum.facts", n=len(sheets)), markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    """Add ``facts`` to the main ``fazhi`` app."""
    app.command("facts", help=t("facts"), epilog=t("facts.example"))(facts)
