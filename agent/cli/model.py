"""``fazhi model ...`` and ``fazhi doctor``: install, serve and check the chat model.

The lead's ``agent/cli/main.py`` mounts ``model_app`` as ``fazhi model`` and calls ``doctor`` from its own
``doctor`` command; settings come from the root callback via ``ctx.obj`` when present.
"""

from __future__ import annotations

import json
import signal
import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from agent.cli.progress import err as console
from agent.cli.progress import progress_bars
from agent.cli.render import out_console
from agent.ui_text import t

if TYPE_CHECKING:  # pydantic's settings and the endpoint checks: loaded by a command, not by `fazhi --help`
    from agent.llm.doctor import DoctorReport
    from agent.settings import Settings

model_app = typer.Typer(help=t("model"), no_args_is_help=True)


def _settings(ctx: typer.Context) -> Settings:
    from agent.settings import Settings

    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


@model_app.command("install", help=t("model.install"), epilog=t("model.install.example"))
def install_cmd(
    ctx: typer.Context,
    from_file: Annotated[
        Path | None,
        typer.Option("--from", exists=True, dir_okay=False, help=t("model.install.from")),
    ] = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help=t("model.install.jobs"))] = 2,
) -> None:
    from rich.progress import BarColumn, TaskProgressColumn, TextColumn, TimeElapsedColumn

    from agent.llm.install import install as run_install

    settings = _settings(ctx)
    columns = (TextColumn("{task.description}"), BarColumn(), TaskProgressColumn(), TimeElapsedColumn())
    with progress_bars(*columns, transient=False) as bar:
        tasks: dict[str, int] = {}

        def progress(label: str, done: int, total: int) -> None:
            key = label.split()[0]  # "model", "copy", "build", ... one bar per phase
            if key not in tasks:
                tasks[key] = bar.add_task(label, total=total)
            bar.update(tasks[key], description=label, completed=done, total=total)

        report = run_install(settings, from_file, jobs, progress)
    done = "already installed" if report.model_skipped else f"installed in {report.model_seconds:.0f}s"
    console.print(f"model:   {report.model_path} ({done})", soft_wrap=True)
    done = "already built" if report.server_skipped else f"built in {report.server_seconds:.0f}s"
    console.print(f"runtime: {report.server_path} ({done})", soft_wrap=True)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@model_app.command("serve", help=t("model.serve"), epilog=t("model.serve.example"))
def serve_cmd(
    ctx: typer.Context,
    port: Annotated[int | None, typer.Option(help=t("model.serve.port"))] = None,
) -> None:
    from agent.llm.local_server import local_server

    settings = _settings(ctx)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the child server too, like Ctrl-C
    try:
        with local_server(settings, port=port) as server:
            console.print(
                f"llama-server ready in {server.start_seconds:.1f}s (pid {server.pid}, log {server.log})"
            )
            print(server.base_url, flush=True)
            console.print(f"use it from another shell:  export FAZHI_BASE_URL={server.base_url}")
            console.print("Ctrl-C to stop.")
            while True:
                time.sleep(3600)
    except KeyboardInterrupt:
        console.print("stopped.")


def doctor(settings: Settings, as_json: bool = False) -> int:
    """Print the doctor report (table or JSON on stdout); returns the exit code (0 when all ok)."""
    from agent.llm.doctor import run_doctor  # the OpenAI SDK: not for `fazhi --help`

    report = run_doctor(settings)
    if as_json:
        print(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
        return 0 if report.ok else 1
    out = out_console()
    out.print(f"endpoint: {report.endpoint}")
    out.print(f"model:    {report.model}")
    out.print(f"embedder: {report.embedder}")
    out.print(f"store:    {report.store.get('url') or report.store.get('path')} ({report.store['mode']})")
    table = Table(t("col.check"), t("col.ok"), t("col.detail"), t("col.fix"))
    for c in report.checks:
        table.add_row(escape(c.name), f"[green]{t('word.yes')}[/]" if c.ok else f"[red]{t('word.no')}[/]",
                      escape(c.detail), escape(c.fix))
    out.print(table)
    _print_settings(out, report)
    return 0 if report.ok else 1


def _print_settings(out: Console, report: DoctorReport) -> None:
    """The settings that are not at their default, each with where it came from (``--json`` and
    ``fazhi config show`` list all of them)."""
    chosen = [view for view in report.settings if view.source != "default"]
    table = Table("setting", "value", "source")
    for view in chosen:
        source = f"{view.source} [dim]{escape(view.where)}[/]" if view.where else view.source
        table.add_row(view.name, escape(str(view.value)), source)
    if chosen:
        out.print(table)
    out.print(f"[dim]{len(report.settings) - len(chosen)} settings at their defaults (fazhi config show lists all)[/]")
